import { describe, expect, it } from 'vitest';
import { HELP, parseCommandText } from '../../src/core/commands/index.js';

describe('command text (every text channel)', () => {
  it.each([
    ['', { name: 'help', args: {} }],
    ['help', { name: 'help', args: {} }],
    ['  HELP ', { name: 'help', args: {} }],
    ['?', { name: 'help', args: {} }],
    ['--help', { name: 'help', args: {} }],
    ['models', { name: 'models', args: {} }],
    ['catalog', { name: 'models', args: {} }],
    ['sources', { name: 'sources', args: {} }],
    ['docs', { name: 'sources', args: {} }],
    ['reindex', { name: 'reindex', args: {} }],
    ['/reindex', { name: 'reindex', args: {} }],
    ['ask What is a JV?', { name: 'ask', args: { question: 'What is a JV?' } }],
    ['ask   What is a JV?', { name: 'ask', args: { question: 'What is a JV?' } }],
    ['What is a JV?', { name: 'ask', args: { question: 'What is a JV?' } }],
    ['compare joint venture vs licensing', { name: 'compare', args: { models: ['joint venture', 'licensing'] } }],
    [
      'compare joint venture vs licensing VS. alliance',
      { name: 'compare', args: { models: ['joint venture', 'licensing', 'alliance'] } },
    ],
    [
      'compare JV vs. licensing versus co-creation',
      { name: 'compare', args: { models: ['JV', 'licensing', 'co-creation'] } },
    ],
    ['compare JV, licensing', { name: 'compare', args: { models: ['JV', 'licensing'] } }],
    ['compare: JV, licensing', { name: 'compare', args: { models: ['JV', 'licensing'] } }],
    ['compare the risks of licensing', { name: 'ask', args: { question: 'compare the risks of licensing' } }],
    [
      'recommend we share data with a startup',
      { name: 'recommend', args: { situation: 'we share data with a startup' } },
    ],
    ['models for a hospital?', { name: 'ask', args: { question: 'models for a hospital?' } }],
    ['help me choose a partner', { name: 'ask', args: { question: 'help me choose a partner' } }],
    ['hello', { name: 'ask', args: { question: 'hello' } }],
  ])('%j', (text, command) => {
    expect(parseCommandText(text)).toEqual({ command });
  });

  it('says what is missing when a command lacks its argument, with an example to copy', () => {
    const hint = (text: string) => {
      const parsed = parseCommandText(text);
      return 'reply' in parsed && parsed.reply.kind === 'help' ? parsed.reply.hint : undefined;
    };
    expect(hint('compare')).toEqual({
      text: expect.stringMatching(/at least two models/),
      example: 'compare joint venture vs licensing',
    });
    expect(hint('compare JV')?.text).toMatch(/at least two models/);
    expect(hint('recommend')?.text).toMatch(/Describe your situation/);
    expect(hint('ask')?.text).toMatch(/Add your question/);
    expect(hint('ask')?.example).toMatch(/^ask \w/);
  });

  it('suggests the command a one-word typo meant, and leaves other words to be asked', () => {
    expect(parseCommandText('modles')).toMatchObject({ reply: { kind: 'help', hint: { example: 'models' } } });
    expect(parseCommandText('sourcse')).toMatchObject({ reply: { kind: 'help', hint: { example: 'sources' } } });
    expect(parseCommandText('licensing')).toEqual({ command: { name: 'ask', args: { question: 'licensing' } } });
    expect(parseCommandText('modles of partnership')).toMatchObject({ command: { name: 'ask' } });
  });

  it('lists every command once in help, admin-only ones marked', () => {
    expect(HELP.map((c) => c.name)).toEqual([
      'ask',
      'compare',
      'models',
      'recommend',
      'sources',
      'reindex',
      'report',
      'help',
    ]);
    expect(HELP.filter((c) => c.adminOnly).map((c) => c.name)).toEqual(['reindex', 'report']);
    expect(HELP.find((c) => c.name === 'compare')?.usage).toBe('compare <model> vs <model> [vs ...]');
  });
});
