import type { Passage } from '../retrieval/retriever.js';
import { type CorpusStats, termsOf } from '../text/corpus-stats.js';
import type { Glossary } from '../text/glossary.js';
import { splitSentences } from '../text/sentences.js';
import { jaccard, shingles } from '../text/similarity.js';

export interface ExtractiveOptions {
  readonly maxSentences: number;
  readonly maxChars: number;
}

const DEFAULTS: ExtractiveOptions = { maxSentences: 4, maxChars: 900 };

interface Candidate {
  text: string;
  bullet: boolean;
  passageIndex: number;
  position: number;
  score: number;
  /** Bullets that follow a list lead-in ("Some best practices include:"), shown under it. */
  items: string[];
}

/** Sentences about the book rather than the topic ("In the following chapters, we explore ..."). */
const META =
  /\b(?:this chapter|following chapters?|next chapter|this section|we (?:will )?(?:explore|discuss|examine|look at))\b/i;

/** Keeps a long bullet readable: its first two sentences. */
function trimUnit(text: string, sentences = 2): string {
  const parts = text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
  return parts.length > sentences ? parts.slice(0, sentences).join(' ') : text;
}

/**
 * The zero-configuration answerer: a concise answer made of the passages' most relevant sentences,
 * each followed by the [n] of the passage it comes from. It never writes a word of its own.
 */
export function extractiveAnswer(input: {
  readonly question: readonly string[];
  /**
   * Terms of the literal question. In a follow-up ("and how is it governed?") the search query also
   * carries the earlier topic; sentences on the new aspect must win over ones that only repeat the topic.
   */
  readonly focus?: readonly string[];
  readonly passages: readonly Passage[];
  readonly stats: CorpusStats;
  readonly glossary: Glossary;
  readonly options?: Partial<ExtractiveOptions>;
}): string {
  const options = { ...DEFAULTS, ...input.options };
  const weights = new Map(input.question.map((t) => [t, input.stats.idf(t)]));
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const focusWeights = new Map((input.focus ?? []).map((t) => [t, input.stats.idf(t)]));
  const focusTotal = [...focusWeights.values()].reduce((a, b) => a + b, 0) || 1;

  const candidates: Candidate[] = [];
  input.passages.forEach((passage, passageIndex) => {
    const sectionTerms = new Set(termsOf(passage.section, input.glossary));
    const sectionMatch = [...weights.keys()].some((t) => sectionTerms.has(t));
    const units = splitSentences(passage.text);
    units.forEach((unit, i) => {
      const leadIn = /:$/.test(unit.text);
      const items = leadIn ? followingBullets(units, i) : [];
      // A lead-in without its list is noise ("Co-creation enables organizations to:").
      if (leadIn && items.length === 0) return;
      const text = leadIn ? unit.text : trimUnit(unit.text);
      if (text.length < 25) return;
      const have = new Set(termsOf(text, input.glossary));
      let covered = 0;
      for (const [t, w] of weights) if (have.has(t)) covered += w;
      let score = covered / total;
      if (focusWeights.size) {
        let focusCovered = 0;
        for (const [t, w] of focusWeights) if (have.has(t)) focusCovered += w;
        score += (0.5 * focusCovered) / focusTotal;
      }
      score += 0.12 / (passageIndex + 1); // trust the retrieval order
      if (unit.position === 0 && sectionMatch) score += 0.15; // a section's opening line defines its topic
      if (META.test(text)) score *= 0.4;
      candidates.push({ text, bullet: unit.bullet, passageIndex, position: unit.position, score, items });
    });
  });
  if (candidates.length === 0) return '';

  candidates.sort((a, b) => b.score - a.score);
  const bestScore = candidates[0]?.score ?? 0;
  const chosen: Array<Candidate & { shingles: Set<string> }> = [];
  let chars = 0;
  for (const c of candidates) {
    if (chosen.length >= options.maxSentences) break;
    if (c.score < bestScore * 0.55) break;
    const size = c.text.length + c.items.reduce((n, item) => n + item.length, 0);
    if (chosen.length > 0 && chars + size > options.maxChars) continue;
    const sh = shingles(c.text);
    if (chosen.some((o) => jaccard(sh, o.shingles) > 0.5)) continue;
    if (
      chosen.some(
        (o) => o.passageIndex === c.passageIndex && o.items.some((item) => c.text.startsWith(item.slice(0, 40))),
      )
    ) {
      continue; // already shown as an item of a chosen list
    }
    chosen.push({ ...c, shingles: sh });
    chars += size;
  }
  // Read in document order: by passage rank, then position inside the passage.
  chosen.sort((a, b) => a.passageIndex - b.passageIndex || a.position - b.position);
  const bullets = chosen.filter((c) => c.bullet).length;
  const asList = bullets >= 2;
  const lines: string[] = [];
  for (const c of chosen) {
    const marker = `[${c.passageIndex + 1}]`;
    if (c.items.length) {
      lines.push(`${c.text} ${marker}`);
      for (const item of c.items) lines.push(`- ${item} ${marker}`);
    } else {
      lines.push(asList ? `- ${c.text} ${marker}` : `${c.text} ${marker}`);
    }
  }
  const hasList = chosen.some((c) => c.items.length) || asList;
  return hasList ? lines.join('\n') : lines.join(' ');
}

/** The bullets right after a lead-in, shortened to their first sentence (at most four). */
function followingBullets(units: ReturnType<typeof splitSentences>, index: number): string[] {
  const items: string[] = [];
  for (let j = index + 1; j < units.length && items.length < 4; j++) {
    const unit = units[j];
    if (!unit?.bullet) break;
    items.push(trimUnit(unit.text, 1));
  }
  return items;
}
