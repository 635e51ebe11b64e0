import { stem, words } from '../text/tokenize.js';

/** Stems of every word, stopwords included, so that "mergers and acquisitions" stays a phrase. */
export function phraseStems(text: string): string[] {
  return words(text).map(stem);
}

/** A phrase compiled once: its stems, matched as a contiguous run. */
export interface Phrase {
  readonly text: string;
  readonly stems: readonly string[];
}

export function compilePhrases(texts: readonly string[]): Phrase[] {
  return texts.map((text) => ({ text, stems: phraseStems(text) })).filter((p) => p.stems.length > 0);
}

/** True when `haystack` (stems of a text) contains the phrase's stems in a row. */
export function containsPhrase(haystack: readonly string[], phrase: Phrase): boolean {
  const [first, ...rest] = phrase.stems;
  for (let i = 0; i + phrase.stems.length <= haystack.length; i++) {
    if (haystack[i] !== first) continue;
    if (rest.every((s, j) => haystack[i + 1 + j] === s)) return true;
  }
  return false;
}

export function containsAny(haystack: readonly string[], phrases: readonly Phrase[]): boolean {
  return phrases.some((p) => containsPhrase(haystack, p));
}
