import { type KnowledgeReport, reportOutline } from '../../core/commands/index.js';

/** The knowledge-gap report as terminal text: the outline every channel shares, with more items. */
export function formatReport(report: KnowledgeReport): string {
  const { title, parts } = reportOutline(report, { maxItems: 10 });
  return [title, ...parts.flatMap((p) => ['', `${p.heading}:`, ...p.items.map((i) => `  - ${i}`)])].join('\n');
}
