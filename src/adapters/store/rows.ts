import type {
  IndexCounts,
  IndexProgress,
  IndexRun,
  IndexRunStatus,
  IndexTrigger,
  StoredChunk,
} from '../../core/types.js';

export interface ChunkRow {
  id: string | number;
  source: string;
  title: string;
  section: string;
  text: string;
  ordinal: number;
  hash: string;
  url: string | null;
}

export interface RunRow {
  id: string | number;
  actor: string;
  trigger: string;
  status: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  duration_ms: number | null;
  counts: IndexCounts | string | null;
  error: string | null;
  warnings: string[] | string | null;
  progress?: IndexProgress | string | null;
}

export function toChunk(row: ChunkRow): StoredChunk {
  return {
    id: Number(row.id),
    source: row.source,
    title: row.title,
    section: row.section,
    text: row.text,
    ordinal: Number(row.ordinal),
    hash: row.hash,
    ...(row.url ? { url: row.url } : {}),
  };
}

/** jsonb comes back parsed from both drivers, but be tolerant of text. */
function json<T>(value: T | string | null): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

export function toRun(row: RunRow): IndexRun {
  return {
    id: Number(row.id),
    actor: row.actor,
    trigger: row.trigger as IndexTrigger,
    status: row.status as IndexRunStatus,
    startedAt: new Date(row.started_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    counts: json<IndexCounts>(row.counts),
    error: row.error,
    warnings: json<string[]>(row.warnings) ?? [],
    progress: row.status === 'running' ? (json<IndexProgress>(row.progress ?? null) ?? null) : null,
  };
}
