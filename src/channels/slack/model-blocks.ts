/**
 * Block Kit for partnership-model comparisons, the catalog and recommendations. Laid out to read
 * well on a phone: one section per dimension with one field per model (fields stack on narrow
 * screens), citations listed below. Within Block Kit limits: 10 fields per section, 2,000
 * characters per field, 50 blocks per message.
 */
import type { ComparisonCell, ComparisonResult, ModelsResult, RecommendResult } from '../../core/models/types.js';
import type { Citation } from '../../core/types.js';
import {
  type Block,
  capBlocks,
  contextBlock,
  MAX_BLOCKS,
  mrkdwnSection,
  mrkdwnSections,
  noticeBlocks,
  type SlackMessage,
  sourcesBlocks,
} from './blocks.js';
import { escapeMrkdwn, mrkdwnLink, splitMrkdwn, truncate } from './mrkdwn.js';

const FIELD_LIMIT = 2000;
const MAX_FIELDS = 10;

function markers(numbers: readonly number[]): string {
  return numbers.length === 0 ? '' : ` ${numbers.map((n) => `[${n}]`).join('')}`;
}

/**
 * Catalog text as escaped mrkdwn. Its `- ` bullet lines (a cell quoting a list) become `• ` lines:
 * mrkdwn has no list syntax, and a leading `- ` reads like a stray dash.
 */
export function catalogTextToMrkdwn(text: string): string {
  return escapeMrkdwn(text.trim())
    .split('\n')
    .map((line) => line.replace(/^\s*[-*]\s+/, '• '))
    .join('\n');
}

function cellText(cell: ComparisonCell | undefined): string {
  if (!cell) return '_—_';
  if (!cell.covered) return `_${escapeMrkdwn(cell.text || 'Not covered in the chapters.')}_`;
  const suffix = markers(cell.citations);
  return `${truncate(catalogTextToMrkdwn(cell.text), FIELD_LIMIT - 40 - suffix.length)}${suffix}`;
}

/** Plain text is not parsed by Slack, but a name with `<!here>` should not even look like one. */
function header(text: string): Block {
  const inert = text.replace(/</g, '＜').replace(/>/g, '＞');
  return { type: 'header', text: { type: 'plain_text', text: truncate(inert, 150), emoji: true } };
}

export function renderComparison(result: ComparisonResult): SlackMessage {
  const names = result.models.map((m) => m.name);
  const title = names.join(' vs ');
  const perSection = Math.max(1, Math.floor(MAX_FIELDS / Math.max(1, names.length)) * names.length);
  const body: Block[] = [header(`Comparison: ${title}`)];
  for (const row of result.rows) {
    const fields = result.models.map((model, i) => ({
      type: 'mrkdwn' as const,
      text: `*${escapeMrkdwn(model.name)}*\n${cellText(row.cells[i])}`,
      verbatim: true,
    }));
    // More models than a section holds (Block Kit allows 10 fields): continue in a second section.
    for (let start = 0; start < fields.length; start += perSection) {
      body.push({
        type: 'section',
        ...(start === 0
          ? { text: { type: 'mrkdwn', text: `*${escapeMrkdwn(row.dimension.label)}*`, verbatim: true } }
          : {}),
        fields: fields.slice(start, start + Math.min(perSection, MAX_FIELDS)),
      });
    }
    body.push({ type: 'divider' });
  }
  if (body.at(-1)?.type === 'divider') body.pop();
  const tail = [...noticeBlocks(result.notices), ...sourcesBlocks(result.citations)];
  return { text: `Comparison: ${escapeMrkdwn(title)}`, blocks: capBlocks(body, tail) };
}

function firstSource(citations: readonly Citation[]): string {
  const c = citations[0];
  if (!c) return '';
  const label = c.section ? `${c.title} › ${c.section}` : c.title;
  return ` _(${mrkdwnLink(c.url, truncate(label, 200))})_`;
}

export function renderModels(result: ModelsResult): SlackMessage {
  const lines = result.models.map((s) => {
    const aliases = s.model.aliases.length > 0 ? ` (${escapeMrkdwn(s.model.aliases.join(', '))})` : '';
    const definition = s.covered ? catalogTextToMrkdwn(s.definition) : `_${escapeMrkdwn(s.definition)}_`;
    return `• *${escapeMrkdwn(s.model.name)}*${aliases}: ${truncate(definition, 600)}${s.covered ? firstSource(s.citations) : ''}`;
  });
  const body: Block[] = [header('Partnership models'), ...splitMrkdwn(lines.join('\n'), 2900).map(mrkdwnSection)];
  const tail = [
    contextBlock(
      'Compare two to four with `/advisor compare &lt;model&gt; vs &lt;model&gt;`, e.g. `/advisor compare JV vs licensing`.',
    ),
  ];
  return {
    text: `Partnership models: ${escapeMrkdwn(result.models.map((s) => s.model.name).join(', '))}`,
    blocks: capBlocks(body, tail),
  };
}

export function renderRecommendation(result: RecommendResult): SlackMessage {
  const body: Block[] = [
    header('Recommended partnership models'),
    ...mrkdwnSections(`*Your situation:* ${escapeMrkdwn(truncate(result.situation, 1000))}`),
  ];
  if (result.recommendations.length === 0) {
    body.push(
      mrkdwnSection(
        'The chapters do not point to a clear fit for this situation. Add more detail (goals, what each side brings, how much control you need) and try again.',
      ),
    );
  }
  result.recommendations.forEach((rec, i) => {
    // A reason quoting a list keeps its items, indented under the reason.
    const reasons = rec.reasons
      .map((r) => `• ${catalogTextToMrkdwn(r.text).replace(/^• /, '').replace(/\n/g, '\n    ')}${markers(r.citations)}`)
      .join('\n');
    const fit = `${Math.round(Math.max(0, Math.min(1, rec.score)) * 100)}% fit`;
    body.push(
      ...mrkdwnSections(`*${i + 1}. ${escapeMrkdwn(rec.model.name)}* · ${fit}${reasons ? `\n${reasons}` : ''}`),
    );
  });
  if (result.clarifyingQuestions.length > 0) {
    body.push(
      ...mrkdwnSections(
        `*To sharpen this:*\n${result.clarifyingQuestions.map((q) => `• ${escapeMrkdwn(q)}`).join('\n')}`,
      ),
    );
  }
  const tail = [...noticeBlocks(result.notices), ...sourcesBlocks(result.citations)];
  const top = result.recommendations.map((r) => r.model.name).join(', ') || 'no clear fit';
  return { text: `Recommended: ${escapeMrkdwn(top)}`, blocks: capBlocks(body, tail.slice(0, MAX_BLOCKS - 5)) };
}

/** "Did you mean" for a model name that is not in the catalog. */
export function renderUnknownModel(name: string, suggestions: readonly string[]): SlackMessage {
  const shown = escapeMrkdwn(truncate(name, 100));
  const mean =
    suggestions.length > 0
      ? ` Did you mean ${suggestions
          .slice(0, 5)
          .map((s) => `*${escapeMrkdwn(s)}*`)
          .join(' or ')}?`
      : '';
  const text = `I don't know the partnership model “${shown}”.${mean} Type \`/advisor models\` to see every model I can compare.`;
  return { text, blocks: [mrkdwnSection(text)] };
}
