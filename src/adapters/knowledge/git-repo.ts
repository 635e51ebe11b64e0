import { execFile } from 'node:child_process';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../core/errors.js';
import type { KnowledgeSync, Logger } from '../../core/ports.js';

const run = promisify(execFile);

/** user:password@ or token@ in a URL, anywhere in a text (git echoes the URL in its errors). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;

/** The text with credentials in URLs replaced by "***", for logs and messages. */
export function redactCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}

export interface GitRepoOptions {
  /** https://, ssh://, git@host:path or file:// URL of the content repository. */
  readonly url: string;
  /** Branch or tag; the remote's default branch when absent. */
  readonly ref?: string | undefined;
  /** Where the local clone lives. */
  readonly cloneDir: string;
  readonly logger: Logger;
  /** Per git command; a hung network must not stall the schedule. */
  readonly timeoutMs?: number;
}

interface GitFailure {
  readonly stderr?: string;
  readonly killed?: boolean;
  readonly code?: string | number;
}

/**
 * What went wrong, in words an admin can act on. Decided from git's own messages, which are stable
 * across versions for these cases.
 */
function explain(failure: GitFailure, url: string, ref: string | undefined): string {
  const stderr = failure.stderr ?? '';
  const where = redactCredentials(url);
  if (failure.code === 'ENOENT')
    return 'git is not installed on this machine; install git to sync the knowledge from a repository.';
  if (failure.killed) return `git did not answer in time while fetching ${where}; check the network and the URL.`;
  if (
    ref &&
    /couldn't find remote ref|Remote branch .* not found|not found in upstream|invalid refspec/i.test(stderr)
  ) {
    return `The branch or tag "${ref}" does not exist in ${where}; fix KNOWLEDGE_GIT_REF.`;
  }
  if (
    /does not exist|not found|does not appear to be a git repository|Could not read from remote|unable to access/i.test(
      stderr,
    )
  ) {
    if (/Could not resolve host|Failed to connect|Connection refused|timed out/i.test(stderr)) {
      return `The content repository ${where} cannot be reached (${redactCredentials(firstLine(stderr))}); check the network and KNOWLEDGE_GIT_URL.`;
    }
    if (/Authentication failed|403|401|Permission denied|could not read Username/i.test(stderr)) {
      return `Access to ${where} was refused; check the credentials in KNOWLEDGE_GIT_URL (or the deploy key).`;
    }
    return `The content repository ${where} does not exist or cannot be read; fix KNOWLEDGE_GIT_URL.`;
  }
  return `git failed for ${where}: ${redactCredentials(firstLine(stderr)) || 'no message'}`;
}

function firstLine(stderr: string): string {
  const line = stderr
    .split('\n')
    .map((l) => l.replace(/^(fatal|error):\s*/i, '').trim())
    .find(Boolean);
  return redactCredentials(line ?? '');
}

/**
 * A shallow local clone of the admins' content repository, kept at the configured ref by spawning
 * the git command line (every transport and credential helper git supports works, and file:// too).
 */
export class GitKnowledgeRepo implements KnowledgeSync {
  readonly label: string;

  constructor(private readonly options: GitRepoOptions) {
    this.label = redactCredentials(options.url);
  }

  /** Fetches the ref and checks it out; returns the commit now on disk. */
  async pull(): Promise<{ revision: string }> {
    const { cloneDir, url, ref } = this.options;
    const hasClone = await stat(path.join(cloneDir, '.git')).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!hasClone) {
      await rm(cloneDir, { recursive: true, force: true });
      await mkdir(path.dirname(path.resolve(cloneDir)), { recursive: true });
      await this.git(['clone', '--depth', '1', '--no-tags', ...(ref ? ['--branch', ref] : []), '--', url, cloneDir]);
    } else {
      // The URL may have changed since the clone (a new token, a moved repository).
      await this.git(['remote', 'set-url', 'origin', url], cloneDir);
      await this.git(['fetch', '--depth', '1', '--no-tags', 'origin', ref ?? 'HEAD'], cloneDir);
      await this.git(['reset', '--hard', '--quiet', 'FETCH_HEAD'], cloneDir);
      await this.git(['clean', '-fdq'], cloneDir);
    }
    const revision = (await this.git(['rev-parse', 'HEAD'], cloneDir)).trim();
    this.options.logger.info({ repository: this.label, revision }, 'knowledge repository synced');
    return { revision };
  }

  private async git(args: string[], cwd?: string): Promise<string> {
    try {
      // Never wait for a password or passphrase prompt: a missing credential must fail, not hang.
      const noPrompts = ['-c', 'core.askPass=true', '-c', 'core.sshCommand=ssh -o BatchMode=yes'];
      const { stdout } = await run('git', [...noPrompts, ...args], {
        ...(cwd ? { cwd } : {}),
        timeout: this.options.timeoutMs ?? 120_000,
        maxBuffer: 4 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const failure = error as GitFailure;
      const message = explain(failure, this.options.url, this.options.ref);
      this.options.logger.warn(
        { repository: this.label, command: args[0], stderr: redactCredentials(failure.stderr ?? '') },
        message,
      );
      throw new AppError('sync_failed', message);
    }
  }
}
