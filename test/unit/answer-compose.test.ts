import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/core/answer/analyze-question.js';
import type { Aspect } from '../../src/core/answer/aspects.js';
import { composeAnswer } from '../../src/core/answer/compose.js';
import { type CoverageDecision, decideCoverage, termGap } from '../../src/core/answer/coverage.js';
import { evidenceUnits, type ScoredUnit, scoreUnits } from '../../src/core/answer/evidence.js';
import { chunkFiles } from '../../src/core/ingest/index.js';
import type { Passage } from '../../src/core/retrieval/retriever.js';
import { CorpusStats } from '../../src/core/text/corpus-stats.js';
import { Glossary } from '../../src/core/text/glossary.js';

const KNOWLEDGE = 'knowledge';
const glossary = Glossary.parse(readFileSync(path.join(KNOWLEDGE, 'glossary.json'), 'utf8'));
let chunks: Passage[] = [];
let stats: CorpusStats;

beforeAll(async () => {
  const files = readdirSync(KNOWLEDGE)
    .filter((f) => /\.(md|txt)$/.test(f))
    .map((f) => ({ path: f, text: readFileSync(path.join(KNOWLEDGE, f), 'utf8') }));
  const { chunks: drafts } = await chunkFiles(files);
  chunks = drafts.map((d, i) => ({ ...d, id: i + 1, score: 1, similarity: 0, coverage: 1 }));
  stats = CorpusStats.fromTexts(
    chunks.map((c) => `${c.title}\n${c.section}\n${c.text}`),
    glossary,
  );
});

/** The chunks of the sections whose heading path ends with one of `sections`, in that order. */
function passages(...sections: string[]): Passage[] {
  return sections.flatMap((s) => chunks.filter((c) => c.section === s || c.section.endsWith(`› ${s}`)));
}

function answer(question: string, given: Passage[]): { decision: CoverageDecision; text: string } {
  const analysis = analyzeQuestion(question, glossary);
  const units = evidenceUnits(given, glossary);
  const scored = new Map<Aspect, ScoredUnit[]>();
  for (const aspect of new Set<Aspect>([...analysis.aspects, 'definition'])) {
    scored.set(aspect, scoreUnits(units, analysis, aspect));
  }
  const decision = decideCoverage({ analysis, units, scored, question, known: (s) => stats.knows(s) });
  return { decision, text: composeAnswer({ analysis, scored, decision }) };
}

const words = (text: string) =>
  text
    .replace(/\[\d+\]/g, '')
    .split(/\s+/)
    .filter(Boolean).length;

describe('evidence, coverage and composition on the shipped chapters', () => {
  it('opens a definition with the defining sentence, without a filler list of other types', () => {
    const { decision, text } = answer(
      'What is supplier collaboration?',
      passages('Supplier Collaboration', 'Conclusion'),
    );
    expect(decision.coverage).toBe('answered');
    expect(text).toMatch(/^Supplier collaboration involves partnering with suppliers/);
    expect(text).not.toMatch(/represent just a few/);
  });

  it('keeps a list whole, lead-in and every item, and answers two aspects', () => {
    const { decision, text } = answer(
      'What are the benefits and risks of co-creation?',
      passages('Benefits of Co-Creation', 'Considerations for Co-Creation', 'Co-Creation'),
    );
    expect(decision.coverage).toBe('answered');
    expect(text).toMatch(/Co-creation enables organizations to: \[\d\]\n- Leverage diverse perspectives/);
    expect(text.match(/^- /gm)?.length).toBe(10);
    expect(text).toMatch(/Co-creation requires organizations to:/);
  });

  it('says first what is not covered, then the closest guidance, when the aspect is missing for the topic', () => {
    const { decision, text } = answer(
      'What are the downsides of a platform partnership?',
      passages('Platform Partnerships', 'Benefits and Challenges'),
    );
    expect(decision).toMatchObject({ coverage: 'partial', gap: 'risks specific to platform partnerships' });
    expect(text).toMatch(
      /^The chapters don't cover risks specific to platform partnerships\. The closest guidance they give: /,
    );
    expect(text).toMatch(/disputes are common/);
    expect(text).not.toMatch(/App Store/);
  });

  it('decides "not covered" when what the question is about is absent, and names it', () => {
    const { decision } = answer(
      'How much equity should we ask for in a joint venture?',
      passages('Joint Ventures', 'Joint Marketing and Sales'),
    );
    expect(decision).toMatchObject({ coverage: 'not_covered', gap: 'equity' });
  });

  it('is partial for a question that mixes a covered and an uncovered part, naming the uncovered part', () => {
    const { decision, text } = answer(
      'What are the benefits and tax implications of a joint venture?',
      passages('Joint Ventures', 'Types of Partnerships'),
    );
    expect(decision).toMatchObject({ coverage: 'partial', gap: 'tax implications' });
    expect(text).toMatch(/pool resources and capabilities while sharing risks and rewards/);
  });

  it('does not quote sentences about the book', () => {
    const { text } = answer('What is co-creation?', passages('Co-Creation', 'Conclusion'));
    expect(text).not.toMatch(/following chapters|this chapter/i);
  });

  it('keeps answers short', () => {
    for (const [q, sections] of [
      ['What is a joint venture?', ['Joint Ventures', 'Types of Partnerships']],
      ['How do we get a licensing partnership right?', ['Licensing and Intellectual Property Sharing']],
      ['Can you give me real examples of innovation partnerships?', ['Case Studies and Examples']],
    ] as const) {
      expect(words(answer(q, passages(...sections)).text), q).toBeLessThanOrEqual(220);
    }
  });

  it("names a gap in the question's own words", () => {
    const known = (s: string) => stats.knows(s);
    const analysis = analyzeQuestion('Who owns the model weights when two companies train a model together?', glossary);
    expect(
      termGap('Who owns the model weights when two companies train a model together?', analysis.keyTerms, known),
    ).toBe('model weights');
  });
});
