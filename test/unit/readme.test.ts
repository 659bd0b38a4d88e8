import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
const scripts = (
  JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe('README.md', () => {
  test('documents every variable the configuration reads', () => {
    const missing = CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``));

    expect(missing).toEqual([]);
  });

  test('shows only npm scripts that exist', () => {
    const shown = [...readme.matchAll(/npm run ([a-z:-]+)/g)].map((match) => match[1]!);

    expect(shown.filter((name) => scripts[name] === undefined)).toEqual([]);
  });
});
