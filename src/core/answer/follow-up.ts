import { AppError } from '../errors.js';
import type { ChatModel } from '../ports.js';
import type { Glossary } from '../text/glossary.js';
import { contentStems } from '../text/tokenize.js';
import type { Turn } from '../types.js';
import { fillTemplate, type Prompts } from './templates.js';

const FOLLOW_UP_CUE = /^\s*(and|also|but|so|then|what about|how about)\b/i;
const ANAPHORA = /\b(it|its|it's|they|them|their|this|that|these|those|such|one|ones|same|above|former|latter)\b/i;

/**
 * Topic carry-over without a language model: a follow-up that names no partnership concept of its
 * own, or leans on a pronoun with few words, inherits the previous question's topic.
 */
export function carryOverTopic(
  question: string,
  history: readonly Turn[],
  glossary: Glossary,
  /** Whether the knowledge base uses a stem: a question made only of unknown words is a new, off-topic one. */
  known: (stem: string) => boolean = () => true,
): string {
  const previous = [...history].reverse().find((t) => t.question.trim());
  if (!previous) return question;
  const ownConcepts = glossary.findConcepts(question);
  const stems = contentStems(question);
  const anaphoric = (ANAPHORA.test(question) || FOLLOW_UP_CUE.test(question)) && stems.length <= 4;
  if (ownConcepts.length > 0 && !anaphoric) return question;
  if (!anaphoric && ownConcepts.length === 0 && !stems.some(known)) return question;
  const earlierConcepts = glossary.findConcepts(previous.question);
  const topic = earlierConcepts.length
    ? earlierConcepts.map((id) => glossary.concept(id)?.term ?? id).join(', ')
    : previous.question;
  if (ownConcepts.length > 0 && earlierConcepts.every((id) => ownConcepts.includes(id))) return question;
  return `${question} (${topic})`;
}

export function formatHistory(history: readonly Turn[], maxTurns = 4): string {
  return history
    .slice(-maxTurns)
    .map((t, i) => `Q${i + 1}: ${t.question}\nA${i + 1}: ${t.answer.slice(0, 600)}`)
    .join('\n');
}

/** LLM query rewriting: a standalone search query for a follow-up. Falls back to carry-over on failure. */
export async function rewriteFollowUp(input: {
  question: string;
  history: readonly Turn[];
  model: ChatModel;
  prompts: Prompts;
  glossary: Glossary;
  signal?: AbortSignal;
}): Promise<{ query: string; failed: boolean }> {
  if (input.history.length === 0) return { query: input.question, failed: false };
  try {
    const content = fillTemplate(input.prompts.rewriteQuery, {
      history: formatHistory(input.history),
      question: input.question,
    });
    const opts = input.signal ? { maxTokens: 80, signal: input.signal } : { maxTokens: 80 };
    const text = (await input.model.complete([{ role: 'user', content }], opts)).trim().split('\n')[0] ?? '';
    const query = text.replace(/^["'`]|["'`]$/g, '').trim();
    if (!query || query.length > 500)
      return { query: carryOverTopic(input.question, input.history, input.glossary), failed: false };
    return { query, failed: false };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { query: carryOverTopic(input.question, input.history, input.glossary), failed: true };
  }
}
