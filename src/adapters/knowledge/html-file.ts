import type { SectionedSourceFile } from '../../core/types.js';
import { htmlOutline } from './html-sections.js';
import { decodeTextFile } from './text-file.js';
import { UnreadableFileError } from './unreadable-file.js';

/** An .html or .htm page: its visible content under its headings, without page furniture. */
export function readHtmlFile(path: string, bytes: Uint8Array): SectionedSourceFile {
  const { title, sections } = htmlOutline(decodeTextFile(bytes));
  if (sections.length === 0) {
    throw new UnreadableFileError('it has no readable text (only scripts, styles or page navigation)');
  }
  return { path, title, sections };
}
