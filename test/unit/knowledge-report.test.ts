import { describe, expect, it } from 'vitest';
import { parseReportArgs } from '../../src/core/commands/report.js';
import { buildReport } from '../../src/core/report/build-report.js';
import { clusterGaps } from '../../src/core/report/gap-clusters.js';
import { reportCsv, reportOutline } from '../../src/core/report/outline.js';
import type { ReportData } from '../../src/core/report/types.js';

const unanswered: ReportData['unanswered'] = [
  { question: 'What exit clauses should a joint venture agreement have?', coverage: 'not_covered', gap: null },
  { question: 'Which exit clauses belong in a JV agreement?', coverage: 'not_covered', gap: null },
  { question: 'How do we price an AI licensing deal?', coverage: 'partial', gap: 'pricing of licences' },
  { question: 'What royalty rate is normal?', coverage: 'partial', gap: 'pricing of licences' },
  { question: 'What is the weather in Paris?', coverage: 'not_covered', gap: null },
];

const data: ReportData = {
  perDay: [
    { day: '2026-12-01', questions: 6 },
    { day: '2026-12-02', questions: 4 },
  ],
  perChannel: [
    { channel: 'slack', coverage: 'answered', questions: 4 },
    { channel: 'slack', coverage: 'not_covered', questions: 3 },
    { channel: 'teams', coverage: 'partial', questions: 2 },
    { channel: 'web', coverage: 'answered', questions: 1 },
  ],
  feedback: [
    { vote: 'up', count: 3 },
    { vote: 'down', count: 1 },
  ],
  comments: [{ vote: 'down', comment: '=HYPERLINK("evil")', question: 'What is a JV?', at: '2026-12-02T10:00:00Z' }],
  citedSections: [
    { source: 'jv.md', title: 'Joint ventures', section: 'Governance', citations: 7 },
    { source: 'jv.md', title: 'Joint ventures', section: 'Risks', citations: 2 },
    { source: 'gone.md', title: 'Removed', section: 'Intro', citations: 9 },
  ],
  unanswered,
  medianAnswerMs: 42,
};

const documents = [
  { source: 'jv.md', title: 'Joint ventures', sections: 2 },
  { source: 'licensing.md', title: 'Licensing', sections: 3 },
];
const window = { days: 30, since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-12-02T00:00:00Z') };

describe('knowledge gaps', () => {
  it('groups questions that ask for the same missing thing, by the named gap or by shared words', () => {
    const gaps = clusterGaps(unanswered);
    // Ties go to the gap with more questions not covered at all.
    expect(gaps.map((g) => [g.label, g.questions])).toEqual([
      ['exit, clauses, agreement, joint', 2],
      ['pricing of licences', 2],
      ['weather, paris', 1],
    ]);
    expect(gaps[0]).toMatchObject({ notCovered: 2, partial: 0 });
    expect(gaps[0]?.examples).toHaveLength(2);
  });
});

describe('the report', () => {
  const report = buildReport(data, documents, window);

  it('counts coverage shares, channels and feedback', () => {
    expect(report.questions).toBe(10);
    expect(report.coverage).toEqual({
      answered: { questions: 5, share: 0.5 },
      partial: { questions: 2, share: 0.2 },
      not_covered: { questions: 3, share: 0.3 },
    });
    expect(report.perChannel).toEqual([
      { channel: 'slack', questions: 7 },
      { channel: 'teams', questions: 2 },
      { channel: 'web', questions: 1 },
    ]);
    expect(report.feedback).toMatchObject({ up: 3, down: 1 });
  });

  it('ranks cited chapters, counts never-cited ones as least cited, and drops removed ones', () => {
    expect(report.mostCitedDocuments).toEqual([{ source: 'jv.md', title: 'Joint ventures', citations: 9 }]);
    expect(report.leastCitedDocuments[0]).toEqual({ source: 'licensing.md', title: 'Licensing', citations: 0 });
    expect(report.mostCitedSections[0]).toMatchObject({ section: 'Governance', citations: 7 });
    expect(JSON.stringify(report)).not.toContain('gone.md');
  });

  it('reads as an outline and as CSV that a spreadsheet will not run as a formula', () => {
    const { title, parts } = reportOutline(report);
    expect(title).toBe('Knowledge report, last 30 days: 10 questions');
    expect(parts.map((p) => p.heading)).toContain('Knowledge gaps (questions the chapters did not fully answer)');
    const csv = reportCsv(report);
    expect(csv.split('\n')[0]).toBe('part,item,count,detail');
    expect(csv).toContain(`comment,down,1,"'=HYPERLINK(""evil"") | What is a JV?"`);
    expect(csv).toContain('coverage,not_covered,3,');
  });

  it('says so when nobody asked anything', () => {
    const empty = buildReport(
      {
        ...data,
        perDay: [],
        perChannel: [],
        feedback: [],
        comments: [],
        citedSections: [],
        unanswered: [],
        medianAnswerMs: null,
      },
      documents,
      window,
    );
    expect(reportOutline(empty).parts).toEqual([
      { heading: 'No questions yet', items: ['Nobody asked the advisor anything in this window.'] },
    ]);
  });
});

describe('report arguments', () => {
  it('reads a window in days, and treats other words as a question', () => {
    expect(parseReportArgs('')).toEqual({ args: { days: 30 } });
    for (const text of ['7', '7d', '7 days', '--days 7', 'last 7 days'])
      expect(parseReportArgs(text)).toEqual({ args: { days: 7 } });
    expect(parseReportArgs('on joint ventures')).toEqual({ question: true });
    expect(parseReportArgs('0')).toMatchObject({ hint: { example: 'report 30' } });
  });
});
