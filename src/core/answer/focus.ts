import type { Passage, Retrieval } from '../retrieval/retriever.js';
import type { Glossary } from '../text/glossary.js';
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
  if (retrieval.abstained || !heading || retrieval.passages.length < 2) return retrieval;
  const topics = analysis.topics.map((t) => t.id);
  const key = `${aspect}:${topics.join(',')}`;
  let byAspect = focused.get(retrieval);
  const hit = byAspect?.get(key);
  if (hit) return hit;
  // Only passages on the question's topic move: a "Benefits" section of another model is no answer.
  const onTopic = (p: Passage) =>
    topics.length === 0 ||
    glossary.findConcepts(`${p.title} ${p.section} ${p.text.slice(0, 300)}`).some((c) => topics.includes(c));
  const lifted = (p: Passage) => heading.test(p.section.split(' › ').slice(-1)[0] ?? '') && onTopic(p);
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
