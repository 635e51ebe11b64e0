import { type KnowledgeReport, reportOutline } from '../../core/commands/index.js';
import { type Block, capBlocks, contextBlock, mrkdwnSections, type SlackMessage } from './blocks.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** The knowledge-gap report: one section per part; employees' questions and comments are escaped. */
export function renderReport(report: KnowledgeReport): SlackMessage {
  const { title, parts } = reportOutline(report);
  const body: Block[] = [
    ...mrkdwnSections(`*${escapeMrkdwn(title)}*`),
    ...parts.flatMap((part) =>
      mrkdwnSections(
        `*${escapeMrkdwn(part.heading)}*\n${part.items.map((i) => `• ${escapeMrkdwn(truncate(i, 400))}`).join('\n')}`,
      ),
    ),
  ];
  return {
    text: escapeMrkdwn(title),
    blocks: capBlocks(body, [
      contextBlock('The whole report: `npm run cli -- report --json` (or `--csv`), or `GET /api/admin/report`.'),
    ]),
  };
}
