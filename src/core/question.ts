import { AppError } from './errors.js';

// C0/C1 control characters except tab and newline, plus zero-width and bidi overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

// Terminal colour and cursor sequences (ESC [ ... letter), e.g. pasted from a terminal: removed whole.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the escape character is the point.
const ANSI_ESCAPE = /\u001B\[[0-?]*[ -/]*[@-~]/g;

/** Cleans a question and rejects what cannot be answered, saying what to do instead. */
export function normalizeQuestion(raw: unknown, maxChars: number): string {
  if (typeof raw !== 'string') {
    throw new AppError('bad_input', 'The question must be text. Ask something like "What is a joint venture?"');
  }
  const question = raw
    .replace(ANSI_ESCAPE, '')
    .replace(CONTROL, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!question) {
    throw new AppError(
      'bad_input',
      'The question is empty. Ask something like "What are the risks of a joint venture?"',
    );
  }
  if (question.length > maxChars) {
    throw new AppError(
      'bad_input',
      `The question is ${question.length.toLocaleString('en-US')} characters long; the limit is ${maxChars.toLocaleString('en-US')}. Ask the question itself in a sentence or two.`,
    );
  }
  return question;
}
