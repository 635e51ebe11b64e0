import { distance } from 'fastest-levenshtein';
import { COMMANDS, type Command, type CommandName, commandSpec, HELP } from './registry.js';
import type { Reply } from './reply.js';

/** Text parses into a command, or into a reply at once (what to type instead). */
export type ParsedText = { readonly command: Command } | { readonly reply: Reply };

const VERBS = new Map<string, CommandName>(
  Object.values(COMMANDS).flatMap((spec) => [spec.name, ...spec.aliases].map((verb) => [verb, spec.name] as const)),
);

/**
 * The one grammar of every text channel (Slack's `/advisor`, mentions and DMs, Teams messages):
 * a verb or alias, then its arguments; anything else is a question. Empty text is a request for help.
 */
export function parseCommandText(raw: string): ParsedText {
  const text = raw.trim();
  if (text === '') return { command: { name: 'help', args: {} } };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  // "/reindex" (Teams command menu) and "compare: JV, licensing" name the same commands.
  const verb = (match?.[1] ?? '')
    .toLowerCase()
    .replace(/^\/(?=\w)/, '')
    .replace(/:$/, '');
  const rest = (match?.[2] ?? '').trim();
  const name = VERBS.get(verb);
  if (!name) {
    const meant = rest === '' ? closeVerb(verb) : undefined;
    if (meant) {
      return {
        reply: {
          kind: 'help',
          commands: HELP,
          hint: { text: `"${verb}" is not a command. Did you mean:`, example: meant },
        },
      };
    }
    return { command: { name: 'ask', args: { question: text } } };
  }
  const parsed = commandSpec(name).parse(rest);
  if ('hint' in parsed) return { reply: { kind: 'help', commands: HELP, hint: parsed.hint } };
  if ('question' in parsed) return { command: { name: 'ask', args: { question: text } } };
  return { command: { name, args: parsed.args } as Command };
}

/** A one-word message that is a typo of a command ("modles"); a short word must be closer. */
function closeVerb(word: string): CommandName | undefined {
  if (word.length < 4) return undefined;
  const allowed = word.length <= 5 ? 1 : 2;
  let best: { name: CommandName; d: number } | undefined;
  for (const spec of Object.values(COMMANDS)) {
    const d = distance(word, spec.name);
    if (d <= allowed && (!best || d < best.d)) best = { name: spec.name, d };
  }
  return best?.name;
}
