import { defineCommand } from './spec.js';

export const recommend = defineCommand<'recommend', { readonly situation: string }>({
  name: 'recommend',
  aliases: ['recommendation'],
  args: '<situation>',
  description: 'Get the partnership models that fit a situation you describe',
  adminOnly: false,
  rateLimited: true,
  parse: (rest) =>
    rest
      ? { args: { situation: rest } }
      : {
          hint: {
            text: 'Describe your situation after "recommend", for example:',
            example: "recommend we want a startup's AI model without buying the company",
          },
        },
  run: async ({ situation }, caller, { models }) => ({
    kind: 'recommendation',
    result: await models.recommend(situation, { channel: caller.channel }),
  }),
});
