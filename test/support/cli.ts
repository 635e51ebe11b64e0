/** Runs the CLI as a child process, as an operator would, with its output captured. */
import { type ChildProcess, spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to the environment; DATABASE_URL defaults to memory:// and LOG_LEVEL to warn. */
  env?: Record<string, string>;
  stdin?: string;
  /** Through `npm run --silent cli --`, as the README shows, instead of node directly. */
  npm?: boolean;
}

export function startCli(
  args: string[],
  options: CliOptions = {},
): { child: ChildProcess; done: Promise<CliRun>; stderrText: () => string } {
  const [command, argv] = options.npm
    ? ['npm', ['run', '--silent', 'cli', '--', ...args]]
    : [process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args]];
  const child = spawn(command, argv, {
    env: { ...process.env, DATABASE_URL: 'memory://', LOG_LEVEL: 'warn', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdin?.end(options.stdin ?? '');
  const done = new Promise<CliRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done, stderrText: () => stderr };
}

export function cli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}
