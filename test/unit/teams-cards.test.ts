import { describe, expect, it } from 'vitest';
import { renderComparison, renderModels, renderRecommendation } from '../../src/channels/teams/render-cards.js';
import { renderReply } from '../../src/channels/teams/render-reply.js';
import { CommandDispatcher } from '../../src/core/commands/index.js';
import { AppError, UnknownModelError } from '../../src/core/errors.js';
import type {
  CatalogModel,
  ComparisonResult,
  ModelsResult,
  PartnershipModels,
  RecommendResult,
} from '../../src/core/models/types.js';
import { silentLogger } from '../../src/core/ports.js';
import type { Citation } from '../../src/core/types.js';
import { shownText } from '../support/teams-markdown.js';

const JV: CatalogModel = { id: 'joint-venture', name: 'Joint venture', aliases: ['JV'] };
const LIC: CatalogModel = { id: 'licensing', name: 'Licensing', aliases: [] };
const COC: CatalogModel = { id: 'co-creation', name: 'Co-creation', aliases: ['co-development'] };
const ALLIANCE: CatalogModel = { id: 'strategic-alliance', name: 'Strategic alliance', aliases: [] };

function citation(n: number, title: string, section: string, url?: string): Citation {
  return {
    n,
    chunkId: 100 + n,
    source: `${title.toLowerCase().replace(/\W+/g, '-')}.md`,
    title,
    section,
    score: 0.5,
    text: `${title} - ${section}: a passage of the chapter that supports the cell.`,
    ...(url ? { url } : {}),
  };
}

const COMPARISON: ComparisonResult = {
  models: [JV, LIC],
  rows: [
    {
      dimension: { id: 'definition', label: 'What it is' },
      cells: [
        { text: 'A separate company owned jointly by the partners.', covered: true, citations: [1] },
        { text: 'One party licenses its AI technology or data to another.', covered: true, citations: [3] },
      ],
    },
    {
      dimension: { id: 'risks', label: 'Risks and considerations' },
      cells: [
        { text: 'Disputes over control and exit; slow decisions.', covered: true, citations: [1, 2] },
        { text: 'The chapters do not cover the risks of licensing.', covered: false, citations: [] },
      ],
    },
  ],
  citations: [
    citation(1, 'Joint ventures', 'Risks', 'https://intranet.example.com/jv'),
    citation(2, 'Governance', 'Boards'),
    citation(3, 'Licensing and IP sharing', 'How licensing works'),
  ],
  notices: [],
  timings_ms: { total: 12 },
};

// biome-ignore lint/suspicious/noExplicitAny: walking card JSON.
type Node = any;
function texts(node: Node): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (node && typeof node === 'object') {
    const own = node.type === 'TextBlock' ? [shownText(String(node.text))] : [];
    return [...own, ...Object.values(node).flatMap(texts)];
  }
  return [];
}
function find(node: Node, type: string): Node[] {
  if (Array.isArray(node)) return node.flatMap((n) => find(n, type));
  if (node && typeof node === 'object') {
    return [...(node.type === type ? [node] : []), ...Object.values(node).flatMap((v) => find(v, type))];
  }
  return [];
}
const TEXT_BLOCK_PROPS = [
  'type',
  'text',
  'wrap',
  'weight',
  'size',
  'color',
  'isSubtle',
  'separator',
  'spacing',
  'maxLines',
];
const ELEMENT_TYPES = ['AdaptiveCard', 'TextBlock', 'Container', 'ColumnSet', 'Column', 'Action.Submit'];
function allTypes(node: Node): string[] {
  if (Array.isArray(node)) return node.flatMap(allTypes);
  if (node && typeof node === 'object') {
    // `data` is what a button sends back, not part of the card's layout.
    const own = typeof node.type === 'string' ? [node.type] : [];
    return [...own, ...Object.entries(node).flatMap(([k, v]) => (k === 'data' ? [] : allTypes(v)))];
  }
  return [];
}
const cardOf = (reply: { message: { attachments?: ReadonlyArray<{ contentType: string; content: unknown }> } }) => {
  const attachment = reply.message.attachments?.[0];
  expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  const card = attachment?.content as Node;
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  for (const block of find(card, 'TextBlock')) {
    expect(block.wrap).toBe(true);
    // Adaptive Cards 1.5 TextBlock properties only (Teams ignores unknown ones silently).
    for (const key of Object.keys(block)) expect(TEXT_BLOCK_PROPS).toContain(key);
  }
  for (const type of new Set(allTypes(card))) expect(ELEMENT_TYPES).toContain(type);
  return card;
};

