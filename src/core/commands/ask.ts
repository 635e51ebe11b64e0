import { defineCommand } from './spec.js';

export interface AskArgs {
  readonly question: string;
  /** Passages to retrieve (the CLI's --k); the configured default otherwise. */
  readonly k?: number | undefined;
}

export const ask = defineCommand<'ask', AskArgs>({
  name: 'ask',
  aliases: [],
  args: '<question>',
  description: 'Ask about AI partnerships; the answer cites the chapters it comes from',
  adminOnly: false,
  rateLimited: true,
  parse: (rest) =>
    rest
      ? { args: { question: rest } }
      : {
          hint: {
            text: 'Add your question after "ask", for example:',
            example: 'ask What are the risks of a joint venture?',
          },
        },
  run: async ({ question, k }, caller, { advisor }) => {
    const history = caller.history ? await caller.history() : [];
    const options = { history, channel: caller.channel, user: caller.user, signal: caller.signal, ...(k ? { k } : {}) };
    // A channel that shows answers as they are written gets the stream (and has shown it once this returns).
    if (caller.streamAnswer) {
      return { kind: 'answer', result: await caller.streamAnswer(advisor.askStream(question, options)) };
    }
    return { kind: 'answer', result: await advisor.ask(question, options) };
  },
});
