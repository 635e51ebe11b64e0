#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { createLogger } from './adapters/logging/logger.js';
import { formatAnswerEval, formatEval, formatReindex, formatRuns } from './channels/cli/format.js';
import { reindexProgress } from './channels/cli/progress.js';
import { type CliOutput, EXIT_USAGE, renderReply } from './channels/cli/render-reply.js';
import { type Composition, compose } from './compose.js';
import { loadConfig } from './config/load-config.js';
import {
  type Command as AdvisorCommand,
  type Caller,
  DEFAULT_REPORT_DAYS,
  MAX_REPORT_DAYS,
  reportDays,
} from './core/commands/index.js';
import { AppError, toAppError } from './core/errors.js';
import { isAnswerSet, parseAnswerSet } from './core/eval/answer-set.js';
import { parseEvalSet } from './core/eval/eval-set.js';
import { runAnswerEval } from './core/eval/run-answer-eval.js';
import { runEval } from './core/eval/run-eval.js';
/**
 * Command-line entry: ask, reindex, eval, runs. `npm run --silent cli -- <command>` prints only the
 * command's own output on stdout; progress, warnings and logs go to stderr.
 */
import type { Turn } from './core/types.js';

/** The person at the terminal operates the advisor: admin commands are theirs, and no rate limit applies. */
function cliCaller(): Caller {
  return { channel: 'cli', isAdmin: true, actor: process.env.USER ?? 'cli', onProgress: reindexProgress() };
}

function print(output: CliOutput, separator = '\n'): void {
  if ('stdout' in output) {
    process.stdout.write(`${output.stdout}${separator}`);
    return;
  }
  process.stderr.write(`${output.stderr}\n`);
  process.exitCode = output.exitCode;
}

/** Runs one command through the command layer and prints its reply. */
function runCommand(
  command: AdvisorCommand,
  json: boolean,
  options: { autoIndex: boolean; csv?: boolean },
): Promise<void> {
  return withAdvisor(
    async ({ commands }) => print(renderReply(await commands.run(command, cliCaller()), { json, csv: options.csv })),
    options,
  );
}

function reportDaysOption(value: string): number {
  const days = reportDays(value);
  if (days === null) throw new InvalidArgumentError(`must be a whole number of days from 1 to ${MAX_REPORT_DAYS}`);
  return days;
}

function splitName(value: string): 'dev' | 'holdout' {
  if (value !== 'dev' && value !== 'holdout') throw new InvalidArgumentError('must be dev or holdout');
  return value;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError('must be a whole number from 1 to 20');
  return n;
}

async function withAdvisor<T>(fn: (c: Composition) => Promise<T>, options: { autoIndex: boolean }): Promise<T> {
  const config = loadConfig(process.env);
  const logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    destination: 'stderr',
  });
  const composition = await compose(config, { logger });
  try {
    if (options.autoIndex && !(await composition.advisor.isIndexCurrent())) {
      process.stderr.write('Building the knowledge index (first run)...\n');
      const result = await composition.advisor.ensureIndexed({
        actor: 'cli',
        trigger: 'cli',
        onProgress: reindexProgress(),
      });
      if (result) process.stderr.write(`${formatReindex(result)}\n`);
    }
    return await fn(composition);
  } finally {
    await composition.close();
  }
}

/** A question to ask, with the earlier turns of its conversation (batch input may script follow-ups). */
interface BatchQuestion {
  readonly question: string;
  readonly history?: readonly Turn[];
}

/**
 * One question per stdin line: plain text, or a JSON object {"question", "history"} whose history
 * lists earlier turns ({"question", "answer"}) so that follow-ups can be scripted.
 */
export function parseBatchLine(line: string): BatchQuestion {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { question: line };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { question: line };
  }
  const parsed = batchLineSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'bad_input',
      'A JSON line must be {"question": "...", "history": [{"question": "...", "answer": "..."}]} (history optional).',
    );
  }
  return parsed.data;
}

