import { type ChildNode, type Element, isTag, isText } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

/** A document read from HTML: its title, and its content as sections. */
export interface HtmlOutline {
  /** The `<title>` (or Open Graph title), else the page's one leading h1. */
  readonly title?: string | undefined;
  readonly sections: Array<{ path: string[]; text: string }>;
}

// Never content: code, styling, embedded objects and controls.
const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'form',
  'button',
  'select',
  'textarea',
  'head',
]);
// Page furniture around the content. A <header> or <footer> inside an <article>, <section> or <main>
// belongs to that content (an article's own heading), so those are kept.
const FURNITURE = new Set(['nav', 'aside', 'header', 'footer']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search']);
const CONTENT_SCOPES = new Set(['article', 'section', 'main']);
// Elements whose end ends a paragraph.
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'table',
  'address',
  'details',
  'summary',
  'hr',
]);
const HEADING = /^h([1-6])$/;

function isFurniture(element: Element): boolean {
  const role = element.attribs.role?.toLowerCase();
  if (role && FURNITURE_ROLES.has(role)) return true;
  if (!FURNITURE.has(element.name)) return false;
  if (element.name !== 'header' && element.name !== 'footer') return true;
  for (let parent = element.parent; parent; parent = parent.parent) {
    if (isTag(parent) && CONTENT_SCOPES.has(parent.name)) return false;
  }
  return true;
}

function isHidden(element: Element): boolean {
  return 'hidden' in element.attribs || element.attribs['aria-hidden'] === 'true';
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Reads a page's visible content in document order, splitting it into sections at h1-h6. */
class OutlineWriter {
  readonly sections: Array<{ path: string[]; text: string }> = [];
  private headings: Array<{ level: number; text: string }> = [];
  private blocks: string[] = [];
  private inline = '';
  private prefix = '';
  private h1Count = 0;
  private first: { level: number; text: string; sectionsBefore: number } | undefined;

  heading(level: number, text: string): void {
    this.endSection();
    if (level === 1) this.h1Count += 1;
    this.first ??= { level, text, sectionsBefore: this.sections.length };
    this.headings = this.headings.filter((h) => h.level < level);
    this.headings.push({ level, text });
  }

  /**
   * The page's one h1, when it is also its first heading, titles the page rather than a section
   * (as a markdown chapter's title heading does): it is taken out of the section paths.
   */
  takeTitleHeading(): string | undefined {
    if (this.h1Count !== 1 || this.first?.level !== 1) return undefined;
    for (const section of this.sections.slice(this.first.sectionsBefore)) section.path.shift();
    return this.first.text;
  }

  /** Ends the paragraph (or list item, table row) being written. */
  endBlock(): void {
    const text = collapse(this.inline);
    if (text) this.blocks.push(`${this.prefix}${text}`);
    this.inline = '';
    this.prefix = '';
  }

  startBlock(prefix: string): void {
    this.endBlock();
    this.prefix = prefix;
  }

  text(text: string): void {
    this.inline += text;
  }

  endSection(): void {
    this.endBlock();
    // List items and table rows stay on consecutive lines; paragraphs are separated by a blank line.
    const text = this.blocks
      .reduce((out, block, i) => {
        const previous = this.blocks[i - 1];
        const tight = previous !== undefined && /^(- |\| )/.test(block) && /^(- |\| )/.test(previous);
        return i === 0 ? block : `${out}${tight ? '\n' : '\n\n'}${block}`;
      }, '')
      .replace(/^\| /gm, '');
    if (text) this.sections.push({ path: this.headings.map((h) => h.text), text });
    this.blocks = [];
  }
}

function walk(nodes: readonly ChildNode[], out: OutlineWriter): void {
  for (const node of nodes) {
    if (isText(node)) {
      out.text(node.data);
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name;
    if (SKIPPED.has(name) || isFurniture(node) || isHidden(node)) continue;
    const heading = HEADING.exec(name);
    if (heading) {
      const text = collapse(DomUtils.textContent(node));
      if (text) out.heading(Number(heading[1]), text);
      continue;
    }
    if (name === 'br') {
      out.text('\n');
      continue;
    }
    if (name === 'li') out.startBlock('- ');
    else if (name === 'tr') out.startBlock('| ');
    else if (BLOCKS.has(name)) out.endBlock();
    walk(node.children, out);
    if (name === 'td' || name === 'th') out.text(' | ');
    if (name === 'li' || name === 'tr' || BLOCKS.has(name)) out.endBlock();
  }
}

/**
 * The visible content of an HTML page as sections under its h1-h6 headings. Scripts, styles and
 * page furniture (navigation, site header and footer, sidebars) are left out; when the page marks
 * its content with <main>, only that is read. The `<title>` (or Open Graph title) is the title.
 */
export function htmlOutline(html: string): HtmlOutline {
  const document = parseDocument(html);
  const titleElement = DomUtils.findOne((e) => e.name === 'title', document.children);
  const ogTitle = DomUtils.findOne(
    (e) => e.name === 'meta' && e.attribs.property === 'og:title' && Boolean(e.attribs.content),
    document.children,
  );
  const title = collapse(titleElement ? DomUtils.textContent(titleElement) : (ogTitle?.attribs.content ?? ''));
  const main = DomUtils.findOne((e) => e.name === 'main' || e.attribs.role === 'main', document.children);
  const out = new OutlineWriter();
  walk(main ? [main] : document.children, out);
  out.endSection();
  const titleHeading = out.takeTitleHeading();
  // Cells leave a trailing " |" separator on their row.
  const sections = out.sections.map((s) => ({ ...s, text: s.text.replace(/\s*\|\s*$/gm, '') }));
  return { title: title || titleHeading, sections };
}
