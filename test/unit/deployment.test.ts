import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config';

const root = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};
const hooklineServices = ['api', 'worker'] as const;

interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
}

/** `${NAME:-default}` becomes the default, `${NAME:?message}` a valid stand-in value. */
function substitute(value: string): string {
  return value
    .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
    .replace(/\$\{[A-Z_]+:\?[^}]*\}/g, 'stand-in-value-0123456789abcdefghij');
}

function environmentOf(name: string): Record<string, string> {
  const environment = compose.services[name]!.environment ?? {};
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, substitute(v)]));
}

describe('docker-compose.yml', () => {
  test.each(hooklineServices)('%s sets only variables that hookline reads', (name) => {
    const unknown = Object.keys(environmentOf(name)).filter((v) => !CONFIG_VARIABLES.includes(v));

    expect(unknown).toEqual([]);
  });

  test.each(hooklineServices)('%s has a configuration that loads', (name) => {
    const config = loadConfig(environmentOf(name));

    expect(config.databaseUrl).toMatch(/^postgres:\/\/hookline:.*@postgresql:5432\/hookline$/);
    expect(config.temporal.address).toBe('temporal:7233');
  });

  test.each(hooklineServices)('%s runs an entry point that exists', (name) => {
    const command = compose.services[name]!.command!;
    const entry = command[1]!.replace(/^dist\//, '').replace(/\.js$/, '.ts');

    expect(command[0]).toBe('node');
    expect(existsSync(path.join(root, entry))).toBe(true);
  });

  test('the API publishes and health-checks the port it listens on', () => {
    const api = compose.services.api!;
    const port = String(loadConfig(environmentOf('api')).port);

    expect(api.ports!.every((mapping) => mapping.endsWith(`:${port}`))).toBe(true);
    expect(api.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${port}/readyz`);
  });

  test('the API and the worker get the same encryption keys and codec token', () => {
    const [api, worker] = hooklineServices.map((name) => compose.services[name]!.environment!);

    for (const variable of ['HOOKLINE_ENCRYPTION_KEYS', 'HOOKLINE_CODEC_TOKEN']) {
      expect(api![variable]).toBe(`\${${variable}:-}`);
      expect(worker![variable]).toBe(api![variable]);
    }
  });

  test("the Temporal UI's codec endpoint is hookline's /codec with the codec token in its path", () => {
    const endpoint = compose.services['temporal-ui']!.environment!.TEMPORAL_CODEC_ENDPOINT!;

    expect(endpoint).toBe(
      '${HOOKLINE_PUBLIC_URL:-http://localhost:3000}/codec/${HOOKLINE_CODEC_TOKEN:-}',
    );
  });

  test('every image is pinned to a version', () => {
    const images = Object.values(compose.services).map((service) => service.image);

    expect(images.filter((image) => !/:[0-9][\w.-]*$/.test(image))).toEqual([]);
  });

  test('every long-running service restarts', () => {
    const restarts = Object.values(compose.services).map((service) => service.restart);

    expect(restarts.every((policy) => policy === 'unless-stopped')).toBe(true);
  });

  test('the Dockerfile builds in stages and its default command is an entry point that exists', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const command = /^CMD \["node", "dist\/(.+)\.js"\]$/m.exec(dockerfile);

    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(existsSync(path.join(root, `${command![1]}.ts`))).toBe(true);
  });
});
