/**
 * Reindexing while serving, as an admin would with the zero-config defaults: the shipped chapters
 * plus 150 synthetic chapters of 12 sections (about 3,600 chunks) indexed by the real server (the
 * compiled build, embedded PostgreSQL on disk), every synthetic section then edited, and
 * POST /api/admin/reindex run while a client samples GET /healthz, asks questions and sends signed
 * Slack events. Then a reindex with nothing changed, the idle memory, and the same full reindex with
 * the OpenAI-compatible embedder against a local stub.
 */
import type { ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type FakeSlack, mentionEnvelope, postSigned, startFakeSlack } from '../../test/support/fake-slack.js';
import { startOpenAIStub } from '../../test/support/openai-stub.js';
import { startServerProcess } from './http.js';
import { mb, ms, percentile } from './stats.js';
import { loadSeedCorpus, writeSyntheticKnowledge } from './synthetic-corpus.js';

const ADMIN = 'bench-admin-token-0123456789';
/** The embedder pool stops its workers after 10 idle seconds (src/adapters/embeddings/embedder-pool.ts). */
const WORKERS_IDLE_MS = 12_000;
/** An idle server's memory keeps falling for a while after its last work (V8 shrinks its heap when idle). */
const SETTLE_MS = 45_000;
const SECRET = 'bench-signing-secret';
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const QUESTIONS = [
  'What are the risks of a joint venture?',
  'How should we share IP in a licensing deal?',
  'When does a strategic alliance beat a joint venture?',
  'What governance does a co-creation partnership need?',
  'How do we exit a partnership?',
];

export interface Latencies {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly failed: number;
}

export interface ServingFigures {
  readonly chunks: number;
  readonly firstBuildMs: number;
  readonly reindexMs: number;
  readonly embedded: number;
  readonly healthz: Latencies;
  readonly askAtRest: Latencies;
  readonly ask: Latencies;
  readonly slackAck: Latencies;
  readonly noChangeMs: number;
  readonly noChangeEmbedded: number;
  readonly rssAtStart: number;
  readonly restartRss: number;
  /** The same server after SETTLE_MS idle: what the allocator and V8 gave back once nothing happened. */
  readonly restartSettledRss: number;
  readonly rssAfterReindex: number;
  readonly idleRss: number;
  readonly idleSettledRss: number;
  readonly openai: { chunks: number; ms: number; requests: number; batch: number; concurrency: number };
}

function summarize(samples: readonly number[], failed: number): Latencies {
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples.length ? Math.max(...samples) : 0,
    failed,
  };
}

