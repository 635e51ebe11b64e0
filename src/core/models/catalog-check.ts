import type { ChunkDraft } from '../types.js';
import type { Catalog } from './catalog.js';
import { containsAny, phraseStems } from './phrases.js';

/**
 * Checks the catalog against what a reindex is about to store: every section a model refers to must
 * exist, and a shared section must still name the model. Returns one warning per problem.
 */
export function checkCatalog(catalog: Catalog, chunks: readonly ChunkDraft[], fileName: string): string[] {
  const bySection = new Map<string, ChunkDraft[]>();
  for (const c of chunks) {
    const key = `${c.source}\u0000${c.section}`;
    const list = bySection.get(key) ?? [];
    list.push(c);
    bySection.set(key, list);
  }
  const warnings: string[] = [];
  for (const entry of catalog.entries) {
    let usable = 0;
    for (const ref of entry.sections) {
      const where = ref.section ? `section "${ref.section}" of ${ref.source}` : `the lead text of ${ref.source}`;
      const found = bySection.get(`${ref.source}\u0000${ref.section}`);
      if (!found) {
        warnings.push(
          `${fileName}: "${entry.model.name}" refers to ${where}, which is no longer in the index. Update its "sections" to the new heading or file.`,
        );
        continue;
      }
      if (ref.shared && !found.some((c) => containsAny(phraseStems(c.text), entry.mentions))) {
        warnings.push(
          `${fileName}: ${where} no longer mentions "${entry.model.name}" (by any of its mentions). Update its "mentions" or "sections".`,
        );
        continue;
      }
      usable++;
    }
    if (usable === 0) {
      warnings.push(
        `${fileName}: none of the sections of "${entry.model.name}" exist any more, so comparisons will say "not covered" for it.`,
      );
    }
  }
  return warnings;
}
