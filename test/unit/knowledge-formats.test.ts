import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlOutline } from '../../src/adapters/knowledge/html-sections.js';
import { parseKnowledgeFile } from '../../src/adapters/knowledge/parse-file.js';
import { pdfSections } from '../../src/adapters/knowledge/pdf-file.js';
import { chunkDocument, parseDocument } from '../../src/core/ingest/index.js';
import type { SourceFile } from '../../src/core/types.js';

// Made by scripts/fixtures/make-documents.ts.
const FIXTURES = 'test/fixtures/documents';

async function parseFixture(name: string): Promise<SourceFile> {
  const parsed = await parseKnowledgeFile(name, await readFile(path.join(FIXTURES, name)));
  if ('problem' in parsed) throw new Error(`${name}: ${parsed.problem}`);
  return parsed.file;
}

async function chunksOf(name: string) {
  return chunkDocument(parseDocument(await parseFixture(name)));
}

// The first PDF and Word files load pdf.js and mammoth (about a second of CPU): more than the unit default on a busy machine.
describe('PDF, Word and HTML knowledge files', { timeout: 30_000 }, () => {
  it('reads a PDF page by page, with the metadata title and the heading in force on each page', async () => {
    const chunks = await chunksOf('Playbook.pdf');
    expect(chunks.map((c) => [c.title, c.section])).toEqual([
      ['Partnership Playbook', 'p. 1 › Choosing a Partnership Model'],
      ['Partnership Playbook', 'p. 2 › Choosing a Partnership Model'],
      ['Partnership Playbook', 'p. 3 › Governance Checklist'],
    ]);
    // Wrapped lines are joined, and a word split at a line end ("go-" / "market") is one word again.
    expect(chunks[0]?.text).toContain('without building the go-to-market itself.');
    expect(chunks[2]?.text).toContain('meets every quarter to review model risk.');
  });

  it('keeps a Word document’s headings as sections and its properties’ title', async () => {
    const chunks = await chunksOf('data-sharing.docx');
    expect(chunks[0]?.title).toBe('Data Sharing Guide');
    expect(chunks.map((c) => c.section)).toEqual([
      '',
      'Consent and purpose',
      'Consent and purpose › Retention',
      'Audit rights',
    ]);
    expect(chunks[3]?.text).toBe(
      '- Each partner may audit the other once a year.\n- Audits are announced thirty days ahead.',
    );
  });

  it('reads an HTML page’s content under its headings, without navigation, header, footer or scripts', async () => {
    const chunks = await chunksOf('co-marketing.html');
    expect(chunks[0]?.title).toBe('Co-Marketing Intranet Page');
    expect(chunks.map((c) => c.section)).toEqual([
      '',
      'Brand approval',
      'Brand approval › Regulated claims',
      'Lead sharing',
    ]);
    const all = chunks.map((c) => c.text).join('\n');
    expect(all).toContain('both partners’ customers');
    expect(all).toContain('Joint webinar | Both partners');
    for (const furniture of ['Intranet home', 'HR', 'Privacy', 'Related', 'track('])
      expect(all).not.toContain(furniture);
  });

  it('drops page furniture outside <main> too, but keeps an article’s own header', () => {
    const outline = htmlOutline(`<body>
      <div role="navigation"><a>Home</a></div><header><h1>Site name</h1></header>
      <article><header><h1>Licensing AI models</h1><p>By the legal team</p></header>
        <p>Licensing grants the right to use a model.<br>It does not transfer ownership.</p>
        <h2>Royalties</h2><ol><li>Per call</li><li>Flat fee</li></ol>
        <div hidden>Draft note</div><p aria-hidden="true">Icon</p>
      </article><footer>Contact us</footer><aside>Popular pages</aside></body>`);
    expect(outline.title).toBe('Licensing AI models');
    expect(outline.sections).toEqual([
      {
        path: [],
        text: 'By the legal team\n\nLicensing grants the right to use a model. It does not transfer ownership.',
      },
      { path: ['Royalties'], text: '- Per call\n- Flat fee' },
    ]);
  });

  it('uses the first heading of a PDF without metadata as its title, and drops page numbers', () => {
    const { sections, firstHeading } = pdfSections([
      'Joint Ventures\nA joint venture is a new company owned by both partners.\n1',
      'It needs a board.\n- Page 2 of 2 -',
    ]);
    expect(firstHeading).toBe('Joint Ventures');
    expect(sections).toEqual([
      { path: ['p. 1', 'Joint Ventures'], text: 'A joint venture is a new company owned by both partners.' },
      { path: ['p. 2', 'Joint Ventures'], text: 'It needs a board.' },
    ]);
  });

  it.each([
    ['bad/empty.pdf', 'it is empty (0 bytes)'],
    ['bad/truncated.pdf', 'it is not a readable PDF: the file is damaged or is not a PDF'],
    ['bad/locked.pdf', 'it is encrypted (password-protected); save a copy without a password and add that instead'],
    [
      'bad/scanned.pdf',
      'it has no text layer (a scanned or image-only PDF); export it with text or run OCR on it first',
    ],
    ['bad/setup.docx', 'it is not a Word document (it is a Windows program renamed to .docx)'],
    ['bad/scripts-only.html', 'it has no readable text (only scripts, styles or page navigation)'],
  ])('skips %s and says why', async (name, problem) => {
    expect(await parseKnowledgeFile(name, await readFile(path.join(FIXTURES, name)))).toEqual({ problem });
  });

  it('says why a damaged .docx cannot be read', async () => {
    const docx = await readFile(path.join(FIXTURES, 'data-sharing.docx'));
    expect(await parseKnowledgeFile('broken.docx', docx.subarray(0, 200))).toEqual({
      problem: 'it is not a readable Word document (.docx): the file is damaged',
    });
  });
});
