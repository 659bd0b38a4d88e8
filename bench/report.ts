import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Machine } from './machine';

export const RESULTS_DIR = path.join(__dirname, 'results');

export interface Table {
  heading: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface BenchResult {
  /** kebab-case; the files are named `<date>-<name>.md` and `.json`. */
  name: string;
  title: string;
  startedAt: Date;
  machine: Machine;
  parameters: Record<string, string | number>;
  /** The figures, as written to the JSON file. */
  results: unknown;
  /** The figures, as shown in the Markdown file. */
  tables: Table[];
  notes: string[];
}

function markdownTable(columns: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(columns), line(columns.map(() => '---')), ...rows.map(line)].join('\n');
}

function markdown(result: BenchResult): string {
  const m = result.machine;
  const sections = [
    `# ${result.title}`,
    `Run on ${result.startedAt.toISOString()}.`,
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
    markdownTable(['parameter', 'value'], Object.entries(result.parameters)),
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

/** Writes `bench/results/<YYYY-MM-DD>-<name>.md` and `.json`; answers both paths. */
export async function writeResult(result: BenchResult): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const base = path.join(
    RESULTS_DIR,
    `${result.startedAt.toISOString().slice(0, 10)}-${result.name}`,
  );
  const json = {
    benchmark: result.name,
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
