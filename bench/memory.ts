import { readFileSync } from 'node:fs';
import { round } from './stats';

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SEC = 100;

/** Resident memory of a process in MiB, from /proc/<pid>/status; null once it is gone. */
export function rssMiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match === null ? null : round(Number(match[1]) / 1024);
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return null;
  }
}

export interface ProcessFigures {
  atRestMiB: number | null;
  /** The highest sample while each scenario ran. */
  peakMiB: Record<string, number>;
  afterMiB: number | null;
  /** CPU seconds used while each scenario ran. */
  cpuSec: Record<string, number>;
}

/**
 * Samples the resident memory of one process every `intervalMs` and keeps the peak per
 * labelled phase (the scenario running at the time), and the CPU time each phase used.
 */
export class ProcessSampler {
  private phase = 'start';
  private readonly peaks: Record<string, number> = {};
  private readonly cpu: Record<string, number> = {};
  private cpuAtPhaseStart: number;
  private readonly timer: NodeJS.Timeout;
  atRest: number | null = null;
  after: number | null = null;

  constructor(
    readonly pid: number,
    intervalMs = 250,
  ) {
    this.cpuAtPhaseStart = cpuSeconds(pid) ?? 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): number | null {
    const value = rssMiB(this.pid);
    if (value !== null) this.peaks[this.phase] = Math.max(this.peaks[this.phase] ?? 0, value);
    return value;
  }

  private closePhase(): void {
    const now = cpuSeconds(this.pid) ?? this.cpuAtPhaseStart;
    this.cpu[this.phase] = round((this.cpu[this.phase] ?? 0) + now - this.cpuAtPhaseStart, 2);
    this.cpuAtPhaseStart = now;
  }

  enter(phase: string): void {
    this.closePhase();
    this.phase = phase;
  }

  markAtRest(): void {
    this.atRest = this.sample();
  }

  markAfter(): void {
    this.after = this.sample();
  }

  stop(): ProcessFigures {
    clearInterval(this.timer);
    this.closePhase();
    return {
      atRestMiB: this.atRest,
      peakMiB: { ...this.peaks },
      afterMiB: this.after,
      cpuSec: { ...this.cpu },
    };
  }
}
