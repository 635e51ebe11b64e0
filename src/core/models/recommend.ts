import { contentStems } from '../text/tokenize.js';
import type { StoredChunk } from '../types.js';
import type { CatalogEntry, Factor } from './catalog.js';
import { containsAny, containsPhrase, phraseStems } from './phrases.js';
import type { ModelUnit } from './units.js';

export interface ScoredReason {
  readonly text: string;
  readonly chunk: StoredChunk;
}

export interface ScoredModel {
  readonly entry: CatalogEntry;
  readonly score: number;
  readonly reasons: readonly ScoredReason[];
}

export interface SituationReading {
  /** Factors the situation speaks to. */
  readonly factors: readonly Factor[];
  /** Factors it is silent on: their questions sharpen the recommendation. */
  readonly missing: readonly Factor[];
  /** Content stems of the situation that are not factor cues: what the objectives match against. */
  readonly topicStems: readonly string[];
}

export function readSituation(situation: string, factors: readonly Factor[]): SituationReading {
  const stems = phraseStems(situation);
  const detected = factors.filter((f) => f.id !== 'objectives' && containsAny(stems, f.situation));
  const cueStems = new Set(detected.flatMap((f) => f.situation.flatMap((p) => p.stems)));
  const topicStems = [...new Set(contentStems(situation))].filter((s) => !cueStems.has(s));
  const objectives = factors.find((f) => f.id === 'objectives');
  const objectivesStated = objectives ? containsAny(stems, objectives.situation) || topicStems.length >= 3 : true;
  const missing = factors.filter((f) => !detected.includes(f) && (f.id !== 'objectives' || !objectivesStated));
  return { factors: detected, missing, topicStems };
}

const OPENING_BONUS = 0.3;

interface Evidence {
  readonly value: number;
  readonly unit?: ModelUnit;
  /** The quoted words: the unit, or a list lead-in with only the items that speak to the factor. */
  readonly quote?: string;
}

function favorValue(factor: Factor, stems: readonly string[]): number {
  let value = 0;
  for (const p of factor.favors) if (containsPhrase(stems, p)) value = Math.max(value, p.stems.length >= 2 ? 1 : 0.6);
  return value;
}

function quoteOf(factor: Factor, u: ModelUnit): string {
  if (u.unit.items.length === 0) return u.unit.text;
  const items = u.unit.items.filter((item) => favorValue(factor, phraseStems(item)) > 0);
  return `${u.unit.text} ${(items.length ? items : u.unit.items.slice(0, 2)).join('; ')}.`;
}

/** Best evidence for a factor among a model's units (not yet quoted): +1 for a favouring passage, -0.25 for a caution. */
function factorEvidence(factor: Factor, units: readonly ModelUnit[], quoted: ReadonlySet<string>): Evidence {
  let best: Evidence = { value: 0 };
  for (const u of units) {
    if (quoted.has(u.unit.text)) continue;
    const value = favorValue(factor, u.unit.stems);
    if (value > best.value || (value === best.value && value > 0 && u.mentions && !best.unit?.mentions)) {
      best = { value, unit: u };
    }
  }
  if (!best.unit) return best;
  // A model whose defining sentence speaks to the factor is about it (licensing "is" the transfer of IP rights).
  const defining = units.some((u) => u.opening && favorValue(factor, u.unit.stems) > 0) ? OPENING_BONUS : 0;
  const caution = units.some((u) => containsAny(u.unit.stems, factor.cautions)) ? 0.25 : 0;
  return { value: best.value + defining - caution, unit: best.unit, quote: quoteOf(factor, best.unit) };
}

/** Share of the situation's idf-weighted topic words found in the model's best unit. */
function topicMatch(
  topic: readonly string[],
  units: readonly ModelUnit[],
  idf: (stem: string) => number,
): { value: number; unit?: ModelUnit } {
  const total = topic.reduce((s, t) => s + idf(t), 0);
  if (total === 0) return { value: 0 };
  let best: { value: number; unit?: ModelUnit } = { value: 0 };
  for (const u of units) {
    if (u.unit.items.length) continue; // a bare lead-in ("... enables organizations to:") is no reason
    const have = new Set(u.unit.stems);
    const covered = topic.reduce((s, t) => s + (have.has(t) ? idf(t) : 0), 0) / total;
    if (covered > best.value) best = { value: covered, unit: u };
  }
  return best;
}

/**
 * Scores every model against the situation with the chapters' own words: for each factor the
 * situation raises (IP, control, speed, capital, risk, data), the model's passages that speak to it,
 * plus how well its passages match what the situation is about. 0..1, highest first.
 */
export function scoreModels(
  reading: SituationReading,
  catalog: ReadonlyArray<{ entry: CatalogEntry; units: readonly ModelUnit[] }>,
  idf: (stem: string) => number,
): ScoredModel[] {
  const weightTopic = reading.factors.length ? 0.5 : 1;
  const scored = catalog.map(({ entry, units }, order) => {
    const reasons: ScoredReason[] = [];
    const quoted = new Set<string>();
    let sum = 0;
    for (const factor of reading.factors) {
      const evidence = factorEvidence(factor, units, quoted);
      sum += Math.max(0, evidence.value);
      if (evidence.unit && evidence.quote && evidence.value > 0) {
        quoted.add(evidence.unit.unit.text);
        reasons.push({ text: `${factor.label}: ${evidence.quote}`, chunk: evidence.unit.unit.chunk });
      }
    }
    const topic = topicMatch(reading.topicStems, units, idf);
    sum += weightTopic * topic.value;
    if (topic.unit && topic.value >= 0.34 && !reasons.some((r) => r.text.endsWith(topic.unit?.unit.text ?? ''))) {
      reasons.push({ text: `Fits what you describe: ${topic.unit.unit.text}`, chunk: topic.unit.unit.chunk });
    }
    const score = sum / (reading.factors.length * (1 + OPENING_BONUS) + weightTopic);
    return { entry, score: Math.round(score * 1000) / 1000, reasons: reasons.slice(0, 3), order };
  });
  return scored
    .filter((s) => s.score > 0 && s.reasons.length > 0)
    .sort((a, b) => b.score - a.score || b.reasons.length - a.reasons.length || a.order - b.order)
    .map(({ entry, score, reasons }) => ({ entry, score, reasons }));
}
