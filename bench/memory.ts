import { readFileSync } from 'node:fs';
import { round } from './stats';

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

export interface MemoryFigures {
  atRestMiB: number | null;
  /** The highest sample while each scenario ran. */
  peakMiB: Record<string, number>;
  afterMiB: number | null;
}

/**
 * Samples the resident memory of one process every `intervalMs` and keeps the peak per
 * labelled phase (the scenario running at the time).
 */
export class MemorySampler {
  private phase = 'start';
  private readonly peaks: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;
  atRest: number | null = null;
  after: number | null = null;

  constructor(
    readonly pid: number,
    intervalMs = 250,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  private sample(): number | null {
    const value = rssMiB(this.pid);
    if (value !== null) this.peaks[this.phase] = Math.max(this.peaks[this.phase] ?? 0, value);
    return value;
  }

  enter(phase: string): void {
    this.phase = phase;
  }

  markAtRest(): void {
    this.atRest = this.sample();
  }

  markAfter(): void {
    this.after = this.sample();
  }

  stop(): MemoryFigures {
    clearInterval(this.timer);
    return { atRestMiB: this.atRest, peakMiB: { ...this.peaks }, afterMiB: this.after };
  }
}