/** Calls `send` again `gapMs` after each answer until `stop` resolves; latencies of the answers. */
async function sample(send: () => Promise<boolean>, gapMs: number, stop: Promise<unknown>): Promise<Latencies> {
  let done = false;
  void stop.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  let failed = 0;
  while (!done) {
    const t0 = performance.now();
    const ok = await send().catch((error: unknown) => {
      process.stderr.write(`  request failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return false;
    });
    latencies.push(performance.now() - t0);
    if (!ok) failed++;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return summarize(latencies, failed);
}

/**
 * Edits every sentence boundary of the synthetic chapters ("." to ";" and back), so that every one of
 * their chunks changes while the corpus keeps its size.
 */
async function editAll(dir: string, from: string, to: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const text = await readFile(file, 'utf8');
    const edited = text
      .split('\n')
      .map((line) => (line && !line.startsWith('#') ? line.replaceAll(`${from} `, `${to} `) : line))
      .join('\n');
    await writeFile(file, edited);
  }
}

async function reindex(url: string): Promise<{ durationMs: number; counts: { embedded: number; chunks: number } }> {
  const res = await fetch(`${url}/api/admin/reindex`, { method: 'POST', headers: admin, body: '{}' });
  if (!res.ok) throw new Error(`reindex answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { durationMs: number; counts: { embedded: number; chunks: number } };
}

function rssOf(child: ChildProcess): Promise<number> {
  return readFile(`/proc/${child.pid}/status`, 'utf8').then((status) => {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb * 1024;
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

let eventSeq = 0;
let askSeq = 0;

async function askOnce(url: string): Promise<boolean> {
  const res = await fetch(`${url}/api/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question: QUESTIONS[askSeq++ % QUESTIONS.length] }),
  });
  const body = await res.text();
  if (!res.ok) process.stderr.write(`  ask answered ${res.status}: ${body.slice(0, 200)}\n`);
  return res.ok;
}

async function slackMention(slackUrl: string, fake: FakeSlack): Promise<boolean> {
  eventSeq += 1;
  const { body } = mentionEnvelope(fake, {
    eventId: `EvServing${eventSeq}`,
    user: `UBENCH${eventSeq % 50}`,
    channel: 'CBENCH01',
    question: QUESTIONS[eventSeq % QUESTIONS.length] ?? '',
  });
  const res = await postSigned(slackUrl, SECRET, { json: body });
  return res.status === 200;
}

export async function benchReindexServing(options: { log: (line: string) => void }): Promise<ServingFigures> {
  const { log } = options;
  const root = await mkdtemp(path.join(tmpdir(), 'advisor-bench-serving-'));
  const knowledge = path.join(root, 'knowledge');
  const synthetic = path.join(knowledge, 'synthetic');
  const fake = await startFakeSlack();
  const stub = await startOpenAIStub({ dims: 512 });
  let child: ChildProcess | undefined;
  try {
    await cp('knowledge', knowledge, { recursive: true });
    await writeSyntheticKnowledge(synthetic, await loadSeedCorpus(), {
      documents: 150,
      sectionsPerDocument: 12,
      sentences: { min: 7, max: 10 },
    });
    const env = {
      DATABASE_URL: `pglite://${path.join(root, 'data')}`,
      KNOWLEDGE_DIR: knowledge,
      ADMIN_TOKEN: ADMIN,
      // Every question is searched: the cache would hide the database's share of the work.
      RETRIEVAL_CACHE_SIZE: '0',
      RATE_LIMIT_PER_MINUTE: '1000',
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
    };
    log('starting the server (first build of the index)');
    const started = await startServerProcess(env);
    child = started.child;
    const { url } = started;
    const firstBuildMs = performance.now() - started.startedAt;

    // At rest first: what a question costs on this corpus with nothing else running, and the memory
    // once the embedding workers of the first build have stopped (10 s idle).
    const ready = performance.now();
    log('asking at rest');
    const atRest = await sample(() => askOnce(url), 500, new Promise((resolve) => setTimeout(resolve, 5000)));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, WORKERS_IDLE_MS - (performance.now() - ready))));
    const rssAtStart = await rssOf(child);

    await editAll(synthetic, '.', ';');
    log('reindexing every synthetic chapter while sampling');
    const run = reindex(url);
    const [result, healthz, ask, slackAck] = await Promise.all([
      run,
      sample(async () => (await fetch(`${url}/healthz`)).ok, 100, run),
      sample(() => askOnce(url), 100, run),
      // Each mention is also answered (in the background): questions arrive from both channels.
      sample(() => slackMention(`${url}/slack/events`, fake), 1000, run),
    ]);
    const rssAfterReindex = await rssOf(child);
    log('reindexing with nothing changed');
    const noChange = await reindex(url);
    log('waiting for the embedding workers to stop and the server to settle (idle memory)');
    await new Promise((resolve) => setTimeout(resolve, WORKERS_IDLE_MS));
    const idleRss = await rssOf(child);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS - WORKERS_IDLE_MS));
    const idleSettledRss = await rssOf(child);
    await stopServer(child);
    child = undefined;

    log('restarting on the index (idle memory of a server that starts on its index)');
    const restarted = await startServerProcess(env);
    child = restarted.child;
    await new Promise((resolve) => setTimeout(resolve, WORKERS_IDLE_MS));
    const restartRss = await rssOf(child);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS - WORKERS_IDLE_MS));
    const restartSettledRss = await rssOf(child);
    await stopServer(child);
    child = undefined;

    log('the same full reindex with the OpenAI-compatible embedder against a local stub');
    const before = stub.requests.length;
    const openaiServer = await startServerProcess({
      ...env,
      DATABASE_URL: `pglite://${path.join(root, 'data-openai')}`,
      EMBEDDINGS_PROVIDER: 'openai',
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_EMBEDDING_DIMENSIONS: '512',
    });
    child = openaiServer.child;
    await editAll(synthetic, ';', '.');
    const openaiRun = await reindex(openaiServer.url);
    const requests = stub.requests.filter((r) => r.path.endsWith('/embeddings')).length - before;
    await stopServer(child);
    child = undefined;

    return {
      chunks: result.counts.chunks,
      firstBuildMs,
      reindexMs: result.durationMs,
      embedded: result.counts.embedded,
      healthz,
      askAtRest: atRest,
      ask,
      slackAck,
      noChangeMs: noChange.durationMs,
      noChangeEmbedded: noChange.counts.embedded,
      rssAtStart,
      restartRss,
      restartSettledRss,
      rssAfterReindex,
      idleRss,
      idleSettledRss,
      openai: {
        chunks: openaiRun.counts.embedded,
        ms: openaiRun.durationMs,
        requests,
        batch: 96,
        concurrency: 4,
      },
    };
  } finally {
    if (child) await stopServer(child).catch(() => {});
    await stub.close();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  }
}

