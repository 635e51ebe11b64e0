/** A knowledge file that cannot be indexed; `reason` completes "Skipped "<file>": ...". */
export class UnreadableFileError extends Error {
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'UnreadableFileError';
    this.reason = reason;
  }
}
