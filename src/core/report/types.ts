/** The knowledge-gap report: what employees asked, how well the chapters answered, and what they missed. */

import type { AnswerCoverage } from '../types.js';

/** How an answer covered its question (stored with every answer). */
export type CoverageLabel = AnswerCoverage;

/** What the store aggregates for a report window; the core groups and ranks it. */
export interface ReportData {
  readonly perDay: readonly { readonly day: string; readonly questions: number }[];
  readonly perChannel: readonly {
    readonly channel: string;
    readonly coverage: CoverageLabel;
    readonly questions: number;
  }[];
  readonly feedback: readonly { readonly vote: 'up' | 'down'; readonly count: number }[];
  /** The latest comments, newest first, with the question they were about. */
  readonly comments: readonly {
    readonly vote: 'up' | 'down';
    readonly comment: string;
    readonly question: string;
    readonly at: string;
  }[];
  /** How often each section was cited. */
  readonly citedSections: readonly {
    readonly source: string;
    readonly title: string;
    readonly section: string;
    readonly citations: number;
  }[];
  /** Questions not (fully) answered, newest first, with what the advisor said was missing. */
  readonly unanswered: readonly {
    readonly question: string;
    readonly coverage: Exclude<CoverageLabel, 'answered'>;
    readonly gap: string | null;
  }[];
  readonly medianAnswerMs: number | null;
}

export interface KnowledgeGap {
  /** What is missing, as the advisor named it, or the words the questions share. */
  readonly label: string;
  readonly questions: number;
  readonly notCovered: number;
  readonly partial: number;
  /** Up to three example questions, as asked. */
  readonly examples: readonly string[];
}

export interface CitedDocument {
  readonly source: string;
  readonly title: string;
  readonly citations: number;
}

export interface CitedSection extends CitedDocument {
  readonly section: string;
}

export interface KnowledgeReport {
  readonly days: number;
  readonly since: string;
  readonly until: string;
  readonly questions: number;
  readonly coverage: Readonly<Record<CoverageLabel, { readonly questions: number; readonly share: number }>>;
  readonly perDay: ReportData['perDay'];
  readonly perChannel: readonly { readonly channel: string; readonly questions: number }[];
  readonly feedback: { readonly up: number; readonly down: number; readonly comments: ReportData['comments'] };
  readonly gaps: readonly KnowledgeGap[];
  readonly mostCitedDocuments: readonly CitedDocument[];
  /** Indexed documents cited least (never-cited ones first). */
  readonly leastCitedDocuments: readonly CitedDocument[];
  readonly mostCitedSections: readonly CitedSection[];
  readonly leastCitedSections: readonly CitedSection[];
  readonly medianAnswerMs: number | null;
}
