/** Plain domain values shared by the core, the adapters and the channels. */

/** A knowledge file as the knowledge source hands it over, before chunking. */
export type SourceFile = TextSourceFile | SectionedSourceFile;

/** Markdown or plain text: the core finds its headings, front matter and boilerplate. */
export interface TextSourceFile {
  /** Path under knowledge/, with forward slashes (e.g. "overview-of-partnerships.md"). */
  readonly path: string;
  readonly text: string;
}

/** A document whose format the knowledge source already read (PDF, Word, HTML), as neutral sections. */
export interface SectionedSourceFile {
  /** Path under knowledge/, with forward slashes (e.g. "Playbook.pdf"). */
  readonly path: string;
  /** From the document's metadata or first heading; the file name when absent. */
  readonly title?: string | undefined;
  readonly sections: ReadonlyArray<{
    /** Headings (or a page, "p. 3") above this text, under the title; [] for the lead text. */
    readonly path: readonly string[];
    /** Paragraphs separated by a blank line, bullets as "- " lines. */
    readonly text: string;
  }>;
}

/** A heading-aware piece of a document, ready to embed. */
export interface ChunkDraft {
  /** Path under knowledge/. */
  readonly source: string;
  /** Document title. */
  readonly title: string;
  /** Section path inside the document, headings joined with " › " ("" for the lead text). */
  readonly section: string;
  readonly text: string;
  /** Position of the chunk in its document, from 0. */
  readonly ordinal: number;
  /** sha256 (hex) of source, section and text: the identity used by incremental reindex. */
  readonly hash: string;
  /** Source URL declared by the knowledge file, if any. */
  readonly url?: string | undefined;
}

export interface StoredChunk extends ChunkDraft {
  readonly id: number;
}

export interface ScoredChunk extends StoredChunk {
  /** Higher is better; the meaning depends on who scored it (cosine similarity, ts_rank, RRF). */
  readonly score: number;
}

/** One indexed document, as `sources` lists it. */
export interface SourceDocument {
  /** Path under the knowledge folder ("overview-of-partnerships.md"). */
  readonly source: string;
  readonly title: string;
  /** Distinct sections (heading paths) indexed for it. */
  readonly sections: number;
  readonly url?: string | undefined;
}

/** One earlier exchange of a conversation, passed to `ask` for follow-ups. */
export interface Turn {
  readonly question: string;
  readonly answer: string;
}

export interface Citation {
  /** The number used by the answer's [n] markers, from 1. */
  readonly n: number;
  readonly chunkId: number;
  readonly source: string;
  readonly title: string;
  readonly section: string;
  readonly score: number;
  /** The whole cited chunk. */
  readonly text: string;
  readonly url?: string | undefined;
}

/**
 * How much of a question the chapters answer, decided before the answer is written: `answered` (topic,
 * aspect and key terms supported), `partial` (the topic is covered, the asked aspect or a key term is
 * not: the answer says so first, then gives the closest guidance), `not_covered` (abstained).
 */
export type AnswerCoverage = 'answered' | 'partial' | 'not_covered';

/**
 * A command that shows more than the answer can: the full comparison table, or a corrected name.
 * Channel-neutral: `args` is what follows the command word; each channel says how to run it
 * (`/advisor compare ...` in Slack, `compare ...` in Teams, the Compare tab on the web).
 */
export interface AnswerSuggestion {
  readonly command: 'compare' | 'recommend';
  readonly args: string;
  /** `full` points at the complete result; `did-you-mean` retries with a known model name. */
  readonly reason: 'full' | 'did-you-mean';
  /** For `compare`: the model names, as the catalog names them. */
  readonly models?: readonly string[] | undefined;
}

export interface AskResult {
  /** Id of the stored answer, used by feedback. */
  readonly answerId: string;
  readonly question: string;
  /** The answer with [n] markers that map to `citations`. */
  readonly answer: string;
  /** True exactly when `coverage` is `not_covered`. */
  readonly abstained: boolean;
  readonly coverage: AnswerCoverage;
  /** What the chapters do not cover, when `coverage` is `partial` (or `not_covered` for an in-domain question). */
  readonly gap?: string | undefined;
  readonly suggestion?: AnswerSuggestion | undefined;
  readonly citations: readonly Citation[];
  /** One-line notices for the user (e.g. "The language model failed; this is an extractive answer."). */
  readonly notices: readonly string[];
  /** The query actually searched (after follow-up rewriting). */
  readonly searchQuery: string;
  readonly timings_ms: { readonly retrieve: number; readonly generate: number; readonly total: number };
}

/** What started a reindex: 'startup', or the channel label of whoever asked for it. */
export type IndexTrigger = string;

export interface IndexCounts {
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
  /** Chunks sent to the embedder in this run. */
  readonly embedded: number;
  readonly documents: number;
  readonly chunks: number;
}

export type IndexRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** How far a running reindex has come (chunks embedded and written of those to embed). */
export interface IndexProgress {
  readonly phase: 'reading' | 'embedding' | 'switching';
  readonly done: number;
  readonly total: number;
}

export interface IndexRun {
  readonly id: number;
  readonly actor: string;
  readonly trigger: IndexTrigger;
  readonly status: IndexRunStatus;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly durationMs: number | null;
  readonly counts: IndexCounts | null;
  readonly error: string | null;
  readonly warnings: readonly string[];
  /** A running run's progress so far (null once it has finished, and for older runs). */
  readonly progress: IndexProgress | null;
}

export type Vote = 'up' | 'down';

export interface FeedbackInput {
  readonly answerId: string;
  readonly vote: Vote;
  readonly comment?: string | undefined;
  /** Who voted, as the channel knows them (Slack user id, AAD object id, "web"). */
  readonly user?: string | undefined;
  readonly channel: ChannelName;
}

/** The label a channel gives itself ('slack', 'web', ...), for records and metrics: the core lists no channels. */
export type ChannelName = string;
