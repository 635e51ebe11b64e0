/**
 * The bot's text commands (also listed in the app manifest's command menu). Anything that is not a
 * command is a question: "ask" is the default.
 */
export type TeamsCommand =
  | { readonly kind: 'ask'; readonly question: string }
  | { readonly kind: 'compare'; readonly names: readonly string[] }
  | { readonly kind: 'models' }
  | { readonly kind: 'recommend'; readonly situation: string }
  | { readonly kind: 'reindex' }
  | { readonly kind: 'help'; readonly reason?: string };

/** The manifest's command list and the help card come from this one table. */
export const COMMANDS: ReadonlyArray<{ readonly title: string; readonly usage: string; readonly description: string }> =
  [
    {
      title: 'ask',
      usage: 'ask <question>',
      description: 'Ask about AI partnerships; the answer cites the chapters it comes from',
    },
    {
      title: 'compare',
      usage: 'compare <model> vs <model> [vs ...]',
      description: 'Compare 2 to 4 partnership models side by side, e.g. compare joint venture vs licensing',
    },
    { title: 'models', usage: 'models', description: 'List the partnership models the advisor knows' },
    {
      title: 'recommend',
      usage: 'recommend <situation>',
      description: 'Get the partnership models that fit a situation you describe',
    },
    { title: 'reindex', usage: 'reindex', description: 'Admins: reread the knowledge chapters and update the index' },
    { title: 'help', usage: 'help', description: 'Show what the advisor can do' },
  ];

const SEPARATOR = /\s+(?:vs\.?|versus)\s+|\s*,\s*/i;

/** Parses the text of a message (mention already removed) into a command. */
export function parseCommand(raw: string): TeamsCommand {
  const text = raw.trim();
  const match = /^\/?([a-z]+)\b[:\s]*([\s\S]*)$/i.exec(text);
  const word = match?.[1]?.toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  switch (word) {
    case 'help':
      return rest === '' ? { kind: 'help' } : { kind: 'ask', question: text };
    case 'models':
      return rest === '' ? { kind: 'models' } : { kind: 'ask', question: text };
    case 'reindex':
      return rest === '' ? { kind: 'reindex' } : { kind: 'ask', question: text };
    case 'ask':
      return rest === ''
        ? {
            kind: 'help',
            reason: 'Write your question after "ask", for example: ask What are the risks of a joint venture?',
          }
        : { kind: 'ask', question: rest };
    case 'compare': {
      if (rest === '')
        return { kind: 'help', reason: 'Name the models to compare, for example: compare joint venture vs licensing' };
      const names = rest
        .split(SEPARATOR)
        .map((s) => s.trim())
        .filter(Boolean);
      // "compare the risks of licensing" is a question, not a comparison.
      return names.length >= 2 ? { kind: 'compare', names } : { kind: 'ask', question: text };
    }
    case 'recommend':
      return rest === ''
        ? {
            kind: 'help',
            reason:
              'Describe your situation after "recommend", for example: recommend we want to co-develop a model with a university',
          }
        : { kind: 'recommend', situation: rest };
    default:
      return { kind: 'ask', question: text };
  }
}
