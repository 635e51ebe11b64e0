/**
 * A worker thread of the embedder pool (embedder-pool.ts): builds the built-in embedder from the
 * glossary it is given and embeds document texts on request, off the server's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Glossary, type GlossaryConcept } from '../../core/text/glossary.js';
import { LocalEmbedder } from './local-embedder.js';

interface Job {
  readonly id: number;
  readonly texts: readonly string[];
}

const data = workerData as { concepts: GlossaryConcept[]; dimensions: number };
const embedder = new LocalEmbedder({ glossary: new Glossary(data.concepts), dimensions: data.dimensions });

parentPort?.on('message', (job: Job) => {
  // One flat Float32Array, moved (not copied) back to the main thread.
  const out = new Float32Array(job.texts.length * embedder.dimensions);
  job.texts.forEach((text, i) => {
    out.set(embedder.embedOne(text, 'document'), i * embedder.dimensions);
  });
  parentPort?.postMessage({ id: job.id, vectors: out }, [out.buffer]);
});
