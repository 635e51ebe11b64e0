/**
 * What Slack and Teams refuse or cut, as lists of violations (empty when a message is fine), so a
 * failing test says which block or element broke which limit.
 *
 * Slack Block Kit: 50 blocks per message, section text 3,000 characters, 10 fields of 2,000
 * characters, header plain_text 150, context 10 elements; the top-level text is cut at 40,000.
 * Teams: an activity (text, attachments, entities) must stay under about 28 KB; Adaptive Cards
 * 1.5 elements only, and TextBlocks wrap (Teams otherwise cuts them at one line).
 */

// biome-ignore lint/suspicious/noExplicitAny: Block Kit and Adaptive Card JSON, walked field by field.
type Json = any;

const SLACK_BLOCK_TYPES = ['section', 'header', 'divider', 'context', 'actions'];

export function blockKitViolations(message: { text?: string; blocks?: Json[] }): string[] {
  const out: string[] = [];
  const blocks = message.blocks ?? [];
  if (blocks.length > 50) out.push(`${blocks.length} blocks (max 50)`);
  if ((message.text ?? '').length > 40_000) out.push('top-level text over 40,000 characters');
  blocks.forEach((b: Json, i: number) => {
    const at = `block ${i} (${b.type})`;
    if (!SLACK_BLOCK_TYPES.includes(b.type)) out.push(`${at}: unexpected block type`);
    if (b.type === 'header') {
      if (b.text?.type !== 'plain_text') out.push(`${at}: header text must be plain_text`);
      if ((b.text?.text ?? '').length > 150) out.push(`${at}: header over 150 characters`);
    }
    if (b.type === 'section') {
      if (!b.text && !b.fields) out.push(`${at}: section without text or fields`);
      if (b.text && b.text.text.length > 3000) out.push(`${at}: text ${b.text.text.length} > 3000`);
      if (b.text && b.text.text.length === 0) out.push(`${at}: empty text`);
      if (b.fields) {
        if (b.fields.length > 10) out.push(`${at}: ${b.fields.length} fields (max 10)`);
        b.fields.forEach((f: Json, j: number) => {
          if (f.text.length > 2000) out.push(`${at} field ${j}: ${f.text.length} > 2000`);
          if (f.text.length === 0) out.push(`${at} field ${j}: empty`);
        });
      }
    }
    if (b.type === 'context') {
      if (b.elements.length > 10) out.push(`${at}: ${b.elements.length} elements (max 10)`);
      for (const e of b.elements) if ((e.text ?? '').length > 3000) out.push(`${at}: element over 3000`);
    }
  });
  return out;
}

/** Every mrkdwn text of a message: section texts, fields and context elements. */
export function mrkdwnTexts(blocks: Json[]): string[] {
  return blocks.flatMap((b: Json) => [
    ...(b.type === 'section' && b.text?.type === 'mrkdwn' ? [b.text.text] : []),
    ...(b.fields ?? []).map((f: Json) => f.text),
    ...(b.type === 'context' ? b.elements.filter((e: Json) => e.type === 'mrkdwn').map((e: Json) => e.text) : []),
  ]);
}

/** A raw `<`, `>` or an `&` that starts no entity would let chapter text form links or pings. */
export function unescapedMrkdwn(texts: readonly string[]): string[] {
  return texts.filter((t) => {
    const withoutLinks = t.replace(/<https?:\/\/[^|>\s]+\|[^<>]*>/g, '');
    return /[<>]/.test(withoutLinks) || /&(?!amp;|lt;|gt;)/.test(withoutLinks);
  });
}

const CARD_ELEMENTS = ['AdaptiveCard', 'TextBlock', 'Container', 'ColumnSet', 'Column', 'Action.Submit'];
const TEXT_BLOCK_PROPS = ['type', 'text', 'wrap', 'weight', 'size', 'color', 'isSubtle', 'separator', 'spacing'];

function walk(node: Json, visit: (n: Json) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    visit(node);
    for (const [k, v] of Object.entries(node)) if (k !== 'data') walk(v, visit);
  }
}

/** The Adaptive Card attachment of a Teams activity, and what in it Teams would refuse or cut. */
export function adaptiveCardViolations(activity: Json): string[] {
  const out: string[] = [];
  const bytes = Buffer.byteLength(JSON.stringify(activity), 'utf8');
  if (bytes >= 28_000) out.push(`activity is ${bytes} bytes (Teams refuses 28 KB and more)`);
  const attachment = activity.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') return [...out, 'no Adaptive Card'];
  const card = attachment.content;
  if (card.type !== 'AdaptiveCard' || card.version !== '1.5') out.push('not an Adaptive Card 1.5');
  walk(card, (n) => {
    if (typeof n.type !== 'string') return;
    if (!CARD_ELEMENTS.includes(n.type)) out.push(`element type ${n.type}`);
    if (n.type === 'TextBlock') {
      if (n.wrap !== true) out.push(`TextBlock without wrap: ${String(n.text).slice(0, 40)}`);
      if (typeof n.text !== 'string' || n.text.trim() === '') out.push('empty TextBlock');
      for (const key of Object.keys(n)) if (!TEXT_BLOCK_PROPS.includes(key)) out.push(`TextBlock property ${key}`);
    }
  });
  return out;
}

/** TextBlock texts of a card (or part of one), in reading order. */
export function cardTexts(node: Json): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type === 'TextBlock') out.push(String(n.text));
  });
  return out;
}

export function cardElements(node: Json, type: string): Json[] {
  const out: Json[] = [];
  walk(node, (n) => {
    if (n.type === type) out.push(n);
  });
  return out;
}
