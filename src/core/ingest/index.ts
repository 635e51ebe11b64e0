import type { ChunkDraft, SourceFile } from '../types.js';
import { chunkDocument } from './chunk-document.js';
import { parseDocument } from './parse-document.js';
import type { ChunkOptions, ParsedDocument } from './types.js';

export { isBoilerplateLine, removeBoilerplate } from './boilerplate.js';
export {
  chunkDocument,
  chunkHash,
  DEFAULT_CHUNK_OVERLAP,
  DEFAULT_CHUNK_SIZE,
  SECTION_SEPARATOR,
} from './chunk-document.js';
export { normaliseText, parseDocument } from './parse-document.js';
export { looksLikeTitle } from './scan-lines.js';
export { titleFromPath } from './title-from-path.js';
export type { ChunkOptions, ParsedDocument, ParsedSection } from './types.js';

/**
 * Parses and chunks every file, in order. `pause`, when given, runs between two files: a server
 * passes one that yields to its event loop, so that a large knowledge folder never holds it for long
 * (measured: under 1 ms per chapter, about 110 ms for 155 chapters in one piece).
 */
export async function chunkFiles(
  files: readonly SourceFile[],
  options: ChunkOptions = {},
  pause?: () => Promise<void>,
): Promise<{ documents: ParsedDocument[]; chunks: ChunkDraft[] }> {
  const documents: ParsedDocument[] = [];
  const chunks: ChunkDraft[] = [];
  for (const file of files) {
    const doc = parseDocument(file);
    documents.push(doc);
    chunks.push(...(await chunkDocument(doc, options)));
    await pause?.();
  }
  return { documents, chunks };
}
