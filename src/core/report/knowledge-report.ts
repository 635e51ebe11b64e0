import type { ReportSource } from '../ports.js';
import type { SourceDocument } from '../types.js';
import { buildReport } from './build-report.js';
import type { KnowledgeReport } from './types.js';

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 3650;

/** The report over the last `days` days (what retention has kept of them). */
export async function knowledgeReport(
  deps: { readonly store: ReportSource; readonly documents: () => Promise<SourceDocument[]> },
  days: number,
  now: Date = new Date(),
): Promise<KnowledgeReport> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const [data, documents] = await Promise.all([deps.store.reportData(since), deps.documents()]);
  return buildReport(data, documents, { days, since, until: now });
}
