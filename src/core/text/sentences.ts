/** A sentence-sized unit of a passage: a sentence of a paragraph, or one bullet. */
export interface SentenceUnit {
  readonly text: string;
  readonly bullet: boolean;
  /** Position inside the passage, from 0. */
  readonly position: number;
}

const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
// A sentence ends at . ! ? followed by space and a capital, quote or digit; common abbreviations are kept whole.
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Ms|Inc|Ltd|U\.S|No))(?<=[.!?])\s+(?=["“(\p{Lu}\d])/u;

export function splitSentences(passage: string): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  for (const rawLine of passage.split(/\n+/)) {
    const line = rawLine.trim();
    if (!line) continue;
    if (BULLET.test(line)) {
      units.push({ text: line.replace(BULLET, '').trim(), bullet: true, position: units.length });
      continue;
    }
    for (const s of line.split(SENTENCE_END)) {
      const text = s.trim();
      if (text) units.push({ text, bullet: false, position: units.length });
    }
  }
  return units;
}

/** Sentences about the book rather than the topic ("In the following chapters, we explore ..."): never quoted. */
export const META_SENTENCE =
  /\b(?:this chapter|following chapters?|next chapter|this section|this article|this encyclopedia|we (?:will )?(?:explore|discuss|examine|look at|provide))\b/i;

/** The sentences of one line (a bullet's or a cell's), split where a sentence ends before a capital. */
export function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
}

/** The first `n` sentences of a text (a long bullet shown by its opening). */
export function firstSentences(text: string, n: number): string {
  const parts = sentencesOf(text);
  return parts.length > n ? parts.slice(0, n).join(' ') : text;
}
