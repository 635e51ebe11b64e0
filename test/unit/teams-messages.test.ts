import { describe, expect, it } from 'vitest';
import { activityProblem } from '../../src/channels/teams/activity-shape.js';
import { parseFeedback } from '../../src/channels/teams/feedback.js';
import { isBotMentioned, questionText } from '../../src/channels/teams/mentions.js';
import { clip, renderAnswer } from '../../src/channels/teams/render-answer.js';
import type { AskResult } from '../../src/core/types.js';

const BOT = { id: '28:bot', name: 'Partnership Advisor' };

describe('Teams mentions', () => {
  const mention = { type: 'mention', text: '<at>Partnership Advisor</at>', mentioned: BOT };
  it('finds the bot among mentions and strips it, keeping other people by name', () => {
    const activity = {
      recipient: BOT,
      text: '<at>Partnership Advisor</at>&nbsp;what would <at>Kim</at> need for a JV &amp; a license?',
      entities: [mention, { type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:kim', name: 'Kim Lee' } }],
    };
    expect(isBotMentioned(activity)).toBe(true);
    expect(questionText(activity)).toBe('what would Kim Lee need for a JV & a license?');
  });

  it('does not count other mentions as addressed to the bot', () => {
    const activity = {
      recipient: BOT,
      text: '<at>Kim</at> see this',
      entities: [{ type: 'mention', text: '<at>Kim</at>', mentioned: { id: '29:kim', name: 'Kim' } }],
    };
    expect(isBotMentioned(activity)).toBe(false);
  });

  it('drops HTML from channel messages', () => {
    const activity = {
      recipient: BOT,
      entities: [mention],
      text: '<p><at>Partnership Advisor</at> compare JV<br>vs licensing</p>',
    };
    expect(questionText(activity)).toBe('compare JV\nvs licensing');
  });
});

describe('Teams feedback submissions', () => {
  it('reads a like, a dislike with a comment, and rejects anything else', () => {
    expect(
      parseFeedback({ actionName: 'feedback', actionValue: { reaction: 'like', feedback: '{"feedbackText":""}' } }),
    ).toEqual({
      vote: 'up',
      comment: undefined,
    });
    expect(
      parseFeedback({
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: { feedbackText: ' wrong chapter ' } },
      }),
    ).toEqual({ vote: 'down', comment: 'wrong chapter' });
    expect(parseFeedback({ actionName: 'feedback', actionValue: { reaction: 'meh' } })).toBeNull();
    expect(parseFeedback({ actionName: 'other', actionValue: { reaction: 'like' } })).toBeNull();
    expect(parseFeedback('like')).toBeNull();
  });

  it('keeps the vote when the comment is too long, with the comment cut to 2,000 characters', () => {
    const long = 'x'.repeat(5000);
    const parsed = parseFeedback({
      actionName: 'feedback',
      actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: long }) },
    });
    expect(parsed?.comment?.length).toBe(2000);
  });
});

describe('Teams answer rendering', () => {
  const result: AskResult = {
    answerId: 'ans-1',
    question: 'What are JV risks?',
    answer: 'Partners may disagree on control [1]. Exits are hard [2].',
    abstained: false,
    coverage: 'answered',
    citations: [
      {
        n: 1,
        chunkId: 1,
        source: 'jv.md',
        title: 'Joint ventures',
        section: 'Risks › Control',
        score: 1,
        text: 'word '.repeat(100),
        url: 'https://intranet.example.com/jv',
      },
      {
        n: 2,
        chunkId: 2,
        source: 'exits.md',
        title: 'Exit strategies',
        section: '',
        score: 1,
        text: 'Exits are hard.',
      },
    ],
    notices: ['The language model is unavailable right now.'],
    searchQuery: 'JV risks',
    timings_ms: { retrieve: 1, generate: 1, total: 2 },
  };

  it('carries citations, the AI label, feedback buttons, the answer id and the turn', () => {
    const reply = renderAnswer(result);
    expect(reply.answerId).toBe('ans-1');
    expect(reply.turn).toEqual({ question: 'What are JV risks?', answer: result.answer });
    expect(reply.message.text).toBe(`${result.answer}\n\n_The language model is unavailable right now._`);
    expect(reply.message.channelData).toEqual({ feedbackLoopEnabled: true });
    const [entity] = reply.message.entities ?? [];
    expect(entity?.citation).toEqual([
      {
        '@type': 'Claim',
        position: 1,
        appearance: {
          '@type': 'DigitalDocument',
          name: 'Joint ventures: Control',
          abstract: expect.stringMatching(/^(word ){30,}word…$/),
          url: 'https://intranet.example.com/jv',
          keywords: ['Risks', 'Control', 'jv.md'],
        },
      },
      {
        '@type': 'Claim',
        position: 2,
        appearance: {
          '@type': 'DigitalDocument',
          name: 'Exit strategies',
          abstract: 'Exits are hard.',
          keywords: ['exits.md'],
        },
      },
    ]);
    const claims = (entity?.citation ?? []) as Array<{ appearance: { abstract: string } }>;
    const abstract = claims[0]?.appearance.abstract ?? '';
    expect(abstract.length).toBeLessThanOrEqual(160);
  });

  it('opens a partial answer with a bold coverage notice and points a comparison at the compare command', () => {
    const reply = renderAnswer({
      ...result,
      coverage: 'partial',
      gap: 'risks specific to *joint ventures*',
      suggestion: { command: 'compare', args: 'Joint venture vs Licensing and IP sharing', reason: 'full' },
    });
    const text = String(reply.message.text);
    expect(text).toMatch(
      /^\*\*⚠️ Partly covered: the chapters don't cover risks specific to \\\*joint ventures\\\*\.\*\*\n\n/,
    );
    expect(text).toContain('Full comparison table: type **compare Joint venture vs Licensing and IP sharing**');
    expect(renderAnswer(result).message.text).not.toMatch(/covered/);
  });

  it('clips to a word boundary and flattens markdown', () => {
    expect(clip('## Title\n\n* a **bold** point', 100)).toBe('Title a bold point');
    expect(clip('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });
});

describe('Teams activity shape', () => {
  it('accepts a minimal activity and names every missing field otherwise', () => {
    const ok = {
      type: 'message',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversation: { id: 'a:1' },
      recipient: { id: '28:bot' },
    };
    expect(activityProblem(ok)).toBeNull();
    const problem = activityProblem({ type: 'message', text: 5 });
    expect(problem).toMatch(/serviceUrl/);
    expect(problem).toMatch(/channelId/);
    expect(problem).toMatch(/conversation/);
    expect(problem).toMatch(/recipient/);
    expect(problem).toMatch(/text must be a string/);
    expect(activityProblem('hello')).toMatch(/JSON object/);
  });
});
