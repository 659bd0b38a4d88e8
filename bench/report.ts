import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Machine } from './machine';

export const RESULTS_DIR = path.join(__dirname, 'results');

export interface Table {
  heading: string;
  columns: string[];
  rows: (string | number | null)[][];
}

export interface BenchResult {
  title: string;
  startedAt: Date;
  machine: Machine;
  parameters: Record<string, unknown>;
  /** The figures, as written to the JSON file. */
  results: unknown;
  /** The figures, as shown in the Markdown file. */
  tables: Table[];
  notes: string[];
}

function markdownTable(columns: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) =>
    `| ${cells.map((cell) => (cell === null ? '–' : String(cell))).join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

function markdown(result: BenchResult): string {
  const m = result.machine;
  const sections = [
    `# ${result.title}`,
    `Run on ${result.startedAt.toISOString()}, ${m.elapsedSec} s in all.`,
    markdownTable(
      ['machine', ''],
      [
        ['cores (os.cpus())', `${m.cores} × ${m.cpuModel}`],
        ['total memory', `${m.totalMemoryGiB} GiB`],
        ['Node.js', m.node],
        ['operating system', m.os],
        ['Temporal CLI', m.temporalCli],
        [
          '1-min load average at start / end',
          `${m.loadAverage1m.atStart} / ${m.loadAverage1m.atEnd}`,
        ],
      ],
    ),
    '## Parameters',
    markdownTable(
      ['parameter', 'value'],
      Object.entries(result.parameters).map(([key, value]) => [key, JSON.stringify(value)]),
    ),
    ...result.tables.flatMap((table) => [
      `## ${table.heading}`,
      markdownTable(table.columns, table.rows),
    ]),
    ...(result.notes.length === 0
      ? []
      : ['## Notes', result.notes.map((note) => `- ${note}`).join('\n')]),
  ];
  return `${sections.join('\n\n')}\n`;
}

/** Writes `<dir>/<YYYY-MM-DD>.md` and `.json`; answers both paths. */
export async function writeResult(result: BenchResult, dir = RESULTS_DIR): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const base = path.join(dir, result.startedAt.toISOString().slice(0, 10));
  const json = {
    date: result.startedAt.toISOString(),
    machine: result.machine,
    parameters: result.parameters,
    results: result.results,
    notes: result.notes,
  };
  await writeFile(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown(result));
  return [`${base}.md`, `${base}.json`];
}
