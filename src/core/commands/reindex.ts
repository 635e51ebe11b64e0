import { defineCommand, noArgs } from './spec.js';

export const reindex = defineCommand({
  name: 'reindex',
  aliases: [],
  args: '',
  description: 'Admins: reread the knowledge chapters and update the index',
  adminOnly: true,
  rateLimited: false,
  parse: noArgs,
  run: async (_args, caller, { advisor }) => {
    const result = await advisor.reindex({
      actor: caller.actor ?? `${caller.channel}:${caller.user ?? 'unknown'}`,
      trigger: caller.channel,
      ...(caller.signal ? { signal: caller.signal } : {}),
      ...(caller.onProgress ? { onProgress: caller.onProgress } : {}),
    });
    return { kind: 'reindexReport', result };
  },
});
