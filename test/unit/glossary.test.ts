import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Glossary } from '../../src/core/text/glossary.js';
import { queryTerms } from '../../src/core/text/query-terms.js';

const glossary = Glossary.parse(readFileSync('knowledge/glossary.json', 'utf8'));

describe('glossary', () => {
  it('maps abbreviations and their spelled-out forms to one concept', () => {
    expect(glossary.findConcepts('What are the risks of a JV?')).toEqual(['joint-venture']);
    expect(glossary.findConcepts('risks of joint ventures')).toEqual(['joint-venture']);
    expect(glossary.findConcepts('Should we consider M&A?')).toContain('mergers-and-acquisitions');
    expect(glossary.findConcepts('co-marketing with a partner')).toContain('joint-marketing');
    expect(glossary.findConcepts('a PPP with the city')).toContain('public-private-partnership');
    expect(glossary.findConcepts('who owns the IP?')).toContain('intellectual-property');
  });

  it('does not see concepts that are not there', () => {
    expect(glossary.findConcepts('What is the capital of Australia?')).toEqual([]);
  });

  it('expands a query for full-text search and folds the words a concept stands for', () => {
    const q = queryTerms('JV governance', glossary);
    expect(q.searchWords).toEqual(expect.arrayContaining(['jv', 'joint', 'venture', 'governance']));
    expect(q.terms).toContain('concept:joint-venture');
    expect(q.terms).not.toContain('jv');
  });

  it('rejects a broken glossary file with a message that says what to fix', () => {
    expect(() => Glossary.parse('{ nope')).toThrow(/glossary.json is not valid JSON/);
    expect(() => Glossary.parse('{"concepts":[{"id":"Bad Id","term":"x"}]}')).toThrow(/invalid shape/);
  });
});
