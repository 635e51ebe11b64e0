import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, { type RequestHandler, type Router } from 'express';
import { requireBearer } from '../../server/bearer-auth.js';
import { createMcpServer, type McpDeps } from './mcp-server.js';

export interface McpHttpDeps extends McpDeps {
  readonly token: string | undefined;
  /** Runs before each call: the server's first-in first-out answer queue, shared with the web API. */
  readonly answerQueue?: RequestHandler;
}

const methodNotAllowed = {
  jsonrpc: '2.0',
  error: {
    code: -32000,
    message: 'Method not allowed: this MCP endpoint is stateless; send JSON-RPC requests with POST.',
  },
  id: null,
};

/**
 * `/mcp`: the MCP streamable HTTP transport, stateless (a server and transport per request, so any
 * replica can answer any call), behind `Authorization: Bearer $MCP_TOKEN`.
 */
export function mcpHttpRouter(deps: McpHttpDeps): Router {
  const router = express.Router();
  router.use(
    requireBearer(deps.token, {
      disabled: 'The MCP endpoint is disabled: set MCP_TOKEN on the server to enable it.',
      wrong: 'Missing or wrong MCP token. Send Authorization: Bearer <MCP_TOKEN>.',
    }),
  );
  router.post(
    '/',
    express.json({ limit: '64kb' }),
    deps.answerQueue ?? ((_req, _res, next) => next()),
    async (req, res) => {
      const server = createMcpServer(deps);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  );
  router.all('/', (_req, res) => {
    res.status(405).set('allow', 'POST').json(methodNotAllowed);
  });
  return router;
}
