import type { SourceDocument } from '../types.js';
import { clusterGaps } from './gap-clusters.js';
import type { CitedDocument, CitedSection, CoverageLabel, KnowledgeReport, ReportData } from './types.js';

const TOP = 5;

/** Turns the store's aggregates into the report: shares, gaps, and the most and least cited chapters. */
export function buildReport(
  data: ReportData,
  documents: readonly SourceDocument[],
  window: { readonly days: number; readonly since: Date; readonly until: Date },
): KnowledgeReport {
  const byCoverage: Record<CoverageLabel, number> = { answered: 0, partial: 0, not_covered: 0 };
  const byChannel = new Map<string, number>();
  for (const row of data.perChannel) {
    byCoverage[row.coverage] += row.questions;
    byChannel.set(row.channel, (byChannel.get(row.channel) ?? 0) + row.questions);
  }
  const questions = byCoverage.answered + byCoverage.partial + byCoverage.not_covered;
  const share = (n: number) => (questions === 0 ? 0 : Math.round((n / questions) * 1000) / 1000);
  const coverage = Object.fromEntries(
    (Object.keys(byCoverage) as CoverageLabel[]).map((k) => [
      k,
      { questions: byCoverage[k], share: share(byCoverage[k]) },
    ]),
  ) as KnowledgeReport['coverage'];
  const vote = (v: 'up' | 'down') => data.feedback.find((f) => f.vote === v)?.count ?? 0;

  // Documents: every indexed one counts, so a chapter nobody's answers cite shows as least cited.
  const docCounts = new Map<string, CitedDocument>(
    documents.map((d) => [d.source, { source: d.source, title: d.title, citations: 0 }]),
  );
  const sections: CitedSection[] = [];
  for (const row of data.citedSections) {
    const doc = docCounts.get(row.source);
    if (!doc) continue; // a chapter removed since
    docCounts.set(row.source, { ...doc, citations: doc.citations + row.citations });
    sections.push({ source: row.source, title: row.title, section: row.section, citations: row.citations });
  }
  const docs = [...docCounts.values()];
  const most = <T extends CitedDocument>(list: T[]) =>
    [...list].sort((a, b) => b.citations - a.citations || a.source.localeCompare(b.source)).slice(0, TOP);
  const least = <T extends CitedDocument>(list: T[]) =>
    [...list].sort((a, b) => a.citations - b.citations || a.source.localeCompare(b.source)).slice(0, TOP);

  return {
    days: window.days,
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    questions,
    coverage,
    perDay: data.perDay,
    perChannel: [...byChannel.entries()]
      .map(([channel, n]) => ({ channel, questions: n }))
      .sort((a, b) => b.questions - a.questions || a.channel.localeCompare(b.channel)),
    feedback: { up: vote('up'), down: vote('down'), comments: data.comments },
    gaps: clusterGaps(data.unanswered),
    mostCitedDocuments: most(docs.filter((d) => d.citations > 0)),
    leastCitedDocuments: least(docs),
    mostCitedSections: most(sections),
    leastCitedSections: least(sections),
    medianAnswerMs: data.medianAnswerMs,
  };
}
