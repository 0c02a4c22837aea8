import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../settings';

/**
 * `npm run central-api` as IT runs it, for tests: a real process with real environment variables,
 * its output collected, and the ready line it prints once it listens.
 */
export const MAIN = path.join(REPO_ROOT, 'central-api', 'src', 'main.ts');

export type Run = { code: number | null; stdout: string; stderr: string };
export type Started = { child: ChildProcess; output: () => Run; exited: Promise<Run> };

/** `input`, when given, is written to the process's standard input, which is then closed. */
export function startMain(args: string[], env: Record<string, string>, input?: string): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: '', CENTRAL_ADMIN_TOKEN: '', ...env },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => ({ code: child.exitCode, stdout, stderr });
  const exited = new Promise<Run>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, output, exited };
}

export const runMain = (args: string[], env: Record<string, string>, input?: string): Promise<Run> => startMain(args, env, input).exited;

export async function readyUrl(server: Started): Promise<{ url: string; kind: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /^Tuntun central API ready at (http:\/\/127\.0\.0\.1:\d+) \((pglite|postgresql)\)$/mu.exec(server.output().stdout);
    if (match?.[1] !== undefined && match[2] !== undefined) return { url: match[1], kind: match[2] };
    if (server.output().code !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not ready: ${JSON.stringify(server.output())}`);
}
