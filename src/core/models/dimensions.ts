import { compilePhrases, containsPhrase, type Phrase } from './phrases.js';
import type { ComparisonDimension, ComparisonDimensionId } from './types.js';
import type { ModelUnit } from './units.js';

interface Cue {
  readonly phrase: Phrase;
  readonly weight: number;
}

export interface DimensionSpec extends ComparisonDimension {
  readonly cues: readonly Cue[];
  /** Section headings that announce this dimension ("Benefits of Co-Creation"). */
  readonly sectionCue?: RegExp;
  /** Extra query words for the corpus-wide search. */
  readonly query: string;
  /** A unit must pass this to count at all (e.g. examples name something real). */
  readonly requires?: (u: ModelUnit) => boolean;
}

function cues(spec: Record<string, number>): Cue[] {
  return Object.entries(spec).flatMap(([text, weight]) => compilePhrases([text]).map((phrase) => ({ phrase, weight })));
}

const DEFINITIONAL = /\b(?:involves?|is|are|refers? to|means|bring together|provides?|allows?)\b/i;

/** Capitalised words inside a sentence (not its first word or after a colon) that are names, not acronyms of the field. */
const COMMON_CAPS = new Set(['AI', 'IP', 'R&D', 'This', 'These', 'They', 'Partners', 'Some', 'However', 'Finally']);
export function namesSomething(u: ModelUnit): boolean {
  const title = new Set(`${u.unit.chunk.title} ${u.unit.chunk.section}`.split(/\s+/));
  // A bullet's headline ("Licensing and Intellectual Property Sharing: ...") is a label, not a name.
  const colon = u.unit.bullet ? u.unit.text.indexOf(': ') : -1;
  const body = colon > 0 && colon < 100 ? u.unit.text.slice(colon + 2) : u.unit.text;
  const tokens = body.split(/\s+/);
  for (let i = 1; i < tokens.length; i++) {
    const prev = tokens[i - 1] ?? '';
    if (/[:.!?]$/.test(prev)) continue;
    const word = (tokens[i] ?? '').replace(/^[("“]+|[)"”,.;:]+$/g, '');
    if (!/^\p{Lu}[\p{L}\p{N}&-]*$/u.test(word)) continue;
    if (COMMON_CAPS.has(word) || title.has(word)) continue;
    return true;
  }
  return false;
}

export const DIMENSIONS: readonly DimensionSpec[] = [
  {
    id: 'definition',
    label: 'What it is',
    cues: cues({ involve: 2, 'type of partnership': 2, 'this type': 1, are: 0.5, is: 0.5, 'bring together': 2 }),
    query: 'what is definition involves',
    requires: (u) => DEFINITIONAL.test(u.unit.text),
  },
  {
    id: 'ai_uses',
    label: 'Typical AI uses',
    cues: cues({
      'involving ai': 4,
      'ai technologies can include': 4,
      'ai can include': 4,
      'ai technologies': 1,
      ai: 0.5,
      'artificial intelligence': 1,
      algorithms: 1.5,
      'predictive analytics': 2,
      'machine learning': 1,
      'data analysis': 1,
      'big data': 1,
    }),
    query: 'AI technologies use',
  },
  {
    id: 'benefits',
    label: 'Benefits',
    cues: cues({
      benefit: 2,
      enable: 1.5,
      advantage: 1.5,
      accelerate: 1,
      access: 1,
      'share risks': 1,
      'sharing risks': 1,
      'risk and cost sharing': 1.5,
      synergies: 1,
      'reduce risks': 1,
      gain: 1,
      'pool resources': 1,
      'build stronger relationships': 1,
      leverage: 0.5,
    }),
    sectionCue: /\bbenefits?\b/i,
    query: 'benefits advantages enable',
  },
  {
    id: 'risks',
    label: 'Risks and considerations',
    cues: cues({
      challenge: 2,
      require: 1.5,
      consider: 1,
      dispute: 2,
      conflict: 2,
      mismatch: 2,
      misaligned: 2,
      uncertainty: 1,
      burden: 2,
      hinder: 2,
      pitfall: 2,
      risk: 1,
      'share risks': -1,
      'sharing risks': -1,
      'reduce risks': -1,
      enable: -1.5,
      protect: 1,
      prevent: 1,
      trust: 1,
      comply: 1,
      ethical: 1,
      'due diligence': 1,
    }),
    sectionCue: /\b(?:considerations?|challenges?|risks?)\b/i,
    query: 'risks challenges considerations',
  },
  {
    id: 'governance',
    label: 'Governance',
    cues: cues({
      governance: 3,
      govern: 2,
      'decision-making': 2,
      'responsibilities for': 2, // not bare "respons": that stem is also "response"
      oversight: 2,
      communication: 1,
      coordination: 1,
      'terms and conditions': 1,
      control: 1.5,
      agreements: 1,
      align: 1,
      'new entity': 1,
      'risk management': 1,
    }),
    query: 'governance decision-making control',
  },
  {
    id: 'ip_and_data',
    label: 'IP and data',
    cues: cues({
      'intellectual property': 3,
      ip: 3,
      patent: 2,
      license: 2,
      'trade secrets': 2,
      data: 2,
      privacy: 2,
      proprietary: 2,
      ownership: 1,
      consent: 1,
    }),
    query: 'intellectual property data',
  },
  {
    id: 'examples',
    label: 'Examples',
    cues: cues({ 'such as': 1.5, like: 1, exemplified: 2, example: 2, 'e.g': 1, partnership: 0.5 }),
    sectionCue: /\b(?:examples?|case stud)/i,
    query: 'examples case studies such as',
    requires: namesSomething,
  },
];

export function dimensionSpec(id: ComparisonDimensionId): DimensionSpec {
  const spec = DIMENSIONS.find((d) => d.id === id);
  if (!spec) throw new Error(`unknown dimension ${id}`);
  return spec;
}

/** How well a unit speaks to a dimension; 0 when it does not. */
export function scoreUnit(spec: DimensionSpec, u: ModelUnit): number {
  if (spec.requires && !spec.requires(u)) return 0;
  let cueScore = 0;
  for (const cue of spec.cues) if (containsPhrase(u.unit.stems, cue.phrase)) cueScore += cue.weight;
  if (spec.id === 'definition' && u.mentions) cueScore += 1; // a sentence about the model with a defining verb
  const sectionHit = spec.sectionCue?.test(u.unit.chunk.section) ?? false;
  if (cueScore < 1 && !sectionHit) return 0;
  let score = cueScore + (sectionHit ? 2 : 0);
  if (u.mentions) score += 0.5;
  score += 0.6 / (1 + u.sectionRank); // the catalog lists the defining sections first
  // A "Benefits of ..." or "Considerations for ..." section belongs to its own row first.
  const otherRow = DIMENSIONS.some((d) => d !== spec && d.sectionCue?.test(u.unit.chunk.section));
  if (otherRow && !sectionHit) score *= 0.4;
  if (spec.id === 'definition') {
    if (u.opening) score += 3;
    score -= 0.05 * u.unit.position;
  }
  return score;
}
