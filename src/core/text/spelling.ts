import { distance } from 'fastest-levenshtein';
import { GENERIC_WORDS } from './generic-words.js';
import { isStopword, stem, words } from './tokenize.js';

/**
 * Typos of the advisor's own vocabulary ("benifits", "goverance", "partnrship") put right before a
 * question is read: a word the knowledge base does not use becomes the closest vocabulary word when
 * it is one edit away (two for words of eight letters or more). Other unknown words are left alone:
 * they may be exactly what the chapters do not cover.
 */
export function correctSpelling(
  text: string,
  vocabulary: ReadonlySet<string>,
  known: (stem: string) => boolean,
): string {
  const fixes = new Map<string, string>();
  for (const word of new Set(words(text))) {
    if (word.length < 5 || vocabulary.has(word) || isStopword(word) || GENERIC_WORDS.has(word) || known(stem(word))) {
      continue;
    }
    const allowed = word.length >= 8 ? 2 : 1;
    let best: { word: string; d: number } | undefined;
    for (const candidate of vocabulary) {
      // A typo rarely changes the first letter ("setting" is no typo of "vetting").
      if (candidate[0] !== word[0] || Math.abs(candidate.length - word.length) > allowed) continue;
      const d = distance(word, candidate);
      if (d <= allowed && (!best || d < best.d)) best = { word: candidate, d };
    }
    if (best) fixes.set(word, best.word);
  }
  if (fixes.size === 0) return text;
  return text.replace(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu, (w) => fixes.get(w.toLowerCase()) ?? w);
}
