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

/** Parses and chunks every file, in order. */
export async function chunkFiles(
  files: readonly SourceFile[],
  options: ChunkOptions = {},
): Promise<{ documents: ParsedDocument[]; chunks: ChunkDraft[] }> {
  const documents = files.map(parseDocument);
  const chunks: ChunkDraft[] = [];
  for (const doc of documents) chunks.push(...(await chunkDocument(doc, options)));
  return { documents, chunks };
}
