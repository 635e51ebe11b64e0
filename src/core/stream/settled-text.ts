/**
 * A text that grows piece by piece and is shown transformed (`present`), without ever taking back
 * what was shown: only the part of the raw text that no later piece can change is presented
 * (`settledLength` says how long that part is), and a presentation that does not extend what was
 * shown is held until it does.
 */
export class SettledText {
  private raw = '';
  private shown = '';

  constructor(
    private readonly present: (text: string) => string,
    private readonly settledLength: (raw: string) => number,
  ) {}

  /** Adds a piece of raw text; returns what may be shown now in addition ('' when nothing). */
  push(piece: string): string {
    this.raw += piece;
    const text = this.present(this.raw.slice(0, this.settledLength(this.raw)));
    if (!text.startsWith(this.shown)) return '';
    const delta = text.slice(this.shown.length);
    this.shown = text;
    return delta;
  }

  /** Everything shown so far. */
  get text(): string {
    return this.shown;
  }
}
