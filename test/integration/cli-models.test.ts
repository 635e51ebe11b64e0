import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

describe('cli: partnership models', () => {
  it('compares "A vs B" as text: one block per dimension, citation numbers, sources below', async () => {
    const run = await cli(['compare', 'joint', 'venture', 'vs', 'licensing']);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out.split('\n')[0]).toBe('Joint venture vs Licensing and IP sharing');
    for (const label of ['What it is', 'Typical AI uses', 'Benefits', 'Risks and considerations', 'Governance']) {
      expect(out).toContain(`\n${label}\n`);
    }
    expect(out).toMatch(/ {2}Joint venture: Joint ventures involve two or more organizations .* \[1\]/);
    expect(out).toMatch(/Not covered in the knowledge base\./);
    // A cell quoting a list starts it on its own line, each item indented under the model's name.
    expect(out).toMatch(/\n {2}Joint venture:\n {4}- [^\n]+\n {4}- [^\n]+ \[\d+\]\n/);
    expect(out).toMatch(
      /\nSources:\n {2}\[1\] .*Joint Ventures \(knowledge\/overview-of-ai-partnership-strategies-and-models\.md\)/,
    );
  });

  it('compares with --json: the whole result object', async () => {
    const run = await cli(['compare', 'JV', 'M&A', 'co-marketing', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.models.map((m: { id: string }) => m.id)).toEqual([
      'joint-venture',
      'mergers-and-acquisitions',
      'joint-marketing-and-sales',
    ]);
    expect(result.rows).toHaveLength(7);
    for (const row of result.rows) expect(row.cells).toHaveLength(3);
    expect(result.citations.length).toBeGreaterThan(0);
  });

  it('exits 2 with suggestions for an unknown model', async () => {
    const unknown = await cli(['compare', 'jont venture', 'licensing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/"jont venture" is not a partnership model I know\. Did you mean "Joint venture"/);
  });

  it('lists the models as JSON', async () => {
    const models = await cli(['models', '--json']);
    expect(models.code).toBe(0);
    const list = JSON.parse(models.stdout).models;
    expect(list.length).toBeGreaterThanOrEqual(19);
    expect(list.every((m: { covered: boolean; citations: unknown[] }) => m.covered && m.citations.length === 1)).toBe(
      true,
    );
  });

  it('recommends for a situation as text, and prints usage for an empty one', async () => {
    const rec = await cli([
      'recommend',
      "We have a proprietary vision model and want a retailer's data without giving up our IP",
    ]);
    expect(rec.code).toBe(0);
    expect(rec.stdout).toMatch(/\n1\. Licensing and IP sharing \(fit \d+%\)\n {3}- IP sensitivity: .*\[1\]/);
    expect(rec.stdout).toMatch(/To sharpen this, tell me:\n {2}- How much control/);
    const empty = await cli(['recommend', '  ']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/Usage: advisor recommend/);
  });

  it('lists the indexed documents with `npm run cli -- sources`: file name, title, section count', async () => {
    const run = await cli(['sources'], { npm: true });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^ai-based-partnership-strategies-and-models\.md +AI-Based Partnership Strategies and Models \(\d+ sections\)$/,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^overview-of-partnerships\.md +Overview of Partnerships \(\d+ sections\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^partnerships-for-innovation\.txt +/));
    expect(lines.at(-1)).toBe('5 documents.');
  });
});
