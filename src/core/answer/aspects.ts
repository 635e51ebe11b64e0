/**
 * What a question asks about a topic, and how the chapters signal each aspect: the question's cue
 * words, section headings ("Benefits of ...", "Considerations for ...", "Case Studies and Examples"),
 * list lead-ins ("Some best practices ... include:") and the words of a sentence itself.
 */
export type Aspect =
  | 'definition'
  | 'benefits'
  | 'risks'
  | 'governance'
  | 'ip-and-data'
  | 'how-to'
  | 'examples'
  | 'trends'
  | 'selection-criteria'
  | 'comparison'
  | 'decision';

export const ASPECTS: readonly Aspect[] = [
  'definition',
  'benefits',
  'risks',
  'governance',
  'ip-and-data',
  'how-to',
  'examples',
  'trends',
  'selection-criteria',
  'comparison',
  'decision',
];

export interface AspectSpec {
  readonly id: Aspect;
  /** In the question. */
  readonly question: RegExp;
  /** In a passage's section path or a list lead-in. */
  readonly heading?: RegExp;
  /** In a sentence or list item. */
  readonly sentence?: RegExp;
  /** How a gap names it: "The chapters don't cover {label} specific to joint ventures." */
  readonly label: string;
  /** Words added to the topic for a search focused on this aspect. */
  readonly query: string;
}

