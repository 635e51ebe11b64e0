import type { ChatModel } from '../ports.js';
import type { Passage } from '../retrieval/retriever.js';
import type { AnswerCoverage, Turn } from '../types.js';
import type { QuestionAnalysis } from './analyze-question.js';
import { ASPECT_SPECS } from './aspects.js';
import type { CoverageDecision } from './coverage.js';
import { formatHistory } from './follow-up.js';
import { modelText } from './model-text.js';
import { fillTemplate, type Prompts } from './templates.js';

/** What the model must answer when the passages do not cover the question. */
export const NOT_COVERED = 'NOT_COVERED';

/** The model's first line: `COVERAGE: answered|partial|not_covered`. Stripped, never shown. */
const COVERAGE_LINE = /^\s*COVERAGE:\s*(answered|partial|not_covered)\b[^\n]*(?:\n|$)/i;
export const COVERAGE_PREFIX = 'COVERAGE:';

/** The answer without its leading coverage line (and the coverage it reported, if any). */
export function readCoverageLine(text: string): { coverage: AnswerCoverage | null; text: string } {
  const m = COVERAGE_LINE.exec(text);
  if (!m) return { coverage: null, text };
  return { coverage: (m[1] as string).toLowerCase() as AnswerCoverage, text: text.slice(m[0].length) };
}

export function stripCoverageLine(text: string): string {
  return readCoverageLine(text).text;
}

const MARKER = /\[\d+(?:\s*[,;]\s*\d+)*\]/;

/**
 * Only cited sentences stay: a sentence (or list line) without a [n] marker is dropped, except a
 * list lead-in whose items are cited, and the partial answer's opening about what is not covered.
 */
export function keepCitedSentences(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) {
      out.push(line);
      return;
    }
    const nextCited = lines.slice(i + 1).find((l) => l.trim()) ?? '';
    if (/:\s*$/.test(line.trim()) && MARKER.test(nextCited)) {
      out.push(line);
      return;
    }
    const sentences = line.split(/(?<=[.!?](?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*)\s+(?=["“(\p{Lu}\d*-])/u);
    const kept = sentences.filter(
      (s) => MARKER.test(s) || /^The chapters don't cover\b|^The closest guidance\b/.test(s),
    );
    if (kept.some((s) => MARKER.test(s))) out.push(kept.join(' '));
  });
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Passages are fenced and numbered; their content is data for the model, never instructions. */
export function formatPassages(passages: readonly Passage[]): string {
  return passages
    .map((p, i) => {
      const where = p.section ? `${p.title} › ${p.section}` : p.title;
      const body = p.text.replace(/<\/?passage[^>]*>/gi, '');
      return `<passage n="${i + 1}" source="${where.replace(/"/g, "'")}">\n${body}\n</passage>`;
    })
    .join('\n\n');
}

/** What the core found before the model writes: the asked aspect, key terms and the coverage of the passages. */
export function formatGuide(guide: { analysis: QuestionAnalysis; decision: CoverageDecision }): string {
  const { analysis, decision } = guide;
  const lines = [
    `Topic: ${analysis.topics.map((t) => t.term).join(', ') || '(none named)'}`,
    `Asked aspect: ${analysis.aspects.map((a) => ASPECT_SPECS[a].label).join(' and ')}`,
    `Key terms the answer must cover: ${analysis.keyTerms.map((k) => k.word).join(', ') || '(none)'}`,
    `Coverage found in the passages: ${decision.coverage}${decision.gap ? ` (missing: ${decision.gap})` : ''}`,
  ];
  return lines.join('\n');
}

/**
 * Asks the model for a grounded answer. Returns null when the model says the passages don't cover
 * it; otherwise the answer without its coverage line, with uncited sentences dropped.
 */
export async function llmAnswer(input: {
  question: string;
  history: readonly Turn[];
  passages: readonly Passage[];
  model: ChatModel;
  prompts: Prompts;
  guide?: { analysis: QuestionAnalysis; decision: CoverageDecision } | undefined;
  signal?: AbortSignal;
  /** Streams the answer: each piece of the model's text as it arrives. */
  onText?: ((piece: string) => void) | undefined;
}): Promise<{ text: string; coverage: AnswerCoverage | null } | null> {
  const user = fillTemplate(input.prompts.answerUser, {
    question: input.question.replace(/<\/?question>/gi, ''),
    history: input.history.length ? formatHistory(input.history) : '(none)',
    passages: formatPassages(input.passages),
    analysis: input.guide ? formatGuide(input.guide) : '(none)',
  });
  const text = await modelText(
    input.model,
    [
      { role: 'system', content: input.prompts.answerSystem },
      { role: 'user', content: user },
    ],
    { maxTokens: 700, signal: input.signal, onText: input.onText },
  );
  const read = readCoverageLine(text.trim());
  const trimmed = read.text.trim();
  if (trimmed.includes(NOT_COVERED) || read.coverage === 'not_covered') return null;
  return { text: keepCitedSentences(trimmed), coverage: read.coverage };
}
