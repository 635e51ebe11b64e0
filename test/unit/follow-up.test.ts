import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { carryOverTopic } from '../../src/core/answer/follow-up.js';
import { Glossary } from '../../src/core/text/glossary.js';

const glossary = Glossary.parse(readFileSync('knowledge/glossary.json', 'utf8'));
const history = [{ question: 'What is a joint venture?', answer: 'A joint venture is a new entity [1].' }];

describe('carryOverTopic', () => {
  it('carries the earlier topic into a pronoun follow-up', () => {
    expect(carryOverTopic('and what are its risks?', history, glossary)).toMatch(/joint venture/);
  });

  it('leaves a follow-up with its own topic alone', () => {
    expect(carryOverTopic('How does licensing work?', history, glossary)).toBe('How does licensing work?');
  });

  it('does nothing without history', () => {
    expect(carryOverTopic('and its risks?', [], glossary)).toBe('and its risks?');
  });
});

describe('carryOverTopic with corpus knowledge', () => {
  const known = (stem: string) => ['risk', 'govern', 'benefit'].includes(stem);
  it('carries the topic into a short follow-up made of known words', () => {
    expect(carryOverTopic('What are the risks?', history, glossary, known)).toMatch(/joint venture/);
  });
  it('does not drag the topic into an unrelated new question', () => {
    const q = 'What is the weather in Paris tomorrow?';
    expect(carryOverTopic(q, history, glossary, known)).toBe(q);
  });
});
