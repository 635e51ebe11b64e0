import { defineCommand, noArgs } from './spec.js';

export const sources = defineCommand({
  name: 'sources',
  aliases: ['documents', 'docs'],
  args: '',
  description: 'List the indexed documents, each with its title and number of sections',
  adminOnly: false,
  rateLimited: true,
  parse: noArgs,
  run: async (_args, _caller, { advisor }) => ({ kind: 'sources', documents: await advisor.documents() }),
});
