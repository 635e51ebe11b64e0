import { stripInlineMarkdown } from './inline-markdown.js';
import type { ScannedLine } from './scan-lines.js';

const BULLET = /^(\s*)[-*+•]\s+(.*)$/;
const ORDERED = /^\s*(\d+[.)])\s+(.*)$/;
const TABLE_ROW = /^\s*\|/;

interface OutputLine {
  prefix: string;
  raw: string;
  /** Markdown soft wraps continue this line (paragraphs and list items, not code or tables). */
  joinable: boolean;
  inline: boolean;
}

/**
 * Turns the body lines of one section into clean text: paragraphs separated by a blank line,
 * bullets as "- " lines, inline markdown removed, whitespace normalised. In markdown, soft-wrapped
 * lines are joined; in plain text every line stays a line.
 */
export function renderBody(lines: readonly ScannedLine[], joinSoftWraps: boolean): string {
  const paragraphs: string[] = [];
  let current: OutputLine[] = [];
  const flush = () => {
    const text = current
      .map((l) => (l.inline ? `${l.prefix}${stripInlineMarkdown(l.raw)}` : l.raw))
      .filter((t) => t.trim() !== '' && t.trim() !== '-')
      .join('\n');
    if (text.trim()) paragraphs.push(text);
    current = [];
  };

  for (const line of lines) {
    if (line.kind === 'blank' || line.kind === 'heading') {
      flush();
      continue;
    }
    if (line.kind === 'code') {
      current.push({ prefix: '', raw: line.text.trimEnd(), joinable: false, inline: false });
      continue;
    }
    const text = line.text.replace(/^\s{0,3}>\s?/, '');
    const bullet = BULLET.exec(text);
    const ordered = ORDERED.exec(text);
    if (bullet) {
      const nested = (bullet[1] ?? '').replace(/\t/g, '  ').length >= 2;
      current.push({ prefix: nested ? '  - ' : '- ', raw: bullet[2] ?? '', joinable: true, inline: true });
    } else if (ordered) {
      current.push({ prefix: `${ordered[1]} `, raw: ordered[2] ?? '', joinable: true, inline: true });
    } else if (TABLE_ROW.test(text)) {
      current.push({ prefix: '', raw: text.trim(), joinable: false, inline: true });
    } else {
      const last = current[current.length - 1];
      if (joinSoftWraps && last?.joinable) last.raw = `${last.raw} ${text.trim()}`;
      else current.push({ prefix: '', raw: text.trim(), joinable: true, inline: true });
    }
  }
  flush();
  return paragraphs.join('\n\n');
}
