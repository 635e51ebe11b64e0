import { describe, expect, it } from 'vitest';
import { isBoilerplateLine, parseDocument, titleFromPath } from '../../src/core/ingest/index.js';

const parse = (text: string, path = 'doc.md') => parseDocument({ path, text });
const paths = (text: string, path?: string) => parse(text, path).sections.map((s) => s.path.join(' › '));

describe('parseDocument: headings', () => {
  it('reads ATX headings of every level and closing hashes', () => {
    const text =
      '# Title\n\nLead.\n\n## A\n\nText a.\n\n### A1 ###\n\nText a1.\n\n#### A1x\n\nDeep.\n\n## B\n\nText b.\n';
    const doc = parse(text);
    expect(doc.title).toBe('Title');
    expect(paths(text)).toEqual(['', 'A', 'A › A1', 'A › A1 › A1x', 'B']);
    expect(doc.sections.map((s) => s.text)).toEqual(['Lead.', 'Text a.', 'Text a1.', 'Deep.', 'Text b.']);
  });

  it('tells a setext underline from a thematic break and from a list item', () => {
    const text = [
      'Guide',
      '=====',
      '',
      'First paragraph.',
      '',
      '---',
      '',
      'Second paragraph.',
      '',
      '* Not a heading',
      '---',
      '',
      'Section',
      '---',
      'Body.',
    ].join('\n');
    const doc = parse(text);
    expect(doc.title).toBe('Guide');
    expect(doc.sections).toEqual([
      { path: [], text: 'First paragraph.\n\nSecond paragraph.\n\n- Not a heading' },
      { path: ['Section'], text: 'Body.' },
    ]);
  });

  it('uses the first heading as title when it opens the document and outranks the rest', () => {
    expect(parse('## Title\n\nLead.\n\n### Part\n\nBody.').title).toBe('Title');
    expect(paths('## Title\n\nLead.\n\n### Part\n\nBody.')).toEqual(['', 'Part']);
    // Same-level headings after lead text are sections, and the title comes from the file name.
    const untitled = parse('Lead.\n\n## One\n\nA.\n\n## Two\n\nB.', 'notes/joint-ventures-in-the-eu.md');
    expect(untitled.title).toBe('Joint Ventures in the EU');
    expect(untitled.sections.map((s) => s.path)).toEqual([[], ['One'], ['Two']]);
  });

  it('finds plain headings in .txt files but not sentences, bullets or labels', () => {
    const text = [
      'Partner Selection Guide',
      '',
      'How to pick a partner.',
      '',
      'Due Diligence Steps',
      '',
      'Check finances and references.',
      '',
      'This line ends with a period.',
      '',
      'More text.',
      '',
      '* A Bullet Point',
      '',
      'Key Terms:',
      '',
      'Term list.',
    ].join('\n');
    const doc = parse(text, 'guide.txt');
    expect(doc.title).toBe('Partner Selection Guide');
    expect(doc.sections.map((s) => s.path.join(' › '))).toEqual(['', 'Due Diligence Steps']);
    expect(doc.sections[1]?.text).toBe(
      'Check finances and references.\n\nThis line ends with a period.\n\nMore text.\n\n- A Bullet Point\n\nKey Terms:\n\nTerm list.',
    );
  });

  it('does not promote a .txt heading to title when text comes before it', () => {
    const doc = parse('Some opening words here.\n\nRisk Sharing\n\nPartners share risks.', 'risk-sharing-notes.txt');
    expect(doc.title).toBe('Risk Sharing Notes');
    expect(doc.sections.map((s) => s.path)).toEqual([[], ['Risk Sharing']]);
  });
});

