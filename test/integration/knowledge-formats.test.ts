import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Composition, compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/ports.js';

// A knowledge folder with the shipped chapters, the generated PDF, Word and HTML fixtures and the bad
// files (scripts/fixtures/make-documents.ts): one run indexes the good ones and names each bad one.
describe('a knowledge folder with PDF, Word and HTML files', () => {
  let dir: string;
  let c: Composition;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'advisor-formats-'));
    await cp('knowledge', dir, { recursive: true });
    await cp('test/fixtures/documents', path.join(dir, 'documents'), { recursive: true });
    c = await compose(loadConfig({ DATABASE_URL: 'memory://', KNOWLEDGE_DIR: dir }), { logger: silentLogger });
  });
  afterAll(async () => {
    await c?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('indexes every readable document and skips each bad one with a warning that names it and says why', async () => {
    const result = await c.advisor.reindex({ actor: 'test', trigger: 'test' });
    expect(result.counts.documents).toBe(5 + 3);
    const skipped = result.warnings.filter((w) => w.startsWith('Skipped'));
    expect(skipped.sort()).toEqual([
      'Skipped "documents/bad/empty.pdf": it is empty (0 bytes).',
      'Skipped "documents/bad/locked.pdf": it is encrypted (password-protected); save a copy without a password and add that instead.',
      'Skipped "documents/bad/scanned.pdf": it has no text layer (a scanned or image-only PDF); export it with text or run OCR on it first.',
      'Skipped "documents/bad/scripts-only.html": it has no readable text (only scripts, styles or page navigation).',
      'Skipped "documents/bad/setup.docx": it is not a Word document (it is a Windows program renamed to .docx).',
      'Skipped "documents/bad/truncated.pdf": it is not a readable PDF: the file is damaged or is not a PDF.',
    ]);
    expect((await c.advisor.recentRuns(1))[0]?.warnings).toEqual(expect.arrayContaining(skipped));
  });

  it('cites a PDF answer by file, page and heading', async () => {
    const result = await c.advisor.ask('How often does the steering committee review model risk?');
    expect(result.abstained).toBe(false);
    expect(result.citations[0]).toMatchObject({
      source: 'documents/Playbook.pdf',
      title: 'Partnership Playbook',
      section: 'p. 3 › Governance Checklist',
    });
    expect(result.answer).toContain('every quarter');
  });

  it('cites Word and HTML answers by their headings', async () => {
    const word = await c.advisor.ask('When is shared training data deleted after the partnership ends?');
    expect(word.citations[0]).toMatchObject({
      source: 'documents/data-sharing.docx',
      section: 'Consent and purpose › Retention',
    });
    const html = await c.advisor.ask('Who reviews claims about fairness or safety in co-marketing?');
    expect(html.citations[0]).toMatchObject({
      source: 'documents/co-marketing.html',
      section: 'Brand approval › Regulated claims',
    });
  });
});
