import type { SourceDocument } from '../../core/commands/index.js';

/** One line per indexed document: file name, title, section count. */
export function formatSources(documents: readonly SourceDocument[]): string {
  if (documents.length === 0) return 'Nothing is indexed yet. Run: npm run cli -- reindex';
  const width = Math.max(...documents.map((d) => d.source.length));
  const lines = documents.map(
    (d) => `${d.source.padEnd(width)}  ${d.title} (${d.sections} section${d.sections === 1 ? '' : 's'})`,
  );
  return [...lines, '', `${documents.length} documents.`].join('\n');
}
