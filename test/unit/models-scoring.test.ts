import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatModels } from '../../src/channels/cli/models-format.js';
import { parseCatalog } from '../../src/core/models/catalog.js';
import { fillColumn } from '../../src/core/models/fill-cells.js';
import { limitCell } from '../../src/core/models/llm-cells.js';
import { readSituation } from '../../src/core/models/recommend.js';
import { ownUnits } from '../../src/core/models/units.js';
import { NOT_COVERED_CELL } from '../../src/core/not-covered.js';
import { splitSentences } from '../../src/core/text/sentences.js';
import type { StoredChunk } from '../../src/core/types.js';

const catalog = parseCatalog(readFileSync('knowledge/catalog.json', 'utf8'), 'catalog.json');

function chunk(id: number, source: string, section: string, text: string): StoredChunk {
  return { id, source, section, text, title: 'Chapter', ordinal: id, hash: `h${id}` };
}

describe('reading a situation', () => {
  it('finds the factors it raises and asks about the rest', () => {
    const r = readSituation(
      "We have a proprietary vision model and want a retailer's data without giving up our IP",
      catalog.factors,
    );
    expect(r.factors.map((f) => f.id)).toEqual(['ip', 'data']);
    expect(r.missing.map((f) => f.id)).toEqual(['control', 'speed', 'capital', 'risk']);
  });

  it('asks what the partnership should achieve when the description is too thin', () => {
    const r = readSituation('We need it fast', catalog.factors);
    expect(r.factors.map((f) => f.id)).toEqual(['speed']);
    expect(r.missing[0]?.id).toBe('objectives');
  });
});

describe('filling a column extractively', () => {
  const entry = catalog.entries.find((e) => e.model.id === 'joint-venture');
  if (!entry) throw new Error('joint-venture missing from the catalog');
  const chunks = [
    chunk(
      1,
      'overview-of-ai-partnership-strategies-and-models.md',
      'Joint Ventures',
      'Joint ventures involve two or more organizations forming a new entity to pursue a shared objective. This type of partnership can enable organizations to pool resources and capabilities while sharing risks and rewards.',
    ),
    chunk(
      2,
      'overview-of-partnerships.md',
      'Types of Partnerships',
      '- Strategic alliances: This type of partnership involves two or more organizations partnering to achieve a specific goal.\n- Joint ventures: This type of partnership involves two or more organizations creating a new entity. Joint ventures can enable organizations to share risks and resources while maintaining control over their respective operations.',
    ),
  ];

  it('takes each sentence once, in the row it speaks to most, and leaves the rest not covered', () => {
    const units = ownUnits(entry, chunks, { sentences: (c) => splitSentences(c.text) });
    expect(units.map((u) => u.unit.text).join(' ')).not.toMatch(/Strategic alliances/);
    const column = fillColumn(units);
    expect(column.get('definition')?.text).toBe(
      'Joint ventures involve two or more organizations forming a new entity to pursue a shared objective.',
    );
    expect(column.get('benefits')?.text).toMatch(/pool resources and capabilities while sharing risks/);
    expect(column.get('governance')?.text).toMatch(/maintaining control/);
    expect(column.get('examples')).toEqual({ text: NOT_COVERED_CELL, chunks: [] });
    const texts = [...column.values()].filter((c) => c.chunks.length).map((c) => c.text);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('limiting a model-written cell', () => {
  it('cuts at a sentence end, drops [n] markers and keeps short text as it is', () => {
    expect(limitCell('Short cell [1].')).toBe('Short cell.');
    const long = `${'A sentence that goes on. '.repeat(30)}`;
    const cut = limitCell(long, 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('.')).toBe(true);
  });
});

describe('CLI text of the model list', () => {
  it('shows each name with aliases, its definition and where it comes from', () => {
    const text = formatModels({
      models: [
        {
          model: { id: 'joint-venture', name: 'Joint venture', aliases: ['JV', 'JVs'] },
          definition: 'Joint ventures involve two or more organizations forming a new entity.',
          covered: true,
          citations: [
            { n: 1, chunkId: 1, source: 'a.md', title: 'Overview', section: 'Joint Ventures', score: 1, text: 'x' },
          ],
        },
      ],
    });
    expect(text).toMatch(
      /^Joint venture \(also: JV, JVs\)\n {2}Joint ventures involve .* — Overview › Joint Ventures \(knowledge\/a\.md\)/,
    );
  });
});
