import { UnknownModelError } from '../errors.js';
import { splitModelNames } from '../models/resolve-names.js';
import type { Reply } from './reply.js';
import { defineCommand } from './spec.js';

export interface CompareArgs {
  /** Model names as typed; a single string may still hold several ("joint venture licensing"). */
  readonly models: readonly string[];
}

export const compare = defineCommand<'compare', CompareArgs>({
  name: 'compare',
  aliases: ['comparison'],
  args: '<model> vs <model> [vs ...]',
  description: 'Compare 2 to 4 partnership models side by side, e.g. compare joint venture vs licensing',
  adminOnly: false,
  rateLimited: true,
  parse: (rest) => {
    const models = splitModelNames(rest);
    if (models.length >= 2) return { args: { models } };
    // "compare the risks of licensing" is a question, not a comparison.
    if (rest.split(/\s+/).length > 2) return { question: true };
    return {
      hint: {
        text: 'Name at least two models to compare, for example:',
        example: 'compare joint venture vs licensing',
      },
    };
  },
  run: async ({ models: names }, caller, { models }) => {
    try {
      return { kind: 'comparison', result: await models.compare(names, { channel: caller.channel }) };
    } catch (error) {
      if (error instanceof UnknownModelError) return unknownModel(error, names);
      throw error;
    }
  },
});

/** "Did you mean": each suggestion with the comparison retyped with it in place of the unknown name. */
function unknownModel(error: UnknownModelError, names: readonly string[]): Reply {
  const typed = splitModelNames(names);
  const retry = (replacement: string) => {
    const fixed = typed.map((n) => (n.toLowerCase() === error.unknownName.toLowerCase() ? replacement : n));
    if (!fixed.includes(replacement)) fixed[fixed.length - 1] = replacement;
    return `compare ${fixed.join(' vs ')}`;
  };
  return {
    kind: 'unknownModel',
    name: error.unknownName,
    message: error.message,
    suggestions: error.suggestions.map((name) => ({ name, retry: retry(name) })),
  };
}
