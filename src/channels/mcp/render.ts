import { coverageNotice, suggestionLead } from '../../core/commands/index.js';
import type { ComparisonResult, ModelsResult } from '../../core/models/types.js';
import type { AskResult, Citation, ScoredChunk } from '../../core/types.js';

/**
 * Tool results as an agent reads them: text it can quote (each source names the document's file,
 * its section or page, and the passage), plus the same facts as structured content.
 */
export interface ToolOutput {
  readonly text: string;
  readonly structured: Record<string, unknown>;
}

const marks = (numbers: readonly number[]) => numbers.map((n) => `[${n}]`).join('');
const quote = (text: string) => text.replace(/^/gm, '> ');

/** "Playbook.pdf › p. 3 › Governance Checklist": where a passage is, as a reader would look it up. */
export function locator(c: Pick<Citation, 'source' | 'section'>): string {
  return c.section ? `${c.source} › ${c.section}` : c.source;
}

function citationView(c: Citation) {
  return {
    n: c.n,
    document: c.source,
    title: c.title,
    section: c.section,
    passage: c.text,
    score: c.score,
    ...(c.url ? { url: c.url } : {}),
  };
}

function sources(citations: readonly Citation[]): string[] {
  if (citations.length === 0) return [];
  return ['', 'Sources:', ...citations.map((c) => `[${c.n}] ${locator(c)} (${c.title})\n${quote(c.text)}`)];
}

const notes = (notices: readonly string[]) => notices.map((n) => `Note: ${n}`);

export function renderAnswer(result: AskResult): ToolOutput {
  const coverage = coverageNotice(result);
  const s = result.suggestion;
  // An agent runs the comparison with the compare_partnership_models tool.
  const pointer = s ? [`${suggestionLead(s)} compare_partnership_models with ${s.args}`] : [];
  return {
    text: [
      ...(coverage ? [`Coverage: ${coverage}`] : []),
      result.answer,
      ...pointer,
      ...notes(result.notices),
      ...sources(result.citations),
    ].join('\n'),
    structured: {
      answerId: result.answerId,
      answer: result.answer,
      abstained: result.abstained,
      coverage: result.coverage,
      ...(result.gap ? { gap: result.gap } : {}),
      ...(s ? { suggestion: s } : {}),
      citations: result.citations.map(citationView),
      notices: result.notices,
    },
  };
}

/** The passages a search found, best first (empty when nothing matches well enough). */
export interface Passages {
  readonly query: string;
  readonly passages: readonly ScoredChunk[];
}

export function renderPassages(retrieval: Passages): ToolOutput {
  const passages = retrieval.passages.map((p) => ({
    document: p.source,
    title: p.title,
    section: p.section,
    score: Math.round(p.score * 1000) / 1000,
    passage: p.text,
  }));
  const text = passages.length
    ? passages
        .map(
          (p, i) =>
            `${i + 1}. ${locator({ source: p.document, section: p.section })} (${p.title}), score ${p.score}\n${quote(p.passage)}`,
        )
        .join('\n\n')
    : 'No passage of the knowledge base matches this query well enough. Try other words, or ask a broader question.';
  return { text, structured: { query: retrieval.query, passages } };
}

export function renderComparison(result: ComparisonResult): ToolOutput {
  const lines: string[] = [result.models.map((m) => m.name).join(' vs '), ...notes(result.notices)];
  for (const row of result.rows) {
    lines.push('', `## ${row.dimension.label}`);
    row.cells.forEach((cell, i) => {
      const text = cell.covered ? `${cell.text} ${marks(cell.citations)}` : cell.text;
      lines.push(`- ${result.models[i]?.name ?? ''}: ${text}`);
    });
  }
  lines.push(...sources(result.citations));
  return {
    text: lines.join('\n'),
    structured: {
      models: result.models.map((m) => m.name),
      rows: result.rows.map((row) => ({
        dimension: row.dimension.label,
        cells: row.cells.map((cell, i) => ({ model: result.models[i]?.name, ...cell })),
      })),
      citations: result.citations.map(citationView),
      notices: result.notices,
    },
  };
}

export function renderModels(result: ModelsResult): ToolOutput {
  const lines = result.models.map((s) => {
    const aliases = s.model.aliases.length ? ` (also: ${s.model.aliases.join(', ')})` : '';
    const source = s.citations[0];
    return `- ${s.model.name}${aliases}: ${s.definition}${source ? ` [${locator(source)}]` : ''}`;
  });
  lines.push('', 'Compare 2 to 4 of them with compare_partnership_models.');
  return {
    text: lines.join('\n'),
    structured: {
      models: result.models.map((s) => ({
        name: s.model.name,
        aliases: s.model.aliases,
        definition: s.definition,
        covered: s.covered,
        citations: s.citations.map(citationView),
      })),
    },
  };
}
