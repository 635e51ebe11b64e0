import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { AppError } from '../errors.js';
import type { ChunkDraft } from '../types.js';
import { sha256Hex } from './hash.js';
import type { ChunkOptions, ParsedDocument } from './types.js';

/**
 * About 1000 characters keeps two best-practice bullets (or one long paragraph) per chunk: big enough
 * to answer from, small enough to rank precisely. 150 characters of overlap carry a closing sentence
 * across a split inside a long paragraph.
 */
export const DEFAULT_CHUNK_SIZE = 1000;
export const DEFAULT_CHUNK_OVERLAP = 150;
export const SECTION_SEPARATOR = ' › ';

// Paragraph, then line (one bullet), then sentence, then word, then character.
const SEPARATORS = ['\n\n', '\n', '. ', '? ', '! ', '; ', ' ', ''];

/**
 * LangChain's splitter keeps a separator at the start of the next piece, which would open a chunk
 * with ". ". Keeping it at the end of the previous piece leaves every chunk starting on a word.
 */
class TrailingSeparatorSplitter extends RecursiveCharacterTextSplitter {
  protected override splitOnSeparator(text: string, separator: string): string[] {
    if (!separator) return [...text];
    const escaped = separator.replace(/[/\-\\^$*+?.()|[\]{}]/g, '\\$&');
    return text.split(new RegExp(`(?<=${escaped})`)).filter((s) => s !== '');
  }
}

export function chunkHash(source: string, section: string, text: string): string {
  return sha256Hex(`${source}\n${section}\n${text}`);
}

/**
 * Heading-aware chunking: every chunk lies inside one section; a section longer than `chunkSize`
 * is split at paragraph, line, sentence and word boundaries, with overlap. Chunk text is the body
 * only; title and section travel in their own fields.
 */
export async function chunkDocument(doc: ParsedDocument, options: ChunkOptions = {}): Promise<ChunkDraft[]> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const chunkOverlap = options.chunkOverlap ?? Math.min(DEFAULT_CHUNK_OVERLAP, Math.floor(chunkSize / 5));
  if (!Number.isInteger(chunkSize) || chunkSize < 50) {
    throw new AppError('bad_input', `chunkSize must be an integer of at least 50 characters (got ${chunkSize}).`);
  }
  if (!Number.isInteger(chunkOverlap) || chunkOverlap < 0 || chunkOverlap >= chunkSize) {
    throw new AppError('bad_input', `chunkOverlap must be between 0 and chunkSize - 1 (got ${chunkOverlap}).`);
  }
  const splitter = new TrailingSeparatorSplitter({ chunkSize, chunkOverlap, separators: SEPARATORS });

  const chunks: ChunkDraft[] = [];
  const seen = new Set<string>();
  for (const section of doc.sections) {
    const body = section.text.trim();
    if (!body) continue;
    const sectionName = section.path.join(SECTION_SEPARATOR);
    const pieces = body.length <= chunkSize ? [body] : await splitter.splitText(body);
    for (const piece of pieces) {
      const text = piece.trim();
      const hash = chunkHash(doc.source, sectionName, text);
      // The same text twice under the same section adds nothing and would collide in the index.
      if (!text || seen.has(hash)) continue;
      seen.add(hash);
      chunks.push({
        source: doc.source,
        title: doc.title,
        section: sectionName,
        text,
        ordinal: chunks.length,
        hash,
        ...(doc.url ? { url: doc.url } : {}),
      });
    }
  }
  return chunks;
}
