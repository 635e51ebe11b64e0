/**
 * The words of a full-text query, as both the database's search and its copy in memory take them:
 * letters and digits only (so no tsquery operator can come from input), lowercased, distinct, at
 * most 64. The two must agree word for word for the copy to rank as the database does.
 */
export function textQueryWords(terms: readonly string[]): string[] {
  return [...new Set(terms.flatMap((t) => t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []))].slice(0, 64);
}
