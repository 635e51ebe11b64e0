import { jaccard } from '../text/similarity.js';
import { contentStems, contentWords, stem } from '../text/tokenize.js';
import type { KnowledgeGap, ReportData } from './types.js';

/** Two questions belong to one gap when they share this much of their content words (Jaccard). */
const SAME_GAP = 0.34;
const EXAMPLES = 3;

interface Cluster {
  readonly stems: Map<string, number>;
  readonly items: ReportData['unanswered'][number][];
  readonly members: Set<string>[];
}

/** Jaccard, except that a question without content words shares nothing. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  return a.size === 0 || b.size === 0 ? 0 : jaccard(a, b);
}

/**
 * Groups the questions the chapters could not (fully) answer into knowledge gaps. Two questions
 * join when they name the same missing thing (the advisor's `gap`), or when their content words
 * overlap enough; greedy, in the order given (newest first), so it is linear in questions times
 * gaps. The label is the most frequent missing-thing text, else the words most questions share.
 */
export function clusterGaps(unanswered: ReportData['unanswered'], limit = 20): KnowledgeGap[] {
  const clusters: Cluster[] = [];
  const byGap = new Map<string, Cluster>();
  for (const item of unanswered) {
    const stems = new Set(contentStems(item.gap ? `${item.gap} ${item.question}` : item.question));
    const gapKey = item.gap?.trim().toLowerCase();
    let home = gapKey ? byGap.get(gapKey) : undefined;
    if (!home) {
      let best = 0;
      for (const cluster of clusters) {
        const score = Math.max(...cluster.members.slice(0, 5).map((m) => overlap(m, stems)));
        if (score >= SAME_GAP && score > best) {
          best = score;
          home = cluster;
        }
      }
    }
    if (!home) {
      home = { stems: new Map(), items: [], members: [] };
      clusters.push(home);
    }
    if (gapKey && !byGap.has(gapKey)) byGap.set(gapKey, home);
    home.items.push(item);
    home.members.push(stems);
    for (const s of stems) home.stems.set(s, (home.stems.get(s) ?? 0) + 1);
  }
  return clusters
    .map((c) => toGap(c))
    .sort((a, b) => b.questions - a.questions || b.notCovered - a.notCovered || a.label.localeCompare(b.label))
    .slice(0, limit);
}

function toGap(cluster: Cluster): KnowledgeGap {
  const gaps = new Map<string, number>();
  for (const item of cluster.items) if (item.gap) gaps.set(item.gap, (gaps.get(item.gap) ?? 0) + 1);
  const named = [...gaps.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  // Label words as people wrote them ("clauses", not the stem "claus").
  const surface = new Map<string, string>();
  for (const item of cluster.items) {
    for (const word of contentWords(item.question)) if (!surface.has(stem(word))) surface.set(stem(word), word);
  }
  const shared = [...cluster.stems.entries()]
    .filter(([s, n]) => n >= Math.max(1, Math.ceil(cluster.items.length / 2)) && surface.has(s))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([s]) => surface.get(s) ?? s);
  const examples = [...new Set(cluster.items.map((i) => i.question))].slice(0, EXAMPLES);
  return {
    label: named ?? (shared.length > 0 ? shared.join(', ') : (examples[0] ?? '')),
    questions: cluster.items.length,
    notCovered: cluster.items.filter((i) => i.coverage === 'not_covered').length,
    partial: cluster.items.filter((i) => i.coverage === 'partial').length,
    examples,
  };
}
