import { readdir, readFile } from 'node:fs/promises';

/**
 * CPU time by process and thread, read from Linux's /proc, for explaining a benchmark on a small
 * machine: on 2 cores the kiosk, Chromium and the central API compete, so wall time is bounded below
 * by their CPU time summed and halved. Opt-in (BENCH_CPU=1); elsewhere than Linux it says so.
 *
 * Processes are named by what they are (the Chromium process type from its command line, or the
 * Node script), threads by their kernel name (`comm`), so the output shows where Chromium spends
 * its time (its IndexedDB sequence, the IO thread, a renderer's worker thread...).
 */
export type CpuSnapshot = Map<string, { label: string; thread: string; ticks: number }>;

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

async function text(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined; // the process or thread ended meanwhile
  }
}

function processLabel(cmdline: string): string | undefined {
  // Chromium's child processes rewrite their title: one string, arguments joined by spaces.
  const args = cmdline.split(/[\0 ]/u).filter((arg) => arg !== '');
  const program = args[0] ?? '';
  if (/chrom/u.test(program)) {
    const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
    const sub = args.find((arg) => arg.startsWith('--utility-sub-type='))?.slice('--utility-sub-type='.length);
    return `chromium ${type === undefined ? 'browser' : type}${sub === undefined ? '' : ` (${sub})`}`;
  }
  if (/(^|\/)node$/u.test(program) || program === 'node') {
    // Under tsx the first script is tsx's own loader: name the TypeScript one.
    const script = args.slice(1).find((arg) => /\.ts$/u.test(arg)) ?? args.slice(1).find((arg) => /\.m?js$/u.test(arg));
    return `node ${script === undefined ? args.slice(1, 3).join(' ') : script.split('/').slice(-2).join('/')}`;
  }
  if (/postgres/u.test(program)) return 'postgres';
  return undefined;
}

/** Every thread of every Chromium, Node and PostgreSQL process, with its CPU ticks so far. */
export async function cpuSnapshot(): Promise<CpuSnapshot | undefined> {
  if (process.platform !== 'linux') return undefined;
  const snapshot: CpuSnapshot = new Map();
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/u.test(pid)) continue;
    const cmdline = await text(`/proc/${pid}/cmdline`);
    const label = cmdline === undefined ? undefined : processLabel(cmdline);
    if (label === undefined) continue;
    let tids: string[];
    try {
      tids = await readdir(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      const stat = await text(`/proc/${pid}/task/${tid}/stat`);
      if (stat === undefined) continue;
      // "tid (comm) state ..." — comm may hold spaces and parentheses; the last ")" ends it.
      const close = stat.lastIndexOf(')');
      const thread = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
      snapshot.set(`${pid}/${tid}`, { label, thread, ticks });
    }
  }
  return snapshot;
}

/**
 * What ran between two snapshots, in CPU seconds: a line per process kind (processes of one kind
 * summed) with its busiest threads, busiest first. A thread that started after `before` counts
 * from zero; one that ended before `after` is not seen (its time is lost, so read the figures as
 * a lower bound for processes that come and go).
 */
export function cpuReport(before: CpuSnapshot, after: CpuSnapshot, wallMs: number, topThreads = 4): string[] {
  const byLabel = new Map<string, { total: number; threads: Map<string, number> }>();
  for (const [key, now] of after) {
    const ticks = now.ticks - (before.get(key)?.ticks ?? 0);
    if (ticks <= 0) continue;
    const entry = byLabel.get(now.label) ?? { total: 0, threads: new Map<string, number>() };
    entry.total += ticks;
    entry.threads.set(now.thread, (entry.threads.get(now.thread) ?? 0) + ticks);
    byLabel.set(now.label, entry);
  }
  const seconds = (ticks: number) => (ticks / TICKS_PER_SECOND).toFixed(1);
  const all = [...byLabel.values()].reduce((sum, entry) => sum + entry.total, 0);
  const lines = [`CPU over ${(wallMs / 1000).toFixed(1)} s of wall time: ${seconds(all)} CPU-s in all`];
  for (const [label, entry] of [...byLabel].sort((a, b) => b[1].total - a[1].total)) {
    if (entry.total < TICKS_PER_SECOND / 10) continue;
    const threads = [...entry.threads]
      .sort((a, b) => b[1] - a[1])
      .slice(0, topThreads)
      .map(([thread, ticks]) => `${thread} ${seconds(ticks)}`)
      .join(', ');
    lines.push(`  ${label.padEnd(44)} ${seconds(entry.total).padStart(5)} s   (${threads})`);
  }
  return lines;
}
