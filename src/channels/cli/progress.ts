import cliProgress from 'cli-progress';
import type { ReindexProgress } from '../../core/commands/index.js';

/** A progress bar on a terminal, plain lines otherwise; always on stderr so stdout stays clean. */
export function reindexProgress(stream: NodeJS.WriteStream = process.stderr): (p: ReindexProgress) => void {
  if (!stream.isTTY) {
    let announced = false;
    return (p) => {
      if (p.phase === 'embedding' && !announced && p.total > 0) {
        announced = true;
        stream.write(`Embedding ${p.total} chunks...\n`);
      }
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'Indexing |{bar}| {value}/{total} chunks', clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return (p) => {
    if (p.phase === 'embedding' && p.total > 0) {
      if (!started) {
        bar.start(p.total, 0);
        started = true;
      }
      bar.update(p.done);
    }
    if (p.phase === 'done' && started) bar.stop();
  };
}
