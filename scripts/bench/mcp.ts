/**
 * The MCP ask tool as an agent sees it: `ask_partnership_advisor` round trips through the SDK's own
 * client over stdio to `src/mcp.ts` in a warm process (every eval question asked once first), with
 * the zero-config defaults; once with the retrieval cache off (every question searched) and once
 * with it on (repeated questions, as agents retry).
 */
import { readFile } from 'node:fs/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { ms, percentile } from './stats.js';

export interface McpFigures {
  readonly label: string;
  readonly calls: number;
  readonly p50: number;
  readonly p95: number;
}

async function measure(label: string, env: Record<string, string>, rounds: number): Promise<McpFigures> {
  const questions = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl').map(
    (c) => c.question,
  );
  const client = new Client({ name: 'advisor-bench', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/mcp.ts'],
      env: { ...(process.env as Record<string, string>), DATABASE_URL: 'memory://', LOG_LEVEL: 'silent', ...env },
      stderr: 'ignore',
    }),
  );
  try {
    const ask = (question: string) => client.callTool({ name: 'ask_partnership_advisor', arguments: { question } });
    for (const question of questions) await ask(question); // warm-up
    const times: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const question of questions) {
        const started = performance.now();
        const result = await ask(question);
        times.push(performance.now() - started);
        if (result.isError) throw new Error(`ask_partnership_advisor failed for "${question}"`);
      }
    }
    return { label, calls: times.length, p50: percentile(times, 50), p95: percentile(times, 95) };
  } finally {
    await client.close();
  }
}

export async function benchMcp(rounds = 5): Promise<McpFigures[]> {
  return [
    await measure('retrieval cache off (every question searched)', { RETRIEVAL_CACHE_SIZE: '0' }, rounds),
    await measure('defaults (retrieval cache on)', {}, rounds),
  ];
}

export function formatMcpFigures(figures: readonly McpFigures[]): string {
  return [
    '| server | calls | p50 | p95 |',
    '| --- | --- | --- | --- |',
    ...figures.map((f) => `| ${f.label} | ${f.calls} | ${ms(f.p50)} | ${ms(f.p95)} |`),
  ].join('\n');
}
