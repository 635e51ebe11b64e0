import type { Citation, StoredChunk } from '../types.js';

/** Numbers cited chunks once per result, in order of first use. */
export class CitationBook {
  private readonly byChunk = new Map<number, Citation>();

  cite(chunk: StoredChunk & { score?: number }): number {
    const existing = this.byChunk.get(chunk.id);
    if (existing) return existing.n;
    const citation: Citation = {
      n: this.byChunk.size + 1,
      chunkId: chunk.id,
      source: chunk.source,
      title: chunk.title,
      section: chunk.section,
      score: Number((chunk.score ?? 1).toFixed(6)),
      text: chunk.text,
      url: chunk.url,
    };
    this.byChunk.set(chunk.id, citation);
    return citation.n;
  }

  get citations(): Citation[] {
    return [...this.byChunk.values()];
  }
}
