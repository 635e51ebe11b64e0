import { describe, expect, it } from 'vitest';
import { type Block, MAX_BLOCKS, renderAnswer, SECTION_LIMIT } from '../../src/channels/slack/blocks.js';
import {
  renderComparison,
  renderModels,
  renderRecommendation,
  renderUnknownModel,
} from '../../src/channels/slack/model-blocks.js';
import { escapeMrkdwn, mrkdwnLink, splitMrkdwn, unescapeMrkdwn } from '../../src/channels/slack/mrkdwn.js';
import { turnsFromThread } from '../../src/channels/slack/thread-history.js';
import type {
  CatalogModel,
  ComparisonDimensionId,
  ComparisonResult,
  ModelsResult,
  RecommendResult,
} from '../../src/core/models/types.js';
import type { AskResult, Citation } from '../../src/core/types.js';

const PINGS = /<!(channel|here|everyone)|<@U|<#C|<!subteam/;

function citation(n: number, over: Partial<Citation> = {}): Citation {
  return {
    n,
    chunkId: n,
    source: `chapter-${n}.md`,
    title: `Chapter ${n}`,
    section: `Section ${n}`,
    score: 0.5,
    text: `Passage ${n}.`,
    ...over,
  };
}

function askResult(answer: string, citations: Citation[] = [citation(1)]): AskResult {
  return {
    answerId: '00000000-0000-4000-8000-000000000001',
    question: 'q',
    answer,
    abstained: false,
    coverage: 'answered',
    citations,
    notices: [],
    searchQuery: 'q',
    timings_ms: { retrieve: 1, generate: 1, total: 2 },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON, checked field by field.
const asAny = (b: Block) => b as any;
const sectionTexts = (blocks: Block[]) =>
  blocks.filter((b) => b.type === 'section' && asAny(b).text).map((b) => asAny(b).text.text as string);

function expectWithinLimits(blocks: Block[]) {
  expect(blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of blocks) {
    const block = asAny(b);
    if (block.text?.text) expect(block.text.text.length).toBeLessThanOrEqual(SECTION_LIMIT);
    if (block.fields) {
      expect(block.fields.length).toBeLessThanOrEqual(10);
      for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
  }
}

describe('mrkdwn escaping', () => {
  it('turns broadcasts, user pings and links into inert text', () => {
    const text =
      'Hey <!channel> <!here> <!everyone> <@U123> <#C42|general> <!subteam^S1> @here & @channel <https://x|y>';
    const escaped = escapeMrkdwn(text);
    expect(escaped).not.toMatch(PINGS);
    expect(escaped).not.toMatch(/@(here|channel)\b/);
    expect(escaped).toContain('&lt;!channel&gt;');
    expect(escaped).toContain('&amp;');
    expect(unescapeMrkdwn(escaped)).toBe(text);
  });

  it('builds links that cannot break out of <url|label>, and only for http(s)', () => {
    expect(mrkdwnLink('https://ex.com/a?b=1&c=2|x', 'Title > <!here>')).toBe(
      '<https://ex.com/a?b=1&c=2%7Cx|Title &gt; &lt;!here&gt;>',
    );
    expect(mrkdwnLink('javascript:alert(1)', 'T')).toBe('T');
    expect(mrkdwnLink(undefined, 'a|b')).toBe('a¦b');
  });

  it('splits long text at boundaries without cutting an entity', () => {
    const text = `${'word '.repeat(500)}&amp;${' more'.repeat(500)}`;
    const pieces = splitMrkdwn(text, 1000);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(1000);
      expect(p).not.toMatch(/&a?m?p?$/);
    }
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });
});

describe('answer blocks', () => {
  it('splits a long answer into sections under 3,000 characters and keeps every word', () => {
    const sentences = Array.from(
      { length: 120 },
      (_, i) => `Sentence ${i} explains a partnership point in detail [1].`,
    );
    const answer = sentences.join(' ');
    const { blocks, text } = renderAnswer(askResult(answer));
    const texts = sectionTexts(blocks).filter((t) => !t.startsWith('*Sources*'));
    expect(texts.length).toBeGreaterThan(1);
    expectWithinLimits(blocks);
    expect(texts.join(' ')).toBe(answer);
    expect(text.length).toBeLessThanOrEqual(SECTION_LIMIT);
    expect(asAny(blocks.at(-1) as Block).block_id).toBe('advisor_feedback');
  });

  it('caps a huge answer at 50 blocks, keeping the sources and the buttons', () => {
    const { blocks } = renderAnswer(askResult('All work and no play. '.repeat(20_000)));
    expectWithinLimits(blocks);
    expect(blocks).toHaveLength(MAX_BLOCKS);
    expect(JSON.stringify(blocks)).toContain('too long for one Slack message');
    expect(sectionTexts(blocks).some((t) => t.startsWith('*Sources*'))).toBe(true);
    expect(asAny(blocks.at(-1) as Block).type).toBe('actions');
  });

  it('lists sources as [n] Title › Section, linked when there is a URL, and escapes everything', () => {
    const { blocks } = renderAnswer(
      askResult('Use <!channel> **carefully** [1][2].', [
        citation(1, { url: 'https://intranet.example.com/jv' }),
        citation(2, { title: 'Risks <@U99>', section: '' }),
      ]),
    );
    const texts = sectionTexts(blocks);
    expect(texts[0]).toBe('Use &lt;!channel&gt; *carefully* [1][2].');
    expect(texts[1]).toBe(
      '*Sources*\n[1] <https://intranet.example.com/jv|Chapter 1 › Section 1>\n[2] Risks &lt;@U99&gt;',
    );
    expect(JSON.stringify(blocks)).not.toMatch(PINGS);
  });
});

const jv: CatalogModel = { id: 'joint-venture', name: 'Joint venture', aliases: ['JV'] };
const lic: CatalogModel = { id: 'licensing', name: 'Licensing and IP sharing', aliases: ['licensing'] };
const alliance: CatalogModel = { id: 'strategic-alliance', name: 'Strategic alliance <!here>', aliases: [] };
const DIMENSIONS: Array<[ComparisonDimensionId, string]> = [
  ['definition', 'What it is'],
  ['ai_uses', 'Typical AI uses'],
  ['benefits', 'Benefits'],
  ['risks', 'Risks and considerations'],
  ['governance', 'Governance'],
  ['ip_and_data', 'IP and data'],
  ['examples', 'Examples'],
];

describe('comparison blocks', () => {
  const comparison: ComparisonResult = {
    models: [jv, lic, alliance],
    rows: DIMENSIONS.map(([id, label], d) => ({
      dimension: { id, label },
      cells: [jv, lic, alliance].map((m, i) =>
        i === 2 && id === 'examples'
          ? { text: 'Not covered in the chapters.', covered: false, citations: [] }
          : {
              text: `${m.name} ${label}: ${'detail '.repeat(d === 3 ? 600 : 10)}`,
              covered: true,
              citations: [1 + ((d + i) % 3)],
            },
      ),
    })),
    citations: [citation(1), citation(2, { url: 'https://ex.com/2' }), citation(3)],
    notices: ['One model is barely covered.'],
    timings_ms: { total: 12 },
  };

  it('renders one section per dimension with one field per model, citations below, within limits', () => {
    const { blocks, text } = renderComparison(comparison);
    expectWithinLimits(blocks);
    expect(asAny(blocks[0] as Block)).toMatchObject({ type: 'header' });
    const rows = blocks.filter((b) => b.type === 'section' && asAny(b).fields);
    expect(rows).toHaveLength(DIMENSIONS.length);
    expect(asAny(rows[2] as Block).text.text).toBe('*Benefits*');
    expect(asAny(rows[2] as Block).fields.map((f: { text: string }) => f.text.split('\n')[0])).toEqual([
      '*Joint venture*',
      '*Licensing and IP sharing*',
      '*Strategic alliance &lt;!here&gt;*',
    ]);
    // A long cell is cut under the 2,000-character field limit and keeps its citation marker.
    expect(asAny(rows[3] as Block).fields[0].text).toMatch(/…\s\[\d\]$/);
    expect(asAny(rows[6] as Block).fields[2].text).toBe(
      '*Strategic alliance &lt;!here&gt;*\n_Not covered in the chapters._',
    );
    const sources = sectionTexts(blocks).find((t) => t.startsWith('*Sources*'));
    expect(sources).toContain('[2] <https://ex.com/2|Chapter 2 › Section 2>');
    expect(JSON.stringify(blocks)).toContain('One model is barely covered.');
    expect(text).toContain('Joint venture vs Licensing and IP sharing');
    expect(JSON.stringify(blocks)).not.toMatch(PINGS);
  });

  it('shows a cell that quotes a list as escaped "•" lines, with the markers after the last item', () => {
    const listed: ComparisonResult = {
      ...comparison,
      models: [jv],
      rows: [
        {
          dimension: { id: 'governance', label: 'Governance' },
          cells: [
            { text: 'Boards decide:\n- budgets & <!here> hires\n- exit terms', covered: true, citations: [2, 3] },
          ],
        },
      ],
    };
    const field = asAny(renderComparison(listed).blocks[1] as Block).fields[0].text;
    expect(field).toBe('*Joint venture*\nBoards decide:\n• budgets &amp; &lt;!here&gt; hires\n• exit terms [2][3]');
  });

  it('lists the catalog with definitions and their sources', () => {
    const result: ModelsResult = {
      models: [
        { model: jv, definition: 'Two firms form a new entity.', covered: true, citations: [citation(1)] },
        { model: alliance, definition: 'Not covered in the chapters.', covered: false, citations: [] },
      ],
    };
    const { blocks } = renderModels(result);
    expectWithinLimits(blocks);
    const body = sectionTexts(blocks).join('\n');
    expect(body).toContain('• *Joint venture* (JV): Two firms form a new entity. _(Chapter 1 › Section 1)_');
    expect(body).toContain('• *Strategic alliance &lt;!here&gt;*: _Not covered in the chapters._');
  });

  it('renders recommendations with fit, reasons, clarifying questions and sources', () => {
    const result: RecommendResult = {
      situation: 'We need a startup <@U1> model but keep our data',
      recommendations: [
        { model: lic, score: 0.82, reasons: [{ text: 'Access without acquisition', citations: [1] }] },
        { model: jv, score: 0.4, reasons: [{ text: 'Shared control', citations: [2] }] },
      ],
      citations: [citation(1), citation(2)],
      clarifyingQuestions: ['Do you need exclusive IP?'],
      notices: [],
    };
    const { blocks, text } = renderRecommendation(result);
    expectWithinLimits(blocks);
    const body = sectionTexts(blocks).join('\n');
    expect(body).toContain('*1. Licensing and IP sharing* · 82% fit\n• Access without acquisition [1]');
    expect(body).toContain('*2. Joint venture* · 40% fit');
    expect(body).toContain('*To sharpen this:*\n• Do you need exclusive IP?');
    expect(body).toContain('&lt;@U1&gt;');
    expect(text).toBe('Recommended: Licensing and IP sharing, Joint venture');
  });

  it('answers an unknown model with "did you mean"', () => {
    const { text } = renderUnknownModel('joint ventur', ['Joint venture']);
    expect(text).toBe(
      "I don't know the partnership model “joint ventur”. Did you mean *Joint venture*? Type `/advisor models` to see every model I can compare.",
    );
  });
});

describe('thread history', () => {
  it('pairs each of our answers with the message before it, up to the message being answered', () => {
    const answerBlocks = [{ type: 'actions', block_id: 'advisor_feedback' }];
    const turns = turnsFromThread(
      [
        { ts: '1.0', user: 'U1', text: '<@UBOT> What is a JV &amp; why?' },
        { ts: '2.0', user: 'UBOT', bot_id: 'BBOT', text: 'A JV is a new entity &lt;x&gt; [1].', blocks: answerBlocks },
        { ts: '3.0', user: 'U2', text: 'side chat' },
        { ts: '4.0', user: 'UBOT', bot_id: 'BBOT', text: 'You have reached the limit.', blocks: [] },
        { ts: '5.0', user: 'U1', text: '<@UBOT> and its risks?' },
        { ts: '6.0', user: 'UBOT', bot_id: 'BBOT', text: 'Later answer', blocks: answerBlocks },
      ],
      { beforeTs: '5.0', botUserId: 'UBOT', botId: 'BBOT' },
    );
    expect(turns).toEqual([{ question: 'What is a JV & why?', answer: 'A JV is a new entity <x> [1].' }]);
  });
});

describe('Slack coverage and pointers', () => {
  it('puts a visible coverage notice above a partial answer, escaped', () => {
    const result: AskResult = {
      ...askResult("The chapters don't cover <exit> clauses. The closest guidance they give: align [1]."),
      coverage: 'partial',
      gap: '<exit> clauses & @here',
    };
    const { blocks } = renderAnswer(result);
    const first = asAny(blocks[0] as Block);
    expect(first.type).toBe('context');
    expect(first.elements[0].text).toMatch(
      /^:warning: \*Partly covered: the chapters don't cover &lt;exit&gt; clauses &amp; @/,
    );
    expect(JSON.stringify(blocks)).not.toMatch(PINGS);
    expect(JSON.stringify(blocks)).not.toMatch(/@here/);
  });

  it('shows no notice for an answered question', () => {
    expect(asAny(renderAnswer(askResult('Joint ventures create a new entity [1].')).blocks[0] as Block).type).toBe(
      'section',
    );
  });

  it('points a free-text comparison at the slash command that shows the full table', () => {
    const result: AskResult = {
      ...askResult('Joint ventures form a new entity [1].'),
      suggestion: {
        command: 'compare',
        args: 'Joint venture vs Strategic alliance',
        reason: 'full',
        models: ['Joint venture', 'Strategic alliance'],
      },
    };
    const texts = renderAnswer(result).blocks.flatMap((b) => (b.type === 'context' ? [asAny(b).elements[0].text] : []));
    expect(texts).toContain(
      ':bar_chart: Full comparison table: `/advisor compare Joint venture vs Strategic alliance`',
    );
  });
});
