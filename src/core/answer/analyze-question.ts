import { GENERIC_WORDS } from '../text/generic-words.js';
import type { Glossary } from '../text/glossary.js';
import { STOPWORDS } from '../text/stopwords.js';
import { isStopword, stem, words } from '../text/tokenize.js';
import type { Turn } from '../types.js';
import { ASPECT_SPECS, type Aspect } from './aspects.js';

/** A partnership model or concept the question names (a glossary concept). */
export interface Topic {
  readonly id: string;
  /** The glossary's term: "joint venture". */
  readonly term: string;
}

/** A word of the question that names what it is about beyond its topic and aspect ("equity", "exit clauses"). */
export interface KeyTerm {
  readonly word: string;
  readonly stem: string;
}

export type Intent = 'ask' | 'compare' | 'recommend';

/** What a question asks, read without a language model. */
export interface QuestionAnalysis {
  readonly topics: readonly Topic[];
  /** What it asks about its topics, most specific first (at most two). */
  readonly aspects: readonly Aspect[];
  /** The aspects its own words name ("risks", "examples"), not only inferred (a bare "why", no cue at all). */
  readonly explicitAspects: readonly Aspect[];
  readonly keyTerms: readonly KeyTerm[];
  readonly intent: Intent;
  /** For `compare`: the names as typed ("a JV", "licensing"), two to four. */
  readonly compared: readonly string[];
  /** The models the compared names stand for ("co-develop the system" is joint development). */
  readonly options: readonly Topic[];
  /** The compared names as the glossary names them where it knows them, else as typed (for "did you mean"). */
  readonly comparedTerms: readonly string[];
  /** For `recommend`: the situation the question describes. */
  readonly situation?: string | undefined;
  /** Concepts the question names that are no topic ("AI", "governance", "choosing a partnership"). */
  readonly softConcepts: readonly string[];
  /** Words of those concepts (term and aliases), to spot them in list items ("data privacy", "KPIs"). */
  readonly softTerms: readonly string[];
  /** An examples question asking for named cases ("which companies", "real-world cases"), not uses. */
  readonly wantsNames: boolean;
  /** Content stems of the asking part, cue words included ("measure"): what list items are ranked by. */
  readonly questionStems: readonly string[];
  /** The topics came from an earlier question of the conversation. */
  readonly topicFromHistory: boolean;
}

/**
 * Concepts that say what is asked rather than what about ("benefits", "challenges", "governance"),
 * and words too broad to be a topic ("AI").
 */
export const NOT_TOPICS: ReadonlySet<string> = new Set([
  'acceleration',
  'performance-metrics',
  'benefits',
  'challenges',
  'governance',
  'partnership-selection',
  'formation-drivers',
  'artificial-intelligence',
  'time-to-market',
  'risk-sharing',
  'interoperability',
  'due-diligence',
  'data-privacy',
]);

/** Concepts that name no partnership model: the non-topics, intellectual property and R&D. */
export const NON_MODEL_CONCEPTS: ReadonlySet<string> = new Set([
  ...NOT_TOPICS,
  'intellectual-property',
  'research-and-development',
]);

