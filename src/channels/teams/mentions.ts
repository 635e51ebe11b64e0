/**
 * Who a message is for, and its text without the bot's @mention. Works on plain activity objects
 * (the Bot Framework's JSON), so it is independent of the SDK.
 */
export interface MentionLike {
  readonly type?: string;
  readonly mentioned?: { readonly id?: string; readonly name?: string };
  readonly text?: string;
}

export interface IncomingMessage {
  readonly text?: string;
  readonly recipient?: { readonly id?: string; readonly name?: string };
  readonly entities?: readonly MentionLike[];
}

export function mentionsOf(activity: IncomingMessage): MentionLike[] {
  return (activity.entities ?? []).filter((e) => e?.type === 'mention');
}

export function isBotMentioned(activity: IncomingMessage): boolean {
  const botId = activity.recipient?.id;
  return !!botId && mentionsOf(activity).some((m) => m.mentioned?.id === botId);
}

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/**
 * The question as the user meant it: the bot's mention removed (other people's mentions keep their
 * names), Teams' HTML tags dropped and entities decoded.
 */
export function questionText(activity: IncomingMessage): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const mention of mentionsOf(activity)) {
    if (!mention.text) continue;
    const replacement = mention.mentioned?.id === botId ? ' ' : ` ${mention.mentioned?.name ?? ''} `;
    text = text.split(mention.text).join(replacement);
  }
  // Leftover <at>Name</at> of the bot when the entity's text differs in case or spacing.
  const botName = activity.recipient?.name;
  if (botName) text = text.replace(new RegExp(`<at>\\s*${escapeRegExp(botName)}\\s*</at>`, 'gi'), ' ');
  text = text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
