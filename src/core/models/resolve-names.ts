import { distance } from 'fastest-levenshtein';
import { AppError, UnknownModelError } from '../errors.js';
import { stem, words } from '../text/tokenize.js';
import type { CatalogEntry } from './catalog.js';

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 4;

/** Lower-case words, "&" read as "and", punctuation and hyphens dropped: "M&A" = "m and a". */
export function normalizeName(text: string): string {
  return words(text).join(' ');
}

function stemKey(text: string): string {
  return words(text).map(stem).join(' ');
}

/** Resolves what users type ("JV", "m&a", "Joint Ventures", "co-marketing") to catalog models. */
export class ModelResolver {
  private readonly byKey = new Map<string, CatalogEntry>();
  private readonly names: Array<{ normalized: string; entry: CatalogEntry }> = [];

  constructor(readonly entries: readonly CatalogEntry[]) {
    for (const entry of entries) {
      for (const name of [entry.model.name, entry.model.id, ...entry.model.aliases]) {
        const normalized = normalizeName(name);
        if (!normalized) continue;
        this.names.push({ normalized, entry });
        for (const key of [normalized, stemKey(name)]) if (!this.byKey.has(key)) this.byKey.set(key, entry);
      }
    }
  }

  find(name: string): CatalogEntry | undefined {
    const normalized = normalizeName(name);
    if (!normalized) return undefined;
    return this.byKey.get(normalized) ?? this.byKey.get(stemKey(name));
  }

  /** Up to three model names close to an unknown one (typos, partial names). */
  suggestions(name: string, limit = 3): string[] {
    const input = normalizeName(name);
    if (!input) return [];
    // By score, then by the distance of the whole name: "joint ventrue" shares "joint" with several
    // models, but is closest to "joint venture".
    const scored = new Map<string, { score: number; d: number }>();
    for (const { normalized, entry } of this.names) {
      const d = distance(input, normalized);
      const close = d <= Math.max(2, Math.floor(Math.max(input.length, normalized.length) * 0.34));
      const partial =
        input.length >= 3 && (normalized.includes(input) || (normalized.length >= 4 && input.includes(normalized)));
      // A typo in one word of a longer name ("jont venture", "licensng deal").
      const wordDistance = Math.min(
        ...input
          .split(' ')
          .filter((w) => w.length >= 4)
          .flatMap((w) =>
            normalized
              .split(' ')
              .filter((n) => n.length >= 4)
              .map((n) => distance(w, n)),
          ),
        Number.POSITIVE_INFINITY,
      );
      const wordClose = wordDistance <= 2;
      if (!close && !partial && !wordClose) continue;
      const score = Math.min(
        partial ? 1.5 : Number.POSITIVE_INFINITY,
        close ? d : Number.POSITIVE_INFINITY,
        wordDistance + 0.5,
      );
      const before = scored.get(entry.model.name);
      if (before === undefined || score < before.score || (score === before.score && d < before.d)) {
        scored.set(entry.model.name, { score, d });
      }
    }
    return [...scored.entries()]
      .sort((a, b) => a[1].score - b[1].score || a[1].d - b[1].d || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([n]) => n);
  }

  /** Resolves one name or throws 'unknown_model' with suggestions. */
  resolve(name: string): CatalogEntry {
    const found = this.find(name);
    if (found) return found;
    const suggestions = this.suggestions(name);
    const hint = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    throw new UnknownModelError(
      name.trim(),
      suggestions,
      `"${name.trim()}" is not a partnership model I know.${hint} List the models with the "models" command.`,
    );
  }

  /** 2 to 4 distinct models, in the order given. */
  resolveForComparison(names: readonly string[]): CatalogEntry[] {
    let cleaned = splitModelNames(names);
    if (cleaned.some((n) => !this.find(n))) {
      // Unquoted words ("joint venture licensing"): split them into known names when that works.
      const segmented = this.segment(cleaned.join(' ').split(/\s+/));
      if (segmented) cleaned = segmented;
    }
    if (cleaned.length < MIN_COMPARED) {
      throw new AppError(
        'bad_input',
        `Compare needs ${MIN_COMPARED} to ${MAX_COMPARED} partnership models, for example "joint venture vs licensing"; got ${cleaned.length}. List the models with the "models" command.`,
      );
    }
    if (cleaned.length > MAX_COMPARED) {
      throw new AppError(
        'bad_input',
        `Compare takes at most ${MAX_COMPARED} partnership models at a time; got ${cleaned.length}. Pick the ${MAX_COMPARED} you care most about.`,
      );
    }
    const resolved: CatalogEntry[] = [];
    const typed = new Map<string, string>();
    for (const name of cleaned) {
      const entry = this.resolve(name);
      const earlier = typed.get(entry.model.id);
      if (earlier !== undefined) {
        throw new AppError(
          'bad_input',
          `"${earlier}" and "${name}" are the same model (${entry.model.name}). Compare ${MIN_COMPARED} to ${MAX_COMPARED} different models.`,
        );
      }
      typed.set(entry.model.id, name);
      resolved.push(entry);
    }
    return resolved;
  }

  /**
   * Command words without quotes ("joint venture licensing") split into known names: the longest
   * run of words that names a model wins. Returns null when some words name no model.
   */
  segment(tokens: readonly string[]): string[] | null {
    const out: string[] = [];
    let i = 0;
    while (i < tokens.length) {
      let taken = 0;
      for (let j = tokens.length; j > i; j--) {
        if (this.find(tokens.slice(i, j).join(' '))) {
          taken = j - i;
          break;
        }
      }
      if (taken === 0) return null;
      out.push(tokens.slice(i, i + taken).join(' '));
      i += taken;
    }
    return out;
  }
}

const SEPARATOR = /\s+(?:vs\.?|versus|v\.?)\s+|\s*[,;|]\s*|\s+or\s+/i;

/** "joint venture vs licensing", "JV, M&A" and ["JV", "licensing"] all become a list of names. */
export function splitModelNames(input: string | readonly string[]): string[] {
  let parts = typeof input === 'string' ? [input] : input;
  // Command-line words: ["joint", "venture", "vs", "licensing"].
  if (parts.some((p) => /^(?:vs\.?|versus|v\.?)$/i.test(String(p).trim()))) parts = [parts.join(' ')];
  return parts
    .flatMap((p) => String(p).split(SEPARATOR))
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
