import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../core/errors.js';
import type { KnowledgeSource } from '../../core/ports.js';
import type { SourceFile } from '../../core/types.js';
import { KNOWLEDGE_EXTENSIONS, parseKnowledgeFile } from './parse-file.js';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Knowledge files in a folder on disk: .md, .markdown, .txt, .pdf, .docx, .html and .htm, in subfolders too. */
export class FsKnowledgeSource implements KnowledgeSource {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async load(): Promise<{ files: SourceFile[]; warnings: string[] }> {
    await this.assertFolder();
    const files: SourceFile[] = [];
    const warnings: string[] = [];
    for (const relative of await this.listFiles('')) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path.join(this.dir, relative));
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
