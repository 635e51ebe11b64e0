/**
 * Optional metadata at the top of a knowledge file: YAML-style front matter
 * ("---\nurl: https://…\n---") or a first line "Source: https://…".
 */
export interface FrontMatter {
  readonly url?: string;
  readonly title?: string;
  /** The text without the metadata. */
  readonly body: string;
}

const URL_KEYS = new Set(['url', 'source', 'source_url', 'source-url', 'link']);
const KEY_VALUE = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/;
const SOURCE_LINE = /^(?:source|url|source url)\s*:\s*(https?:\/\/\S+)\s*$/i;
const HTTP_URL = /^https?:\/\/\S+$/;

function unquote(value: string): string {
  const v = value.trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1).trim() : v;
}

/** Expects LF line endings. */
export function extractFrontMatter(text: string): FrontMatter {
  const lines = text.split('\n');
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(line));
    const block = end > 0 ? lines.slice(1, end).filter((line) => line.trim() !== '') : [];
    // Only a block made of key: value lines is front matter; anything else is a thematic break.
    if (block.length > 0 && block.every((line) => KEY_VALUE.test(line) || /^\s*#/.test(line))) {
      let url: string | undefined;
      let title: string | undefined;
      for (const line of block) {
        const match = KEY_VALUE.exec(line);
        if (!match) continue;
        const key = (match[1] ?? '').toLowerCase();
        const value = unquote(match[2] ?? '');
        if (URL_KEYS.has(key) && HTTP_URL.test(value)) url ??= value;
        if (key === 'title' && value) title ??= value;
      }
      const body = lines.slice(end + 1).join('\n');
      return { ...(url ? { url } : {}), ...(title ? { title } : {}), body };
    }
  }
  const first = lines.findIndex((line) => line.trim() !== '');
  const match = first >= 0 ? SOURCE_LINE.exec(lines[first]?.trim() ?? '') : null;
  if (match?.[1]) {
    return { url: match[1], body: lines.slice(first + 1).join('\n') };
  }
  return { body: text };
}
