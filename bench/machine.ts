import os from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  totalMemoryGiB: number;
  node: string;
  os: string;
  temporalCli: string;
  /** One-minute load average when the script started and when it measured its last figure. */
  loadAverage1m: { atStart: number; atEnd: number };
  elapsedSec: number;
}

const loadAverage1m = () => Math.round(os.loadavg()[0]! * 100) / 100;

/** Taken when the script is loaded, before the platform starts: other work on the machine. */
const LOAD_AT_START = loadAverage1m();
const STARTED_AT = Date.now();

/** The machine a benchmark ran on, as stated in every result. */
export function describeMachine(temporalCli: string): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    temporalCli,
    loadAverage1m: { atStart: LOAD_AT_START, atEnd: loadAverage1m() },
    elapsedSec: Math.round((Date.now() - STARTED_AT) / 1000),
  };
}
