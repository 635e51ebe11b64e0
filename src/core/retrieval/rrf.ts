/**
 * Reciprocal rank fusion (Cormack et al. 2009): each list contributes 1 / (k + rank).
 * Robust to the different score scales of cosine similarity and ts_rank.
 */
export function reciprocalRankFusion<T>(lists: ReadonlyArray<readonly T[]>, key: (item: T) => string | number, k = 60) {
  const fused = new Map<string | number, { item: T; score: number }>();
  for (const list of lists) {
    list.forEach((item, rank) => {
      const id = key(item);
      const entry = fused.get(id) ?? { item, score: 0 };
      entry.score += 1 / (k + rank + 1);
      fused.set(id, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}
