import { GENERIC_WORDS } from '../text/generic-words.js';
import { isStopword, stem, words } from '../text/tokenize.js';
import type { AnswerCoverage } from '../types.js';
import type { KeyTerm, QuestionAnalysis, Topic } from './analyze-question.js';
import { ASPECT_SPECS, type Aspect } from './aspects.js';
import { type EvidenceUnit, hasKeyTerm, hasTerm, type ScoredUnit } from './evidence.js';

/** Decided before any text is written: how much of the question the chapters answer, and what is missing. */
export interface CoverageDecision {
  readonly coverage: AnswerCoverage;
  /** What the chapters do not cover ("risks specific to platform partnerships"), for partial and in-domain gaps. */
  readonly gap?: string | undefined;
  /** The asked aspects that have evidence on the topic. */
  readonly supported: readonly Aspect[];
  readonly missingAspects: readonly Aspect[];
  /** Asked aspects supported only by a sentence's words, not by a heading or list lead-in: worth a focused search. */
  readonly weakAspects: readonly Aspect[];
  readonly missingTerms: readonly KeyTerm[];
}

/** Concepts that name an aspect ("governance", "benefits") or are too broad ("AI"): no substance of their own. */
const ASPECT_CONCEPTS: ReadonlySet<string> = new Set([
  'artificial-intelligence',
  'benefits',
  'challenges',
  'governance',
  'partnership-selection',
  'formation-drivers',
]);

/** Words for something going wrong, as the chapters name risks. */
const NAMED_RISK =
  /\b(?:challenges? (?:exist|include|are)|formidable challenges|disputes?|mismatch\w*|misaligned|conflicts?|hinder\w*|burdens?|stifle|pitfalls?|dissolution|misuse|unauthori[sz]ed|fail\w*|lose|loss)\b/i;

/** "prevent conflicts or redundancies", "avoid disputes": advice against a risk names none. */
function withoutPrevention(text: string): string {
  return text.replace(
    /\b(?:prevent|avoid|reduce|mitigat\w*|manag\w*|minimi[sz]e|resolv\w*)\s+(?:\w+\s+){0,3}?(?:\w+)/gi,
    '',
  );
}

