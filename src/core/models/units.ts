import { firstSentences, META_SENTENCE, type SentenceUnit, sentencesOf } from '../text/sentences.js';
import type { StoredChunk } from '../types.js';
import type { CatalogEntry, SectionRef } from './catalog.js';
import { containsAny, phraseStems } from './phrases.js';

/** A quotable piece of a chunk: a sentence, a bullet (first two sentences), or a list lead-in with its items. */
export interface Unit {
  readonly chunk: StoredChunk;
  readonly text: string;
  readonly bullet: boolean;
  /** Position in the chunk. */
  readonly position: number;
  /** Bullets after a lead-in ending with ":" (first sentence each), shown under it. */
  readonly items: readonly string[];
  readonly stems: readonly string[];
}

/** A unit as it counts for one model: from its own sections (rank = section order) or found corpus-wide. */
export interface ModelUnit {
  readonly unit: Unit;
  /** Index of the catalog section it comes from; sections.length for corpus-wide finds. */
  readonly sectionRank: number;
  /** The unit names the model (one of its mentions). */
  readonly mentions: boolean;
  /** The first unit of the model's first exclusive section: the line that introduces it. */
  readonly opening: boolean;
  /** Retrieval score when found by the corpus-wide search. */
  readonly retrievalScore?: number;
}

const MIN_CHARS = 25;

/**
 * Where units come from: the knowledge base's sentences of a chunk, and a cache of units by chunk
 * (made by the knowledge base, so it is emptied when the index changes).
 */
export interface UnitReader {
  readonly sentences: (chunk: StoredChunk) => readonly SentenceUnit[];
  readonly cache?: { get(key: string): Unit[] | undefined; set(key: string, units: Unit[]): void } | undefined;
}

const LEANS_BACK = /^(?:They|Their|These|This|It|Its|Such)\b/;

/**
 * A bullet is cut into self-contained parts: a sentence that names its subject again ("Joint ventures
 * can enable ...") stands alone; one that leans on the previous ("They should ...") stays with it.
 * At most two sentences per part.
 */
function bulletParts(text: string): string[] {
  const parts: string[][] = [];
  for (const sentence of sentencesOf(text)) {
    const last = parts[parts.length - 1];
    if (last && last.length < 2 && LEANS_BACK.test(sentence)) last.push(sentence);
    else if (!last || LEANS_BACK.test(sentence) === false) parts.push([sentence]);
  }
  return parts.map((p) => p.join(' '));
}

/** Units of a chunk (cached by chunk hash and id until the index changes). */
export function unitsOf(chunk: StoredChunk, reader: UnitReader): Unit[] {
  const key = `${chunk.id}:${chunk.hash}`;
  const hit = reader.cache?.get(key);
  if (hit) return hit;
  const raw = reader.sentences(chunk);
  const units: Unit[] = [];
  raw.forEach((u, i) => {
    const leadIn = /:$/.test(u.text);
    const items: string[] = [];
    if (leadIn) {
      for (let j = i + 1; j < raw.length && items.length < 5; j++) {
        const next = raw[j];
        if (!next?.bullet) break;
        items.push(firstSentences(next.text, 1));
      }
      if (items.length === 0) return; // a lead-in whose list is in another chunk says nothing
    }
    for (const text of leadIn ? [u.text] : u.bullet ? bulletParts(u.text) : [u.text]) {
      if ((text.length < MIN_CHARS && items.length === 0) || META_SENTENCE.test(text)) continue;
      units.push({
        chunk,
        text,
        bullet: u.bullet,
        position: units.length,
        items,
        stems: phraseStems([text, ...items].join(' ')),
      });
    }
  });
  reader.cache?.set(key, units);
  return units;
}

function inSection(chunk: StoredChunk, ref: SectionRef): boolean {
  return chunk.source === ref.source && chunk.section === ref.section;
}

/** The units a model's own sections hold: all of an exclusive section, the mentioning ones of a shared one. */
export function ownUnits(entry: CatalogEntry, chunks: readonly StoredChunk[], reader: UnitReader): ModelUnit[] {
  const out: ModelUnit[] = [];
  const seen = new Set<string>();
  // The opening line of the first exclusive section introduces the model.
  const definingRank = entry.sections.findIndex((ref) => !ref.shared);
  entry.sections.forEach((ref, sectionRank) => {
    const sectionChunks = chunks.filter((c) => inSection(c, ref)).sort((a, b) => a.ordinal - b.ordinal);
    let first = sectionRank === definingRank;
    for (const chunk of sectionChunks) {
      for (const unit of unitsOf(chunk, reader)) {
        if (seen.has(unit.text)) continue; // overlapping chunks repeat sentences
        const mentions = containsAny(unit.stems, entry.mentions);
        // In a shared section a list lead-in mentions every model of its list: only the items count.
        if (ref.shared && (!mentions || unit.items.length > 0)) continue;
        seen.add(unit.text);
        out.push({ unit, sectionRank, mentions, opening: !ref.shared && first });
        first = false;
      }
    }
  });
  return out;
}

/** Units of corpus-wide search results that name the model and are not already among its own. */
export function foundUnits(
  entry: CatalogEntry,
  passages: ReadonlyArray<StoredChunk & { score: number }>,
  own: readonly ModelUnit[],
  reader: UnitReader,
): ModelUnit[] {
  const seen = new Set(own.map((u) => u.unit.text));
  const out: ModelUnit[] = [];
  for (const passage of passages) {
    for (const unit of unitsOf(passage, reader)) {
      if (seen.has(unit.text) || unit.items.length > 0 || !containsAny(unit.stems, entry.mentions)) continue;
      seen.add(unit.text);
      out.push({
        unit,
        sectionRank: entry.sections.length,
        mentions: true,
        opening: false,
        retrievalScore: passage.score,
      });
    }
  }
  return out;
}
