import { coverageNotice, suggestionLead } from '../../core/commands/index.js';
import type { AskResult, Citation } from '../../core/types.js';
import { answerToTeamsMarkdown, escapeTeamsMarkdown, safeLinkUrl } from './markdown.js';
import type { TeamsReply } from './outgoing.js';

/** Teams' limits for citation pop-ups (bot messages with AI-generated content). */
const MAX_CITATIONS = 20;
const NAME_CHARS = 80;
const ABSTRACT_CHARS = 160;
const KEYWORDS = 3;
const KEYWORD_CHARS = 28;

/** The schema.org Message entity that gives a message the "AI generated" label and its citations. */
export function aiMessageEntity(citations: readonly Citation[] = []): Record<string, unknown> {
  return {
    type: 'https://schema.org/Message',
    '@type': 'Message',
    '@context': 'https://schema.org',
    '@id': '',
    additionalType: ['AIGeneratedContent'],
    ...(citations.length > 0 ? { citation: citations.slice(0, MAX_CITATIONS).map(citationClaim) } : {}),
  };
}

function citationClaim(c: Citation): Record<string, unknown> {
  const parts = c.section
    .split('›')
    .map((s) => s.trim())
    .filter(Boolean);
  const last = parts.at(-1);
  const url = safeLinkUrl(c.url);
  return {
    '@type': 'Claim',
    position: c.n,
    appearance: {
      '@type': 'DigitalDocument',
      name: clip(last ? `${c.title}: ${last}` : c.title, NAME_CHARS),
      abstract: clip(c.text, ABSTRACT_CHARS),
      ...(url ? { url } : {}),
      keywords: [...parts.slice(-KEYWORDS + 1), c.source].slice(0, KEYWORDS).map((k) => clip(k, KEYWORD_CHARS)),
    },
  };
}

/** One line, at most `max` characters, cut at a word boundary with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text
    .replace(/[#*_`>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * An answer as a Teams message: text with [n] markers, citation entities Teams shows as pop-ups,
 * the AI label and the feedback buttons. Notices follow the answer in italics.
 */
export function renderAnswer(result: AskResult): TeamsReply {
  const notices = result.notices.map((n) => `_${escapeTeamsMarkdown(n)}_`);
  const coverage = coverageNotice(result);
  const lead = coverage ? [`**⚠️ ${escapeTeamsMarkdown(coverage)}**`] : [];
  const s = result.suggestion;
  // Teams commands are typed without a prefix: "compare Joint venture vs Licensing".
  const pointer = s
    ? [`${escapeTeamsMarkdown(suggestionLead(s))} type **${escapeTeamsMarkdown(`${s.command} ${s.args}`)}**`]
    : [];
  const text = [...lead, answerToTeamsMarkdown(result.answer), ...pointer, ...notices].join('\n\n');
  return {
    message: {
      type: 'message',
      text,
      textFormat: 'markdown',
      entities: [aiMessageEntity(result.citations)],
      channelData: { feedbackLoopEnabled: true },
    },
    answerId: result.answerId,
    turn: { question: result.question, answer: result.answer },
  };
}