describe('Teams comparison card', () => {
  it('has a section per dimension with one column per model, [n] markers and the sources below', () => {
    const reply = renderComparison(COMPARISON);
    expect(reply.message.text).toBe('Comparison: Joint venture vs Licensing');
    const card = cardOf(reply);
    const all = texts(card);
    expect(all[0]).toBe('Joint venture vs Licensing');
    const sets = find(card, 'ColumnSet');
    expect(sets).toHaveLength(2);
    for (const set of sets) expect(set.columns.map((c: Node) => texts(c)[0])).toEqual(['Joint venture', 'Licensing']);
    expect(texts(sets[1].columns[0])).toContain('Disputes over control and exit; slow decisions. [1][2]');
    const uncovered = find(sets[1].columns[1], 'TextBlock')[1];
    expect(uncovered).toMatchObject({ text: 'The chapters do not cover the risks of licensing.', isSubtle: true });
    expect(all).toContain('What it is');
    expect(all).toContain('Risks and considerations');

    const sources = all.slice(all.indexOf('Sources') + 1);
    expect(sources).toEqual([
      '[1] [Joint ventures › Risks](https://intranet.example.com/jv) (joint-ventures.md)',
      '[2] Governance › Boards (governance.md)',
      '[3] Licensing and IP sharing › How licensing works (licensing-and-ip-sharing.md)',
    ]);
    // Every marker in the card points at a listed source.
    const used = new Set([...all.join('\n').matchAll(/\[(\d+)\](?!\()/g)].map((m) => Number(m[1])));
    expect([...used].sort()).toEqual([1, 2, 3]);
    expect(reply.message.entities?.[0]).toMatchObject({ additionalType: ['AIGeneratedContent'] });
  });

  it('shows a cell that quotes a list as one TextBlock per item, with the markers after the last', () => {
    const listed: ComparisonResult = {
      ...COMPARISON,
      models: [JV],
      rows: [
        {
          dimension: { id: 'governance', label: 'Governance' },
          cells: [{ text: 'Boards decide:\n- budgets\n- exit terms', covered: true, citations: [1, 2] }],
        },
      ],
    };
    const card = cardOf(renderComparison(listed));
    const column = find(card, 'Column')[0];
    expect(texts(column)).toEqual(['Joint venture', 'Boards decide:', '• budgets', '• exit terms [1][2]']);
    // No line starts with "- ": Teams' Markdown would turn each into a separate one-item list.
    expect(texts(card).some((t) => t.startsWith('- '))).toBe(false);
  });

  it('stays within Teams message size for four models and every dimension', () => {
    const long = 'A long grounded sentence about this partnership model and its practical consequences. '.repeat(4);
    const models = [JV, LIC, COC, ALLIANCE];
    const ids = ['definition', 'ai_uses', 'benefits', 'risks', 'governance', 'ip_and_data', 'examples'] as const;
    const result: ComparisonResult = {
      models,
      rows: ids.map((id) => ({
        dimension: { id, label: id },
        cells: models.map((_, i) => ({ text: long, covered: true, citations: [i + 1] })),
      })),
      citations: models.map((m, i) => citation(i + 1, m.name, 'Overview')),
      notices: ['Some cells are not covered by the chapters.'],
      timings_ms: { total: 40 },
    };
    const card = cardOf(renderComparison(result));
    expect(find(card, 'ColumnSet')).toHaveLength(7);
    expect(find(card, 'ColumnSet')[0].columns).toHaveLength(4);
    expect(JSON.stringify(card).length).toBeLessThan(28_000);
  });
});

describe('Teams model list and recommendation cards', () => {
  it('lists each model with its aliases, definition and source', () => {
    const result: ModelsResult = {
      models: [
        {
          model: JV,
          definition: 'A jointly owned company formed for a shared AI goal.',
          covered: true,
          citations: [citation(1, 'Joint ventures', 'Definition')],
        },
        { model: LIC, definition: 'Not covered by the chapters.', covered: false, citations: [] },
      ],
    };
    const reply = renderModels(result);
    const all = texts(cardOf(reply));
    expect(reply.message.text).toBe('2 partnership models');
    expect(all).toContain('Joint venture (also: JV)');
    expect(all).toContain('A jointly owned company formed for a shared AI goal.');
    expect(all).toContain('Source: Joint ventures › Definition');
    expect(all).toContain('Licensing');
  });

  it('ranks recommendations with their fit, cited reasons and clarifying questions', () => {
    const result: RecommendResult = {
      situation: 'We want to co-develop a model with a university and share the IP.',
      recommendations: [
        {
          model: COC,
          score: 0.82,
          reasons: [{ text: 'Co-creation suits joint development with shared IP.', citations: [1] }],
        },
        { model: LIC, score: 0.41, reasons: [{ text: 'Licensing keeps ownership with one party.', citations: [2] }] },
      ],
      citations: [citation(1, 'Co-creation', 'When to use it'), citation(2, 'Licensing', 'Ownership')],
      clarifyingQuestions: ['Do you need exclusive rights to the results?'],
      notices: [],
    };
    const reply = renderRecommendation(result);
    expect(reply.message.text).toBe('Recommended: Co-creation, Licensing');
    const all = texts(cardOf(reply));
    expect(all).toContain('1. Co-creation');
    expect(all).toContain('82% fit');
    expect(all).toContain('• Co-creation suits joint development with shared IP. [1]');
    expect(all).toContain('• Do you need exclusive rights to the results?');
    expect(all.at(-1)).toBe('[2] Licensing › Ownership (licensing.md)');
  });
});

describe('Teams replies from the command layer, against the PartnershipModels port', () => {
  const calls: string[][] = [];
  const models: PartnershipModels = {
    list: async () => ({ models: [] }),
    compare: async (names) => {
      calls.push([...names]);
      const known = ['joint venture', 'licensing'];
      const unknown = names.find((n) => !known.includes(n.toLowerCase()));
      if (unknown) {
        throw new UnknownModelError(unknown, ['Licensing', 'Co-creation'], `Unknown partnership model "${unknown}".`);
      }
      return COMPARISON;
    },
    recommend: async () => {
      throw new AppError('bad_input', 'Describe the situation in a sentence or two.');
    },
  };
  const unexpected = (what: string) => () => Promise.reject(new Error(`${what} is not expected here`));
  const dispatcher = (overrides: Partial<PartnershipModels> = {}) =>
    new CommandDispatcher({
      advisor: {
        ask: unexpected('ask'),
        askStream: () => {
          throw new Error('askStream is not expected here');
        },
        reindex: unexpected('reindex'),
        documents: unexpected('documents'),
        report: unexpected('report'),
        feedback: unexpected('feedback'),
      },
      models: { ...models, ...overrides },
      ledger: { claimEvent: unexpected('claimEvent'), hit: unexpected('hit') },
      logger: silentLogger,
      ratePerMinute: 10,
    });
  // No user: no rate limit to count (the policy itself is tested against the database in commands.test.ts).
  const caller = { channel: 'teams', isAdmin: false };
  const run = async (text: string, commands = dispatcher()) =>
    renderReply(await commands.runText(text, caller), { userId: 'aad-1' });

  it('renders a comparison from the names in the command', async () => {
    const reply = await run('compare joint venture vs licensing');
    expect(calls.at(-1)).toEqual(['joint venture', 'licensing']);
    expect(reply.message.text).toBe('Comparison: Joint venture vs Licensing');
  });

  it('offers "did you mean" buttons that resend the fixed command', async () => {
    const reply = await run('compare joint venture vs licencing');
    expect(reply.message.text).toBe('I don\'t know "licencing". Did you mean "Licensing" or "Co-creation"?');
    const card = reply.message.attachments?.[0]?.content as Node;
    expect(card.actions).toEqual([
      { type: 'Action.Submit', title: 'Licensing', data: { command: 'compare joint venture vs Licensing' } },
      { type: 'Action.Submit', title: 'Co-creation', data: { command: 'compare joint venture vs Co-creation' } },
    ]);
  });

  it('shows bad input as it is, and hides unexpected errors behind a reference', async () => {
    const bad = await run('recommend x');
    expect(bad.message.text).toBe('Describe the situation in a sentence or two.');
    const broken = await run('models', dispatcher({ list: () => Promise.reject(new Error('secret db detail')) }));
    expect(broken.message.text).toMatch(/Something went wrong on our side.*reference: [0-9a-f-]{36}/);
    expect(broken.message.text).not.toContain('secret');
  });

  it('refuses admin commands to others, saying which id to add', async () => {
    const refused = await run('reindex');
    expect(refused.message.text).toMatch(/^Only the advisor's administrators can use "reindex"\./);
    expect(refused.message.text).toContain('(aad-1) to TEAMS_ADMIN_AAD_IDS');
  });
});
