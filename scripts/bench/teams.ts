/**
 * Teams channel timing: `npm run bench:teams`. Starts the server as a user does (a child process,
 * fresh embedded database, TEAMS_ENABLED=true emulator mode) and POSTs Bot Framework activities
 * with the eval questions to /api/messages:
 *  - deliveryMode "expectReplies": the HTTP round trip that carries the answer;
 *  - normal delivery: time from the POST until the reply reaches a local Bot Connector, with
 *    several conversations at once, and how long the HTTP request itself stayed open (Teams
 *    retries after 15 s).
 * Prints the figures and writes them to bench/TEAMS-RESULTS.md.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseEvalSet } from '../../src/core/eval/eval-set.js';
import { startServerProcess } from './http.js';
import { ms, percentile } from './stats.js';

const BOT = { id: '28:bench-bot', name: 'Partnership Advisor' };

function activity(serviceUrl: string, conversation: string, id: string, text: string, expectReplies: boolean) {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:bench-user', aadObjectId: `aad-${conversation}` },
    recipient: BOT,
    conversation: { id: conversation, conversationType: 'personal' },
    text,
    ...(expectReplies ? { deliveryMode: 'expectReplies' } : {}),
  };
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function summary(label: string, values: readonly number[]): string {
  return `| ${label} | ${values.length} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 95))} | ${ms(Math.max(...values))} |`;
}

async function main(): Promise<void> {
  const arrivals = new Map<string, () => void>();
  const connector = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const sent = JSON.parse(raw) as { type: string; replyToId?: string };
    if (sent.type === 'message' && sent.replyToId) arrivals.get(sent.replyToId)?.();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `bot-${Date.now()}` }));
  });
  connector.listen(0, '127.0.0.1');
  await new Promise((r) => connector.once('listening', r));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;

  const dataDir = await mkdtemp(path.join(tmpdir(), 'advisor-bench-teams-'));
  const { url, child } = await startServerProcess({
    DATABASE_URL: `pglite://${dataDir}`,
    TEAMS_ENABLED: 'true',
    RATE_LIMIT_PER_MINUTE: '10000',
  });
  try {
    const questions = parseEvalSet(await readFile('knowledge/eval.jsonl', 'utf8'), 'knowledge/eval.jsonl').map(
      (c) => c.question,
    );
    let n = 0;
    // Warm-up.
    for (const q of questions.slice(0, 5)) await post(url, activity(serviceUrl, 'warm', `w${n++}`, q, true));

    const roundTrips: number[] = [];
    for (const q of questions) {
      const t0 = performance.now();
      const res = await post(url, activity(serviceUrl, `er-${n}`, `m${n++}`, q, true));
      await res.text();
      roundTrips.push(performance.now() - t0);
    }

    const concurrency = 8;
    const toReply: number[] = [];
    const requestOpen: number[] = [];
    let next = 0;
    const worker = async (w: number) => {
      while (next < questions.length * 2) {
        const q = questions[next++ % questions.length] ?? '';
        const id = `c${n++}`;
        const arrived = new Promise<void>((resolve) => arrivals.set(id, resolve));
        const t0 = performance.now();
        const res = await post(url, activity(serviceUrl, `conv-${w}`, id, q, false));
        await res.text();
        requestOpen.push(performance.now() - t0);
        await arrived;
        toReply.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const text = [
      '# Teams channel timing',
      '',
      `Machine: ${os.cpus().length} × ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Zero-config defaults (built-in embedder, extractive answers), emulator mode, ${questions.length} eval questions.`,
      '',
      '| measure | answers | p50 | p95 | max |',
      '| --- | --- | --- | --- | --- |',
      summary('expectReplies: HTTP round trip with the answer (1 at a time)', roundTrips),
      summary(`normal delivery: POST until the reply reaches the connector (${concurrency} chats at once)`, toReply),
      summary(`normal delivery: how long the HTTP request stayed open (${concurrency} chats at once)`, requestOpen),
      '',
      'Teams retries a delivery after 15 s without a response; the bot switches to a proactive reply after 10 s.',
    ].join('\n');
    process.stdout.write(`${text}\n`);
    await writeFile('bench/TEAMS-RESULTS.md', `${text}\n`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    connector.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
