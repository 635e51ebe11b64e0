import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpHttpRouter } from '../../src/channels/mcp/http-router.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/ports.js';
import { type AdvisorServer, startAdvisorServer } from '../../src/main.js';
import { errorHandler } from '../../src/server/http-errors.js';
import { listen } from '../../src/server/http-server.js';

const MCP_TOKEN = 'test-mcp-token-1234567890';

// biome-ignore lint/suspicious/noExplicitAny: structured content is checked field by field below.
type Structured = any;

const errorMessage = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

function textOf(result: unknown): string {
  const content = (result as CallToolResult).content;
  return content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  // The first call waits for the index build, which a busy machine can stretch past the default 60 s.
  const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: 110_000 })) as CallToolResult;
  return { isError: result.isError ?? false, text: textOf(result), structured: result.structuredContent as Structured };
}

/** The same checks over both transports: the tools an agent sees and what they return. */
function toolBehaviour(client: () => Client) {
  it('lists the four tools with their input schemas', async () => {
    const { tools } = await client().listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'ask_partnership_advisor',
      'compare_partnership_models',
      'list_partnership_models',
      'search_partnership_knowledge',
    ]);
    const ask = tools.find((t) => t.name === 'ask_partnership_advisor');
    expect(ask?.inputSchema.required).toEqual(['question']);
  });

  it('answers with citations an agent can quote: file, section and passage', async () => {
    const result = await call(client(), 'ask_partnership_advisor', {
      question: 'What are the main risks of forming a joint venture?',
    });
    expect(result.isError).toBe(false);
    expect(result.structured.abstained).toBe(false);
    // The chapters list no risks specific to joint ventures: a partial answer, said first.
    expect(result.structured.coverage).toBe('partial');
    expect(result.structured.gap).toMatch(/joint ventures/);
    expect(result.text.split('\n')[0]).toMatch(/^Coverage: Partly covered by the chapters\./);
    expect(result.text).toMatch(/The chapters don't cover .*joint ventures\./);
    const first = result.structured.citations[0];
    expect(first.document).toMatch(/\.(md|txt)$/);
    expect(result.text).toContain(`[1] ${first.document} › ${first.section} (${first.title})`);
    expect(result.text).toContain(`> ${first.passage.split('\n')[0]}`);
    expect(result.text).toContain(result.structured.answer);
  });

  it('searches passages with document, section and score', async () => {
    const result = await call(client(), 'search_partnership_knowledge', { query: 'IP ownership in licensing', k: 3 });
    expect(result.isError).toBe(false);
    expect(result.structured.passages).toHaveLength(3);
    for (const p of result.structured.passages) {
      expect(p).toEqual({
        document: expect.stringMatching(/\.md$/),
        title: expect.any(String),
        section: expect.any(String),
        score: expect.any(Number),
        passage: expect.any(String),
      });
    }
    expect(result.text).toMatch(/^1\. \S+\.md/);
  });

  it('compares models and lists them, with cited text', async () => {
    const compared = await call(client(), 'compare_partnership_models', { models: ['JV', 'licensing'] });
    expect(compared.isError).toBe(false);
    expect(compared.structured.models).toEqual(['Joint venture', 'Licensing and IP sharing']);
    expect(compared.text).toContain('Sources:');
    const listed = await call(client(), 'list_partnership_models');
    expect(listed.isError).toBe(false);
    expect(listed.structured.models.map((m: { name: string }) => m.name)).toContain('Strategic alliance');
    expect(listed.text).toMatch(/- Joint venture \(also: [^)]*JV[^)]*\): .+ \[\S+\.md › .+\]/);
  });

  it('turns bad input into tool errors that say what to do', async () => {
    const missing = await call(client(), 'ask_partnership_advisor', {});
    expect(missing).toMatchObject({ isError: true });
    expect(missing.text).toContain('question is required');
    const five = await call(client(), 'compare_partnership_models', {
      models: ['joint venture', 'licensing', 'strategic alliance', 'M&A', 'co-marketing'],
    });
    expect(five).toMatchObject({
      isError: true,
      text: 'Compare takes at most 4 partnership models at a time; got 5. Pick the 4 you care most about.',
    });
    const unknown = await call(client(), 'compare_partnership_models', { models: ['joint ventur', 'franchising'] });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('is not a partnership model I know');
    const badK = await call(client(), 'search_partnership_knowledge', { query: 'IP', k: 50 });
    expect(badK).toMatchObject({ isError: true });
    expect(badK.text).toContain('k must be a whole number from 1 to 20');
  });
}

describe('MCP over stdio (npm run mcp)', () => {
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    // As the README tells an MCP client to start it.
    const transport = new StdioClientTransport({
      command: 'npm',
      args: ['run', '--silent', 'mcp'],
      env: { ...(process.env as Record<string, string>), DATABASE_URL: 'memory://', LOG_LEVEL: 'info' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    client = new Client({ name: 'advisor-test', version: '1.0.0' });
    // A busy machine can take a while to start the process (the SDK's default wait is 60 s).
    await client.connect(transport, { timeout: 110_000 });
  });
  afterAll(() => client?.close());

  toolBehaviour(() => client);

  it('logs to stderr only, so stdout carries nothing but the protocol', () => {
    // Every call above parsed as MCP; the index build and the start were logged on stderr.
    expect(stderr).toContain('knowledge index built');
    expect(stderr).toContain('MCP server ready on stdio');
    expect(client.getServerVersion()).toMatchObject({ name: 'partnership-advisor' });
  });
});

describe('MCP over streamable HTTP (/mcp)', () => {
  let server: AdvisorServer;
  let client: Client;
  beforeAll(async () => {
    const config = loadConfig({ DATABASE_URL: 'memory://', PORT: '0', MCP_TOKEN, LOG_LEVEL: 'silent' });
    server = await startAdvisorServer(config, { logger: pino({ level: 'silent' }) });
    client = new Client({ name: 'advisor-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${MCP_TOKEN}` } },
      }),
    );
  });
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  toolBehaviour(() => client);

  it('refuses calls without the right token', async () => {
    const init = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
        body: JSON.stringify(init),
      });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(await errorMessage(none)).toBe('Missing or wrong MCP token. Send Authorization: Bearer <MCP_TOKEN>.');
    expect((await post({ authorization: 'Bearer wrong-token-1234567890' })).status).toBe(401);
  });

  it('is disabled with 403 without MCP_TOKEN, and says how to enable it', async () => {
    const app = express();
    const { advisor, models } = server.composition;
    app.use('/mcp', mcpHttpRouter({ advisor, models, logger: silentLogger, version: '0', token: undefined }));
    app.use(errorHandler(silentLogger));
    const disabled = await listen(app, { host: '127.0.0.1', port: 0 });
    try {
      const res = await fetch(`${disabled.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer anything-at-all-123456' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(await errorMessage(res)).toBe('The MCP endpoint is disabled: set MCP_TOKEN on the server to enable it.');
    } finally {
      await disabled.close(0);
    }
  });
});
