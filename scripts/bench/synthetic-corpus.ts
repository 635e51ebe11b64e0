/**
 * A deterministic synthetic corpus made from the shipped chapters: every synthetic chunk keeps a real
 * chunk's title and section and recombines sentences from across the corpus, so that vectors and
 * words look like the real knowledge base at any size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FsKnowledgeSource } from '../../src/adapters/knowledge/fs-knowledge-source.js';
import { loadConfig } from '../../src/config/load-config.js';
import { chunkFiles } from '../../src/core/ingest/index.js';
import { splitSentences } from '../../src/core/text/sentences.js';
import type { ChunkDraft } from '../../src/core/types.js';

/** mulberry32: a tiny seeded PRNG, so that every run builds the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SeedCorpus {
  readonly chunks: readonly ChunkDraft[];
  readonly sentences: readonly string[];
}

export async function loadSeedCorpus(knowledgeDir = 'knowledge'): Promise<SeedCorpus> {
  const { files } = await new FsKnowledgeSource(knowledgeDir, {
    maxFileBytes: loadConfig({}).knowledgeMaxFileBytes,
  }).load();
  const { chunks } = await chunkFiles(files);
  const sentences = chunks.flatMap((c) => splitSentences(c.text).map((s) => s.text)).filter((s) => s.length > 20);
  return { chunks, sentences };
}

export interface SyntheticChunk {
  readonly title: string;
  readonly section: string;
  readonly text: string;
}

/** `count` chunks: two sentences of a real chunk and two to four from anywhere in the corpus. */
export function syntheticChunks(seed: SeedCorpus, count: number, randomSeed = 7): SyntheticChunk[] {
  const random = seededRandom(randomSeed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const out: SyntheticChunk[] = [];
  for (let i = 0; i < count; i++) {
    const base = pick(seed.chunks);
    const own = splitSentences(base.text).map((s) => s.text);
    const parts = [pick(own), pick(own)];
    const extra = 2 + Math.floor(random() * 3);
    for (let j = 0; j < extra; j++) parts.push(pick(seed.sentences));
    out.push({ title: base.title, section: base.section, text: parts.join(' ') });
  }
  return out;
}

/**
 * Writes a knowledge folder of `documents` Markdown chapters, each with `sectionsPerDocument`
 * sections of synthetic paragraphs. Returns the files' paths relative to `dir`.
 */
export async function writeSyntheticKnowledge(
  dir: string,
  seed: SeedCorpus,
  options: {
    documents: number;
    sectionsPerDocument: number;
    randomSeed?: number;
    /** Sentences per section: at least `min`, fewer than `max` (default 4 to 7). */
    sentences?: { min: number; max: number };
  },
): Promise<string[]> {
  const random = seededRandom(options.randomSeed ?? 11);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  await mkdir(dir, { recursive: true });
  const names: string[] = [];
  for (let d = 0; d < options.documents; d++) {
    const lines = [`# Synthetic chapter ${d + 1}: ${pick(seed.chunks).title}`, ''];
    for (let s = 0; s < options.sectionsPerDocument; s++) {
      lines.push(`## Section ${s + 1}: ${pick(seed.chunks).section.split(' › ').pop() || 'Notes'}`, '');
      const { min, max } = options.sentences ?? { min: 4, max: 8 };
      const sentences = Array.from({ length: min + Math.floor(random() * (max - min)) }, () => pick(seed.sentences));
      lines.push(sentences.join(' '), '');
    }
    const name = `chapter-${String(d + 1).padStart(4, '0')}.md`;
    await writeFile(path.join(dir, name), lines.join('\n'));
    names.push(name);
  }
  return names;
}
