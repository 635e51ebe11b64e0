import type { SectionedSourceFile, SourceFile, TextSourceFile } from '../types.js';
import { removeBoilerplate } from './boilerplate.js';
import { extractFrontMatter } from './front-matter.js';
import { sha256Hex } from './hash.js';
import { renderBody } from './render-body.js';
import { type FileFormat, type ScannedLine, scanLines } from './scan-lines.js';
import { titleFromPath } from './title-from-path.js';
import type { ParsedDocument, ParsedSection } from './types.js';

/** BOM, CRLF/CR line endings and non-breaking spaces, as editors on any platform leave them. */
export function normaliseText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ');
}

function formatOf(path: string): FileFormat {
  return /\.txt$/i.test(path) ? 'text' : 'markdown';
}

/**
 * Index of the heading that titles the document: the first level-1 heading; otherwise a first heading
 * that opens the document and outranks every later one. A file that starts with text and then has
 * several same-level headings (co-creation-and-joint-development.md) has no title heading.
 */
function findTitleHeading(lines: readonly ScannedLine[]): number {
  const headings = lines.flatMap((line, index) => (line.kind === 'heading' ? [{ index, level: line.level }] : []));
  const level1 = headings.find((h) => h.level === 1);
  if (level1) return level1.index;
  const first = headings[0];
  if (!first) return -1;
  const textBefore = lines.slice(0, first.index).some((l) => l.kind === 'text' || l.kind === 'code');
  const outranksRest = headings.slice(1).every((h) => h.level > first.level);
  return !textBefore && outranksRest ? first.index : -1;
}

export function parseDocument(file: SourceFile): ParsedDocument {
  return 'sections' in file ? fromSections(file) : parseText(file);
}

/** Sections a knowledge source read from a PDF, Word or HTML file: whitespace tidied, empty ones left out. */
function fromSections(file: SectionedSourceFile): ParsedDocument {
  const sections = file.sections
    .map((s) => ({ path: s.path.map((h) => h.trim()).filter(Boolean), text: normaliseText(s.text).trim() }))
    .filter((s) => s.text !== '');
  const title = file.title?.trim() || titleFromPath(file.path);
  return { source: file.path, title, sections, hash: sha256Hex(JSON.stringify({ title, sections })) };
}

function parseText(file: TextSourceFile): ParsedDocument {
  const normalised = normaliseText(file.text);
  const front = extractFrontMatter(normalised);
  const format = formatOf(file.path);
  const body = front.body.replace(/<!--[\s\S]*?-->/g, '');
  const lines = scanLines(removeBoilerplate(body.split('\n')), format);
  const titleIndex = findTitleHeading(lines);
  const titleLine = lines[titleIndex];
  const headingTitle = titleLine?.kind === 'heading' ? titleLine.text : undefined;

  const raw: Array<{ path: string[]; body: ScannedLine[] }> = [{ path: [], body: [] }];
  let stack: Array<{ level: number; text: string }> = [];
  lines.forEach((line, index) => {
    if (line.kind !== 'heading') {
      raw[raw.length - 1]?.body.push(line);
      return;
    }
    if (index === titleIndex) {
      stack = stack.filter((h) => h.level < line.level);
    } else {
      stack = stack.filter((h) => h.level < line.level);
      stack.push({ level: line.level, text: line.text });
    }
    raw.push({ path: stack.map((h) => h.text), body: [] });
  });

  const sections: ParsedSection[] = [];
  for (const { path, body: sectionLines } of raw) {
    const text = renderBody(sectionLines, format === 'markdown');
    const previous = sections[sections.length - 1];
    // Text before and after a late title heading is one lead section.
    if (previous && previous.path.join('\n') === path.join('\n')) {
      sections[sections.length - 1] = { path, text: [previous.text, text].filter(Boolean).join('\n\n') };
    } else if (text || path.length > 0) {
      sections.push({ path, text });
    }
  }

  const title = front.title ?? headingTitle ?? titleFromPath(file.path);
  return {
    source: file.path,
    title,
    ...(front.url ? { url: front.url } : {}),
    sections,
    hash: sha256Hex(normalised),
  };
}
