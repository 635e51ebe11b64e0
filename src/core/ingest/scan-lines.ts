import { SMALL_WORDS } from './small-words.js';

/**
 * Classifies the lines of a knowledge file: headings (ATX, setext and, in .txt files, plain
 * one-line headings), body text, code, and blank lines (paragraph breaks).
 */
export type ScannedLine =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'blank' };

export type FileFormat = 'markdown' | 'text';

const ATX = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:={3,}|-{3,})\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^\s*(?:[-*+•]|\d+[.)])\s+/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s+\S+/;

const isBlank = (line: string | undefined): boolean => line === undefined || line.trim() === '';

/** A short Title-Case line: "Definition and Overview", "Case Studies and Examples". */
export function looksLikeTitle(line: string): boolean {
  const text = line.trim();
  if (text.length === 0 || text.length > 80 || LIST_ITEM.test(text) || /[.:;,]$/.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length > 12) return false;
  const significant = words
    .map((word) => word.replace(/^[("'“‘]+/, ''))
    .filter((word, i) => i === 0 || !SMALL_WORDS.has(word.toLowerCase()));
  return significant.length > 0 && significant.every((word) => /^[\p{Lu}\d]/u.test(word));
}

/**
 * Plain-text heading: a Title-Case line standing alone between blank lines, with more text after it.
 * Expects boilerplate lines already blanked.
 */
function isPlainHeading(lines: readonly string[], i: number): boolean {
  if (!isBlank(lines[i - 1]) || !isBlank(lines[i + 1]) || !looksLikeTitle(lines[i] ?? '')) return false;
  return lines.slice(i + 1).some((line) => !isBlank(line));
}

export function scanLines(lines: readonly string[], format: FileFormat): ScannedLine[] {
  const out: ScannedLine[] = [];
  let fence: string | undefined;
  let seenContent = false;
  const previousIsBreak = () => {
    const last = out[out.length - 1];
    return last === undefined || last.kind === 'blank' || last.kind === 'heading';
  };
  const heading = (level: number, raw: string) => {
    const text = raw.trim();
    out.push(text ? { kind: 'heading', level, text } : { kind: 'blank' });
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      else out.push({ kind: 'code', text: line });
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch?.[1]) {
      fence = fenceMatch[1];
      seenContent = true;
      continue;
    }
    if (isBlank(line)) {
      out.push({ kind: 'blank' });
      continue;
    }
    const atx = ATX.exec(line);
    if (atx?.[1]) {
      heading(atx[1].length, atx[2] ?? '');
      continue;
    }
    const next = lines[i + 1];
    if (
      next !== undefined &&
      SETEXT_UNDERLINE.test(next) &&
      previousIsBreak() &&
      !LIST_ITEM.test(line) &&
      !THEMATIC_BREAK.test(line) &&
      !line.trimStart().startsWith('>')
    ) {
      heading(next.trim().startsWith('=') ? 1 : 2, line);
      i += 1;
      continue;
    }
    // A thematic break (also `---` under a multi-line paragraph) only separates paragraphs.
    if (
      THEMATIC_BREAK.test(line) ||
      SETEXT_UNDERLINE.test(line) ||
      (format === 'markdown' && LINK_DEFINITION.test(line))
    ) {
      out.push({ kind: 'blank' });
      continue;
    }
    if (format === 'text' && isPlainHeading(lines, i)) {
      // The first heading of a .txt file is its title, unless text came before it.
      const first = !seenContent && !out.some((l) => l.kind === 'heading');
      heading(first ? 1 : 2, line);
      continue;
    }
    seenContent = true;
    out.push({ kind: 'text', text: line });
  }
  return out;
}
