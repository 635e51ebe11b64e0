import type { SourceDocument } from '../../core/commands/index.js';
import { type Block, capBlocks, contextBlock, mrkdwnSections, type SlackMessage } from './blocks.js';
import { escapeMrkdwn, mrkdwnLink, truncate } from './mrkdwn.js';

/** The indexed documents: one line each, title (linked when it declares a URL), file name and section count. */
export function renderSources(documents: readonly SourceDocument[]): SlackMessage {
  if (documents.length === 0) {
    const text = 'Nothing is indexed yet: an administrator can run `/advisor reindex`.';
    return { text, blocks: mrkdwnSections(text) };
  }
  const lines = documents.map(
    (d) =>
      `• *${mrkdwnLink(d.url, truncate(d.title, 200))}* (\`${escapeMrkdwn(d.source)}\`): ${d.sections} section${d.sections === 1 ? '' : 's'}`,
  );
  const body: Block[] = mrkdwnSections(`*Indexed documents (${documents.length})*\n${lines.join('\n')}`);
  return {
    text: `${documents.length} indexed documents`,
    blocks: capBlocks(body, [contextBlock('Ask about any of them, e.g. `/advisor What is a joint venture?`')]),
  };
}
