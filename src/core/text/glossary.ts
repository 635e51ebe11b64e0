import { z } from 'zod';
import { parseKnowledgeJson } from '../knowledge-json.js';
import { stem, words } from './tokenize.js';

const glossarySchema = z.object({
  concepts: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/, 'ids are lower-case words joined by hyphens'),
        term: z.string().min(1),
        aliases: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
});

export interface GlossaryConcept {
  readonly id: string;
  readonly term: string;
  readonly aliases: readonly string[];
}

/** Stems of every word, stopwords included: phrases like "M&A" need "and". */
function phraseStems(text: string): string[] {
  return words(text).map(stem);
}

/**
 * Synonyms and abbreviations (JV, M&A, IP, co-marketing, ...) as editable data. It feeds query
 * expansion (search finds "joint venture" for "JV") and the built-in embedder (both map to one concept).
 */
export class Glossary {
  readonly concepts: readonly GlossaryConcept[];
  /** First stem of a phrase -> phrases starting with it, longest first. */
  private readonly byFirst = new Map<string, Array<{ stems: string[]; id: string }>>();
  private readonly byId = new Map<string, GlossaryConcept>();

  constructor(concepts: readonly GlossaryConcept[]) {
    this.concepts = concepts;
    for (const c of concepts) {
      this.byId.set(c.id, c);
      for (const phrase of [c.term, ...c.aliases]) {
        const stems = phraseStems(phrase);
        const first = stems[0];
        if (first === undefined) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ stems, id: c.id });
        list.sort((a, b) => b.stems.length - a.stems.length);
        this.byFirst.set(first, list);
      }
    }
  }

  static empty(): Glossary {
    return new Glossary([]);
  }

  /** Parses glossary.json; a broken file is a clear error naming what to fix. */
  static parse(json: string, fileName = 'glossary.json'): Glossary {
    const data = parseKnowledgeJson(json, fileName, glossarySchema, 'Each concept needs an id, a term and aliases');
    return new Glossary(data.concepts);
  }

  concept(id: string): GlossaryConcept | undefined {
    return this.byId.get(id);
  }

  /** Concept ids mentioned in a text, each once, in order of first mention. */
  findConcepts(text: string): string[] {
    const found: string[] = [];
    for (const { id } of this.findMentions(text)) if (!found.includes(id)) found.push(id);
    return found;
  }

  /** Every mention of a concept: its id and the word positions it spans (as `words(text)` counts them). */
  findMentions(text: string): Array<{ id: string; start: number; end: number }> {
    const stems = phraseStems(text);
    const found: Array<{ id: string; start: number; end: number }> = [];
    for (let i = 0; i < stems.length; i++) {
      const candidates = this.byFirst.get(stems[i] as string);
      if (!candidates) continue;
      for (const { stems: phrase, id } of candidates) {
        if (phrase.every((s, j) => stems[i + j] === s)) {
          found.push({ id, start: i, end: i + phrase.length });
          i += phrase.length - 1;
          break;
        }
      }
    }
    return found;
  }

  /** Stems of every phrase of a concept: the words a matched concept stands for. */
  conceptStems(id: string): Set<string> {
    const c = this.byId.get(id);
    const out = new Set<string>();
    if (c) for (const phrase of [c.term, ...c.aliases]) for (const s of phraseStems(phrase)) out.add(s);
    return out;
  }

  /** Words of every phrase of the given concepts: what full-text search adds to a query. */
  expansionWords(conceptIds: readonly string[]): string[] {
    const out = new Set<string>();
    for (const id of conceptIds) {
      const c = this.byId.get(id);
      if (!c) continue;
      for (const phrase of [c.term, ...c.aliases]) for (const w of words(phrase)) out.add(w);
    }
    return [...out];
  }
}
