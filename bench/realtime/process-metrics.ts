// Memory and CPU of another process, read from Linux's /proc (what `ps` and `top` read).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU seconds of `rootPid` and every process under it (PostgreSQL included), by process id. */
function readProcessTreeCpu(rootPid: number): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (!tree.has(pid) && tree.has(parent)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const cpu = new Map<number, number>();
  for (const pid of tree) {
    try {
      cpu.set(pid, readCpuSeconds(pid));
    } catch {
      // Ended meanwhile.
    }
  }
  return cpu;
}

/** CPU seconds of `rootPid` and every process under it: a service run as several processes (API_PROCESSES) counts whole. */
export function readTreeCpuSeconds(rootPid: number): number {
  let seconds = 0;
  for (const cpuSeconds of readProcessTreeCpu(rootPid).values()) seconds += cpuSeconds;
  return seconds;
}

export interface CpuUsage<Name extends string> {
  /** Percent of one core each named process used. */
  byProcess: Record<Name, number>;
  /** The rest of the benchmark's own processes: this one (the API) and PostgreSQL. */
  apiAndDatabase: number;
  /** Everything else on the machine: other people's processes, the kernel, the hypervisor's steal. */
  otherProcesses: number;
}

/** Runs `work` and reports how busy each process — and the rest of the machine — was meanwhile. */
export async function withCpuUsage<T, Name extends string>(
  pids: Record<Name, number>,
  work: () => Promise<T>,
): Promise<{ result: T; cpu: CpuUsage<Name> }> {
  const names = Object.keys(pids) as Name[];
  const before = names.map((name) => readCpuSeconds(pids[name]));
  const treeBefore = readProcessTreeCpu(process.pid);
  const machineBefore = readMachineBusySeconds();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  const percent = (cpuSeconds: number) => (cpuSeconds / seconds) * 100;
  const byProcess = Object.fromEntries(
    names.map((name, index) => [name, percent(readCpuSeconds(pids[name]) - (before[index] as number))]),
  ) as Record<Name, number>;
  const machine = percent(readMachineBusySeconds() - machineBefore);
  let treeSeconds = 0;
  for (const [pid, cpuSeconds] of readProcessTreeCpu(process.pid))
    treeSeconds += cpuSeconds - (treeBefore.get(pid) ?? 0);
  const named = Object.values<number>(byProcess).reduce((sum, value) => sum + value, 0);
  return {
    result,
    cpu: {
      byProcess,
      apiAndDatabase: Math.max(0, percent(treeSeconds) - named),
      otherProcesses: Math.max(0, machine - percent(treeSeconds)),
    },
  };
}
