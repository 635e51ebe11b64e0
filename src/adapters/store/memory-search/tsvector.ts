/**
 * ts_rank_cd's default weights of the tsvector position labels D, C, B, A ({0.1, 0.2, 0.4, 1.0}),
 * as PostgreSQL holds them (float4) and uses them (1 / (1 / weight) in double).
 */
const LABEL_WEIGHT: Readonly<Record<string, number>> = {
  A: 1 / (1 / Math.fround(1)),
  B: 1 / (1 / Math.fround(0.4)),
  C: 1 / (1 / Math.fround(0.2)),
  D: 1 / (1 / Math.fround(0.1)),
};

/** Lexemes as numbers, shared by every snapshot of one store: a posting list is two typed arrays. */
export class LexemeIds {
  private readonly ids = new Map<string, number>();

  idOf(lexeme: string): number {
    let id = this.ids.get(lexeme);
    if (id === undefined) {
      id = this.ids.size;
      // A copy: a substring would keep the whole tsvector text it was cut from alive.
      this.ids.set(Buffer.from(lexeme).toString(), id);
    }
    return id;
  }

  find(lexeme: string): number | undefined {
    return this.ids.get(lexeme);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** One entry of a tsvector's text form: a quoted lexeme ('' and \\ escaped), then its positions. */
const TSVECTOR_ENTRY = /'((?:[^'\\]|''|\\.)*)'(?::([0-9A-D,]+))?/g;

/**
 * Reads a tsvector's text form ("'joint':1A,7 'it''s':3") into each lexeme's summed position weight:
 * for an OR query, ts_rank_cd is the sum over the document's matching positions of their weights
 * (each position is a cover of its own, with no noise words), so this is all the ranking needs.
 */
export function addTsvector(text: string, ids: LexemeIds, lexemes: number[], weights: number[]): void {
  for (const match of text.matchAll(TSVECTOR_ENTRY)) {
    const [, quoted = '', positions] = match;
    // A lexeme without positions (a stripped tsvector) gives ts_rank_cd no cover.
    if (!positions) continue;
    let weight = 0;
    let label = 'D';
    for (let i = positions.length - 1; i >= -1; i--) {
      const ch = i >= 0 ? positions[i] : ',';
      if (ch === ',') {
        weight += LABEL_WEIGHT[label] ?? 0;
        label = 'D';
      } else if (ch !== undefined && ch >= 'A' && ch <= 'D') {
        label = ch;
      }
    }
    const lexeme = /['\\]/.test(quoted) ? quoted.replace(/''|\\(.)/g, (_escape, ch?: string) => ch ?? "'") : quoted;
    lexemes.push(ids.idOf(lexeme));
    weights.push(weight);
  }
}
