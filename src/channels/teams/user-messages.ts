import type { AppError } from '../../core/errors.js';
import { COMMANDS } from './commands.js';
import { escapeTeamsMarkdown } from './markdown.js';

/** What a Teams user reads for each error code (Teams Markdown); details stay in the logs. */
export function errorText(error: AppError, reference: string): string {
  switch (error.code) {
    case 'bad_input':
    case 'forbidden':
    case 'rate_limited':
    case 'reindex_running':
    case 'reindex_failed':
    case 'kb_empty':
      // These messages quote what the user typed (a model name, a question's length).
      return escapeTeamsMarkdown(error.message);
    case 'db_unavailable':
      return 'I cannot reach my database right now. Try again in a minute; if it keeps failing, tell the administrators.';
    case 'embedder_unavailable':
    case 'llm_unavailable':
      return 'The language service I rely on is unavailable right now. Try again in a minute.';
    default:
      return `Something went wrong on my side. Try again; if it keeps failing, give the administrators this reference: ${reference}.`;
  }
}

export function helpText(reason?: string): string {
  // Code spans: Teams reads a bare `<model>` in message text as an HTML tag and drops it.
  const lines = COMMANDS.map((c) => `- \`${c.usage}\`: ${c.description}`);
  return [
    ...(reason ? [reason, ''] : []),
    'I answer questions about AI partnerships from our partnership chapters, and cite the passages I used.',
    'Just ask, or use a command:',
    '',
    ...lines,
    '',
    'In a channel or group chat, @mention me. Rate an answer with 👍 or 👎 to help us improve it.',
  ].join('\n');
}
