import path from 'node:path';
import type { SourceFile } from '../../core/types.js';
import { readDocxFile } from './docx-file.js';
import { readHtmlFile } from './html-file.js';
import { readPdfFile } from './pdf-file.js';
import { decodeTextFile } from './text-file.js';
import { UnreadableFileError } from './unreadable-file.js';

type Reader = (file: string, bytes: Uint8Array) => SourceFile | Promise<SourceFile>;

const readText: Reader = (file, bytes) => ({ path: file, text: decodeTextFile(bytes) });

const READERS: ReadonlyMap<string, Reader> = new Map([
  ['.md', readText],
  ['.markdown', readText],
  ['.txt', readText],
  ['.pdf', readPdfFile],
  ['.docx', readDocxFile],
  ['.html', readHtmlFile],
  ['.htm', readHtmlFile],
]);

/** File extensions the knowledge folder indexes. */
export const KNOWLEDGE_EXTENSIONS: ReadonlySet<string> = new Set(READERS.keys());

/**
 * Reads one knowledge file into what the core chunks: a pure function of its path (under the
 * knowledge folder) and bytes, so it can run anywhere (a worker thread too). A file that cannot be
 * indexed gives the reason, which completes "Skipped "<file>": ...".
 */
export async function parseKnowledgeFile(
  file: string,
  bytes: Uint8Array,
): Promise<{ file: SourceFile } | { problem: string }> {
  const read = READERS.get(path.extname(file).toLowerCase());
  if (!read) return { problem: 'its file type is not indexed' };
  if (bytes.length === 0) return { problem: 'it is empty (0 bytes)' };
  try {
    return { file: await read(file, bytes) };
  } catch (error) {
    if (error instanceof UnreadableFileError) return { problem: error.reason };
    throw error;
  }
}