describe('parseDocument: text cleanup', () => {
  it('strips emphasis and link syntax but keeps the words', () => {
    const doc = parse(
      '# T\n\nUse **bold**, *italic*, __strong__ and _em_ with [the guide](https://x.test/g) and snake_case_name.',
    );
    expect(doc.sections[0]?.text).toBe('Use bold, italic, strong and em with the guide and snake_case_name.');
  });

  it('joins soft-wrapped markdown lines, keeps bullets as lines and paragraph breaks', () => {
    const doc = parse('# T\n\nA paragraph\nthat wraps.\n\n* one\n* two\n  continues\n+ three\n\n1. first\n2. second');
    expect(doc.sections[0]?.text).toBe(
      'A paragraph that wraps.\n\n- one\n- two continues\n- three\n\n1. first\n2. second',
    );
  });

  it('keeps .txt lines as lines and normalises whitespace', () => {
    const doc = parse('Line one\nLine   two\twith tab\n\n\n\nNext paragraph', 'a.txt');
    expect(doc.sections[0]?.text).toBe('Line one\nLine two with tab\n\nNext paragraph');
  });

  it('normalises CRLF line endings and a BOM', () => {
    const doc = parse('\uFEFFTitle\r\n=====\r\n\r\nFirst line\r\nsecond line\r\n\r\nSub\r\n---\r\n\r\nBody\r\n');
    expect(doc.title).toBe('Title');
    expect(doc.sections).toEqual([
      { path: [], text: 'First line second line' },
      { path: ['Sub'], text: 'Body' },
    ]);
    expect(doc.hash).toBe(parse('Title\n=====\n\nFirst line\nsecond line\n\nSub\n---\n\nBody\n').hash);
  });
});

describe('parseDocument: declared source URL', () => {
  it('reads YAML front matter and strips it from the text', () => {
    const doc = parse(
      '---\nurl: https://example.com/jv\ntitle: "Joint Ventures"\n---\nLead text.\n\n## Risks\n\nShared.',
    );
    expect(doc.url).toBe('https://example.com/jv');
    expect(doc.title).toBe('Joint Ventures');
    expect(doc.sections).toEqual([
      { path: [], text: 'Lead text.' },
      { path: ['Risks'], text: 'Shared.' },
    ]);
  });

  it('reads a first "Source:" line and strips it', () => {
    const doc = parse('Source: https://example.com/alliances\n\nAlliances\n\nText about alliances.', 'alliances.txt');
    expect(doc.url).toBe('https://example.com/alliances');
    expect(doc.title).toBe('Alliances');
    expect(doc.sections).toEqual([{ path: [], text: 'Text about alliances.' }]);
  });

  it('has no url when the file declares none, and a leading --- with prose is not front matter', () => {
    const doc = parse('---\nJust a rule above a paragraph.\n');
    expect(doc.url).toBeUndefined();
    expect(doc.sections[0]?.text).toBe('Just a rule above a paragraph.');
  });
});

describe('boilerplate lines', () => {
  it('recognises generator furniture', () => {
    for (const line of [
      'LLMpediaThe first transparent, open encyclopedia generated by LLMs',
      'Generated by DeepSeek V3.2',
      'Note: This article was automatically generated by a large language model (LLM).',
      'Article Genealogy',
      'Expansion Funnel Raw 59 → Dedup 0 → NER 0 → Enqueued 0',
      '1. Extracted59',
      '2. After dedup0 (None)',
      '3. After NER0 ()',
      '4. Enqueued0 ()',
      'Category:Innovation Category:Strategic alliances',
      'From Wikipedia, the free encyclopedia',
      'Retrieved from "https://en.wikipedia.org/wiki/Joint_venture"',
    ]) {
      expect(isBoilerplateLine(line), line).toBe(true);
    }
  });

  it('keeps real content that looks similar', () => {
    for (const line of [
      'Generated by the partners together, the revenue of the venture is split according to the agreement signed at the start.',
      '1. Define clear objectives',
      '2. Share risks and rewards (see below)',
      'Note: partners should agree on IP ownership early.',
      'Category: strategic alliance',
      'Article 5 of the agreement covers termination.',
    ]) {
      expect(isBoilerplateLine(line), line).toBe(false);
    }
  });
});

describe('titleFromPath', () => {
  it('title-cases file names, keeping hyphenated words and acronyms', () => {
    expect(titleFromPath('co-creation-and-joint-development.md')).toBe('Co-Creation and Joint Development');
    expect(titleFromPath('ai-based-partnership-strategies-and-models.md')).toBe(
      'AI-Based Partnership Strategies and Models',
    );
    expect(titleFromPath('guides/pre-competitive-consortia.txt')).toBe('Pre-Competitive Consortia');
    expect(titleFromPath('the_state of r&d partnerships.md')).toBe('The State of R&D Partnerships');
    expect(titleFromPath('notes_on_self-funded_pilots.txt')).toBe('Notes on Self-Funded Pilots');
  });
});
