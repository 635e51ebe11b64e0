#!/usr/bin/env node
/**
 * MCP server over stdio, for AI assistants that start the advisor as a subprocess (`npm run --silent
 * mcp`). stdout carries only the MCP protocol: every log line goes to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createLogger } from './adapters/logging/logger.js';
import { createMcpServer } from './channels/mcp/mcp-server.js';
import { APP_VERSION, compose } from './compose.js';
import { loadConfig } from './config/load-config.js';
import { toAppError } from './core/errors.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, destination: 'stderr', name: 'partnership-advisor-mcp' });
  const composition = await compose(config, { logger });
  const built = await composition.advisor.ensureIndexed({ actor: 'mcp', trigger: 'startup' });
  if (built) logger.info({ ...built.counts, durationMs: built.durationMs }, 'knowledge index built');
  const server = createMcpServer({
    advisor: composition.advisor,
    models: composition.models,
    logger,
    version: APP_VERSION,
  });
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await composition.close();
  };
  // The client ends the session by closing our stdin (or with a signal).
  server.server.onclose = () => void close();
  process.stdin.once('end', () => void close());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close());
  await server.connect(new StdioServerTransport());
  logger.info({}, 'MCP server ready on stdio');
}

main().catch((error: unknown) => {
  const e = toAppError(error);
  process.stderr.write(`Partnership Advisor MCP server could not start: ${e.message}\n`);
  process.exitCode = 1;
});
