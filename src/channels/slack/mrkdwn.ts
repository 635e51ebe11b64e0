/**
 * Text that reaches Slack as mrkdwn. Everything a user, a model or a knowledge file wrote goes
 * through `escapeMrkdwn`, so none of it can form a link, a user ping or a broadcast
 * (`<!channel>`, `<!here>`, `<!everyone>`, `<@U123>`, `<#C123>`, `<!subteam^...>`).
 */

import { httpUrl } from '../../core/commands/index.js';

/** Word joiner (invisible): keeps "@channel" readable while stopping Slack from parsing it as a mention. */
const JOINER = '\u2060';

/**
 * Escapes the three characters Slack's mrkdwn reserves (`&`, `<`, `>`), and breaks the bare
 * broadcast words that some clients still auto-link (`@channel`, `@here`, `@everyone`).
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, `@${JOINER}$1`);
}

/** Reverses `escapeMrkdwn` (used when reading our own earlier answers back from a thread). */
export function unescapeMrkdwn(text: string): string {
  return text.replaceAll(JOINER, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Answer text (from the extractive answerer or a model) to mrkdwn: escaped, Markdown bold to Slack bold. */
export function answerToMrkdwn(text: string): string {
  return escapeMrkdwn(text)
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*');
}

/** A link whose label and address cannot break out of the `<url|label>` syntax; plain label when the URL is not http(s). */
export function mrkdwnLink(url: string | undefined, label: string): string {
  const safeLabel = escapeMrkdwn(label).replace(/\|/g, '¦');
  const href = httpUrl(url);
  if (!href) return safeLabel;
  // `|` would end the address.
  return `<${href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E')}|${safeLabel}>`;
}

/** Removes the leading mention of the bot (`<@U123>` or `<@U123|name>`) from a message. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g') : /^\s*<@[A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(mention, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Slack sends user text with its own markup: `&amp;` entities and `<...>` links, mentions and
 * channel references. The advisor gets the readable form.
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([@#!])[^>|]*\|([^>]*)>/g, '$2')
    .replace(/<(https?:[^>|]+)\|([^>]*)>/g, '$2 ($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)>/g, '#$1')
    .replace(/<!([a-z]+)(?:\^[^>]*)?>/g, '@$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Splits mrkdwn into pieces of at most `limit` characters, at paragraph, line, sentence or word
 * boundaries, never inside an `&amp;`-style entity.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    let cut = -1;
    for (const boundary of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(boundary, limit - boundary.length);
      if (at > limit / 3) {
        cut = at + boundary.length;
        break;
      }
    }
    if (cut < 0) cut = limit;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp > cut - 6 && !rest.slice(amp, cut).includes(';')) cut = amp;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Cuts plain or mrkdwn text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 6 && !text.slice(amp, cut).includes(';')) cut = amp;
  return `${text.slice(0, cut)}…`;
}
