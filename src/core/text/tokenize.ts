import { stemmer } from 'stemmer';
import { STOPWORDS } from './stopwords.js';

/** Lower-cased words (letters and digits, inner apostrophes and hyphens split), in order. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .replace(/&/g, ' and ')
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []
  );
}

const stemCache = new Map<string, string>();

/** Porter stem of one lower-cased word (cached: the vocabulary is small). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const bare = word.replace(/'s$/, '').replace(/'/g, '');
    s = /^\p{L}+$/u.test(bare) ? stemmer(bare) : bare;
    if (stemCache.size < 50_000) stemCache.set(word, s);
  }
  return s;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Stems of the content words of a text, in order (stopwords and 1-letter words dropped). */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (w.length < 2 && !/\d/.test(w)) continue;
    if (STOPWORDS.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/** Content words (unstemmed) of a text: what full-text search receives. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => (w.length >= 2 || /\d/.test(w)) && !STOPWORDS.has(w));
}
