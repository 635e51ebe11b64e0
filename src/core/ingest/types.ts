/** Values produced by parsing a knowledge file, before chunking. */

export interface ParsedSection {
  /** Headings above this text, under the document title (the title is not part of it); [] for the lead text. */
  readonly path: string[];
  /** Cleaned body text: paragraphs separated by a blank line, bullets as "- " lines. */
  readonly text: string;
}

export interface ParsedDocument {
  /** Path under knowledge/, with forward slashes. */
  readonly source: string;
  readonly title: string;
  /** Source URL declared by the file (front matter or a first "Source:" line). */
  readonly url?: string;
  readonly sections: ParsedSection[];
  /** sha256 (hex) of the normalised file text. */
  readonly hash: string;
}

export interface ChunkOptions {
  /** Maximum characters per chunk. */
  readonly chunkSize?: number;
  /** Characters repeated from the end of the previous chunk of the same section. */
  readonly chunkOverlap?: number;
}
