import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The reference central API as its own process (`npm run central-api`'s entry), so a test can
 * kill it mid-batch and start it again on the same data, as a real server restart would.
 */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

export type CentralProcess = {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  /** SIGKILL: no graceful shutdown, as in a crash or power cut. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
};

export type CentralOptions = {
  dataDir: string;
  adminToken: string;
  port?: number;
  databaseUrl?: string;
  env?: Record<string, string>;
};

export async function startCentral(options: CentralOptions): Promise<CentralProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'central-api', 'src', 'main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      CENTRAL_DATA_DIR: options.dataDir,
      CENTRAL_ADMIN_TOKEN: options.adminToken,
      ...(options.databaseUrl === undefined ? { DATABASE_URL: '' } : { DATABASE_URL: options.databaseUrl }),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`central API did not start:\n${output}`)), 30_000);
    const onData = () => {
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+)/u.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`central API exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    output: () => output,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}

/** Calls a back-office route with the admin token; throws with the server's words on failure. */
export async function admin<T>(central: { url: string }, token: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${central.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} → ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
