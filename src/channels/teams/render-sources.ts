import type { SourceDocument } from '../../core/commands/index.js';
import { type TeamsReply, textReply } from './outgoing.js';

/** The indexed documents as a Markdown list: title (linked when it declares a URL), file name, sections. */
export function renderSources(documents: readonly SourceDocument[]): TeamsReply {
  if (documents.length === 0) return textReply('Nothing is indexed yet: an administrator can send `reindex` to me.');
  const lines = documents.map((d) => {
    const title = d.url ? `[${d.title}](${d.url})` : d.title;
    return `- **${title}** (\`${d.source}\`): ${d.sections} section${d.sections === 1 ? '' : 's'}`;
  });
  return textReply([`Indexed documents (${documents.length}):`, '', ...lines].join('\n'));
}
