import { describe, expect, it } from 'vitest';
import { feedbackVote, renderThreadAnswer } from '../../src/channels/slack/answer-blocks.js';
import { renderReply } from '../../src/channels/slack/render-reply.js';
import { renderComparisonTable } from '../../src/channels/slack/table-blocks.js';
import { turnsFromThread } from '../../src/channels/slack/thread-history.js';
import type { ComparisonResult } from '../../src/core/models/types.js';
import type { AskResult } from '../../src/core/types.js';

const PINGS = /<!(channel|here|everyone)|<@U|<#C|<!subteam|@(channel|here|everyone)\b/;
// biome-ignore lint/suspicious/noExplicitAny: Block Kit JSON checked field by field.
const asAny = (value: unknown) => value as any;

const ANSWER_ID = '00000000-0000-4000-8000-000000000001';
function askResult(answer: string, notices: string[] = []): AskResult {
  return {
    answerId: ANSWER_ID,
    question: 'q',
    answer,
    abstained: false,
    coverage: 'answered',
    citations: [
      {
        n: 1,
        chunkId: 1,
        source: 'a.md',
        title: 'Chapter <@U9>',
        section: 'S',
        score: 1,
        text: 'p',
        url: 'https://x.example/a',
      },
    ],
    notices,
    searchQuery: 'q',
    timings_ms: { retrieve: 1, generate: 1, total: 2 },
  };
}

describe('answers in threads', () => {
  it('shows the text as a markdown block without pings or disguised links, then notices, sources and native feedback', () => {
    const { blocks, text } = renderThreadAnswer(
      askResult('Tell <!channel> and @here: see [the policy](https://evil.example/x) [1].', ['Quoted directly.']),
    );
    expect(asAny(blocks[0])).toEqual({
      type: 'markdown',
      text: 'Tell &lt;!channel&gt; and @\u2060here: see the policy (https://evil.example/x) [1].',
    });
    expect(asAny(blocks[1]).elements[0].text).toContain('Quoted directly.');
    expect(asAny(blocks[2]).text.text).toBe('*Sources*\n[1] <https://x.example/a|Chapter &lt;@U9&gt; › S>');
    const feedback = asAny(blocks.at(-1));
    expect(feedback).toMatchObject({ type: 'context_actions', block_id: 'advisor_feedback' });
    expect(feedback.elements[0]).toMatchObject({
      type: 'feedback_buttons',
      action_id: 'advisor_feedback_buttons',
      positive_button: { value: `up:${ANSWER_ID}` },
      negative_button: { value: `down:${ANSWER_ID}` },
    });
    expect(JSON.stringify(blocks)).not.toMatch(PINGS);
    expect(text).not.toMatch(PINGS);
  });

  it('says under the text how far the chapters cover it, and which command gives the full comparison', () => {
    const partial: AskResult = {
      ...askResult('Joint ventures share control [1]. The chapters do not cover exit clauses.'),
      coverage: 'partial',
      gap: 'exit clauses',
      suggestion: { command: 'compare', args: 'joint venture vs licensing', reason: 'full' },
    };
    const { blocks } = renderThreadAnswer(partial);
    const texts = blocks.map((b) => JSON.stringify(b));
    expect(asAny(blocks[0]).type).toBe('markdown');
    const coverage = texts.findIndex((t) => t.includes(':warning:'));
    const suggestion = texts.findIndex((t) => t.includes('/advisor compare joint venture vs licensing'));
    const sources = texts.findIndex((t) => t.includes('*Sources*'));
    expect(coverage).toBeGreaterThan(0);
    expect(suggestion).toBeGreaterThan(coverage);
    expect(sources).toBeGreaterThan(suggestion);
    // A fully answered question carries no coverage line.
    expect(JSON.stringify(renderThreadAnswer(askResult('A JV is a new entity [1].')).blocks)).not.toMatch(
      /:warning:|:no_entry_sign:/,
    );
  });

  it('reads the vote back from a feedback button, and nothing from a value it did not make', () => {
    expect(feedbackVote(`up:${ANSWER_ID}`)).toEqual({ vote: 'up', answerId: ANSWER_ID });
    expect(feedbackVote(`down:${ANSWER_ID}`)).toEqual({ vote: 'down', answerId: ANSWER_ID });
    expect(feedbackVote('positive_feedback')).toBeNull();
    expect(feedbackVote(undefined)).toBeNull();
  });

  it('keeps a streamed answer (native feedback block) in the thread history', () => {
    const { blocks } = renderThreadAnswer(askResult('A JV is a new entity [1].'));
    const turns = turnsFromThread(
      [
        { ts: '1.0', user: 'U1', text: 'What is a JV?' },
        { ts: '2.0', user: 'UBOT', bot_id: 'BBOT', text: 'A JV is a new entity &lt;x&gt; [1].', blocks },
      ],
      { beforeTs: '3.0', botUserId: 'UBOT', botId: 'BBOT' },
    );
    expect(turns).toEqual([{ question: 'What is a JV?', answer: 'A JV is a new entity <x> [1].' }]);
  });

  it('renders answers for slash commands (ephemeral) with sections and plain buttons instead', () => {
    const { blocks } = renderReply({ kind: 'answer', result: askResult('A JV [1].') }, { ephemeral: true });
    expect(blocks.some((b) => b.type === 'markdown')).toBe(false);
    expect(asAny(blocks.at(-1)).type).toBe('actions');
  });
});

