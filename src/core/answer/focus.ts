import type { Passage, Retrieval } from '../retrieval/retriever.js';
import type { Glossary } from '../text/glossary.js';
import type { StoredChunk } from '../types.js';
import type { QuestionAnalysis } from './analyze-question.js';
import { ASPECT_SPECS } from './aspects.js';

/** Places a passage whose heading announces the asked aspect moves up ("Challenges" for a risks question). */
const HEADING_LIFT = 2;

const focused = new WeakMap<Retrieval, Map<string, Retrieval>>();

/**
 * The retrieval reordered for what the question asks: passages under a heading of the asked aspect
 * ("Benefits of ...", "Considerations for ...", "Case Studies and Examples") come earlier. The same
 * retrieval and aspect give the same object, so that what is computed from it can be kept.
 */
export function focusOnAspect(retrieval: Retrieval, analysis: QuestionAnalysis, glossary: Glossary): Retrieval {
  const aspect = analysis.aspects[0];
  const heading = aspect ? ASPECT_SPECS[aspect].heading : undefined;
  // A definition is in the section named after the topic; other aspects under their own heading.
  const definition = aspect === 'definition' && analysis.topics.length > 0;
  if (retrieval.abstained || (!heading && !definition) || retrieval.passages.length < 2) return retrieval;
  if (aspect && !definition && !analysis.explicitAspects.includes(aspect)) return retrieval;
  const topics = analysis.topics.map((t) => t.id);
  const key = `${aspect}:${topics.join(',')}`;
  let byAspect = focused.get(retrieval);
  const hit = byAspect?.get(key);
  if (hit) return hit;
  // Only passages on the question's topic move: a "Benefits" section of another model is no answer.
  const onTopic = (p: Passage) =>
    topics.length === 0 ||
    glossary.findConcepts(`${p.title} ${p.section} ${p.text.slice(0, 300)}`).some((c) => topics.includes(c));
  const last = (p: Passage) => p.section.split(' › ').slice(-1)[0] ?? '';
  const lifted = (p: Passage) =>
    definition
      ? glossary.findConcepts(last(p)).some((c) => topics.includes(c))
      : !!heading?.test(last(p)) && onTopic(p);
  const passages = retrieval.passages
    .map((p, i) => ({ p, at: i - (lifted(p) ? HEADING_LIFT + 0.5 : 0) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.p);
  const result = passages.every((p, i) => p === retrieval.passages[i]) ? retrieval : { ...retrieval, passages };
  if (!byAspect) {
    byAspect = new Map();
    focused.set(retrieval, byAspect);
  }
  byAspect.set(key, result);
  return result;
}

const merged = new WeakMap<Retrieval, WeakMap<Retrieval, Retrieval>>();

/** `base` with the passages of `extra` it lacks appended (the same pair gives the same object). */
export function mergeRetrievals(base: Retrieval, extra: Retrieval): Retrieval {
  const known = merged.get(base)?.get(extra);
  if (known) return known;
  const ids = new Set(base.passages.map((p) => p.id));
  const added = extra.passages.filter((p) => !ids.has(p.id));
  const result = added.length ? { ...base, passages: [...base.passages, ...added] } : base;
  const inner = merged.get(base) ?? new WeakMap<Retrieval, Retrieval>();
  inner.set(extra, result);
  merged.set(base, inner);
  return result;
}

/** "source\u0000section": the key of a section's chunks. */
export function sectionKey(chunk: Pick<StoredChunk, 'source' | 'section'>): string {
  return `${chunk.source}\u0000${chunk.section}`;
}

const completed = new WeakMap<Retrieval, Retrieval>();

/**
 * A retrieved passage's section, whole: the section's other chunks are appended (after every
 * retrieved passage), so that a list whose lead-in and items were chunked apart stays a whole list.
 */
export function completeSections(
  retrieval: Retrieval,
  sections: ReadonlyMap<string, readonly StoredChunk[]>,
  maxChunks = 4,
): Retrieval {
  if (retrieval.abstained) return retrieval;
  const known = completed.get(retrieval);
  if (known) return known;
  const ids = new Set(retrieval.passages.map((p) => p.id));
  const added: Passage[] = [];
  for (const passage of retrieval.passages) {
    const siblings = sections.get(sectionKey(passage)) ?? [];
    if (siblings.length < 2 || siblings.length > maxChunks) continue;
    for (const chunk of siblings) {
      if (ids.has(chunk.id)) continue;
      ids.add(chunk.id);
      added.push({ ...chunk, score: 0, similarity: 0, coverage: passage.coverage });
    }
  }
  const result = added.length ? { ...retrieval, passages: [...retrieval.passages, ...added] } : retrieval;
  completed.set(retrieval, result);
  return result;
}
