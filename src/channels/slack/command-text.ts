/** Parses the text after `/advisor`. */
export type AdvisorCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'ask'; readonly question: string }
  | { readonly kind: 'reindex' }
  | { readonly kind: 'models' }
  | { readonly kind: 'compare'; readonly names: readonly string[] }
  | { readonly kind: 'recommend'; readonly situation: string }
  | { readonly kind: 'usage'; readonly message: string };

export function parseAdvisorCommand(raw: string): AdvisorCommand {
  const text = raw.trim();
  if (text === '' || /^(help|\?|-h|--help)$/i.test(text)) return { kind: 'help' };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  const verb = (match?.[1] ?? '').toLowerCase();
  const rest = (match?.[2] ?? '').trim();
  switch (verb) {
    case 'ask':
      return rest
        ? { kind: 'ask', question: rest }
        : {
            kind: 'usage',
            message: 'Add your question after `ask`, e.g. `/advisor ask What are the risks of a joint venture?`',
          };
    case 'reindex':
      return { kind: 'reindex' };
    case 'models':
      return { kind: 'models' };
    case 'compare': {
      const names = rest
        .split(/\s+(?:vs\.?|versus)\s+|\s*,\s*/i)
        .map((s) => s.trim())
        .filter(Boolean);
      return names.length >= 2
        ? { kind: 'compare', names }
        : {
            kind: 'usage',
            message: 'Name at least two models separated by `vs`, e.g. `/advisor compare joint venture vs licensing`.',
          };
    }
    case 'recommend':
      return rest
        ? { kind: 'recommend', situation: rest }
        : {
            kind: 'usage',
            message:
              "Describe your situation after `recommend`, e.g. `/advisor recommend we want a startup's AI model without buying the company`.",
          };
    default:
      return { kind: 'ask', question: text };
  }
}

/** mrkdwn: `<` and `>` are escaped even in code spans, or Slack reads `<model>` as a link. */
export const HELP_TEXT = [
  '*Partnership Advisor* answers questions about AI partnerships from our partnership chapters, with sources.',
  '• `/advisor &lt;question&gt;` or `/advisor ask &lt;question&gt;`: ask anything, e.g. `/advisor How should IP be shared in a co-development deal?`',
  '• `/advisor compare &lt;model&gt; vs &lt;model&gt; [vs …]`: 2 to 4 partnership models side by side (what each is, AI uses, benefits, risks, governance, IP and data, examples), every cell cited, e.g. `/advisor compare JV vs licensing`',
  '• `/advisor models`: every partnership model I know, each with a one-line definition and its source',
  '• `/advisor recommend &lt;situation&gt;`: the models that best fit your situation, with cited reasons and what would sharpen the advice',
  '• `/advisor reindex`: rebuild the knowledge index after the chapters change (admins only)',
  '• `/advisor help`: this message',
  'You can also mention me in a channel (I answer in the thread; mention me again for a follow-up) or send me a direct message.',
].join('\n');
