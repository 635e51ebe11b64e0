import { MAX_REPORT_DAYS } from '../report/knowledge-report.js';
import { defineCommand, type ParsedArgs } from './spec.js';

export { MAX_REPORT_DAYS };

export interface ReportArgs {
  readonly days: number;
}

/** The window when none is given. */
export const DEFAULT_REPORT_DAYS = 30;

/** A report window as typed (a query parameter, an option): whole days from 1 to the maximum, else null. */
export function reportDays(value: string | number): number | null {
  const days = Number(value);
  return Number.isInteger(days) && days >= 1 && days <= MAX_REPORT_DAYS ? days : null;
}

/** "", "7", "7d", "--days 7", "days 7", "last 7 days": a window in days; other words make it a question. */
export function parseReportArgs(rest: string): ParsedArgs<ReportArgs> {
  if (rest === '') return { args: { days: DEFAULT_REPORT_DAYS } };
  const match = /^(?:--days[= ]?|days\s+|last\s+)?(\d{1,5})\s*(?:d|days?)?$/i.exec(rest.trim());
  if (!match) return { question: true };
  const days = reportDays(match[1] ?? '');
  if (days === null) {
    return { hint: { text: `Give a number of days from 1 to ${MAX_REPORT_DAYS}, for example:`, example: 'report 30' } };
  }
  return { args: { days } };
}

export const report = defineCommand<'report', ReportArgs>({
  name: 'report',
  aliases: ['gaps'],
  args: '[days]',
  description: 'Admins: what employees asked, how well the chapters answered, and the knowledge gaps',
  adminOnly: true,
  rateLimited: false,
  parse: parseReportArgs,
  run: async ({ days }, _caller, { advisor }) => ({ kind: 'report', result: await advisor.report(days) }),
});
