import { CLOSEST_GUIDANCE, gapSentence } from '../not-covered.js';
import { jaccard, shingles } from '../text/similarity.js';
import type { QuestionAnalysis } from './analyze-question.js';
import { NON_MODEL_CONCEPTS } from './analyze-question.js';
import { ASPECT_SPECS, type Aspect } from './aspects.js';
import { type CoverageDecision, supports } from './coverage.js';
import type { ScoredUnit } from './evidence.js';

/** Aspects on which the chapters' general guidance holds for any partnership. */
const GENERAL_ASPECTS: ReadonlySet<Aspect> = new Set(['risks', 'benefits', 'examples', 'trends']);

/** Words past which no supporting sentence is added (the first answer and one list always fit). */
const SOFT_WORDS = 120;
/** The longest an answer gets before its last supporting lines are dropped. */
const MAX_WORDS = 190;
/** A list longer than this shows its items' labels only, except the two that matter most. */
const LIST_WORDS = 70;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

interface Part {
  readonly scored: ScoredUnit;
  readonly shingles: Set<string>;
}

/** "Label: sentence" bullets keep their label; long lists show the best two items in full. */
function renderItems(s: ScoredUnit, keyStems: readonly string[], cues: readonly RegExp[]): string[] {
  const { items, itemDetails } = s.unit;
  // The items that speak to the question (its key terms, its aspect, its other concepts) come first.
  const relevance = (i: number) => {
    const text = (itemDetails[i] ?? items[i] ?? '').toLowerCase();
    return 2 * keyStems.filter((k) => text.includes(k)).length + cues.filter((cue) => cue.test(text)).length;
  };
  const ranked = items.map((_item, i) => ({ i, score: relevance(i) })).sort((a, b) => b.score - a.score || a.i - b.i);
  const best = ranked[0] && ranked[0].score > 0 && (keyStems.length > 0 || cues.length > 0) ? ranked[0].i : -1;
  const total = items.reduce((n, item) => n + wordCount(item), 0);
  if (total <= LIST_WORDS) return items.map((item, i) => (i === best ? (itemDetails[i] ?? item) : item));
  const full = ranked.slice(0, 2).map((r) => r.i);
  return items.map((item, i) => {
    if (i === best) return itemDetails[i] ?? item;
    if (full.includes(i)) return item;
    const colon = item.indexOf(': ');
    return colon > 0 && colon < 80 ? item.slice(0, colon) : item;
  });
}

function lines(parts: readonly Part[], keyStems: readonly string[], cues: readonly RegExp[]): string[] {
  const out: string[] = [];
  for (const { scored } of parts) {
    const marker = `[${scored.unit.passageIndex + 1}]`;
    if (scored.unit.items.length) {
      out.push(`${scored.unit.text} ${marker}`);
      for (const item of renderItems(scored, keyStems, cues)) out.push(`- ${item} ${marker}`);
    } else {
      out.push(`${scored.unit.text} ${marker}`);
    }
  }
  return out;
}

/** Lines of a list break the paragraph; sentences run on. */
function join(out: readonly string[]): string {
  let text = '';
  // Each list starts on its own line; sentences around it stay paragraphs.
  let inList = false;
  for (const line of out) {
    const isItem = line.startsWith('- ');
    const isLeadIn = /:\s\[\d+\]$/.test(line);
    if (!text) text = line;
    else if (isItem || isLeadIn || inList) text += `\n${line}`;
    else text += ` ${line}`;
    inList = isItem || isLeadIn;
  }
  return text;
}

/** The units chosen for one aspect: the direct answer first, then a list or up to two supporting sentences. */
function pick(
  candidates: readonly ScoredUnit[],
  chosen: Part[],
  options: { strict: boolean; max: number; budget: number },
): void {
  const pool = [...candidates]
    .filter((s) => (options.strict ? supports(s) : s.score > 0))
    .sort((a, b) => b.score - a.score);
  const first = pool[0];
  if (!first) return;
  const best = first;
  // A definition goes on with its paragraph: the next lines of its section on the same topic.
  if (best.aspect === 'definition') {
    for (const s of candidates) {
      const next =
        s.unit.passageIndex === best.unit.passageIndex &&
        s.unit.position > best.unit.position &&
        s.unit.position - best.unit.position <= 2 &&
        s.unit.items.length === 0 &&
        s.topicScore >= 0.7;
      if (next && !pool.includes(s)) pool.push(s);
    }
  }
  // Supporting lines from the answer's own section come first: they continue what it says.
  pool.sort((a, b) => {
    if (a === best || b === best) return a === best ? -1 : 1;
    const near = (s: ScoredUnit) =>
      s.unit.passageIndex === best.unit.passageIndex &&
      Math.abs(s.unit.position - best.unit.position) <= 2 &&
      s.topicScore >= 0.7 &&
      (s.aspectScore > 0 || s.aspect === 'definition');
    return Number(near(b)) - Number(near(a)) || b.score - a.score;
  });
  let words = chosen.reduce((n, p) => n + wordCount([p.scored.unit.text, ...p.scored.unit.items].join(' ')), 0);
  let taken = 0;
  // One list per aspect: "benefits and risks of co-creation" may get both lists.
  let list = false;
  for (const s of pool) {
    if (taken >= options.max) break;
    // Supporting lines: close to the best, or from the same passage on the same topic (a definition's next lines).
    const sameSection =
      s.unit.passageIndex === best.unit.passageIndex &&
      Math.abs(s.unit.position - best.unit.position) <= 2 &&
      !/^[^.:]{3,80}: /.test(s.unit.text) &&
      s.topicScore >= 0.7 &&
      (s.aspectScore > 0 || s.aspect === 'definition');
    if (s.score < best.score * 0.7 && !sameSection) continue;
    const isList = s.unit.items.length > 0;
    if (isList && list) continue;
    // A paragraph's short opener ("However, formidable challenges exist.") says nothing on its own.
    if (!isList && wordCount(s.unit.text) < 7) continue;
    const size = wordCount([s.unit.text, ...s.unit.items].join(' '));
    if (taken > 0 && words + size > options.budget) continue;
    const sh = shingles([s.unit.text, ...s.unit.items].join(' '));
    if (
      chosen.some(
        (p) =>
          jaccard(sh, p.shingles) > 0.45 ||
          p.scored.unit.text.includes(s.unit.text) ||
          s.unit.text.includes(p.scored.unit.text),
      )
    ) {
      continue;
    }
    if (chosen.some((p) => p.scored.unit.items.some((item) => s.unit.text.startsWith(item.slice(0, 40))))) continue;
    chosen.push({ scored: s, shingles: sh });
    words += size;
    taken++;
    if (isList) {
      list = true;
      if (taken === 1) break; // a list that answers stands alone
    }
  }
}

