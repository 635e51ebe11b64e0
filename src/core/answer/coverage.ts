import { GENERIC_WORDS } from '../text/generic-words.js';
import { isStopword, stem, words } from '../text/tokenize.js';
import type { AnswerCoverage } from '../types.js';
import type { KeyTerm, QuestionAnalysis, Topic } from './analyze-question.js';
import { ASPECT_SPECS, type Aspect } from './aspects.js';
import type { EvidenceUnit, ScoredUnit } from './evidence.js';

/** Decided before any text is written: how much of the question the chapters answer, and what is missing. */
export interface CoverageDecision {
  readonly coverage: AnswerCoverage;
  /** What the chapters do not cover ("risks specific to platform partnerships"), for partial and in-domain gaps. */
  readonly gap?: string | undefined;
  /** The asked aspects that have evidence on the topic. */
  readonly supported: readonly Aspect[];
  readonly missingAspects: readonly Aspect[];
  readonly missingTerms: readonly KeyTerm[];
}

/** A unit speaks of the aspect for the topic. */
export function supports(s: ScoredUnit): boolean {
  if (s.aspect === 'definition') return s.topicScore >= 0.7 && s.aspectScore >= 0.6;
  return s.aspectScore >= 0.6 && s.topicScore >= 0.5;
}

/** Aspects that must have evidence: the specific ones asked; a second "what is"/"how" is a courtesy. */
function requiredAspects(aspects: readonly Aspect[]): Aspect[] {
  if (aspects.length <= 1) return [...aspects];
  const [first, second] = aspects as [Aspect, Aspect];
  return second === 'definition' || second === 'how-to' ? [first] : [first, second];
}

export function decideCoverage(input: {
  readonly analysis: QuestionAnalysis;
  readonly units: readonly EvidenceUnit[];
  readonly scored: ReadonlyMap<Aspect, readonly ScoredUnit[]>;
  readonly question: string;
  /** Whether the knowledge base uses a stem at all. */
  readonly known: (stem: string) => boolean;
}): CoverageDecision {
  const { analysis, units, scored } = input;
  if (units.length === 0) {
    return { coverage: 'not_covered', supported: [], missingAspects: [...analysis.aspects], missingTerms: [] };
  }
  const supported: Aspect[] = [];
  const missingAspects: Aspect[] = [];
  for (const aspect of requiredAspects(analysis.aspects)) {
    if ((scored.get(aspect) ?? []).some(supports)) supported.push(aspect);
    else missingAspects.push(aspect);
  }
  const topicIds = analysis.topics.map((t) => t.id);
  const onTopic = units.filter(
    (u) => topicIds.length === 0 || topicIds.some((t) => u.concepts.includes(t) || u.sectionConcepts.includes(t)),
  );
  const missingTerms = analysis.keyTerms.filter((k) => !onTopic.some((u) => hasTerm(u, k.stem)));

  if (analysis.keyTerms.length > 0 && missingTerms.length === analysis.keyTerms.length) {
    // Everything the question is specifically about is absent: an honest "not covered", naming it.
    // Unless the question explicitly asks an aspect the chapters answer for the topic ("why would ...").
    const strong = supported.length > 0 && supported.some((a) => a !== 'definition' && a !== 'how-to');
    const gap = termGap(input.question, missingTerms, input.known);
    if (!strong) {
      return { coverage: 'not_covered', gap, supported, missingAspects, missingTerms };
    }
    return { coverage: 'partial', gap, supported, missingAspects, missingTerms };
  }
  if (missingTerms.length > 0) {
    return {
      coverage: 'partial',
      gap: termGap(input.question, missingTerms, input.known),
      supported,
      missingAspects,
      missingTerms,
    };
  }
  if (missingAspects.length > 0) {
    return {
      coverage: 'partial',
      gap: aspectGap(missingAspects, analysis.topics),
      supported,
      missingAspects,
      missingTerms,
    };
  }
  return { coverage: 'answered', supported, missingAspects, missingTerms };
}

/** The unit has the stem, or a word sharing its first six letters ("competitors" and "competing"). */
function hasTerm(unit: EvidenceUnit, stem: string): boolean {
  if (unit.stems.has(stem)) return true;
  if (stem.length < 6) return false;
  const prefix = stem.slice(0, 6);
  for (const s of unit.stems) if (s.startsWith(prefix)) return true;
  return false;
}

const PLURAL: ReadonlyArray<[RegExp, string]> = [
  [/(partnership|venture|alliance|cluster|collaboration)$/i, '$1s'],
  [/consortium$/i, 'consortia'],
];

/** "joint venture" -> "joint ventures"; "licensing" stays. */
export function plural(term: string): string {
  for (const [pattern, replacement] of PLURAL) if (pattern.test(term)) return term.replace(pattern, replacement);
  return term;
}

function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "risks specific to platform partnerships", "benefits and risks specific to joint ventures". */
export function aspectGap(aspects: readonly Aspect[], topics: readonly Topic[]): string {
  const what = joinAnd(aspects.map((a) => ASPECT_SPECS[a].label));
  if (topics.length === 0) return what;
  return `${what} specific to ${joinAnd(topics.slice(0, 2).map((t) => plural(t.term)))}`;
}

/**
 * The question's own words for what is missing: runs of content words holding a missing key term
 * ("model weights", "exit clauses"), at most two, the longest first.
 */
export function termGap(question: string, missing: readonly KeyTerm[], known: (stem: string) => boolean): string {
  const missingStems = new Set(missing.map((k) => k.stem));
  const runs: string[][] = [];
  let run: string[] = [];
  for (const w of words(question)) {
    if (isStopword(w)) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(w);
  }
  if (run.length) runs.push(run);
  const phrases: Array<{ text: string; score: number; specific: boolean }> = [];
  for (const r of runs) {
    const idx = r.findIndex((w) => missingStems.has(stem(w)));
    if (idx < 0) continue;
    const lastMissing = r.map((w) => missingStems.has(stem(w))).lastIndexOf(true);
    // Keep the noun a missing word modifies or is modified by; drop generic words at the edges.
    let start = 0;
    let end = r.length;
    while (start < idx - 1 && GENERIC_WORDS.has(r[start] as string)) start++;
    // A word right after the missing one is usually its noun ("termination terms"): it stays.
    while (end - 1 > lastMissing + 1 && GENERIC_WORDS.has(r[end - 1] as string)) end--;
    const words_ = r.slice(start, Math.min(end, lastMissing + 2));
    const text = words_.join(' ');
    const unknown = words_.filter((w) => missingStems.has(stem(w)) && !known(stem(w))).length;
    phrases.push({
      text,
      score: unknown * 2 + words_.length,
      specific: words_.every((w) => !GENERIC_WORDS.has(w)),
    });
  }
  if (phrases.length === 0) return joinAnd(missing.map((k) => k.word));
  const [best, ...rest] = phrases.sort((a, b) => b.score - a.score);
  const extra = rest.find((p) => p.specific && p.text !== best?.text);
  return joinAnd([best?.text ?? '', ...(extra ? [extra.text] : [])].filter(Boolean));
}
