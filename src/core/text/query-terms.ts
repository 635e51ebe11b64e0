import { CONCEPT_PREFIX } from './corpus-stats.js';
import type { Glossary } from './glossary.js';
import { contentStems, contentWords } from './tokenize.js';

export interface QueryTerms {
  /** Stems and concept features the question is about, each once; words a concept stands for are folded into it. */
  readonly terms: readonly string[];
  /** Concept ids the question mentions. */
  readonly concepts: readonly string[];
  /** Plain words for full-text search: the question's content words plus glossary expansions. */
  readonly searchWords: readonly string[];
}

export function queryTerms(text: string, glossary: Glossary): QueryTerms {
  const concepts = glossary.findConcepts(text);
  const folded = new Set<string>();
  for (const id of concepts) for (const s of glossary.conceptStems(id)) folded.add(s);
  const terms = new Set<string>();
  for (const s of contentStems(text)) if (!folded.has(s)) terms.add(s);
  for (const id of concepts) terms.add(CONCEPT_PREFIX + id);
  const searchWords = new Set([...contentWords(text), ...glossary.expansionWords(concepts)]);
  return { terms: [...terms], concepts, searchWords: [...searchWords] };
}
