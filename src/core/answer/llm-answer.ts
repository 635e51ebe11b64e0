import type { ChatModel } from '../ports.js';
import type { Passage } from '../retrieval/retriever.js';
import type { Turn } from '../types.js';
import { formatHistory } from './follow-up.js';
import { modelText } from './model-text.js';
import { fillTemplate, type Prompts } from './templates.js';

/** What the model must answer when the passages do not cover the question. */
export const NOT_COVERED = 'NOT_COVERED';

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

/** Asks the model for a grounded answer. Returns null when the model says the passages don't cover it. */
export async function llmAnswer(input: {
  question: string;
  history: readonly Turn[];
  passages: readonly Passage[];
  model: ChatModel;
  prompts: Prompts;
  signal?: AbortSignal;
  /** Streams the answer: each piece of the model's text as it arrives. */
  onText?: ((piece: string) => void) | undefined;
}): Promise<string | null> {
  const user = fillTemplate(input.prompts.answerUser, {
    question: input.question.replace(/<\/?question>/gi, ''),
    history: input.history.length ? formatHistory(input.history) : '(none)',
    passages: formatPassages(input.passages),
  });
  const text = await modelText(
    input.model,
    [
      { role: 'system', content: input.prompts.answerSystem },
      { role: 'user', content: user },
    ],
    { maxTokens: 700, signal: input.signal, onText: input.onText },
  );
  const trimmed = text.trim();
  if (trimmed.includes(NOT_COVERED)) return null;
  return trimmed;
}
