/** Every reply of the command layer as terminal text or JSON: one renderer per kind, in one exhaustive switch. */
import {
  askView,
  assertNever,
  type ErrorReply,
  type Remedy,
  type Reply,
  reindexProgressText,
  reportCsv,
} from '../../core/commands/index.js';
import { formatAnswer, formatReindex } from './format.js';
import { formatComparison, formatModels, formatRecommendation } from './models-format.js';
import { formatReport } from './report-format.js';
import { formatSources } from './sources-format.js';

/** How a CLI user does what the core asks for. */
const REMEDY: Record<Remedy, string> = {
  reindex: 'Run: npm run cli -- reindex',
};

/** What to print: on stdout for results, on stderr (with an exit code) for problems. */
export type CliOutput = { readonly stdout: string } | { readonly stderr: string; readonly exitCode: number };

const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function renderReply(reply: Reply, options: { json: boolean; csv?: boolean }): CliOutput {
  const { json } = options;
  switch (reply.kind) {
    case 'answer':
      return { stdout: json ? JSON.stringify(askView(reply.result)) : formatAnswer(reply.result) };
    case 'comparison':
      return { stdout: json ? JSON.stringify(reply.result) : formatComparison(reply.result) };
    case 'models':
      return { stdout: json ? JSON.stringify(reply.result) : formatModels(reply.result) };
    case 'recommendation':
      return { stdout: json ? JSON.stringify(reply.result) : formatRecommendation(reply.result) };
    case 'reindexReport':
      return { stdout: json ? JSON.stringify(reply.result) : formatReindex(reply.result) };
    case 'reindexProgress':
      return { stdout: json ? JSON.stringify({ done: reply.done, total: reply.total }) : reindexProgressText(reply) };
    case 'sources':
      return { stdout: json ? JSON.stringify({ documents: reply.documents }) : formatSources(reply.documents) };
    case 'report':
      return {
        stdout: json
          ? JSON.stringify(reply.result)
          : options.csv
            ? reportCsv(reply.result)
            : formatReport(reply.result),
      };
    case 'help':
      return {
        stdout: json
          ? JSON.stringify({ commands: reply.commands })
          : reply.commands.map((c) => `  ${c.usage.padEnd(36)} ${c.description}`).join('\n'),
      };
    case 'notice':
      return { stdout: json ? JSON.stringify({ notice: reply.text }) : reply.text };
    case 'unknownModel':
      return { stderr: `Error: ${reply.message}`, exitCode: EXIT_USAGE };
    case 'error':
      return { stderr: `Error: ${errorText(reply)}`, exitCode: exitCode(reply) };
    default:
      return assertNever(reply);
  }
}

export function errorText(reply: ErrorReply): string {
  return reply.remedy ? `${reply.message} ${REMEDY[reply.remedy]}` : reply.message;
}

function exitCode(reply: ErrorReply): number {
  return reply.code === 'bad_input' ? EXIT_USAGE : EXIT_FAILURE;
}
