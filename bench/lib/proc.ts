/**
 * Linux /proc readings: a process's RSS and CPU ticks, the machine's busy time, and a CPU
 * breakdown by process group (ingestion, PostgreSQL, the Kafka broker, the bench itself, the rest),
 * because this machine is shared and its two cores are the scarce resource.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export const CORES = (() => {
  try {
    return (
      readFileSync('/proc/cpuinfo', 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('processor')).length || 1
    );
  } catch {
    return 1;
  }
})();

/** VmRSS in kB, or NaN when the process is gone. */
export function readRssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** VmHWM (the kernel's own peak RSS) in kB. */
export function readHwmKb(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

interface StatLine {
  readonly comm: string;
  readonly ppid: number;
  readonly ticks: number; // utime + stime
}

function readStat(pid: number): StatLine | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' '); // fields[0] is field 3 (state)
    return { comm: text.slice(open + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** utime + stime of one process, in ticks (NaN when gone). */
export function readCpuTicks(pid: number): number {
  return readStat(pid)?.ticks ?? Number.NaN;
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Busy and total ticks of the whole machine (all cores). */
function readMachine(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0); // user..steal; guest is already in user
  const idle = cpu[3] + (cpu[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

export type Group = 'ingestion' | 'postgres' | 'kafka' | 'bench' | 'foreign-ingestion' | 'other';

export interface CpuSnapshot {
  readonly at: number;
  readonly machine: { busy: number; total: number };
  /** pid → [group, ticks] */
  readonly procs: Map<number, [Group, number]>;
}

/** Classifies every process; `ingestionPids` are the children this bench started. */
export function snapshotCpu(ingestionPids: ReadonlySet<number>): CpuSnapshot {
  const procs = new Map<number, [Group, number]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const stat = readStat(pid);
    if (!stat || stat.ticks === 0) continue;
    let group: Group;
    if (ingestionPids.has(pid)) group = 'ingestion';
    else if (pid === process.pid) group = 'bench';
    else if (stat.comm === 'postgres') group = 'postgres';
    else if (stat.comm === 'java') group = readCmdline(pid).includes('kafka.Kafka') ? 'kafka' : 'other';
    else if (stat.comm === 'node' || stat.comm.startsWith('node'))
      group = readCmdline(pid).includes('services/ingestion/src/main.js') ? 'foreign-ingestion' : 'other';
    else group = 'other';
    procs.set(pid, [group, stat.ticks]);
  }
  return { at: Date.now(), machine: readMachine(), procs };
}

export interface CpuBreakdown {
  readonly seconds: number;
  /** Cores used on average over the window (1.0 = one core fully busy). */
  readonly cores: Record<Group, number>;
  readonly machineBusyCores: number;
  readonly machineCores: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuBreakdown {
  const seconds = (b.at - a.at) / 1000;
  const ticks: Record<Group, number> = { ingestion: 0, postgres: 0, kafka: 0, bench: 0, 'foreign-ingestion': 0, other: 0 };
  for (const [pid, [group, end]] of b.procs) {
    const start = a.procs.get(pid)?.[1] ?? 0; // a process born inside the window counts from 0
    ticks[group] += Math.max(0, end - start);
  }
  const machineBusy = b.machine.busy - a.machine.busy;
  const machineTotal = b.machine.total - a.machine.total;
  const toCores = (t: number) => (seconds > 0 ? t / CLK_TCK / seconds : 0);
  const cores = Object.fromEntries(Object.entries(ticks).map(([g, t]) => [g, toCores(t)])) as Record<Group, number>;
  // "other" = whatever the machine did that the groups above do not explain (kernel, exited processes, ...)
  const named = cores.ingestion + cores.postgres + cores.kafka + cores.bench + cores['foreign-ingestion'];
  const machineBusyCores = machineTotal > 0 ? (machineBusy / machineTotal) * CORES : 0;
  cores.other = Math.max(cores.other, machineBusyCores - named);
  return { seconds, cores, machineBusyCores, machineCores: CORES };
}

/** Busiest processes over a short window, to show what else runs on this shared machine. */
export async function busiestProcesses(windowMs: number, exclude: ReadonlySet<number>): Promise<Array<{ pid: number; cores: number; command: string }>> {
  const a = snapshotCpu(new Set());
  await new Promise((r) => setTimeout(r, windowMs));
  const b = snapshotCpu(new Set());
  const seconds = (b.at - a.at) / 1000;
  const out: Array<{ pid: number; cores: number; command: string }> = [];
  for (const [pid, [, end]] of b.procs) {
    if (exclude.has(pid)) continue;
    const cores = (end - (a.procs.get(pid)?.[1] ?? end)) / CLK_TCK / seconds;
    if (cores >= 0.05) out.push({ pid, cores, command: readCmdline(pid).slice(0, 90) });
  }
  return out.sort((x, y) => y.cores - x.cores).slice(0, 5);
}

/** Samples a process's RSS every `intervalMs`, tracking the peak per labelled phase. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private label = 'start';
  readonly peaksKb = new Map<string, number>();
  lastKb = Number.NaN;

  constructor(
    private pid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Follows a new process (after a restart); peaks so far are kept. */
  follow(pid: number): void {
    this.pid = pid;
  }

  phase(label: string): void {
    this.sample();
    this.label = label;
    this.sample();
  }

  peakKb(label?: string): number {
    if (label !== undefined) return this.peaksKb.get(label) ?? Number.NaN;
    return Math.max(...this.peaksKb.values());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    const kb = readRssKb(this.pid);
    if (!Number.isFinite(kb)) return;
    this.lastKb = kb;
    this.peaksKb.set(this.label, Math.max(this.peaksKb.get(this.label) ?? 0, kb));
  }
}

/** RSS by mapping kind from /proc/<pid>/smaps: [heap] (malloc via brk), anonymous mmaps (V8 heap, malloc arenas, buffers), files. */
export function rssByMapping(pid: number): Array<{ kind: string; kb: number; mappings: number }> {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return [];
  }
  const groups = new Map<string, { kb: number; mappings: number }>();
  let kind = '?';
  for (const line of text.split('\n')) {
    const header = /^[0-9a-f]+-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (header) {
      const name = header[1].trim();
      kind =
        name === ''
          ? 'anonymous mmap'
          : name.startsWith('[')
            ? name
            : name.endsWith('/node') || name.includes('/bin/node')
              ? 'node binary'
              : name.includes('.so')
                ? 'shared libraries'
                : 'other files';
      const g = groups.get(kind) ?? { kb: 0, mappings: 0 };
      g.mappings++;
      groups.set(kind, g);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) groups.get(kind)!.kb += Number(rss[1]);
  }
  return [...groups].map(([k, g]) => ({ kind: k, ...g })).sort((a, b) => b.kb - a.kb);
}
