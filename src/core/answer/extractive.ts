import type { Passage } from '../retrieval/retriever.js';
import { type CorpusStats, termsOf } from '../text/corpus-stats.js';
import type { Glossary } from '../text/glossary.js';
import { jaccard, shingles } from '../text/similarity.js';
import { splitSentences } from '../text/sentences.js';

export interface ExtractiveOptions {
  readonly maxSentences: number;
  readonly maxChars: number;
}

const DEFAULTS: ExtractiveOptions = { maxSentences: 4, maxChars: 700 };

interface Candidate {
  text: string;
  bullet: boolean;
  passageIndex: number;
  position: number;
  score: number;
}

/** Keeps a long bullet readable: its first two sentences. */
function trimUnit(text: string): string {
  const parts = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
  return parts.length > 2 ? parts.slice(0, 2).join(' ') : text;
}

/**
 * The zero-configuration answerer: a concise answer made of the passages' most relevant sentences,
 * each followed by the [n] of the passage it comes from. It never writes a word of its own.
 */
export function extractiveAnswer(input: {
  readonly question: readonly string[];
  readonly passages: readonly Passage[];
  readonly stats: CorpusStats;
  readonly glossary: Glossary;
  readonly options?: Partial<ExtractiveOptions>;
}): string {
  const options = { ...DEFAULTS, ...input.options };
  const weights = new Map(input.question.map((t) => [t, input.stats.idf(t)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;

  const candidates: Candidate[] = [];
  input.passages.forEach((passage, passageIndex) => {
    const sectionTerms = new Set(termsOf(passage.section, input.glossary));
    const sectionMatch = [...weights.keys()].some((t) => sectionTerms.has(t));
    for (const unit of splitSentences(passage.text)) {
      const text = trimUnit(unit.text);
      if (text.length < 25 || /:$/.test(text)) continue; // list lead-ins ("Co-creation enables organizations to:")
      const have = new Set(termsOf(text, input.glossary));
      let covered = 0;
      for (const [t, w] of weights) if (have.has(t)) covered += w;
      let score = covered / total;
      score += 0.12 / (passageIndex + 1); // trust the retrieval order
      if (unit.position === 0 && sectionMatch) score += 0.15; // a section's opening line defines its topic
      candidates.push({ text, bullet: unit.bullet, passageIndex, position: unit.position, score });
    }
  });
  if (candidates.length === 0) return '';

  candidates.sort((a, b) => b.score - a.score);
  const bestScore = candidates[0]?.score ?? 0;
  const chosen: Array<Candidate & { shingles: Set<string> }> = [];
  let chars = 0;
  for (const c of candidates) {
    if (chosen.length >= options.maxSentences) break;
    if (c.score < bestScore * 0.55) break;
    if (chosen.length > 0 && chars + c.text.length > options.maxChars) continue;
    const sh = shingles(c.text);
    if (chosen.some((o) => jaccard(sh, o.shingles) > 0.5)) continue;
    chosen.push({ ...c, shingles: sh });
    chars += c.text.length;
  }
  // Read in document order: by passage rank, then position inside the passage.
  chosen.sort((a, b) => a.passageIndex - b.passageIndex || a.position - b.position);
  const lines = chosen.map((c) => `${c.text} [${c.passageIndex + 1}]`);
  const bullets = chosen.filter((c) => c.bullet).length;
  return bullets >= 2 ? lines.map((l) => `- ${l}`).join('\n') : lines.join(' ');
}
