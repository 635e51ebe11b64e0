/**
 * Adaptive Cards (schema 1.5, as Teams renders them) for comparisons, the model list,
 * recommendations and "did you mean". Cells carry [n] markers; the sources are listed below.
 */

import type { ModelSuggestion } from '../../core/commands/index.js';
import type {
  ComparisonCell,
  ComparisonResult,
  ModelsResult,
  RecommendationReason,
  RecommendResult,
} from '../../core/models/types.js';
import type { Citation } from '../../core/types.js';
import { cardReply, type TeamsReply } from './outgoing.js';
import { aiMessageEntity } from './render-answer.js';

type Element = Record<string, unknown>;

function card(body: Element[], actions: Element[] = []): Element {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

const title = (text: string): Element => ({ type: 'TextBlock', text, weight: 'Bolder', size: 'Large', wrap: true });
const heading = (text: string): Element => ({ type: 'TextBlock', text, weight: 'Bolder', color: 'Accent', wrap: true });
const subtle = (text: string): Element => ({ type: 'TextBlock', text, isSubtle: true, wrap: true, size: 'Small' });
const para = (text: string, extra: Element = {}): Element => ({ type: 'TextBlock', text, wrap: true, ...extra });

export function markers(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('');
}

function withMarkers(text: string, numbers: readonly number[]): string {
  return numbers.length > 0 ? `${text} ${markers(numbers)}` : text;
}

/** "[1] Title › Section (source)" lines, linked when the chapter declares a URL. */
export function sourcesBlock(citations: readonly Citation[]): Element[] {
  if (citations.length === 0) return [];
  return [
    { type: 'TextBlock', text: 'Sources', weight: 'Bolder', separator: true, spacing: 'Large', wrap: true },
    ...citations.map((c) => {
      const label = c.section ? `${c.title} › ${c.section}` : c.title;
      return subtle(`[${c.n}] ${c.url ? `[${label}](${c.url})` : label} (${c.source})`);
    }),
  ];
}

/**
 * Catalog text as TextBlocks: a paragraph per line, `- ` bullet lines as `• ` items (one TextBlock
 * each, so every Teams client shows them as a list without relying on its Markdown subset). The
 * citation markers go on the last line.
 */
export function catalogTextBlocks(
  text: string,
  numbers: readonly number[],
  extra: Element = {},
  item = '•',
): Element[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.map((line, i) => {
    const bullet = /^[-*]\s+(.*)$/.exec(line);
    const shown = bullet ? `${item} ${bullet[1]}` : line;
    const last = i === lines.length - 1;
    return para(last ? withMarkers(shown, numbers) : shown, { ...extra, ...(i > 0 ? { spacing: 'Small' } : {}) });
  });
}

/** A reason as a `•` item; a list it quotes follows as `◦` items. */
function reasonBlocks(reason: RecommendationReason): Element[] {
  const [first, ...rest] = catalogTextBlocks(
    reason.text.replace(/^\s*[-*]\s+/, ''),
    reason.citations,
    { size: 'Small' },
    '◦',
  );
  return first ? [{ ...first, text: `• ${String(first.text)}` }, ...rest] : [];
}

function cellBlocks(cell: ComparisonCell): Element[] {
  return cell.covered
    ? catalogTextBlocks(cell.text, cell.citations, { size: 'Small' })
    : [para(cell.text, { size: 'Small', isSubtle: true })];
}

/** One section per dimension, each a row of columns (one per model), readable on desktop and mobile. */
export function renderComparison(result: ComparisonResult): TeamsReply {
  const names = result.models.map((m) => m.name);
  const body: Element[] = [title(names.join(' vs ')), ...result.notices.map(subtle)];
  for (const row of result.rows) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        heading(row.dimension.label),
        {
          type: 'ColumnSet',
          columns: result.models.map((model, i) => {
            const cell = row.cells[i];
            return {
              type: 'Column',
              width: 'stretch',
              items: [
                para(model.name, { weight: 'Bolder', size: 'Small' }),
                ...(cell ? cellBlocks(cell) : [subtle('No data.')]),
              ],
            };
          }),
        },
      ],
    });
  }
  body.push(...sourcesBlock(result.citations));
  return cardReply(card(body), `Comparison: ${names.join(' vs ')}`, [aiMessageEntity()]);
}

export function renderModels(result: ModelsResult): TeamsReply {
  const body: Element[] = [title(`Partnership models (${result.models.length})`)];
  for (const summary of result.models) {
    const { model } = summary;
    const aliases = model.aliases.length > 0 ? ` (also: ${model.aliases.join(', ')})` : '';
    const source = summary.citations[0];
    body.push({
      type: 'Container',
      separator: true,
      items: [
        para(`${model.name}${aliases}`, { weight: 'Bolder' }),
        summary.covered ? para(summary.definition) : para(summary.definition, { isSubtle: true }),
        ...(source ? [subtle(`Source: ${source.title}${source.section ? ` › ${source.section}` : ''}`)] : []),
      ],
    });
  }
  body.push(subtle('Compare any two to four: compare joint venture vs licensing'));
  return cardReply(card(body), `${result.models.length} partnership models`);
}

export function renderRecommendation(result: RecommendResult): TeamsReply {
  const body: Element[] = [title('Recommended partnership models'), subtle(`For: ${result.situation}`)];
  body.push(...result.notices.map(subtle));
  if (result.recommendations.length === 0) {
    body.push(para('No model in the chapters fits this situation clearly. Add details and ask again.'));
  }
  result.recommendations.forEach((rec, i) => {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        {
          type: 'ColumnSet',
          columns: [
            { type: 'Column', width: 'stretch', items: [para(`${i + 1}. ${rec.model.name}`, { weight: 'Bolder' })] },
            {
              type: 'Column',
              width: 'auto',
              items: [subtle(`${Math.round(rec.score * 100)}% fit`)],
            },
          ],
        },
        ...rec.reasons.flatMap(reasonBlocks),
      ],
    });
  });
  if (result.clarifyingQuestions.length > 0) {
    body.push(heading('To sharpen this recommendation'));
    body.push(...result.clarifyingQuestions.map((q) => para(`• ${q}`, { size: 'Small' })));
  }
  body.push(...sourcesBlock(result.citations));
  const top = result.recommendations.map((r) => r.model.name).join(', ');
  return cardReply(card(body), top ? `Recommended: ${top}` : 'No clear recommendation', [aiMessageEntity()]);
}

/**
 * An unknown model name: the suggestions as buttons that resend the command with the name fixed
 * (card submissions come back as a message whose value holds the command).
 */
export function renderDidYouMean(unknown: string, suggestions: readonly ModelSuggestion[]): TeamsReply {
  const body: Element[] = [
    para(`I don't know a partnership model called "${unknown}".`, { weight: 'Bolder' }),
    suggestions.length > 0
      ? para('Did you mean one of these?')
      : para('Send **models** to see the models I know, then try again.'),
  ];
  const actions = suggestions
    .slice(0, 5)
    .flatMap((s) => (s.retry ? [{ type: 'Action.Submit', title: s.name, data: { command: s.retry } }] : []));
  const text =
    suggestions.length > 0
      ? `I don't know "${unknown}". Did you mean ${suggestions.map((s) => `"${s.name}"`).join(' or ')}?`
      : `I don't know "${unknown}". Send "models" to see the models I know.`;
  return cardReply(card(body, actions), text);
}
