import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Prompts } from '../../core/answer/templates.js';
import { AppError } from '../../core/errors.js';

const FILES: Record<keyof Prompts, string> = {
  answerSystem: 'answer-system.md',
  answerUser: 'answer-user.md',
  rewriteQuery: 'rewrite-query.md',
};

/** Loads every prompt template from a folder once, at start. */
export async function loadPrompts(dir: string): Promise<Prompts> {
  return loadPromptFiles(dir, FILES);
}

/** Loads a set of templates ({key: file name}) from a folder; a missing one is a config error. */
export async function loadPromptFiles<K extends string>(
  dir: string,
  files: Record<K, string>,
): Promise<Record<K, string>> {
  const entries = await Promise.all(
    Object.entries<string>(files).map(async ([key, file]) => {
      const full = path.join(dir, file);
      try {
        return [key, await readFile(full, 'utf8')] as const;
      } catch (cause) {
        throw new AppError(
          'config_invalid',
          `Prompt template ${full} is missing or unreadable. Restore it from the repository.`,
          {
            cause,
          },
        );
      }
    }),
  );
  return Object.fromEntries(entries) as Record<K, string>;
}
