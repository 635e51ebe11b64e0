import { citationLabel, markers as marks } from '../../core/commands/index.js';
import type { ComparisonResult, ModelsResult, RecommendResult } from '../../core/models/types.js';
import { sourcesLines as sources } from './format.js';

const indent = (text: string, pad: string) => text.split('\n').join(`\n${pad}`);

/** The comparison as one block per dimension (a wide table does not fit a terminal), sources below. */
export function formatComparison(result: ComparisonResult): string {
  const lines: string[] = [result.models.map((m) => m.name).join(' vs ')];
  for (const n of result.notices) lines.push(`Note: ${n}`);
  for (const row of result.rows) {
    lines.push('', row.dimension.label);
    row.cells.forEach((cell, i) => {
      const name = result.models[i]?.name ?? '';
      const text = cell.covered ? `${cell.text} ${marks(cell.citations)}` : cell.text;
      // A cell that quotes a list starts it on its own line, so every item lines up under the name.
      lines.push(text.includes('\n') ? `  ${name}:\n    ${indent(text, '    ')}` : `  ${name}: ${text}`);
    });
  }
  lines.push(...sources(result.citations));
  return lines.join('\n');
}

export function formatModels(result: ModelsResult): string {
  const lines: string[] = [];
  for (const s of result.models) {
    const aliases = s.model.aliases.length ? ` (also: ${s.model.aliases.slice(0, 4).join(', ')})` : '';
    lines.push(`${s.model.name}${aliases}`);
    const c = s.citations[0];
    lines.push(`  ${s.definition}${c ? ` — ${citationLabel(c)} (knowledge/${c.source})` : ''}`);
  }
  lines.push('', 'Compare two to four of them: compare "joint venture" licensing');
  return lines.join('\n');
}

export function formatRecommendation(result: RecommendResult): string {
  const lines: string[] = [`Situation: ${result.situation}`];
  for (const n of result.notices) lines.push(`Note: ${n}`);
  result.recommendations.forEach((r, i) => {
    lines.push('', `${i + 1}. ${r.model.name} (fit ${Math.round(r.score * 100)}%)`);
    for (const reason of r.reasons) lines.push(`   - ${indent(`${reason.text} ${marks(reason.citations)}`, '     ')}`);
  });
  if (result.clarifyingQuestions.length) {
    lines.push('', 'To sharpen this, tell me:');
    for (const q of result.clarifyingQuestions) lines.push(`  - ${q}`);
  }
  lines.push(...sources(result.citations));
  return lines.join('\n');
}
