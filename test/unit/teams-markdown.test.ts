import { describe, expect, it } from 'vitest';
import { answerToTeamsMarkdown, escapeTeamsMarkdown, teamsLink } from '../../src/channels/teams/markdown.js';
import { renderAnswer } from '../../src/channels/teams/render-answer.js';
import { renderRecommendation } from '../../src/channels/teams/render-cards.js';
import type { AskResult, Citation } from '../../src/core/types.js';
import { linksIn, shownText } from '../support/teams-markdown.js';

const HOSTILE = [
  '[Verify your SSO](https://evil.example/login)',
  '![pixel](https://evil.example/p.png)',
  '<a href="https://evil.example">click</a> <img src=x onerror=alert(1)>',
  '<https://evil.example/autolink>',
  'see https://evil.example/login or www.evil.example',
  '[ref][1]\n\n[1]: https://evil.example/ref',
  '**bold** _it_ `code` ~~gone~~ # heading | a | b |',
  '\\[escaped\\](https://evil.example/x) &lt;b&gt;',
];

describe('Teams Markdown escaping', () => {
  it('shows untrusted text exactly as written, with no link, tag or address Teams would follow', () => {
    for (const text of HOSTILE) {
      const md = escapeTeamsMarkdown(text);
      expect(shownText(md)).toBe(text);
      expect(linksIn(md)).toEqual([]);
      expect(md).not.toMatch(/(?<!\\)[<>[\]()*_`]/);
      expect(md).not.toMatch(/https?:\/\/|www\./i);
    }
  });

  it('keeps the citation markers, bold and list items of an answer, and nothing that links', () => {
    const answer = [
      '**Risks** of a joint venture [1]',
      '- control disputes [2]',
      '## Exit',
      '[1]: https://evil.example/ref',
      '[2](https://evil.example/login)',
    ].join('\n');
    const md = answerToTeamsMarkdown(answer);
    expect(md.split('\n').slice(0, 3)).toEqual([
      '**Risks** of a joint venture [1]',
      '- control disputes [2]',
      '**Exit**',
    ]);
    expect(linksIn(md)).toEqual([]);
    expect(md).not.toMatch(/^\[1\]:/m);
    expect(md).not.toMatch(/https?:\/\//);
  });

  it('links only http(s) citation URLs, with the label escaped', () => {
    expect(teamsLink('https://intranet.example.com/a_(b)', 'Guide [v2]')).toBe(
      '[Guide \\[v2\\]](https://intranet.example.com/a_%28b%29)',
    );
    expect(teamsLink('javascript:alert(1)', 'Guide')).toBe('Guide');
    expect(teamsLink('not a url', 'Guide')).toBe('Guide');
    expect(teamsLink(undefined, 'Guide')).toBe('Guide');
  });

  it('escapes model output and chapter text in answers and cards, and keeps citation links', () => {
    const result: AskResult = {
      answerId: '00000000-0000-4000-8000-000000000001',
      question: 'q',
      answer: 'A joint venture [1]. [Reset your password](https://evil.example/reset)',
      abstained: false,
      coverage: 'answered',
      citations: [jvCitation('javascript:alert(1)')],
      notices: ['Model said [click](https://evil.example)'],
      searchQuery: 'q',
      timings_ms: { retrieve: 1, generate: 1, total: 2 },
    };
    const message = renderAnswer(result).message;
    expect(linksIn(message.text ?? '')).toEqual([]);
    expect(JSON.stringify(message.entities)).not.toContain('javascript:');

    const card = renderRecommendation({
      situation: 'We [log in here](https://evil.example/login)',
      recommendations: [],
      citations: [jvCitation('https://intranet.example.com/jv')],
      clarifyingQuestions: ['Is it [this](https://evil.example/q)?'],
      notices: [],
    }).message;
    expect(linksIn(textsOf(card.attachments).join('\n'))).toEqual(['https://intranet.example.com/jv']);
  });
});

function jvCitation(url: string): Citation {
  return {
    n: 1,
    chunkId: 1,
    source: 'jv.md',
    title: 'Joint ventures',
    section: 'Risks',
    score: 1,
    text: 'Passage <b>text</b>',
    url,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: walking card JSON.
function textsOf(node: any): string[] {
  if (Array.isArray(node)) return node.flatMap(textsOf);
  if (node && typeof node === 'object') {
    return [...(node.type === 'TextBlock' ? [String(node.text)] : []), ...Object.values(node).flatMap(textsOf)];
  }
  return [];
}
