import { SMALL_WORDS } from './small-words.js';

/**
 * A readable title from a file name, for documents without a title heading:
 * "co-creation-and-joint-development.md" -> "Co-Creation and Joint Development".
 */
// Words that are acronyms in partnership writing ("ai-based" -> "AI-Based").
const ACRONYMS = new Map(
  ['AI', 'ML', 'IP', 'API', 'R&D', 'M&A', 'JV', 'B2B', 'B2C', 'SaaS', 'ESG', 'FAQ', 'EU', 'UK', 'NDA', 'KPI'].map(
    (a) => [a.toLowerCase(), a] as const,
  ),
);
// In a hyphen-separated file name these still form one hyphenated word: "co-creation", "ai-based".
const JOIN_BEFORE = new Set([
  'co',
  'pre',
  'post',
  'non',
  'cross',
  'multi',
  'inter',
  'intra',
  'self',
  'sub',
  'semi',
  'anti',
]);
const JOIN_AFTER = new Set([
  'based',
  'driven',
  'led',
  'owned',
  'centric',
  'related',
  'specific',
  'oriented',
  'focused',
  'enabled',
  'powered',
  'wide',
]);

function capitalise(part: string): string {
  const acronym = ACRONYMS.get(part.toLowerCase());
  if (acronym) return acronym;
  return part.charAt(0).toUpperCase() + part.slice(1);
}

export function titleFromPath(filePath: string): string {
  const base = filePath.split('/').pop() ?? filePath;
  const stem = base.replace(/\.[^.]+$/, '').trim();
  let words: string[];
  if (/[\s_]/.test(stem)) {
    // Spaces or underscores separate words, so hyphens are real: "my_co-creation_notes".
    words = stem.split(/[\s_]+/).filter(Boolean);
  } else {
    words = [];
    for (const token of stem.split('-').filter(Boolean)) {
      const previous = words[words.length - 1];
      const lastPart = previous?.split('-').pop()?.toLowerCase() ?? '';
      if (previous !== undefined && (JOIN_BEFORE.has(lastPart) || JOIN_AFTER.has(token.toLowerCase()))) {
        words[words.length - 1] = `${previous}-${token}`;
      } else {
        words.push(token);
      }
    }
  }
  return words
    .map((word, i) => {
      const lower = word.toLowerCase();
      if (i > 0 && i < words.length - 1 && SMALL_WORDS.has(lower)) return lower;
      return word.split('-').map(capitalise).join('-');
    })
    .join(' ');
}
