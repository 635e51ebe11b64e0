/**
 * A comparison as Slack's `table` block, for messages in threads: one row per dimension, one column
 * per model, the citation markers in the cells, sources below. Slash-command replies are ephemeral,
 * where the table is not offered: they keep the section-per-dimension layout (model-blocks.ts).
 */
import type { types } from '@slack/bolt';
import type { ComparisonCell, ComparisonResult } from '../../core/models/types.js';
import { type Block, capBlocks, noticeBlocks, type SlackMessage, sourcesBlocks } from './blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** Slack's table limits: 100 rows, 20 cells per row. Cells are kept short enough to read in a table. */
const MAX_ROWS = 100;
const MAX_COLUMNS = 20;
const CELL_CHARS = 600;

/** Raw text is shown as written; a cell quoting `<!here>` or `@channel` should not even look like one. */
function inert(text: string): string {
  return text
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

function cell(text: string): types.RawTextElement {
  return { type: 'raw_text', text: inert(truncate(text.replace(/\s+/g, ' ').trim() || '—', CELL_CHARS)) };
}

function cellText(value: ComparisonCell | undefined): string {
  if (!value) return '—';
  if (!value.covered) return value.text || 'Not covered in the chapters.';
  const markers = value.citations.map((n) => `[${n}]`).join('');
  return `${truncate(value.text.replace(/^\s*[-*]\s+/gm, '• '), CELL_CHARS - markers.length - 1)}${markers ? ` ${markers}` : ''}`;
}

/** True when the comparison fits one table block. */
export function fitsTable(result: ComparisonResult): boolean {
  return result.models.length + 1 <= MAX_COLUMNS && result.rows.length + 1 <= MAX_ROWS;
}

export function renderComparisonTable(result: ComparisonResult): SlackMessage {
  const names = result.models.map((m) => m.name);
  const title = names.join(' vs ');
  const table: types.TableBlock = {
    type: 'table',
    column_settings: [{ is_wrapped: true }, ...names.map(() => ({ is_wrapped: true }))],
    rows: [
      [cell('Dimension'), ...names.map(cell)],
      ...result.rows.map((row) => [cell(row.dimension.label), ...names.map((_, i) => cell(cellText(row.cells[i])))]),
    ],
  };
  const body: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(inert(`Comparison: ${title}`), 150), emoji: true } },
    table,
  ];
  const tail = [...noticeBlocks(result.notices), ...sourcesBlocks(result.citations)];
  return { text: `Comparison: ${escapeMrkdwn(title)}`, blocks: capBlocks(body, tail) };
}