/**
 * The extractive answer: for each asked aspect the sentence that answers it most directly, then a
 * few supporting sentences or one whole list, all quoted and cited [n] by passage. A partial answer
 * opens with what the chapters do not cover, then gives the closest guidance they do give.
 */
export function composeAnswer(input: {
  readonly analysis: QuestionAnalysis;
  readonly scored: ReadonlyMap<Aspect, readonly ScoredUnit[]>;
  readonly decision: CoverageDecision;
}): string {
  const { analysis, scored, decision } = input;
  const keyStems = analysis.keyTerms.map((k) => k.stem);
  const chosen: Part[] = [];
  const aspects = analysis.aspects.length ? analysis.aspects : (['definition'] as Aspect[]);
  const secondary = (a: Aspect, i: number) => i > 0 && (a === 'definition' || a === 'how-to');
  // With two aspects, a line that speaks to both ("examples of partnerships that failed") comes first.
  const both = (aspect: Aspect): readonly ScoredUnit[] => {
    const own = scored.get(aspect) ?? [];
    const other = aspects.find((a) => a !== aspect && a !== 'definition' && a !== 'how-to');
    const otherScores = other ? scored.get(other) : undefined;
    if (!otherScores) return own;
    return own.map((s, i) => ({ ...s, score: s.score + 0.5 * (otherScores[i]?.aspectScore ?? 0) }));
  };
  aspects.forEach((aspect, i) => {
    const candidates = both(aspect);
    const missing = decision.missingAspects.includes(aspect);
    if (secondary(aspect, i)) {
      pick(candidates, chosen, { strict: true, max: 1, budget: SOFT_WORDS });
      return;
    }
    const perAspect = aspects.length > 1 ? 2 : 4;
    if (missing) {
      // Closest guidance: risks, benefits, examples and trends of partnerships in general apply to the
      // topic too; for practice, governance, IP or choice another model's advice does not, so what the
      // chapters say about the topic itself comes first.
      // General guidance comes from sections about partnerships in general, not about another model.
      const neutral = candidates.filter((s) => !s.unit.sectionConcepts.some((c) => !NON_MODEL_CONCEPTS.has(c)));
      const headed = neutral.filter((s) => s.headed);
      const general = headed.length ? headed : neutral.filter((s) => s.aspectScore >= 0.6);
      const own = (scored.get('definition') ?? []).filter((s) => s.topicScore >= 0.7);
      if (general.length && (GENERAL_ASPECTS.has(aspect) || own.length === 0)) {
        // What the topic's own chapter says near the aspect ("align incentives and risks") comes first.
        const near = candidates.filter((s) => s.central && s.topicScore >= 0.7 && s.aspectScore >= 0.6);
        if (analysis.topics.length && near.length) pick(near, chosen, { strict: false, max: 1, budget: SOFT_WORDS });
        pick(general, chosen, { strict: false, max: perAspect - 1, budget: SOFT_WORDS });
      } else {
        pick(own.length ? own : (scored.get('definition') ?? []), chosen, {
          strict: false,
          max: 3,
          budget: SOFT_WORDS,
        });
      }
      return;
    }
    const before = chosen.length;
    pick(candidates, chosen, { strict: true, max: perAspect, budget: SOFT_WORDS });
    if (chosen.length === before) pick(candidates, chosen, { strict: false, max: 2, budget: SOFT_WORDS });
  });
  if (chosen.length === 0) return '';
  // Never much over 200 words: the last supporting lines go first.
  const size = (p: Part) => wordCount([p.scored.unit.text, ...p.scored.unit.items].join(' '));
  while (chosen.length > 1 && chosen.reduce((n, p) => n + size(p), 0) > MAX_WORDS) chosen.pop();
  const cues = [
    ...analysis.aspects.flatMap((a) => (ASPECT_SPECS[a].sentence ? [ASPECT_SPECS[a].sentence] : [])),
    ...analysis.softTerms.map((t) => new RegExp(`\\b${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i')),
  ];
  // List items are ranked by the question's own words too, its cue words included ("how do we measure it?").
  const body = join(lines(chosen, [...new Set([...keyStems, ...analysis.questionStems])], cues));
  if (decision.coverage === 'partial' && decision.gap) {
    const lead = `${gapSentence(decision.gap)} ${CLOSEST_GUIDANCE}`;
    return body.includes('\n') || /:\s\[\d+\]/.test(body) ? `${lead}\n${body}` : `${lead} ${body}`;
  }
  return body;
}
