import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, UnknownModelError } from '../../src/core/errors.js';
import { parseCatalog } from '../../src/core/models/catalog.js';
import { checkCatalog } from '../../src/core/models/catalog-check.js';
import { ModelResolver, splitModelNames } from '../../src/core/models/resolve-names.js';
import type { ChunkDraft } from '../../src/core/types.js';

const shipped = parseCatalog(readFileSync('knowledge/catalog.json', 'utf8'), 'knowledge/catalog.json');
const resolver = new ModelResolver(shipped.entries);

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

function unknownModel(fn: () => unknown): UnknownModelError {
  const error = thrown(fn);
  if (error instanceof UnknownModelError) return error;
  throw new Error(`expected an UnknownModelError, got ${error.code}`);
}

describe('the shipped catalog', () => {
  it('lists every model the issue names', () => {
    const names = shipped.entries.map((e) => e.model.name.toLowerCase());
    for (const wanted of [
      'co-creation',
      'joint development',
      'joint venture',
      'licensing and ip sharing',
      'joint marketing and sales',
      'strategic alliance',
      'mergers and acquisitions',
      'collaborative innovation',
      'supplier collaboration',
      'platform partnership',
      'startup collaboration',
      'ecosystem partnership',
      'research partnership',
      'industry partnership',
      'public-private partnership',
      'industry-academia collaboration',
      'cross-industry alliance',
      'pre-competitive consortium',
      'innovation cluster',
    ]) {
      expect(names).toContain(wanted);
    }
  });

  it('has no alias that names two models', () => {
    const clashes: string[] = [];
    for (const e of shipped.entries) {
      for (const a of [e.model.name, ...e.model.aliases]) {
        const found = resolver.find(a)?.model.id;
        if (found !== e.model.id) clashes.push(`${a}: ${e.model.id} and ${found}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});

describe('model name resolution', () => {
  it.each([
    ['JV', 'joint-venture'],
    ['jv', 'joint-venture'],
    ['Joint Ventures', 'joint-venture'],
    ['M&A', 'mergers-and-acquisitions'],
    ['m and a', 'mergers-and-acquisitions'],
    ['licensing', 'licensing-and-ip-sharing'],
    ['co-marketing', 'joint-marketing-and-sales'],
    ['Co-Creation', 'co-creation'],
    ['PPP', 'public-private-partnership'],
    ['public private partnerships', 'public-private-partnership'],
    ['  strategic   alliances ', 'strategic-alliance'],
  ])('resolves %s', (name, id) => {
    expect(resolver.resolve(name).model.id).toBe(id);
  });

  it('suggests close names for a typo, with the unknown name', () => {
    const error = unknownModel(() => resolver.resolve('jont venture'));
    expect(error.code).toBe('unknown_model');
    expect(error.unknownName).toBe('jont venture');
    expect(error.suggestions).toEqual(expect.arrayContaining(['Joint venture']));
    expect(error.suggestions[0]).toBe('Joint venture');
    expect(error.message).toMatch(/Did you mean "Joint venture"/);
    expect(error.message).toMatch(/"models" command/);
    expect(unknownModel(() => resolver.resolve('licensng')).suggestions[0]).toBe('Licensing and IP sharing');
    // A word shared with other models ("joint") does not outrank the name the typo is closest to.
    expect(unknownModel(() => resolver.resolve('joint ventrue')).suggestions[0]).toBe('Joint venture');
  });

  it('gives no suggestions for something unrelated, and still points at the list', () => {
    const error = unknownModel(() => resolver.resolve('quantum teleportation'));
    expect(error.suggestions).toEqual([]);
    expect(error.message).toMatch(/"models" command/);
  });

  it('rejects the same model twice, fewer than 2 and more than 4', () => {
    const dup = thrown(() => resolver.resolveForComparison(['JV', 'joint venture']));
    expect(dup.code).toBe('bad_input');
    expect(dup.message).toMatch(/same model \(Joint venture\)/);
    expect(thrown(() => resolver.resolveForComparison(['JV'])).message).toMatch(/2 to 4/);
    const many = thrown(() => resolver.resolveForComparison(['JV', 'M&A', 'licensing', 'co-creation', 'PPP']));
    expect(many.code).toBe('bad_input');
    expect(many.message).toMatch(/at most 4/);
  });

  it('splits "A vs B", commas and unquoted command words', () => {
    expect(splitModelNames('joint venture vs licensing')).toEqual(['joint venture', 'licensing']);
    expect(splitModelNames(['joint', 'venture', 'vs', 'M&A'])).toEqual(['joint venture', 'M&A']);
    expect(splitModelNames('JV, M&A versus PPP')).toEqual(['JV', 'M&A', 'PPP']);
    const ids = (names: string[]) => resolver.resolveForComparison(names).map((e) => e.model.id);
    expect(ids(['joint', 'venture', 'licensing'])).toEqual(['joint-venture', 'licensing-and-ip-sharing']);
    expect(ids(['strategic alliance', 'mergers and acquisitions'])).toEqual([
      'strategic-alliance',
      'mergers-and-acquisitions',
    ]);
  });
});

describe('catalog validation', () => {
  it('names the file and the problem for invalid JSON', () => {
    const error = thrown(() => parseCatalog('{"models": [', 'knowledge/catalog.json'));
    expect(error.code).toBe('kb_file_invalid');
    expect(error.message).toMatch(/^knowledge\/catalog\.json is not valid JSON/);
    expect(error.message).toMatch(/Fix the file/);
  });

  it('says which field is wrong', () => {
    const json = JSON.stringify({
      models: [
        { id: 'a', name: 'A', mentions: ['a'], sections: [{ source: 'x.md', section: 'A' }] },
        { id: 'B b', name: 'B', mentions: ['b'], sections: [] },
      ],
    });
    const error = thrown(() => parseCatalog(json, 'catalog.json'));
    expect(error.message).toMatch(/catalog\.json has an invalid shape/);
    expect(error.message).toMatch(/models\.1\.id/);
    expect(error.message).toMatch(/models\.1\.sections/);
  });

  it('rejects a duplicate id', () => {
    const model = { id: 'a', name: 'A', mentions: ['a'], sections: [{ source: 'x.md', section: 'A' }] };
    expect(thrown(() => parseCatalog(JSON.stringify({ models: [model, model] }), 'c.json')).message).toMatch(
      /id "a" twice/,
    );
  });

  it('reports entries whose sections no longer exist or no longer mention the model', () => {
    const catalog = parseCatalog(
      JSON.stringify({
        models: [
          {
            id: 'jv',
            name: 'Joint venture',
            mentions: ['joint venture'],
            sections: [{ source: 'a.md', section: 'JV' }],
          },
          {
            id: 'ppp',
            name: 'Public-private partnership',
            mentions: ['public-private partnership'],
            sections: [{ source: 'b.md', section: 'Types', shared: true }],
          },
        ],
      }),
      'catalog.json',
    );
    const chunk = (source: string, section: string, text: string): ChunkDraft => ({
      source,
      section,
      text,
      title: 'T',
      ordinal: 0,
      hash: `${source}${section}`,
    });
    const ok = checkCatalog(
      catalog,
      [
        chunk('a.md', 'JV', 'Joint ventures form an entity.'),
        chunk('b.md', 'Types', 'Public-private partnerships help.'),
      ],
      'catalog.json',
    );
    expect(ok).toEqual([]);
    const warnings = checkCatalog(catalog, [chunk('b.md', 'Types', 'Consortia pool resources.')], 'catalog.json');
    expect(warnings).toEqual([
      expect.stringMatching(/"Joint venture" refers to section "JV" of a\.md, which is no longer in the index/),
      expect.stringMatching(/none of the sections of "Joint venture"/),
      expect.stringMatching(/section "Types" of b\.md no longer mentions "Public-private partnership"/),
      expect.stringMatching(/none of the sections of "Public-private partnership"/),
    ]);
  });
});
