/**
 * Text that Teams renders as Markdown: message text and Adaptive Card TextBlocks (a CommonMark
 * subset). Everything a user, a model or a knowledge file wrote goes through `escapeTeamsMarkdown`,
 * so none of it can form a link, an image, an HTML tag or formatting; the only links the bot sends
 * are citation URLs, through `teamsLink`.
 */

import { httpUrl } from '../../core/commands/index.js';

/** Word joiner (invisible): breaks a bare address so that Teams does not turn it into a link. */
const JOINER = '\u2060';

// CommonMark lets a backslash escape any ASCII punctuation; these are the ones Teams gives a meaning.
const MARKDOWN = /[\\`*_~[\]()<>#|!&]/g;

/** Plain text as Teams Markdown that shows exactly that text, with no link, tag or formatting in it. */
export function escapeTeamsMarkdown(text: string): string {
  return text
    .replace(MARKDOWN, '\\$&')
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, `$1:${JOINER}//`)
    .replace(/\bwww\./gi, `www${JOINER}.`);
}

/**
 * An answer (extractive or from a model) as Teams Markdown: escaped like any untrusted text, then
 * its own `[n]` citation markers (which Teams ties to the citation entities), `**bold**` and
 * headings (shown bold) are given back. A marker followed by `:` stays escaped: it would define a
 * link target.
 */
export function answerToTeamsMarkdown(text: string): string {
  return escapeTeamsMarkdown(text)
    .replace(/\\\[(\d{1,3})\\\](?!\s*:)/g, '[$1]')
    .replace(/\\\*\\\*(.+?)\\\*\\\*/g, '**$1**')
    .replace(/^(?:\\#){1,6}\s+(.+)$/gm, '**$1**');
}

/** An http(s) address safe inside `[label](...)`, or undefined for anything else (javascript:, data:, junk). */
export function safeLinkUrl(url: string | undefined): string | undefined {
  // Parentheses would end the link.
  return httpUrl(url)?.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A citation's link: the label escaped, the address checked; the plain label when there is no usable URL. */
export function teamsLink(url: string | undefined, label: string): string {
  const href = safeLinkUrl(url);
  const text = escapeTeamsMarkdown(label);
  return href ? `[${text}](${href})` : text;
}
