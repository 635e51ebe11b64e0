import type { BoundedMap } from '../knowledge/caches.js';
import type { Passage } from '../retrieval/retriever.js';
import type { Glossary } from '../text/glossary.js';
import { firstSentences, META_SENTENCE, splitSentences } from '../text/sentences.js';
import { contentStems } from '../text/tokenize.js';
import { type KeyTerm, NON_MODEL_CONCEPTS, type QuestionAnalysis } from './analyze-question.js';
import { ASPECT_SPECS, type Aspect } from './aspects.js';
import { sectionKey } from './focus.js';

/** A quotable piece of a passage: a sentence, a bullet (its first two sentences), or a list lead-in with its whole list. */
export interface EvidenceUnit {
  readonly text: string;
  /** The bullets after a lead-in ending with ":" (first sentence each): a list stays a whole list. */
  readonly items: readonly string[];
  /** The same bullets with their first two sentences, for the items that speak to the question. */
  readonly itemDetails: readonly string[];
  readonly passageIndex: number;
  readonly position: number;
  readonly bullet: boolean;
  /** The first unit of its passage: a section's opening line defines its subject. */
  readonly opening: boolean;
  readonly section: string;
  readonly stems: ReadonlySet<string>;
  /** Glossary concepts the unit names. */
  readonly concepts: readonly string[];
  /** Glossary concepts its section heading names. */
  readonly sectionConcepts: readonly string[];
  /** Glossary concepts its document title names (a whole document on one topic). */
  readonly titleConcepts: readonly string[];
  /** Glossary concepts named in its first words: what the unit is about. */
  readonly leadConcepts: readonly string[];
  /** Stems of its document title and section heading: the context a sentence is read in. */
  readonly contextStems: ReadonlySet<string>;
}

/** How well a unit serves one aspect of the question's topic. */
export interface ScoredUnit {
  readonly unit: EvidenceUnit;
  readonly aspect: Aspect;
  /** 0..2: heading, lead-in and sentence signals of the aspect. */
  readonly aspectScore: number;
  /** 0..1: the unit (or its section) is about the question's topic; 1 when the question names none. */
  readonly topicScore: number;
  /** Share of the question's key terms the unit contains. */
  readonly keyScore: number;
  /** The topic is what the unit is about: its section's subject, or named in its first words. */
  readonly central: boolean;
  /** The question asks for named cases, not uses (examples only). */
  readonly wantsNames: boolean;
  /** Its section heading or list lead-in announces the aspect ("Benefits of ...", "best practices ... include:"). */
  readonly headed: boolean;
  readonly score: number;
}

/** Where `evidenceUnits` keeps the units of each group of passages (the knowledge base empties it at reindex). */
export type EvidenceUnitCache = Pick<BoundedMap<string, readonly SectionUnit[]>, 'get' | 'set'>;

/**
 * The units of the passages. Passages of one section are read as one text, in chunk order and
 * without the lines their overlap repeats, so a list chunked apart from its lead-in stays whole; a
 * unit is cited by the passage that holds its first line.
 */
