/**
 * What the load bench reads from Linux's /proc: the CPU time and RSS of a server's whole
 * process tree, and the machine's per-CPU busy time (to tell how much of the run other
 * tenants of a shared machine took).
 */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS = 100; // USER_HZ: /proc reports CPU times in 1/100 s on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime of the process (all its threads), in seconds. */
  cpu: number;
  /** cutime + cstime: CPU of children it has already reaped, in seconds. */
  reapedChildrenCpu: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after its closing ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const n = (i: number) => Number(fields[i - 3]);
  return { pid, ppid: n(4), cpu: (n(14) + n(15)) / CLOCK_TICKS, reapedChildrenCpu: (n(16) + n(17)) / CLOCK_TICKS };
}

/** `root` and every live descendant of it. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU seconds used so far by the tree under `root` (live processes plus what the root reaped). */
export function treeCpuSeconds(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    const stat = readStat(pid);
    if (!stat) continue;
    total += stat.cpu + (pid === root ? stat.reapedChildrenCpu : 0);
  }
  return total;
}

/** Resident memory of the tree under `root`, in bytes. */
export function treeRssBytes(root: number): number {
  let kib = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) kib += Number(match[1]);
    } catch {
      // exited meanwhile
    }
  }
  return kib * 1024;
}

export interface CpuTimes {
  /** Busy seconds (user + nice + system + irq + softirq) per CPU, and in total. */
  busy: number[];
  totalBusy: number;
  /** Seconds stolen by the hypervisor (other VMs), in total. */
  steal: number;
}

export function machineCpu(): CpuTimes {
  const busy: number[] = [];
  let totalBusy = 0;
  let steal = 0;
  for (const line of readFileSync("/proc/stat", "utf8").split("\n")) {
    const match = /^cpu(\d*)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, system, , , irq, softirq, stolen] = match[2]!.split(/\s+/).map(Number) as number[];
    const seconds = (user! + nice! + system! + irq! + softirq!) / CLOCK_TICKS;
    if (match[1] === "") {
      totalBusy = seconds;
      steal = stolen! / CLOCK_TICKS;
    } else busy[Number(match[1])] = seconds;
  }
  return { busy, totalBusy, steal };
}

export function loadAverage(): string {
  return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

export function cpuModel(): string {
  const match = /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"));
  return match?.[1] ?? "unknown CPU";
}