describe('comparison table', () => {
  const comparison: ComparisonResult = {
    models: [
      { id: 'joint-venture', name: 'Joint venture', aliases: [] },
      { id: 'alliance', name: 'Alliance <!here>', aliases: [] },
    ],
    rows: [
      {
        dimension: { id: 'definition', label: 'What it is' },
        cells: [
          { text: 'A new entity:\n- owned by <@U1>\n- run by a board', covered: true, citations: [1, 2] },
          { text: '', covered: false, citations: [] },
        ],
      },
      {
        dimension: { id: 'risks', label: 'Risks' },
        cells: [
          { text: 'word '.repeat(400), covered: true, citations: [1] },
          { text: 'Tell @channel', covered: true, citations: [] },
        ],
      },
    ],
    citations: [],
    notices: [],
    timings_ms: { total: 1 },
  } as unknown as ComparisonResult;

  it('puts a row per dimension and a column per model, markers in the cells, nothing that pings', () => {
    const { blocks, text } = renderComparisonTable(comparison);
    const table = asAny(blocks.find((b) => b.type === 'table'));
    expect(table.rows.map((r: Array<{ text: string }>) => r[0]?.text)).toEqual(['Dimension', 'What it is', 'Risks']);
    expect(table.rows[0][2].text).toBe('Alliance ＜!here＞');
    expect(table.rows[1][1].text).toBe('A new entity: • owned by ＜@U1＞ • run by a board [1][2]');
    expect(table.rows[1][2].text).toBe('Not covered in the chapters.');
    // A long cell is cut short and keeps its marker.
    expect(table.rows[2][1].text.length).toBeLessThanOrEqual(600);
    expect(table.rows[2][1].text).toMatch(/… \[1\]$/);
    expect(JSON.stringify(blocks)).not.toMatch(PINGS);
    expect(text).toBe('Comparison: Joint venture vs Alliance &lt;!here&gt;');
  });

  it('is used in threads only: ephemeral replies keep a section per dimension', () => {
    const thread = renderReply({ kind: 'comparison', result: comparison });
    const ephemeral = renderReply({ kind: 'comparison', result: comparison }, { ephemeral: true });
    expect(thread.blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    expect(ephemeral.blocks.some((b) => b.type === 'table')).toBe(false);
    expect(ephemeral.blocks.filter((b) => b.type === 'section' && asAny(b).fields)).toHaveLength(2);
  });
});
