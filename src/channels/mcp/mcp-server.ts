import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { PartnershipModels } from '../../core/models/types.js';
import type { Logger } from '../../core/ports.js';
import type { AskResult, Turn } from '../../core/types.js';
import {
  type Passages,
  renderAnswer,
  renderComparison,
  renderModels,
  renderPassages,
  type ToolOutput,
} from './render.js';
import { toolErrorMessage } from './tool-errors.js';

/** What the tools call: the advisor's ask and retrieval, and the partnership models. */
export interface McpDeps {
  readonly advisor: {
    ask(question: string, options: { history: readonly Turn[]; channel: string }): Promise<AskResult>;
    retrieve(query: string, k?: number): Promise<Passages>;
  };
  readonly models: PartnershipModels;
  readonly logger: Logger;
  readonly version: string;
  /** Settles when the knowledge index is ready (built at start); tool calls wait for it. */
  readonly ready?: Promise<unknown>;
}

const turn = z.object({
  question: z.string({ error: 'each history turn needs its question (text)' }),
  answer: z.string({ error: 'each history turn needs the answer it got (text)' }),
});

const askInput = {
  question: z
    .string({ error: 'question is required: the question to answer, in plain words' })
    .describe('The question, e.g. "What are the risks of a joint venture?"'),
  history: z
    .array(turn)
    .max(50, 'history holds at most 50 turns')
    .optional()
    .describe('Earlier turns of this conversation, oldest first, for follow-up questions'),
};

const searchInput = {
  query: z
    .string({ error: 'query is required: the words to search for' })
    .trim()
    .min(1, 'query is empty: give the words to search for, e.g. "IP ownership in joint development"')
    .describe('What to look for'),
  k: z
    .number({ error: 'k must be a number of passages, from 1 to 20' })
    .int('k must be a whole number from 1 to 20')
    .min(1, 'k must be a whole number from 1 to 20')
    .max(20, 'k must be a whole number from 1 to 20')
    .optional()
    .describe('How many passages to return (1-20, default 5)'),
};

const compareInput = {
  models: z
    .array(z.string(), { error: 'models is required: a list of 2 to 4 partnership model names' })
    .describe('2 to 4 partnership model names or aliases, e.g. ["joint venture", "licensing"]'),
};

/** Runs a tool body; an error becomes an MCP tool error carrying the message a user would see. */
async function tool(deps: McpDeps, name: string, run: () => Promise<ToolOutput>): Promise<CallToolResult> {
  try {
    await deps.ready;
    const output = await run();
    return { content: [{ type: 'text', text: output.text }], structuredContent: output.structured };
  } catch (error) {
    return { content: [{ type: 'text', text: toolErrorMessage(error, deps.logger, name) }], isError: true };
  }
}

/** The advisor as an MCP server: four tools whose results carry quotable citations. */
export function createMcpServer(deps: McpDeps): McpServer {
  const { advisor, models } = deps;
  const server = new McpServer({ name: 'partnership-advisor', version: deps.version });

  server.registerTool(
    'ask_partnership_advisor',
    {
      title: 'Ask the Partnership Advisor',
      description:
        'Answers a question on choosing, structuring or governing AI partnerships from the knowledge base, with numbered citations (document file, section or page, passage). Says so when the knowledge base does not cover the question.',
      inputSchema: askInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ question, history }) =>
      tool(deps, 'ask_partnership_advisor', async () =>
        renderAnswer(await advisor.ask(question, { history: history ?? [], channel: 'mcp' })),
      ),
  );

  server.registerTool(
    'search_partnership_knowledge',
    {
      title: 'Search the partnership knowledge base',
      description:
        'Returns the passages of the knowledge base that best match a query, each with its document file, section or page and relevance score.',
      inputSchema: searchInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, k }) =>
      tool(deps, 'search_partnership_knowledge', async () => renderPassages(await advisor.retrieve(query, k))),
  );

  server.registerTool(
    'compare_partnership_models',
    {
      title: 'Compare partnership models',
      description:
        'Compares 2 to 4 partnership models (e.g. joint venture, licensing, strategic alliance) side by side: what each is, typical AI uses, benefits, risks, governance, IP and data, examples; every cell cited or marked not covered.',
      inputSchema: compareInput,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ models: names }) =>
      tool(deps, 'compare_partnership_models', async () =>
        renderComparison(await models.compare(names, { channel: 'mcp' })),
      ),
  );

  server.registerTool(
    'list_partnership_models',
    {
      title: 'List partnership models',
      description: 'Lists every partnership model the advisor knows, with its aliases and a cited one-line definition.',
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => tool(deps, 'list_partnership_models', async () => renderModels(await models.list())),
  );
  return server;
}
