import { DomUtils, parseDocument } from 'htmlparser2';
import type { SectionedSourceFile } from '../../core/types.js';
import { htmlOutline } from './html-sections.js';
import { UnreadableFileError } from './unreadable-file.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// Office's compound file: an encrypted .docx is stored in one, and so is the old binary .doc.
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0];
const WINDOWS_PROGRAM = [0x4d, 0x5a];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

function notWordProblem(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, ZIP)) return undefined;
  if (startsWith(bytes, COMPOUND_FILE)) {
    return 'it is password-protected or an old .doc file; save it in Word as a .docx without a password';
  }
  if (startsWith(bytes, WINDOWS_PROGRAM)) return 'it is not a Word document (it is a Windows program renamed to .docx)';
  return 'it is not a Word document (.docx): it is damaged or another kind of file renamed to .docx';
}

/** The title in the document's properties (docProps/core.xml), if it has one. */
async function metadataTitle(bytes: Uint8Array): Promise<string | undefined> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const core = await zip.file('docProps/core.xml')?.async('string');
  if (!core) return undefined;
  const element = DomUtils.findOne((e) => e.name === 'dc:title', parseDocument(core, { xmlMode: true }).children);
  return (element && DomUtils.textContent(element).trim()) || undefined;
}

/** A Word .docx file: mammoth keeps its headings as h1-h6, which become sections. */
export async function readDocxFile(path: string, bytes: Uint8Array): Promise<SectionedSourceFile> {
  const problem = notWordProblem(bytes);
  if (problem) throw new UnreadableFileError(problem);
  let html: string;
  let title: string | undefined;
  try {
    // Loaded on the first Word file, so a knowledge base without any never pays for it.
    const { default: mammoth } = await import('mammoth');
    // Images are not indexed: an empty src keeps mammoth from base64-encoding each one into the HTML.
    const convertImage = mammoth.images.imgElement(async () => ({ src: '' }));
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    html = (await mammoth.convertToHtml({ buffer }, { convertImage, externalFileAccess: false })).value;
    title = await metadataTitle(bytes);
  } catch (error) {
    throw new UnreadableFileError('it is not a readable Word document (.docx): the file is damaged', { cause: error });
  }
  const outline = htmlOutline(html);
  if (outline.sections.length === 0) throw new UnreadableFileError('it has no text (only images or empty pages)');
  return { path, title: title ?? outline.title, sections: outline.sections };
}
