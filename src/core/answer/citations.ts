import type { Passage } from '../retrieval/retriever.js';
import type { Citation } from '../types.js';
import { sectionKey } from './focus.js';

const MARKER_GROUP = /\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;

export function toCitation(passage: Passage, n: number): Citation {
  return {
    n,
    chunkId: passage.id,
    source: passage.source,
    title: passage.title,
    section: passage.section,
    score: Number(passage.score.toFixed(6)),
    text: passage.text,
    url: passage.url,
  };
}

/**
 * Makes an answer's [n] markers trustworthy: markers that point at no passage are removed, the
 * rest are renumbered 1..m in order of first use, and only the passages actually cited are returned.
 */
export function finalizeCitations(text: string, passages: readonly Passage[]): { text: string; citations: Citation[] } {
  // Two passages of one section are one source: they share a number (the first passage's).
  const firstOfSection = new Map<string, number>();
  const canonical = passages.map((p, i) => {
    const key = sectionKey(p);
    if (!firstOfSection.has(key)) firstOfSection.set(key, i + 1);
    return firstOfSection.get(key) as number;
  });
  const order = new Map<number, number>();
  const rewritten = text.replace(MARKER_GROUP, (_match, group: string) => {
    const numbers = group
      .split(/[,;]/)
      .map((s) => Number.parseInt(s.trim(), 10))
      .filter((n) => Number.isInteger(n) && n >= 1 && n <= passages.length)
      .map((n) => canonical[n - 1] as number);
    const renumbered = [...new Set(numbers)].map((n) => {
      if (!order.has(n)) order.set(n, order.size + 1);
      return order.get(n) as number;
    });
    return renumbered.length ? ` ${renumbered.map((n) => `[${n}]`).join('')}` : '';
  });
  const citations = [...order.entries()].map(([original, n]) => {
    const citation = toCitation(passages[original - 1] as Passage, n);
    // The section's other passages are part of the same source: their text is cited too.
    const more = passages.filter((_p, i) => i + 1 !== original && canonical[i] === original).map((p) => p.text);
    return more.length ? { ...citation, text: [citation.text, ...more].join('\n\n') } : citation;
  });
  return {
    text: rewritten
      .replace(/[ \t]+([.,;:!?])/g, '$1')
      .replace(/(\[\d+\])(?:\s*\1)+/g, '$1')
      .replace(/[ \t]{2,}/g, ' ')
      .trim(),
    citations,
  };
}
