// Memory and CPU of another process, read from Linux's /proc (what `ps` and `top` read).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Resident set size in KB (VmRSS). */
export function readRssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]);
}

let ticksPerSecond: number | undefined;

/** User + system CPU time the process has used so far, in seconds. */
export function readCpuSeconds(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces); utime and
  // stime are fields 14 and 15 of the whole line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** Busy CPU seconds of the whole machine so far (every core; idle and I/O wait excluded). */
export function readMachineBusySeconds(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / ticksPerSecond;
}

export interface CpuUsage<Name extends string> {
  /** Percent of one core each process used. */
  byProcess: Record<Name, number>;
  /** Percent of one core used by everything else on the machine (other processes, the kernel). */
  everythingElse: number;
}

/** Runs `work` and reports how busy each process — and the rest of the machine — was meanwhile. */
export async function withCpuUsage<T, Name extends string>(
  pids: Record<Name, number>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUsage<Name> }> {
  const names = Object.keys(pids) as Name[];
  const before = names.map((name) => readCpuSeconds(pids[name]));
  const machineBefore = readMachineBusySeconds();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const percent = (cpuSeconds: number) => (cpuSeconds / seconds) * 100;
  const byProcess = Object.fromEntries(
    names.map((name, index) => [name, percent(readCpuSeconds(pids[name]) - (before[index] as number))]),
  ) as Record<Name, number>;
  const ours = Object.values<number>(byProcess).reduce((sum, value) => sum + value, 0);
  const everythingElse = Math.max(0, percent(readMachineBusySeconds() - machineBefore) - ours);
  return { result, cpu: { byProcess, everythingElse } };
}