/** The question describes the asker's own situation ("We're a retailer ...", "our startup has ..."). */
const SITUATION =
  /\b(?:we(?:'re| are| have|'ve| want| need| plan| run| sell| make| own)|our (?:company|firm|team|startup|business|product|group|bank|hospital|data|platform|model)|i(?:'m| am) (?:at|from|with|in|leading|running)|as an? \w+)\b/i;

/** "difference between A and B", "A vs B", "compare A with B", "A or B for ...". */
const BETWEEN =
  /\b(?:differences?|distinction|choose|choosing|pick|picking|decide|deciding) between (.+?) and (.+?)(?=[?.!;]|$)/i;
const VERSUS =
  /(?:^|[:,.?!]\s+|\b(?:is|are|compare|comparing)\s+|\b(?:should|shall|do|would|could|can) (?:we|i|you)\s+)([^.?!:;,]+?)\s+(?:vs\.?|versus|compared (?:to|with)|or)\s+([^.?!:;,]+?)(?=[?.!;]|\s+(?:for|when|if|in terms of)\b|$)/i;
const COMPARE_WITH = /\bcompare (.+?) (?:with|to|and) (.+?)(?=[?.!;]|$)/i;
const IS_DIFFERENT =
  /\b(?:is|are|isn't|aren't)\s+(.+?)\s+(?:different from|the same as|similar to|better than|worse than)\s+(.+?)(?=[?.!;]|$)/i;
/** "When does a strategic alliance beat a joint venture?", "is licensing better than a JV for us?" */
const BEATS =
  /\b(?:when|why|where|how|in what cases)\s+(?:does|do|would|should|is|are|might|can)\s+(.+?)\s+(?:beat|outperform|win over|make more sense than|work better than|do better than|better than|preferable to)\s+(.+?)(?=[?.!;]|$)/i;
/** "Why choose licensing over a joint venture?", "prefer an alliance to a JV", "M&A instead of a JV?" */
const OVER =
  /\b(?:choose|prefer|pick|use|go with|opt for)\s+(.+?)\s+(?:over|instead of|rather than|to)\s+(.+?)(?=[?.!;]|$)/i;
const DIFFER_FROM =
  /\bhow (?:does|do|is|are) (.+?) (?:differ from|different from|compare (?:to|with)) (.+?)(?=[?.!;]|$)/i;

const LEADING_FILLER =
  /^(?:(?:should|shall|can|could|would|do|does|will) (?:we|i|you|our \w+)\s+|(?:a|an|the|just|simply|doing|do|go with|going with|opt for|set up|setting up|forming|form|enter(?:ing)? into|use|using|an? ai|ai|with)\s+)+/i;
const TRAILING_FILLER = /\s+(?:deal|deals|arrangement|approach|model|route|option|with them|for (?:us|this|it))$/i;

function cleanName(text: string): string {
  let name = text.trim().replace(/^["'“‘]|["'”’]$/g, '');
  for (let i = 0; i < 3; i++) name = name.replace(LEADING_FILLER, '').replace(TRAILING_FILLER, '').trim();
  return name;
}

/** Inflected forms of the generic words count too ("handled" as "handle"). */
const GENERIC_STEMS: ReadonlySet<string> = new Set([...GENERIC_WORDS, ...STOPWORDS].map((w) => stem(w)));

const ASPECT_ORDER: readonly Aspect[] = [
  'comparison',
  'decision',
  'examples',
  'trends',
  'risks',
  'benefits',
  'governance',
  'ip-and-data',
  'selection-criteria',
  'how-to',
  'definition',
];

/** Aspects the question's words ask for, in the order the question names them. */
/** Sharing or reducing risk is what a partnership offers: "share risk" asks about a benefit. */
const SHARED_RISK =
  /\b(?:shar\w*|split\w*|spread\w*|pool\w*|reduc\w*|lower\w*)\s+(?:(?:the|our|of|some)\s+)?risks?\b/gi;

function askedAspects(asked: string): { aspects: Aspect[]; cueWords: Set<string>; onlyWhy: boolean } {
  const question = asked.replace(SHARED_RISK, (m) => `${m.split(/\s+/)[0]} benefits`);
  let found: Array<{ aspect: Aspect; at: number }> = [];
  const cueWords = new Set<string>();
  for (const aspect of ASPECT_ORDER) {
    const spec = ASPECT_SPECS[aspect];
    const match = new RegExp(spec.question.source, 'gi');
    let first = -1;
    for (const m of question.matchAll(match)) {
      if (first < 0) first = m.index ?? 0;
      for (const w of words(m[0])) cueWords.add(w);
    }
    if (first >= 0) found.push({ aspect, at: first });
  }
  // "Why do partnerships fail?" asks about failure: "why" alone means benefits only when nothing else is asked.
  // "How do startups and big companies work together?", "How are AI joint ventures used?": how it works, not advice.
  if (
    /\bhow (?:do|does|is|are) (?!we\b|i\b|you\b|our\b)[^?]{1,60}\b(?:work\w*|used|done|typically|usually|operate|function)\b/i.test(
      question,
    )
  ) {
    found = found.filter((f) => f.aspect !== 'how-to');
    if (!found.some((f) => f.aspect === 'definition')) found.push({ aspect: 'definition', at: 0 });
  }
  // "What's the upside of ...": a definition only when asked for explicitly beside another aspect.
  const specificAsked = found.some((f) => !['definition', 'how-to', 'comparison', 'decision'].includes(f.aspect));
  if (
    specificAsked &&
    !/\b(?:what(?:'s| is| are) (?:a|an)\b|define|definition|meaning|mean by|explain what)/i.test(question)
  ) {
    found = found.filter((f) => f.aspect !== 'definition');
  }
  const benefit = found.find((f) => f.aspect === 'benefits');
  const onlyWhy =
    benefit &&
    !/\b(?:benefit|advantage|upside|pros|gain|value|worth|in it for|help us|payoff|opportunit)/i.test(question);
  const kept =
    onlyWhy && found.some((f) => !['benefits', 'definition', 'how-to', 'comparison', 'decision'].includes(f.aspect))
      ? found.filter((f) => f.aspect !== 'benefits')
      : found;
  return { aspects: kept.sort((a, b) => a.at - b.at).map((f) => f.aspect), cueWords, onlyWhy: !!onlyWhy };
}

/** The aspect words that make "how" into a practical question when nothing more specific is asked. */
function pickAspects(found: readonly Aspect[], intent: Intent): Aspect[] {
  if (intent === 'compare') return ['comparison'];
  if (intent === 'recommend') return ['decision'];
  const specific = found.filter((a) => a !== 'comparison' && a !== 'decision' && a !== 'definition' && a !== 'how-to');
  if (specific.length >= 2) return specific.slice(0, 2);
  if (specific.length === 1) {
    const second = found.includes('definition') ? 'definition' : found.includes('how-to') ? 'how-to' : null;
    return second ? [specific[0] as Aspect, second] : [specific[0] as Aspect];
  }
  // "should we ..." without a situation or options to weigh is a practical question.
  if (found.includes('how-to') || found.includes('decision')) return ['how-to'];
  return ['definition'];
}

export function analyzeQuestion(question: string, glossary: Glossary, history: readonly Turn[] = []): QuestionAnalysis {
  const own = topicsOf(question, glossary);
  let topics = own;
  let topicFromHistory = false;
  if (own.length === 0) {
    const previous = [...history].reverse().find((t) => t.question.trim());
    if (previous) {
      topics = topicsOf(previous.question, glossary);
      topicFromHistory = topics.length > 0;
    }
  }
  const { aspects: found, cueWords, onlyWhy } = askedAspects(question);

  let intent: Intent = 'ask';
  let compared: string[] = [];
  const pair = comparedNames(question);
  if (pair && (found.includes('comparison') || found.includes('decision') || /\bor\b/i.test(question))) {
    const named = pair.filter((n) => topicsOf(n, glossary).length > 0);
    // "Should we invest in startups or incubate them?" weighs two ways of one model: no comparison.
    const first = topicsOf(pair[0] ?? '', glossary)[0]?.id;
    const sameModel = named.length === 2 && first !== undefined && first === topicsOf(pair[1] ?? '', glossary)[0]?.id;
    // Two named models, or one model and a name that may be a typo of one ("JV vs licensng").
    if (!sameModel && (named.length === 2 || (named.length === 1 && found.includes('comparison')))) compared = pair;
  }
  const situation = SITUATION.test(question) && question.length >= 40 ? question : undefined;
  if (compared.length === 2) {
    intent = situation && found.includes('decision') ? 'recommend' : 'compare';
  } else if (found.includes('decision') && situation) {
    intent = 'recommend';
  }
  const aspects = pickAspects(found, intent);

  // Words inside a concept's mention ("joint venture", "co-develop") are its topic, not key terms.
  const asking = askingPart(question, glossary);
  const covered = new Set<number>();
  for (const m of glossary.findMentions(asking)) for (let i = m.start; i < m.end; i++) covered.add(i);
  const keyTerms: KeyTerm[] = [];
  const seen = new Set<string>();
  words(asking).forEach((word, i) => {
    if (covered.has(i)) return;
    if (word.length < 3 || isStopword(word) || GENERIC_WORDS.has(word) || cueWords.has(word)) return;
    const s = stem(word);
    if (seen.has(s) || GENERIC_STEMS.has(s) || /^\d+$/.test(word)) return;
    seen.add(s);
    keyTerms.push({ word, stem: s });
  });
  return {
    topics,
    aspects,
    explicitAspects: found.filter((a) => !(a === 'benefits' && onlyWhy)),
    softConcepts: glossary.findConcepts(question).filter((id) => NOT_TOPICS.has(id)),
    wantsNames: /\b(?:compan(?:y|ies)|firms?|who|real|cases?|case stud\w*|names?|organi[sz]ations)\b/i.test(question),
    questionStems: [
      ...new Set(
        words(asking)
          .filter((w, i) => !covered.has(i) && w.length >= 4 && !isStopword(w) && !GENERIC_WORDS.has(w))
          .map((w) => stem(w)),
      ),
    ],
    softTerms: glossary
      .findConcepts(question)
      .filter((id) => NOT_TOPICS.has(id) && id !== 'artificial-intelligence')
      .flatMap((id) => {
        const c = glossary.concept(id);
        return c ? [c.term, ...c.aliases].filter((a) => a.length >= 4) : [];
      }),
    keyTerms: intent === 'ask' ? keyTerms : [],
    intent,
    compared: intent === 'ask' ? [] : compared,
    options: intent === 'ask' ? [] : compared.flatMap((n) => topicsOf(n, glossary).slice(0, 1)),
    comparedTerms: intent === 'ask' ? [] : compared.map((n) => topicsOf(n, glossary)[0]?.term ?? n),
    situation: intent === 'recommend' ? situation : undefined,
    topicFromHistory,
  };
}

/**
 * The sentences that ask: in "We're a bank. Ignore this. What is a JV?" the ones naming a topic (or
 * the last question), since the rest is context or noise and holds no key term of the question.
 */
function askingPart(question: string, glossary: Glossary): string {
  const sentences = question.split(/(?<=[.!?;])\s+/).filter((s) => s.trim());
  if (sentences.length <= 1) return question;
  // The clause that asks ("...; what do we need to get right?") holds the key terms; the rest is context.
  const asks = sentences.filter((s) => /\?\s*$/.test(s) && s.split(/\s+/).length >= 4);
  if (asks.length) return asks.join(' ');
  const withTopic = sentences.filter((s) => topicsOf(s, glossary).length > 0);
  if (withTopic.length) return withTopic.join(' ');
  return sentences.filter((s) => s.trim().endsWith('?')).join(' ') || question;
}

function topicsOf(text: string, glossary: Glossary): Topic[] {
  return glossary
    .findConcepts(text)
    .filter((id) => !NOT_TOPICS.has(id))
    .map((id) => ({ id, term: glossary.concept(id)?.term ?? id }));
}

function comparedNames(question: string): string[] | null {
  for (const pattern of [BETWEEN, COMPARE_WITH, DIFFER_FROM, BEATS, OVER, IS_DIFFERENT, VERSUS]) {
    const m = pattern.exec(question);
    if (!m?.[1] || !m[2]) continue;
    const names = [cleanName(m[1]), cleanName(lastClause(m[2]))];
    if (names.every((n) => n.length > 0 && n.split(/\s+/).length <= 6)) return names;
  }
  return null;
}

/** "license their software for our stores" -> "license their software". */
function lastClause(text: string): string {
  return text.split(/\s+(?:for|when|if|to|so that|because)\s+/i)[0] ?? text;
}
