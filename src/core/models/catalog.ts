import { z } from 'zod';
import { AppError } from '../errors.js';
import { parseKnowledgeJson } from '../knowledge-json.js';
import { compilePhrases, type Phrase } from './phrases.js';
import type { CatalogModel } from './types.js';

const sectionRef = z.object({
  source: z.string().min(1, 'source is the file under knowledge/, e.g. "overview-of-partnerships.md"'),
  section: z.string({ error: 'section is the heading path as indexed ("" for the lead text)' }),
  shared: z.boolean().optional(),
});

const modelEntry = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case words joined by hyphens'),
  name: z.string().trim().min(1, 'name is required'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  mentions: z.array(z.string().trim().min(1)).min(1, 'list at least one phrase that names the model in the text'),
  sections: z.array(sectionRef).min(1, 'list at least one section that defines the model'),
});

const factorEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  situation: z.array(z.string().min(1)).min(1),
  favors: z.array(z.string().min(1)).default([]),
  cautions: z.array(z.string().min(1)).default([]),
  question: z.string().min(1),
});

const catalogSchema = z.object({
  models: z.array(modelEntry).min(2, 'the catalog needs at least two models'),
  factors: z.array(factorEntry).default([]),
});

export interface SectionRef {
  readonly source: string;
  readonly section: string;
  /** The section also covers other models: only sentences that mention this one count. */
  readonly shared: boolean;
}

export interface CatalogEntry {
  readonly model: CatalogModel;
  readonly mentions: readonly Phrase[];
  readonly sections: readonly SectionRef[];
}

export interface Factor {
  readonly id: string;
  readonly label: string;
  readonly situation: readonly Phrase[];
  readonly favors: readonly Phrase[];
  readonly cautions: readonly Phrase[];
  readonly question: string;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  readonly factors: readonly Factor[];
}

/** Parses catalog.json; a broken file is a clear error naming the file and what to fix. */
export function parseCatalog(json: string, fileName: string): Catalog {
  const data = parseKnowledgeJson(
    json,
    fileName,
    catalogSchema,
    'A JSON object with "models" and "factors"; each model needs an id, a name, aliases, mentions and sections ({"source", "section"})',
  );
  const seen = new Set<string>();
  for (const m of data.models) {
    if (seen.has(m.id)) {
      throw new AppError(
        'kb_file_invalid',
        `${fileName} lists the model id "${m.id}" twice. Give each model its own id.`,
      );
    }
    seen.add(m.id);
  }
  return {
    entries: data.models.map((m) => ({
      model: Object.freeze({ id: m.id, name: m.name, aliases: Object.freeze([...m.aliases]) }),
      mentions: compilePhrases([m.name, ...m.mentions]),
      sections: m.sections.map((s) => ({ source: s.source, section: s.section, shared: s.shared ?? false })),
    })),
    factors: data.factors.map((f) => ({
      id: f.id,
      label: f.label,
      situation: compilePhrases(f.situation),
      favors: compilePhrases(f.favors),
      cautions: compilePhrases(f.cautions),
      question: f.question,
    })),
  };
}
