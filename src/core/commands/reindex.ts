import type { ReindexProgress } from '../reindex.js';
import type { Reply } from './reply.js';
import { defineCommand, noArgs } from './spec.js';

/** Chat platforms limit message updates (Slack: about one a second per channel); a few seconds apart reads well. */
export const PROGRESS_UPDATE_MS = 3000;

/**
 * Turns reindex progress into `reindexProgress` replies for `onUpdate`: the first as soon as the
 * number of chunks is known, then at most one every `intervalMs`, never two at once.
 */
export function progressUpdates(
  onUpdate: (reply: Reply) => Promise<void>,
  options: { intervalMs?: number; now?: () => number } = {},
): (progress: ReindexProgress) => void {
  const interval = options.intervalMs ?? PROGRESS_UPDATE_MS;
  const now = options.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  let sending = false;
  return (progress) => {
    if (progress.phase !== 'embedding' || progress.total === 0 || sending) return;
    if (now() - last < interval) return;
    last = now();
    sending = true;
    void onUpdate({ kind: 'reindexProgress', done: progress.done, total: progress.total })
      .catch(() => {})
      .finally(() => {
        sending = false;
      });
  };
}

export const reindex = defineCommand({
  name: 'reindex',
  aliases: [],
  args: '',
  description: 'Admins: reread the knowledge chapters and update the index',
  adminOnly: true,
  rateLimited: false,
  parse: noArgs,
  run: async (_args, caller, { advisor }) => {
    const updates = caller.onUpdate ? progressUpdates(caller.onUpdate) : undefined;
    const onProgress =
      caller.onProgress || updates
        ? (p: ReindexProgress) => {
            caller.onProgress?.(p);
            updates?.(p);
          }
        : undefined;
    const result = await advisor.reindex({
      actor: caller.actor ?? `${caller.channel}:${caller.user ?? 'unknown'}`,
      trigger: caller.channel,
      ...(caller.signal ? { signal: caller.signal } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    return { kind: 'reindexReport', result };
  },
});