export function evidenceUnits(
  passages: readonly Passage[],
  glossary: Glossary,
  cache?: EvidenceUnitCache,
): EvidenceUnit[] {
  const groups = new Map<string, number[]>();
  passages.forEach((p, i) => {
    const key = sectionKey(p);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: EvidenceUnit[] = [];
  for (const indexes of groups.values()) {
    const members = indexes
      .map((i) => ({ i, passage: passages[i] as Passage }))
      .sort((a, b) => a.passage.ordinal - b.passage.ordinal);
    const key = members.map((m) => `${m.passage.hash}:${m.passage.id}`).join('|');
    let units = cache?.get(key);
    if (!units) {
      units = unitsOfSection(
        members.map((m) => m.passage),
        glossary,
      );
      cache?.set(key, units);
    }
    for (const { member, ...u } of units) out.push({ ...u, passageIndex: (members[member] ?? members[0])?.i ?? 0 });
  }
  return out.sort((a, b) => a.passageIndex - b.passageIndex || a.position - b.position);
}

export type SectionUnit = Omit<EvidenceUnit, 'passageIndex'> & { readonly member: number };

function unitsOfSection(members: readonly Passage[], glossary: Glossary): SectionUnit[] {
  const first = members[0] as Passage;
  const lines: Array<{ text: string; member: number }> = [];
  const seen = new Set<string>();
  members.forEach((passage, member) => {
    for (const line of passage.text.split(/\n+/)) {
      const key = line.trim();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      lines.push({ text: line, member });
    }
  });
  const heading = first.section || first.title;
  const sectionConcepts = glossary.findConcepts(heading.split(' › ').slice(-1)[0] ?? heading);
  const titleConcepts = glossary.findConcepts(first.title);
  const contextStems = new Set(contentStems(`${first.title} ${first.section}`));
  const raw = lines.flatMap((line) => splitSentences(line.text).map((u) => ({ ...u, member: line.member })));
  const units: SectionUnit[] = [];
  raw.forEach((u, i) => {
    // A bullet is also a unit of its own: "Industry partnerships: ..." answers a question on industry partnerships.
    const leadIn = /:$/.test(u.text);
    const items: string[] = [];
    const itemDetails: string[] = [];
    if (leadIn) {
      for (let j = i + 1; j < raw.length; j++) {
        const next = raw[j];
        if (!next?.bullet) break;
        items.push(firstSentences(next.text, 1));
        itemDetails.push(firstSentences(next.text, 2));
      }
      if (items.length === 0) return; // a lead-in whose list is in another chunk says nothing
    }
    const text = leadIn ? u.text : u.bullet ? firstSentences(u.text, 2) : u.text;
    if (text.length < 20 && items.length === 0) return;
    if (META_SENTENCE.test(text)) return;
    const all = [text, ...items].join(' ');
    units.push({
      text,
      items,
      itemDetails,
      member: u.member,
      position: i,
      bullet: u.bullet,
      opening: units.length === 0 && i === 0,
      section: heading,
      stems: new Set(contentStems(all)),
      concepts: glossary.findConcepts(all),
      sectionConcepts,
      titleConcepts,
      leadConcepts: glossary.findConcepts(text.slice(0, 40)),
      contextStems,
    });
  });
  return units;
}

/** Capitalised words inside a sentence that are names (BioNTech, SEMATECH), not the field's acronyms. */
const COMMON_CAPS = new Set([
  'AI',
  'IP',
  'R&D',
  'This',
  'These',
  'They',
  'Partners',
  'Some',
  'However',
  'Finally',
  'Partnerships',
  'Innovation',
  'In',
]);
/** How many names a sentence holds (runs of capitalised words count once). */
export function namedThings(text: string): number {
  const tokens = text.split(/\s+/);
  let names = 0;
  let inName = false;
  for (let i = 1; i < tokens.length; i++) {
    const word = (tokens[i] ?? '').replace(/^[("“]+|[)"”,.;:]+$/g, '');
    const isName =
      !/[:.!?]$/.test(tokens[i - 1] ?? '') &&
      /^\p{Lu}[\p{L}\p{N}&-]*$/u.test(word) &&
      !COMMON_CAPS.has(word) &&
      !/^AI\b/.test(word);
    if (isName && !inName) names++;
    inName = isName;
  }
  return names;
}

/** The unit has the stem, or a word sharing its first six letters ("competitors" and "competing"). */
export function hasTerm(unit: Pick<EvidenceUnit, 'stems'>, stem: string): boolean {
  if (unit.stems.has(stem)) return true;
  if (stem.length < 6) return false;
  const prefix = stem.slice(0, 6);
  for (const s of unit.stems) if (s.startsWith(prefix)) return true;
  return false;
}

/**
 * The unit holds a key term of the question. A long word cut to a short stem ("government" and
 * "governance" are both "govern") must also show the letters after the stem.
 */
export function hasKeyTerm(unit: Pick<EvidenceUnit, 'stems' | 'text' | 'items'>, term: KeyTerm): boolean {
  if (!hasTerm(unit, term.stem)) return false;
  if (term.word.length < term.stem.length + 4) return true;
  const telling = term.word.slice(0, term.stem.length + 1);
  return [unit.text, ...unit.items].join(' ').toLowerCase().includes(telling);
}

/** Names many partnership types at once (a sentence or a list): an enumeration, no answer about one of them. */
export function isEnumeration(unit: EvidenceUnit): boolean {
  return unit.concepts.filter((c) => !NON_MODEL_CONCEPTS.has(c)).length >= 3;
}

/** Sharing or reducing risk is a benefit, not a risk. */
const RISK_AS_BENEFIT =
  /\b(?:opportunities and challenges|challenges and opportunities|common challenges|(?:complex|global|societal|foundational) (?:\w+ )?challenges)\b|\b(?:shar\w*|pool\w*|reduc\w*|split\w*|spread\w*|manag\w*)\s+(?:(?:the|their|of)\s+)?(?:resources and |costs and )?risks?(?:[ -](?:and (?:rewards|resources|costs)|sharing))?|\brisks? and (?:rewards|cost sharing)|\brisk-sharing\b/gi;

/** Each aspect's sentence cues, matched all at once (built once: a plan scores every unit for every aspect). */
const SENTENCE_CUES_ALL: Partial<Record<Aspect, RegExp>> = Object.fromEntries(
  Object.entries(ASPECT_SPECS).flatMap(([aspect, spec]) =>
    spec.sentence ? [[aspect, new RegExp(spec.sentence.source, 'gi')]] : [],
  ),
);

function aspectScore(unit: EvidenceUnit, aspect: Aspect, topicIds: readonly string[]): number {
  const spec = ASPECT_SPECS[aspect];
  const last = unit.section.split(' › ').slice(-1)[0] ?? '';
  const joined = [unit.text, ...unit.items].join(' ');
  const body = aspect === 'risks' ? joined.replace(RISK_AS_BENEFIT, '') : joined;
  let score = 0;
  // The heading is the surest sign: a section "Challenges" or "Case Studies and Examples" is about it.
  if (spec.heading?.test(last)) score += 1.4;
  // A list lead-in announces its list ("Some best practices for ... include:", "Co-creation enables organizations to:").
  if (unit.items.length && spec.heading?.test(unit.text)) score += 1.4;
  // One cue word of the aspect counts 0.6; each further distinct one 0.2 more (up to 1). A list is
  // about what its lead-in says: cue words only in its items count 0.3.
  if (spec.sentence) {
    const own = unit.items.length ? (aspect === 'risks' ? unit.text.replace(RISK_AS_BENEFIT, '') : unit.text) : body;
    const cues = new Set((own.match(SENTENCE_CUES_ALL[aspect] ?? spec.sentence) ?? []).map((m) => m.toLowerCase()));
    if (cues.size) score += Math.min(1, 0.6 + 0.2 * (cues.size - 1));
    else if (unit.items.length && spec.sentence.test(body)) score += 0.3;
  }
  if (aspect === 'definition') {
    const aboutTopic = topicIds.some((t) => unit.sectionConcepts.includes(t));
    // A section shared by several models ("Strategic Alliances and Mergers and Acquisitions") defines none of them alone.
    const shared = unit.sectionConcepts.filter((c) => !NON_MODEL_CONCEPTS.has(c)).length > 1;
    if (unit.opening && aboutTopic && unit.items.length === 0) score += shared ? 0.5 : 1;
    // "Joint ventures: This type of partnership involves ...": a list of types defines each by its label.
    const label = /^([^.:]{3,60}): /.exec(unit.text)?.[1];
    if (label && topicIds.length && spec.sentence?.test(unit.text.slice(label.length + 2))) {
      const named = unit.concepts.filter((c) => topicIds.includes(c)).length > 0;
      if (named && /\b(?:this type of partnership|involves?)\b/i.test(unit.text)) score += 1;
    }
    // "Pre-competitive consortia, like SEMATECH ..., allow competing companies to ...": led by the topic, then its verb.
    const led = topicIds.some((t) => unit.leadConcepts.includes(t));
    if (
      led &&
      !label &&
      score < 0.6 &&
      /^[^.:]{0,130}\b(?:involves?|is|are|allows?|enables?|brings?|provides?|means?|refers?)\b/i.test(unit.text)
    ) {
      score += 0.6;
    }
    if (unit.items.length) score -= 0.4;
  }
  if (aspect === 'examples') {
    const names = namedThings(unit.text);
    // Named cases are examples; so are a sentence's own "such as" or "can include" lists.
    score = names > 0 ? score + 0.8 + 0.1 * Math.min(3, names - 1) : score;
  }
  score = Math.min(2, score);
  // A sentence on where partnerships are heading is a trend, whatever names it holds.
  if (
    aspect !== 'trends' &&
    ASPECT_SPECS.trends.sentence?.test(body) &&
    !topicIds.some((t) => unit.concepts.includes(t))
  ) {
    score -= 0.8;
  }
  if (aspect === 'how-to' && /\bshould\b/i.test(body)) score += 0.3;
  if (
    aspect === 'benefits' &&
    /\b(?:challenges (?:exist|include|are)|disputes?|pitfalls?|mismatch\w*|misaligned|hinder)\b/i.test(unit.text)
  ) {
    score -= 0.6;
  }
  if (aspect === 'risks' && /\bbenefits?\b/i.test(last) && !spec.sentence?.test(body)) score -= 0.6;
  return Math.max(0, score);
}

/** The unit names a topic in its first words: the topic is its subject, not a passing mention. */
function leadsWithTopic(unit: EvidenceUnit, topicIds: readonly string[]): boolean {
  return topicIds.some((t) => unit.leadConcepts.includes(t));
}

/** Scores every unit for one aspect of the analysed question. */
export function scoreUnits(units: readonly EvidenceUnit[], analysis: QuestionAnalysis, aspect: Aspect): ScoredUnit[] {
  const topicIds = analysis.topics.map((t) => t.id);
  const keys = analysis.keyTerms.map((k) => k.stem);
  const soft = analysis.softConcepts;
  return units.map((unit) => {
    const a = aspectScore(unit, aspect, topicIds);
    let topic = 1;
    if (topicIds.length) {
      const inUnit = topicIds.filter((t) => unit.concepts.includes(t)).length;
      const inSection = topicIds.filter((t) => unit.sectionConcepts.includes(t)).length;
      const inTitle = topicIds.filter(
        (t) => unit.titleConcepts.includes(t) && !unit.sectionConcepts.includes(t),
      ).length;
      topic = Math.min(1, (inUnit + 0.7 * inSection + 0.6 * inTitle) / Math.min(topicIds.length, 2));
    }
    const key = keys.length ? analysis.keyTerms.filter((k) => hasKeyTerm(unit, k)).length / keys.length : 0;
    // Without an aspect or a topic of its own, a question is about its key terms ("ethical", "Human Genome").
    const keyWeight = analysis.explicitAspects.length && topicIds.length ? 0.8 : 2;
    const spec = ASPECT_SPECS[aspect];
    const headed =
      !!spec.heading &&
      (spec.heading.test(unit.section.split(' › ').slice(-1)[0] ?? '') ||
        (unit.items.length > 0 && spec.heading.test(unit.text)));
    // Concepts that are no topic ("AI", "governance", "choosing a partnership") still tell what is relevant.
    const softShare = soft.length ? soft.filter((c) => unit.concepts.includes(c)).length / soft.length : 0;
    // Without an aspect, a concept the question names ("due diligence") is what it asks about.
    const softWeight = analysis.explicitAspects.length ? 0.4 : 1.2;
    let score = a + 1.2 * topic + keyWeight * key + softWeight * softShare + 0.15 / (unit.passageIndex + 1);
    // A document about the topic ("Partnerships for Innovation"): its sections naming no other model are about it.
    const ownDocument =
      unit.sectionConcepts.every((c) => NON_MODEL_CONCEPTS.has(c)) &&
      topicIds.some((t) => unit.titleConcepts.includes(t));
    const central =
      topicIds.length === 0 ||
      topicIds.some((t) => unit.sectionConcepts.includes(t)) ||
      ownDocument ||
      leadsWithTopic(unit, topicIds) ||
      (topicIds.length >= 2 && topicIds.every((t) => unit.concepts.includes(t)));
    // An enumeration of types answers no question about one of them, unless it is led by that one.
    if (isEnumeration(unit) && aspect !== 'selection-criteria' && !leadsWithTopic(unit, topicIds)) score -= 0.8;
    // A section of the asked model alone says more about it than one shared with another model.
    const models = unit.sectionConcepts.filter((c) => !NON_MODEL_CONCEPTS.has(c));
    if (topicIds.length === 1 && models.length > 1 && models.includes(topicIds[0] as string)) score -= 0.3;
    // A sentence about the topic beats one that mentions it in passing.
    if (central && topicIds.length) score += 0.4;
    return {
      unit,
      aspect,
      aspectScore: a,
      topicScore: topic,
      keyScore: key,
      central,
      headed,
      wantsNames: analysis.wantsNames,
      score,
    };
  });
}
