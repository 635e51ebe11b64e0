import { defineCommand, noArgs } from './spec.js';

export const help = defineCommand({
  name: 'help',
  aliases: ['?', '-h', '--help'],
  args: '',
  description: 'Show what the advisor can do',
  adminOnly: false,
  rateLimited: false,
  parse: noArgs,
  run: async (_args, _caller, services) => ({ kind: 'help', commands: services.help }),
});
