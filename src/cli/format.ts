import Table from 'cli-table3';
import type { OutputStream } from './io';

export type Cell = string | number | null | undefined;

/** Longest text a table cell shows; `show` and `--json` give the whole value. */
const CELL_MAX_CHARS = 60;

/** Cell text: empty for null, each line shortened with an ellipsis past the limit. */
export function cell(value: Cell, maxChars = CELL_MAX_CHARS): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .split('\n')
    .map((line) => (line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line))
    .join('\n');
}

/** Plain borders and no colours, so a table reads the same in a terminal, a pipe or a test. */
function newTable(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } });
}

export function printTable(out: OutputStream, head: string[], rows: Cell[][]): void {
  const table = newTable(head);
  for (const row of rows) table.push(row.map((value) => cell(value)));
  out.write(`${table.toString()}\n`);
}

/** One record as a two-column table of field names and values, values never shortened. */
export function printFields(out: OutputStream, fields: [string, Cell][]): void {
  const table = newTable([]);
  for (const [name, value] of fields) {
    table.push({ [name]: value === null || value === undefined ? '' : String(value) });
  }
  out.write(`${table.toString()}\n`);
}

export function printJson(out: OutputStream, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(out: OutputStream, text = ''): void {
  out.write(`${text}\n`);
}

/** A list in one cell, one value a line, so that long lists keep tables narrow. */
export const cellList = (values: readonly string[] | null | undefined) =>
  values === null || values === undefined ? '' : values.join('\n');
