/**
 * Writes bench/ANSWERS.md from two `ask --json` outputs (one JSON object per line): the answers of
 * the same questions before and after a change, side by side.
 * Usage: tsx scripts/answers-before-after.ts bench/answers-before.jsonl bench/answers-after.jsonl
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface View {
  question: string;
  answer: string;
  coverage?: string;
  gap?: string;
  suggestion?: { command: string; args: string };
  citations: Array<{ n: number; title: string; section: string }>;
}

const read = (file: string): View[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as View);

const words = (text: string) =>
  text
    .replace(/\[\d+\]/g, ' ')
    .replace(/^\s*-\s+/gm, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
const sources = (v: View) =>
  v.citations.map((c) => `[${c.n}] ${c.section ? `${c.title} › ${c.section}` : c.title}`).join('  \n') || '(none)';
const quote = (text: string) =>
  text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');

const [beforeFile = 'bench/answers-before.jsonl', afterFile = 'bench/answers-after.jsonl'] = process.argv.slice(2);
const before = read(beforeFile);
const after = read(afterFile);
let out = `# Ten answers before and after "Answers that answer" (issue 14)

Zero configuration (extractive answers, built-in embeddings, PGlite), asked with
\`npm run --silent cli -- ask --json < questions.txt\`. The first six are the questions of the issue;
the last four are ours (a free-text comparison, an examples question, two aspects, a one-word question).
The raw JSON lines are in \`${beforeFile}\` (main before this change) and \`${afterFile}\`;
this page is written by \`npx tsx scripts/answers-before-after.ts\`.
`;
before.forEach((b, i) => {
  const a = after[i];
  if (!a) return;
  const meta = [
    `coverage \`${a.coverage}\``,
    ...(a.gap ? [`gap "${a.gap}"`] : []),
    ...(a.suggestion ? [`suggestion \`${a.suggestion.command} ${a.suggestion.args}\``] : []),
  ].join(', ');
  out += `
## ${i + 1}. ${b.question}

**Before** (${words(b.answer)} words):

${quote(b.answer)}

Sources:  
${sources(b)}

**After**: ${meta} (${words(a.answer)} words):

${quote(a.answer)}

Sources:  
${sources(a)}
`;
});
writeFileSync('bench/ANSWERS.md', out);
process.stdout.write('Written to bench/ANSWERS.md\n');
