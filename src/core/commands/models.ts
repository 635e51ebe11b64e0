import { defineCommand, noArgs } from './spec.js';

export const models = defineCommand({
  name: 'models',
  aliases: ['catalog'],
  args: '',
  description: 'List the partnership models the advisor knows',
  adminOnly: false,
  rateLimited: true,
  parse: noArgs,
  run: async (_args, _caller, { models }) => ({ kind: 'models', result: await models.list() }),
});