const batchLineSchema = z.object({
  question: z.string(),
  history: z.array(z.object({ question: z.string(), answer: z.string() })).default([]),
});

async function* stdinQuestions(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) if (line.trim()) yield line;
}

export function buildProgram(): Command {
  const program = new Command('advisor')
    .description('Partnership Advisor: cited answers on choosing, structuring and governing AI partnerships.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('ask')
    .description(
      'Answer a question; with no question, answer one question per line from stdin (plain text, or JSON {"question","history"})',
    )
    .argument('[question...]', 'the question (quote it)')
    .option('--json', 'print one JSON object per question')
    .option('--k <n>', 'passages to retrieve (1-20)', positiveInt)
    .action(async (words: string[], opts: { json?: boolean; k?: number }) => {
      const fromArgs = words.length > 0;
      if ((fromArgs && !words.join(' ').trim()) || (!fromArgs && process.stdin.isTTY)) {
        throw new CommanderError(
          EXIT_USAGE,
          'advisor.usage',
          'Usage: advisor ask "your question" [--json] [--k N]\n   or: advisor ask --json < questions.txt   (one question per line, or JSON lines {"question","history"})\nThe question is empty. Ask something like "What are the risks of a joint venture?"',
        );
      }
      await withAdvisor(
        async ({ commands }) => {
          const questions = fromArgs ? [words.join(' ')] : stdinQuestions();
          const json = !!opts.json;
          let failures = 0;
          for await (const line of questions) {
            let item: BatchQuestion;
            try {
              item = fromArgs ? { question: line } : parseBatchLine(line);
            } catch (error) {
              failures++;
              const message = toAppError(error).message;
              process.stdout.write(
                json
                  ? `${JSON.stringify({ question: line, error: { code: 'bad_input', message } })}\n`
                  : `${message}\n\n`,
              );
              continue;
            }
            const { question } = item;
            const history = item.history ?? [];
            const caller: Caller = { ...cliCaller(), history: async () => history };
            const reply = await commands.run({ name: 'ask', args: { question, k: opts.k } }, caller);
            if (fromArgs || reply.kind !== 'error' || reply.code !== 'bad_input') {
              print(renderReply(reply, { json }), json ? '\n' : '\n\n');
              if (reply.kind === 'error') return;
              continue;
            }
            // One unusable line of many: say why and go on with the next.
            failures++;
            process.stdout.write(
              json
                ? `${JSON.stringify({ question, error: { code: reply.code, message: reply.message } })}\n`
                : `${reply.message}\n\n`,
            );
          }
          if (failures) process.exitCode = EXIT_USAGE;
        },
        { autoIndex: true },
      );
    });

  program
    .command('reindex')
    .description('Index knowledge/ incrementally (unchanged chunks are not re-embedded)')
    .option('--json', 'print the run as JSON')
    .action(async (opts: { json?: boolean }) => {
      await runCommand({ name: 'reindex', args: {} }, !!opts.json, { autoIndex: false });
    });

  program
    .command('report')
    .description('The knowledge-gap report: questions per day and channel, coverage, feedback, gaps, citations')
    .option('--days <n>', 'the window, in days', reportDaysOption, DEFAULT_REPORT_DAYS)
    .option('--json', 'print the report as JSON')
    .option('--csv', 'print the report as CSV (one table with a "part" column)')
    .action(async (opts: { days: number; json?: boolean; csv?: boolean }) => {
      if (opts.json && opts.csv) throw new InvalidArgumentError('choose --json or --csv, not both');
      await runCommand({ name: 'report', args: { days: opts.days } }, !!opts.json, {
        autoIndex: false,
        csv: !!opts.csv,
      });
    });

  program
    .command('runs')
    .description('List recent index runs (the audit log)')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'how many', positiveInt, 10)
    .action(async (opts: { json?: boolean; limit: number }) => {
      await withAdvisor(
        async ({ advisor }) => {
          const runs = await advisor.recentRuns(opts.limit);
          process.stdout.write(opts.json ? `${JSON.stringify(runs)}\n` : `${formatRuns(runs)}\n`);
        },
        { autoIndex: false },
      );
    });

  program
    .command('eval')
    .description(
      'Score retrieval and abstention on an eval set, or answers (nugget recall, coverage, length) on an answer set (JSON Lines)',
    )
    .option('--file <path>', 'eval set (default knowledge/eval.jsonl; with --answers knowledge/answers-eval.jsonl)')
    .option(
      '--answers',
      'score answers: nugget recall, coverage accuracy and length, overall, per split and per aspect',
    )
    .option('--split <name>', 'with --answers: only the dev or holdout questions', splitName)
    .option('--json', 'print the report as JSON')
    .action(async (opts: { file?: string; answers?: boolean; split?: 'dev' | 'holdout'; json?: boolean }) => {
      const file = opts.file ?? (opts.answers ? 'knowledge/answers-eval.jsonl' : 'knowledge/eval.jsonl');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (cause) {
        throw new AppError(
          'bad_input',
          `Cannot read the eval set ${path.resolve(file)}. Pass an existing file with --file.`,
          {
            cause,
          },
        );
      }
      if (opts.answers || isAnswerSet(text)) {
        const cases = parseAnswerSet(text, file).filter((c) => !opts.split || c.split === opts.split);
        await withAdvisor(
          async ({ advisor }) => {
            const report = await runAnswerEval(advisor, cases);
            process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatAnswerEval(report)}\n`);
          },
          { autoIndex: true },
        );
        return;
      }
      const cases = parseEvalSet(text, file);
      await withAdvisor(
        async ({ advisor }) => {
          const report = await runEval(advisor, cases);
          process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatEval(report)}\n`);
        },
        { autoIndex: true },
      );
    });

  addModelCommands(program);
  return program;
}

