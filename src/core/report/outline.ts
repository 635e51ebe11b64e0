import type { KnowledgeReport } from './types.js';

/** A report part as plain text: each channel escapes the items (they quote employees) and styles the heading. */
export interface OutlinePart {
  readonly heading: string;
  readonly items: readonly string[];
}

const pct = (share: number) => `${Math.round(share * 100)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quote = (text: string, max = 160) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

/** The report's wording, once for every channel: the title line, then the parts in reading order. */
export function reportOutline(
  report: KnowledgeReport,
  options: { readonly maxItems?: number } = {},
): {
  readonly title: string;
  readonly parts: readonly OutlinePart[];
} {
  const max = options.maxItems ?? 5;
  const title = `Knowledge report, last ${plural(report.days, 'day')}: ${plural(report.questions, 'question')}`;
  if (report.questions === 0) {
    return {
      title,
      parts: [{ heading: 'No questions yet', items: ['Nobody asked the advisor anything in this window.'] }],
    };
  }
  const { answered, partial, not_covered } = report.coverage;
  const parts: OutlinePart[] = [
    {
      heading: 'Coverage',
      items: [
        `Answered: ${answered.questions} (${pct(answered.share)})`,
        `Partly covered: ${partial.questions} (${pct(partial.share)})`,
        `Not covered: ${not_covered.questions} (${pct(not_covered.share)})`,
        ...(report.medianAnswerMs === null ? [] : [`Median answer time: ${report.medianAnswerMs} ms`]),
      ],
    },
    {
      heading: 'Knowledge gaps (questions the chapters did not fully answer)',
      items:
        report.gaps.length === 0
          ? ['None: every question was answered.']
          : report.gaps.slice(0, max).map(
              (g) =>
                `${g.label}: ${plural(g.questions, 'question')} (${g.notCovered} not covered, ${g.partial} partial), e.g. ${g.examples
                  .slice(0, 2)
                  .map((e) => quote(e))
                  .join(', ')}`,
            ),
    },
    {
      heading: 'Feedback',
      items: [
        `👍 ${report.feedback.up}   👎 ${report.feedback.down}`,
        ...report.feedback.comments
          .slice(0, max)
          .map((c) => `${c.vote === 'up' ? '👍' : '👎'} ${quote(c.comment)} on ${quote(c.question, 80)}`),
      ],
    },
    {
      heading: 'Questions per channel',
      items: report.perChannel.map((c) => `${c.channel}: ${c.questions}`),
    },
    {
      heading: 'Questions per day',
      items: report.perDay.slice(-max * 2).map((d) => `${d.day}: ${d.questions}`),
    },
    {
      heading: 'Most cited',
      items: report.mostCitedSections.slice(0, max).map((s) => `${s.title} › ${s.section}: ${s.citations}`),
    },
    {
      heading: 'Least cited documents',
      items: report.leastCitedDocuments.slice(0, max).map((d) => `${d.title} (${d.source}): ${d.citations}`),
    },
  ];
  return { title, parts: parts.filter((p) => p.items.length > 0) };
}

/** The report as CSV rows: one table with a `part` column, so every part fits one file. */
export function reportCsv(report: KnowledgeReport): string {
  const rows: (string | number)[][] = [['part', 'item', 'count', 'detail']];
  for (const [label, { questions }] of Object.entries(report.coverage)) rows.push(['coverage', label, questions, '']);
  for (const d of report.perDay) rows.push(['day', d.day, d.questions, '']);
  for (const c of report.perChannel) rows.push(['channel', c.channel, c.questions, '']);
  rows.push(['feedback', 'up', report.feedback.up, ''], ['feedback', 'down', report.feedback.down, '']);
  for (const c of report.feedback.comments) rows.push(['comment', c.vote, 1, `${c.comment} | ${c.question}`]);
  for (const g of report.gaps) rows.push(['gap', g.label, g.questions, g.examples.join(' | ')]);
  for (const s of report.mostCitedSections)
    rows.push(['most cited section', `${s.title} › ${s.section}`, s.citations, s.source]);
  for (const s of report.leastCitedSections)
    rows.push(['least cited section', `${s.title} › ${s.section}`, s.citations, s.source]);
  for (const d of report.leastCitedDocuments) rows.push(['least cited document', d.title, d.citations, d.source]);
  if (report.medianAnswerMs !== null) rows.push(['median answer ms', '', report.medianAnswerMs, '']);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n');
}

/** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
