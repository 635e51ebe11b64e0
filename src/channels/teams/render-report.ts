import { type KnowledgeReport, reportOutline } from '../../core/commands/index.js';
import { escapeTeamsMarkdown } from './markdown.js';
import { type TeamsReply, textReply } from './outgoing.js';

/** The knowledge-gap report as Teams Markdown; employees' questions and comments are escaped. */
export function renderReport(report: KnowledgeReport): TeamsReply {
  const { title, parts } = reportOutline(report);
  const lines = [`**${escapeTeamsMarkdown(title)}**`];
  for (const part of parts) {
    lines.push('', `**${escapeTeamsMarkdown(part.heading)}**`, ...part.items.map((i) => `- ${escapeTeamsMarkdown(i)}`));
  }
  return textReply(lines.join('\n'));
}