/** Partnership models (compare, models, recommend) and the indexed documents (sources). */
function addModelCommands(program: Command): void {
  program
    .command('compare')
    .description('Compare 2 to 4 partnership models side by side ("joint venture vs licensing", JV M&A)')
    .argument('<models...>', 'model names or aliases; quote multi-word names or separate them with "vs"')
    .option('--json', 'print the comparison as JSON')
    .action(async (names: string[], opts: { json?: boolean }) => {
      await runCommand({ name: 'compare', args: { models: names } }, !!opts.json, { autoIndex: true });
    });

  program
    .command('models')
    .description('List the partnership models the advisor knows, each with a cited one-line definition')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await runCommand({ name: 'models', args: {} }, !!opts.json, { autoIndex: true });
    });

  program
    .command('recommend')
    .description('Rank the partnership models that fit a described situation, with reasons and citations')
    .argument('[situation...]', 'the situation (quote it)')
    .option('--json', 'print JSON')
    .action(async (words: string[], opts: { json?: boolean }) => {
      if (!words.join(' ').trim()) {
        throw new CommanderError(
          EXIT_USAGE,
          'advisor.usage',
          'Usage: advisor recommend "your situation" [--json]\nDescribe the situation, for example "We have a proprietary vision model and want a retailer\'s data without giving up our IP."',
        );
      }
      await runCommand({ name: 'recommend', args: { situation: words.join(' ') } }, !!opts.json, { autoIndex: true });
    });

  program
    .command('sources')
    .description('List the indexed documents: file name, title and number of sections')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await runCommand({ name: 'sources', args: {} }, !!opts.json, { autoIndex: true });
    });
}

export async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      if (error.code === 'advisor.usage') process.stderr.write(`${error.message}\n`);
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    const e = toAppError(error);
    process.stderr.write(`Error: ${e.message}\n`);
    if (e.code === 'internal' && e.cause instanceof Error && e.cause.stack) process.stderr.write(`${e.cause.stack}\n`);
    return e.code === 'bad_input' || e.code === 'unknown_model' ? EXIT_USAGE : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli.ts')) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
