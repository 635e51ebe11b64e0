import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../core/errors.js';
import type { KnowledgeSource } from '../../core/ports.js';
import type { SourceFile } from '../../core/types.js';
import { KNOWLEDGE_EXTENSIONS, parseKnowledgeFile } from './parse-file.js';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Knowledge files in a folder on disk: .md, .markdown, .txt, .pdf, .docx, .html and .htm, in subfolders too. */
export class FsKnowledgeSource implements KnowledgeSource {
  readonly dir: string;
  private readonly maxFileBytes: number;

  /** `maxFileBytes` (KNOWLEDGE_MAX_FILE_BYTES) bounds one file: it is chunked and embedded on the main thread. */
  constructor(dir: string, options: { maxFileBytes: number }) {
    this.dir = dir;
    this.maxFileBytes = options.maxFileBytes;
  }

  async load(): Promise<{ files: SourceFile[]; warnings: string[] }> {
    await this.assertFolder();
    const files: SourceFile[] = [];
    const warnings: string[] = [];
    const realDir = await realpath(this.dir);
    for (const relative of await this.listFiles('')) {
      const admitted = await this.admit(realDir, relative);
      if ('problem' in admitted) {
        warnings.push(`Skipped "${relative}": ${admitted.problem}.`);
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await readFile(admitted.realPath);
      } catch (error) {
        warnings.push(`Skipped "${relative}": it could not be read (${errorCode(error) ?? String(error)}).`);
        continue;
      }
      const parsed = await parseKnowledgeFile(relative, bytes);
      if ('problem' in parsed) warnings.push(`Skipped "${relative}": ${parsed.problem}.`);
      else files.push(parsed.file);
    }
    return { files, warnings };
  }

  async readData(name: string): Promise<string | null> {
    const normalised = path.posix.normalize(name.replace(/\\/g, '/'));
    if (path.isAbsolute(name) || normalised.startsWith('../') || normalised === '..') {
      throw new AppError('bad_input', `Data file name "${name}" must be a path inside the knowledge folder.`);
    }
    try {
      return (await readFile(path.join(this.dir, normalised), 'utf8')).replace(/^\uFEFF/, '');
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw new AppError('kb_file_invalid', `Knowledge data file "${name}" could not be read.`, { cause: error });
    }
  }

  /**
   * Refuses a file whose real path is outside the folder (a symlink to /app/.env would be quoted
   * back to users) or that is larger than the cap; otherwise the path to read.
   */
  private async admit(realDir: string, relative: string): Promise<{ realPath: string } | { problem: string }> {
    let realPath: string;
    let size: number;
    try {
      realPath = await realpath(path.join(this.dir, relative));
      size = (await stat(realPath)).size;
    } catch (error) {
      return { problem: `it could not be read (${errorCode(error) ?? String(error)})` };
    }
    const inside = path.relative(realDir, realPath);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      return { problem: 'it is a link to a file outside the knowledge folder; copy the file into the folder instead' };
    }
    if (size > this.maxFileBytes) {
      return {
        problem: `it is ${megabytes(size)} (${size} bytes), over the ${megabytes(this.maxFileBytes)} limit; split it into smaller files or raise KNOWLEDGE_MAX_FILE_BYTES`,
      };
    }
    return { realPath };
  }

  private async assertFolder(): Promise<void> {
    const hint = 'Set KNOWLEDGE_DIR to the folder that holds your chapters (.md, .txt, .pdf, .docx, .html).';
    try {
      if ((await stat(this.dir)).isDirectory()) return;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') {
        throw new AppError('kb_empty', `Knowledge folder "${this.dir}" cannot be read. ${hint}`, { cause: error });
      }
      throw new AppError('kb_empty', `Knowledge folder "${this.dir}" does not exist. ${hint}`, { cause: error });
    }
    throw new AppError('kb_empty', `Knowledge folder "${this.dir}" is not a folder. ${hint}`);
  }

  /** Relative paths with forward slashes, sorted; hidden files and folders are left out. */
  private async listFiles(relativeDir: string): Promise<string[]> {
    const entries = await readdir(path.join(this.dir, relativeDir), { withFileTypes: true });
    const found: string[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      let isFile = entry.isFile();
      // Symlinked files are followed; symlinked folders are not (a link to a parent would loop).
      if (entry.isSymbolicLink()) {
        isFile = (await stat(path.join(this.dir, relative)).catch(() => undefined))?.isFile() ?? false;
      }
      if (entry.isDirectory()) found.push(...(await this.listFiles(relative)));
      else if (isFile && KNOWLEDGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.push(relative);
    }
    return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}
