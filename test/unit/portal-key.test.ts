import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';
import { resolvePortalKey } from '../../src/main/portal-key';

const KEY = 'configured-portal-key-0123456789abcdef';

describe('resolvePortalKey', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'portal-key-'));
  });

  test('without HOOKLINE_PORTAL_KEY a key is generated into a file only its owner can read', async () => {
    const resolved = await resolvePortalKey(undefined, dataDir);

    expect(resolved.generated).toBe(true);
    expect(resolved.key.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, 'portal-key');
    expect((await readFile(file, 'utf8')).trim()).toBe(resolved.key);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  test('the generated key is used again at the next start', async () => {
    const first = await resolvePortalKey(undefined, dataDir);

    const second = await resolvePortalKey(undefined, dataDir);

    expect(second).toEqual({ key: first.key, generated: false });
  });

  test('HOOKLINE_PORTAL_KEY wins over the file', async () => {
    await writeFile(path.join(dataDir, 'portal-key'), 'a-stored-key-0123456789abcdefghijkl\n');

    const resolved = await resolvePortalKey(KEY, dataDir);

    expect(resolved).toEqual({ key: KEY, generated: false });
  });
});

describe('HOOKLINE_PORTAL_KEY', () => {
  test('a key shorter than 32 characters stops the start, naming the variable', () => {
    const load = () => loadConfig({ HOOKLINE_PORTAL_KEY: 'short-key' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/HOOKLINE_PORTAL_KEY/);
  });

  test('a blank key counts as unset', () => {
    const config = loadConfig({ HOOKLINE_PORTAL_KEY: '  ' });

    expect(config.portalKey).toBeUndefined();
  });
});