export const ASPECT_SPECS: Readonly<Record<Aspect, AspectSpec>> = {
  definition: {
    id: 'definition',
    question:
      /\b(?:what(?:'s| is| are| does)\b(?! the (?:benefits?|risks?|downsides?|advantages?|challenges?|difference|best|future|key|main|role))|define|definition|meaning of|mean by|means|explain|describe|tell me about|overview of|stand for)\b/i,
    sentence:
      /^[^.:]{0,80}\b(?:involves?|refers? to|is a (?:type|form)|are (?:strategic|formalized))\b|\bthis type of partnership\b/i,
    // (a sentence led by the topic with an early verb, "X, like Y, allow ...", counts too: see evidence.ts)
    label: 'a definition',
    query: 'involves type of partnership',
  },
  benefits: {
    id: 'benefits',
    question:
      /\b(?:benefits?|advantages?|upsides?|pros\b|gains?|value|worth it|in it for us|why (?:would|should|do|does|did|is|are)\b|why (?:bother|partner|form|collaborate|team up)|what does .{1,40} (?:bring|give|offer)|helps?\b|payoff|opportunit|drives? (?:companies|organi[sz]ations|firms|us|businesses)|reasons?\b|motivat\w*|point of)/i,
    heading: /\bbenefits?\b/i,
    sentence:
      /\b(?:enables?|benefits?|advantages?|leverage|access|accelerat\w*|shar\w* (?:risks|resources|knowledge)|pool resources|synerg\w*|competitive advantage|create (?:value|differentiation)|reduc\w+ (?:risks|costs)|increase scale|drivers?|motivat\w*|optimi[sz]e|improv\w*|efficien\w*|drive innovation)\b/i,
    label: 'benefits',
    query: 'benefits enables advantages',
  },
  risks: {
    id: 'risks',
    question:
      /\b(?:risks?|risky|downsides?|drawbacks?|disadvantages?|cons\b|challeng\w*|pitfalls?|problems?|dangers?|concerns?|watch out|careful|go(?:es)? wrong|went wrong|fail\w*|obstacles?|difficult\w*|disputes?|threats?|hurdles?|issues?|trouble|conflicts?|disagree\w*|friction|tensions?|clash\w*|hurts?|harm\w*|damag\w*|falls? apart|break down|collaps\w*|hard\b|tough|struggl\w*)/i,
    heading: /\b(?:challenges?|risks?|considerations?|pitfalls?)\b/i,
    sentence:
      /\b(?:challenges?|risks?|disputes?|mismatch\w*|misaligned|conflicts?|hinder|burdens?|stifle|pitfalls?|dissolution|uncertainty|complexity|unauthori[sz]ed|misuse)\b/i,
    label: 'risks',
    query: 'challenges risks considerations disputes',
  },
  governance: {
    id: 'governance',
    question:
      /\b(?:govern(?!ment)\w*|oversight|steering|decision[- ]making|decisions?|who decides|manag(?:e|ed|ing) the (?:partnership|relationship|collaboration|process)|run (?:the|a) (?:partnership|joint)|structure[ds]? (?:the|a|our)?\s*(?:partnership|deal|collaboration)|roles|responsib\w*|accountab\w*|in charge|coordinat\w*)/i,
    heading: /\b(?:considerations?|governance)\b/i,
    sentence:
      /\b(?:governance|decision-making|oversight|responsibilities|coordination|communication|accountab\w*|structures and mechanisms)\b/i,
    label: 'governance',
    query: 'governance structures decision-making considerations',
  },
  'ip-and-data': {
    id: 'ip-and-data',
    question:
      /\b(?:ip\b|intellectual property|patents?|copyrights?|trademarks?|trade secrets?|licen[cs]e terms|data|privacy|gdpr|security|confidential\w*|owns\b|owned\b|owners?\b|ownership|proprietary|protect\w*)/i,
    sentence:
      /\b(?:intellectual property|IP|data|privacy|security|ownership|proprietary|license terms|patents?|trade secrets|confidential)\b/i,
    label: 'how intellectual property and data are handled',
    query: 'intellectual property data privacy ownership',
  },
  'how-to': {
    id: 'how-to',
    question:
      /\b(?:how (?:do|should|can|could|would|to|best)\b|best practices?|need to (?:do|know|agree|consider|prepare|sort out|think about|set up|decide)|agree on|before (?:starting|we start|signing|entering|launching|kicking off)|prepare (?:for|to)|preparing (?:for|to)|preparation|checklist|requirements?|tips?|steps?|make (?:it|this|them|.{1,30}) (?:work|succeed)|succeed|success(?:ful)?|set(?:ting)? up|implement\w*|approach|what should (?:we|i) do|guidelines?|recommendations? for|get (?:it )?right|ensure|what goes into|what makes (?:a|an|for)|(?:good|successful|effective|strong) (?:\w+ ){0,2}(?:partnership|agreement|deal|alliance|collaboration|contract)|first steps?|track|measure|considerations?|success factors|keys? to success|critical success|keep in mind|should (?:our|the|a|an|it|they|this)\b|do (?:we|i) need|is it necessary|must (?:we|i))/i,
    heading: /\b(?:best practices?|considerations?)\b/i,
    sentence: /\b(?:should|requires?|best practices?|define clear|establish|ensure)\b/i,
    label: 'practical guidance',
    query: 'best practices should considerations',
  },
  examples: {
    id: 'examples',
    question:
      /\b(?:examples?|case stud\w*|real[- ]world|real[- ]life|name (?:a|an|some|one|any)\b|instances?|illustrat\w*|who (?:has|have|did)|which companies|companies (?:that|who)|precedents?|success stor\w*|show me|famous|well-known)/i,
    heading: /\b(?:case studies|examples?)\b/i,
    sentence: /\b(?:such as|like|for instance|e\.g\.|exemplified|example|seen in|as seen|(?:can|may) include)\b/i,
    label: 'examples',
    query: 'case studies examples',
  },
  trends: {
    id: 'trends',
    question:
      /\b(?:trends?|future|outlook|emerging|going forward|next (?:few )?(?:years|decade)|where (?:is|are) .{1,40} (?:heading|going)|becom\w* (?:more|less|increasingly)|shaping|changing|evolving|transforming|more important|on the rise|rise of|growing|will (?:there|we see) (?:be )?more|more and more|evolv\w*|tomorrow|upcoming|increasingly)/i,
    sentence:
      /\b(?:future|trends?|increasingly|growing emphasis|will be shaped|converging|becoming increasingly|geopolitical|(?:is|are) (?:creating|changing|shaping|influencing|transforming|becoming|growing|emerging|driving) new)\b/i,
    label: 'trends',
    query: 'future trends increasingly',
  },
  'selection-criteria': {
    id: 'selection-criteria',
    question:
      /\b(?:choos\w*|pick\w*|select\w*|which (?:partnership|type|kind|model|form|structure)s?\b(?=[^?]*\b(?:should|best|right|fits?|suits?|choose|pick|use|for us|would|makes? sense|gives?|helps?))|right (?:partnership|model|type|structure|partner)|criteria|(?<!success )factors?|consider when|what to consider|when (?:should|to|would|does it make sense)|suit\w*|appropriate|fit for)/i,
    sentence:
      /\b(?:consider (?:their|the)|objectives, capabilities|most appropriate|identify|selecting|key drivers|depending on)\b/i,
    label: 'how to choose',
    query: 'consider objectives capabilities resources appropriate partnership structure',
  },
  comparison: {
    id: 'comparison',
    question:
      /\b(?:differences?|differ\w*|distinguish\w*|vs\.?|versus|compar\w*|contrast|better than|same as|similar to|rather than|instead of|beats?|outperforms?|preferable to|(?:choose|prefer|pick)\b.{1,60}\bover)\b/i,
    label: 'a comparison',
    query: 'involves',
  },
  decision: {
    id: 'decision',
    question:
      /\b(?:should (?:we|i)|shall we|would you (?:recommend|suggest)|do you recommend|recommend|is it better|makes? (?:more )?sense|go with|opt for|worth (?:it|doing))\b/i,
    label: 'a recommendation for this situation',
    query: 'consider objectives',
  },
};

/** Words of the aspects as employees write them: the vocabulary typos are corrected towards. */
export const ASPECT_WORDS: readonly string[] = `benefits benefit advantages advantage upside upsides risks risk risky
downsides downside drawbacks challenges challenge pitfalls problems governance governed govern oversight
examples example cases trends trend future practices practice considerations consider criteria choose
choosing difference differences compare comparison versus recommend partnership partnerships partner
partners collaboration collaborations alliance alliances venture ventures licensing license intellectual
property ownership privacy security innovation acquisition acquisitions merger mergers startup startups
supplier suppliers platform platforms ecosystem ecosystems research industry development marketing`.split(/\s+/);
