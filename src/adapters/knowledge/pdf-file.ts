import { looksLikeTitle } from '../../core/ingest/index.js';
import type { SectionedSourceFile } from '../../core/types.js';
import { UnreadableFileError } from './unreadable-file.js';

type Section = { path: string[]; text: string };

// Page furniture: "3", "- 3 -", "Page 3", "Page 3 of 12".
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+)?\d+(?:\s+of\s+\d+)?(?:\s*[-–—])?$/i;
const BULLET = /^(?:[•▪◦●‣∙·*-]|\d+[.)])\s+/;
const SECTION_NUMBER = /^\d+(?:\.\d+)*\.?\s+/;
const SENTENCE_END = /[.!?:;]["”’)]?$/;
// Titles that PDF producers fill in by themselves.
const GENERATED_TITLE = /^(?:untitled|microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|pptx?|odt|rtf))$/i;

/** A heading line: short Title Case ("Governance Checklist", "2.1 Data Rights") on a line of its own. */
function isHeading(line: string, previous: string | undefined, next: string | undefined): boolean {
  if (next === undefined || line.length > 80 || BULLET.test(line)) return false;
  if (previous !== undefined && !SENTENCE_END.test(previous)) return false;
  return looksLikeTitle(line.replace(SECTION_NUMBER, '')) && /\p{L}/u.test(line);
}

/** Joins wrapped lines into paragraphs; bullets become "- " lines; "go-\nmarket" stays one word. */
function paragraphs(lines: readonly string[]): string {
  const blocks: string[] = [];
  let current = '';
  for (const line of lines) {
    const bullet = BULLET.exec(line);
    if (bullet) {
      if (current) blocks.push(current);
      current = `- ${line.slice(bullet[0].length)}`;
    } else if (!current) {
      current = line;
    } else {
      current = /\p{L}-$/u.test(current) && /^\p{Ll}/u.test(line) ? `${current}${line}` : `${current} ${line}`;
    }
    if (!BULLET.test(current) && SENTENCE_END.test(line)) {
      blocks.push(current);
      current = '';
    }
  }
  if (current) blocks.push(current);
  return blocks.reduce((out, block, i) => {
    const tight = block.startsWith('- ') && blocks[i - 1]?.startsWith('- ');
    return i === 0 ? block : `${out}${tight ? '\n' : '\n\n'}${block}`;
  }, '');
}

/**
 * Sections of a PDF: each page, under its page number and the heading in force there (a heading
 * carries over to the following pages until the next one): "p. 3 › Governance Checklist".
 */
export function pdfSections(pages: readonly string[]): { sections: Section[]; firstHeading?: string } {
  const sections: Section[] = [];
  let heading: string | undefined;
  let firstHeading: string | undefined;
  pages.forEach((pageText, index) => {
    const page = `p. ${index + 1}`;
    const lines = pageText
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter((l) => l !== '' && !PAGE_NUMBER.test(l));
    let body: string[] = [];
    const flush = () => {
      const text = paragraphs(body);
      if (text) sections.push({ path: heading ? [page, heading] : [page], text });
      body = [];
    };
    lines.forEach((line, i) => {
      if (isHeading(line, lines[i - 1], lines[i + 1])) {
        flush();
        heading = line;
        firstHeading ??= line;
      } else {
        body.push(line);
      }
    });
    flush();
  });
  return { sections, ...(firstHeading ? { firstHeading } : {}) };
}

function problemOf(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return 'it is encrypted (password-protected); save a copy without a password and add that instead';
  }
  return 'it is not a readable PDF: the file is damaged or is not a PDF';
}

/** A PDF's text, page by page, through pdf-parse (pdf.js). */
export async function readPdfFile(path: string, bytes: Uint8Array): Promise<SectionedSourceFile> {
  // pdf.js is large: loaded on the first PDF, so a knowledge base without PDFs never pays for it.
  const { PDFParse } = await import('pdf-parse');
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  let pages: string[];
  let metadataTitle: string | undefined;
  try {
    const info = await parser.getInfo();
    const title = typeof info.info?.Title === 'string' ? info.info.Title.trim() : '';
    metadataTitle = title && !GENERATED_TITLE.test(title) ? title : undefined;
    pages = (await parser.getText()).pages.map((p) => p.text);
  } catch (error) {
    throw new UnreadableFileError(problemOf(error), { cause: error });
  } finally {
    await parser.destroy();
  }
  const { sections, firstHeading } = pdfSections(pages);
  if (sections.length === 0) {
    throw new UnreadableFileError(
      'it has no text layer (a scanned or image-only PDF); export it with text or run OCR on it first',
    );
  }
  return { path, title: metadataTitle ?? firstHeading, sections };
}