/** A unit speaks of the aspect for the topic. */
export function supports(s: ScoredUnit): boolean {
  // What the question names (its topic, or without one its key terms) is what a definition must be about.
  if (s.aspect === 'definition') return (s.topicScore >= 0.7 && s.aspectScore >= 0.6) || s.keyScore >= 0.5;
  // Examples are named: a name alone is no example, a name under "Case Studies" or with "such as" is.
  // "Which model gives us the most control?": a sentence on the criterion asked (its key term) answers.
  if (s.aspect === 'selection-criteria' && s.keyScore >= 0.5 && s.topicScore >= 0.5) return true;
  // Named cases need a name; "examples of AI in supplier collaboration" are its uses ("can include").
  const floor = s.aspect === 'examples' && (s.wantsNames || !s.central) ? 1 : 0.6;
  if (s.aspectScore < floor || s.topicScore < 0.5) return false;
  // "Risk" in advice ("risk management", "align incentives and risks") is no risk the chapters name:
  // without a "Challenges" or "Considerations" heading, a risk needs a word for something going wrong.
  if (
    s.aspect === 'risks' &&
    !s.headed &&
    !NAMED_RISK.test(withoutPrevention([s.unit.text, ...s.unit.items].join(' ')))
  ) {
    return false;
  }
  // Under a heading of the aspect or not, a sentence whose subject is the topic (not a passing
  // mention: "supply chain resilience" in a sentence on geopolitics), or one that also holds what the
  // question is specifically about (its key terms).
  // A named risk under a "Challenges" heading that names the topic ("mismatches between a fast-paced
  // startup and a bureaucratic multinational") is a risk of that topic.
  if (s.aspect === 'risks' && s.headed && s.topicScore >= 1) return true;
  return s.central || s.keyScore > 0;
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
    return {
      coverage: 'not_covered',
      supported: [],
      missingAspects: [...analysis.aspects],
      weakAspects: [],
      missingTerms: [],
    };
  }
  const supported: Aspect[] = [];
  const missingAspects: Aspect[] = [];
  const weakAspects: Aspect[] = [];
  // Only what the question asks in its own words is required: an inferred aspect ("why ...") only ranks.
  const required = requiredAspects(analysis.aspects).filter(
    (a) => a === 'definition' || analysis.explicitAspects.includes(a),
  );
  for (const aspect of required) {
    const support = (scored.get(aspect) ?? []).filter(supports);
    if (support.length) supported.push(aspect);
    else missingAspects.push(aspect);
    if (support.length && aspect !== 'definition' && !support.some((s) => s.aspectScore >= 1.4))
      weakAspects.push(aspect);
  }
  const topicIds = analysis.topics.map((t) => t.id);
  const onTopic = units.filter(
    (u) =>
      topicIds.length === 0 ||
      topicIds.some((t) => u.concepts.includes(t) || u.sectionConcepts.includes(t) || u.titleConcepts.includes(t)),
  );
  // A term in a sentence or in the heading it sits under ("innovation" in Partnerships for Innovation) is there.
  const absentTerms = analysis.keyTerms.filter(
    (k) => !onTopic.some((u) => hasKeyTerm(u, k) || hasTerm({ stems: u.contextStems }, k.stem)),
  );
  // One sentence holding most of the key terms ("mRNA vaccine" of "which partnership produced the
  // mRNA vaccine?") answers the question: the rest are its ordinary words.
  const bestShare = Math.max(
    0,
    ...onTopic.map((u) => analysis.keyTerms.filter((k) => hasKeyTerm(u, k)).length / (analysis.keyTerms.length || 1)),
  );
  // The question's other concepts ("time to market") found with its topic in one sentence: its substance is there.
  const soft = analysis.softConcepts.filter((c) => !ASPECT_CONCEPTS.has(c));
  const softFound =
    topicIds.length > 0 && soft.length > 0 && onTopic.some((u) => soft.every((c) => u.concepts.includes(c)));
  // A long, conversational question ("My manager asked me to look into ...") carries context, not key terms.
  const conversational = analysis.keyTerms.length >= 4 || input.question.split(/\s+/).length > 25;
  const missingTerms =
    (analysis.keyTerms.length >= 3 && bestShare >= 0.5) || softFound || conversational ? [] : absentTerms;

  // A question asking for a figure (a duration, a count, a price) needs a figure in the evidence.
  if (FIGURE_QUESTION.test(input.question) && !onTopic.some((u) => FIGURE.test([u.text, ...u.items].join(' ')))) {
    const gap = missingTerms.length ? termGap(input.question, missingTerms, input.known) : FIGURES_GAP;
    // "What are the benefits of co-creation and how long does it take?": the benefits part is answered.
    const clauses = input.question.split(/\s*(?:[,;?]|\band\b|\bbut\b)\s*/i).filter((c) => c.trim());
    const mixed =
      clauses.some((c) => !FIGURE_QUESTION.test(c)) &&
      clauses.length > 1 &&
      supported.some((a) => analysis.explicitAspects.includes(a) && a !== 'definition');
    return { coverage: mixed ? 'partial' : 'not_covered', gap, supported, missingAspects, weakAspects, missingTerms };
  }
  if (analysis.keyTerms.length > 0 && missingTerms.length === analysis.keyTerms.length) {
    // Everything the question is specifically about is absent: an honest "not covered", naming it, when
    // some of it is a word the chapters never use ("termination", "weights"). Words they use elsewhere
    // ("competitors", "sector") or another part of the question that is answered ("how do we govern
    // it, and set its pricing?") make the closest guidance worth giving: partial.
    const absent = missingTerms.some((k) => !input.known(k.stem));
    const gap = termGap(input.question, missingTerms, input.known);
    if (absent && !hasAnsweredClause(input.question, analysis, missingTerms)) {
      return { coverage: 'not_covered', gap, supported, missingAspects, weakAspects, missingTerms };
    }
    return { coverage: 'partial', gap, supported, missingAspects, weakAspects, missingTerms };
  }
  if (missingTerms.length > 0) {
    return {
      coverage: 'partial',
      gap: termGap(input.question, missingTerms, input.known),
      supported,
      missingAspects,
      weakAspects,
      missingTerms,
    };
  }
  if (missingAspects.length > 0) {
    return {
      coverage: 'partial',
      gap: aspectGap(missingAspects, analysis.topics),
      supported,
      missingAspects,
      weakAspects,
      missingTerms,
    };
  }
  return { coverage: 'answered', supported, missingAspects, weakAspects, missingTerms };
}

/** "How long should a JV last?", "What percentage ...", "How much does it cost?": a figure is asked. */
const FIGURE_QUESTION =
  /\bhow (?:long|many|often|soon)\b|\bwhat (?:percentage|percent|share of|price|rate|amount|multiple)\b|\bhow much (?:money|time|budget|equity|of)\b|\bhow much (?:does|do|did|will|would|should|can)\b.{0,60}\b(?:cost|pay|charge|spend|invest|take|last)\b/i;
// Frequencies are figures too: "every quarter", "annually", "a monthly review".
const FIGURE =
  /\d|\bper ?cent\b|%|\$|€|£|\b(?:years?|months?|weeks?|days?|hours?|quarters?|once|twice|dozens?|hundreds?|thousands?|millions?|billions?|annual(?:ly)?|yearly|quarterly|monthly|weekly|daily|biannual(?:ly)?|biennial(?:ly)?)\b/i;
const FIGURES_GAP = 'figures such as durations, amounts or percentages';

/**
 * Some clause of the question ("What are the benefits", "how do we govern a platform partnership")
 * names a topic or aspect and none of the missing terms, while another holds them: a mixed question.
 */
function hasAnsweredClause(question: string, analysis: QuestionAnalysis, missing: readonly KeyTerm[]): boolean {
  const missingStems = new Set(missing.map((k) => k.stem));
  const clauses = question.split(/\s*(?:[,;?]|\band\b|\bbut\b|\bplus\b|\balso\b)\s*/i).filter((c) => c.trim());
  if (clauses.length < 2) return false;
  let answered = false;
  let unanswered = false;
  for (const clause of clauses) {
    const stems = words(clause).map(stem);
    const hasMissing = stems.some((s) => missingStems.has(s));
    if (hasMissing) unanswered = true;
    else if (stems.some((s) => !isStopword(s) && !GENERIC_WORDS.has(s))) answered = true;
  }
  return answered && unanswered && analysis.aspects.some((a) => a !== 'definition');
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