const row = (name: string, l: Latencies, target: string) =>
  `| ${name} | ${l.count} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} | ${l.failed} | ${target} |`;

export function formatReindexServingFigures(f: ServingFigures): string {
  const rate = (chunks: number, duration: number) => ((chunks / duration) * 1000).toFixed(0);
  return [
    `Corpus: ${f.chunks} chunks (shipped chapters + 150 synthetic chapters × 12 sections); first build at start ${ms(f.firstBuildMs)} (compile and start included).`,
    '',
    `**Full reindex while serving** (every sentence of the synthetic chapters edited): ${f.embedded} chunks embedded in ${ms(f.reindexMs)}, **${rate(f.embedded, f.reindexMs)} chunks/s** (built-in embedder, embedded PostgreSQL on disk).`,
    '',
    '| during the reindex | requests | p50 | p95 | p99 | max | failed | target |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    row('GET /healthz (every 100 ms)', f.healthz, 'p99 < 100 ms, max < 500 ms'),
    row('POST /api/ask (every 100 ms)', f.ask, 'p95 < 250 ms, max < 1 s'),
    row('*for comparison:* POST /api/ask at rest, before the reindex', f.askAtRest, ''),
    row('Slack mention ack, signed (every 1 s; each one answered too)', f.slackAck, 'p99 < 500 ms'),
    '',
    `**No-change reindex:** ${ms(f.noChangeMs)}, ${f.noChangeEmbedded} embeddings (target < 500 ms, 0).`,
    `**Memory (RSS, target < 300 MB idle):** **${mb(f.restartSettledRss)} idle ${SETTLE_MS / 1000} s after a restart on the index** (${mb(f.restartRss)} at ${WORKERS_IDLE_MS / 1000} s); ${mb(f.rssAtStart)} idle after the start that built it (embedding workers stopped), ${mb(f.rssAfterReindex)} right after the reindex, ${mb(f.idleRss)} once its workers stopped, ${mb(f.idleSettledRss)} idle ${SETTLE_MS / 1000} s after it.`,
    `**OpenAI-compatible embedder against a local stub** (no network latency): ${f.openai.chunks} chunks in ${ms(f.openai.ms)}, **${rate(f.openai.chunks, f.openai.ms)} chunks/s**, ${f.openai.requests} embedding requests (batches of ${f.openai.batch}, ${f.openai.concurrency} in flight).`,
  ].join('\n');
}
