import { ConfigError, loadConfig } from '../../src/config';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  describe('defaults', () => {
    test('an empty environment listens on port 3000', () => {
      const config = loadConfig({});

      expect(config.port).toBe(3000);
    });

    test('an empty environment retries after 0s, 5s, 5m, 30m, 2h, 5h, 10h, 10h and 24h', () => {
      const config = loadConfig({});

      expect(config.delivery.retryScheduleMs).toEqual([
        0,
        5_000,
        5 * 60_000,
        30 * 60_000,
        2 * 3_600_000,
        5 * 3_600_000,
        10 * 3_600_000,
        10 * 3_600_000,
        24 * 3_600_000,
      ]);
    });

    test('an empty environment gives up retrying after 3 days', () => {
      const config = loadConfig({});

      expect(config.delivery.retryHorizonMs).toBe(3 * 24 * 3_600_000);
    });

    test('an empty environment times a delivery out after 15 seconds', () => {
      const config = loadConfig({});

      expect(config.delivery.timeoutMs).toBe(15_000);
    });

    test("an empty environment uses the Temporal namespace 'default'", () => {
      const config = loadConfig({});

      expect(config.temporal.namespace).toBe('default');
    });

    test('an empty environment allows no extra hosts', () => {
      const config = loadConfig({});

      expect(config.delivery.allowedHosts).toEqual([]);
    });
  });

  test('HOOKLINE_RETRY_SCHEDULE is read as comma-separated durations, spaces allowed', () => {
    const env = { HOOKLINE_RETRY_SCHEDULE: '1s, 250ms,2m , 1h' };

    const config = loadConfig(env);

    expect(config.delivery.retryScheduleMs).toEqual([1_000, 250, 120_000, 3_600_000]);
  });

  test('HOOKLINE_RETRY_HORIZON is read as a duration', () => {
    const env = { HOOKLINE_RETRY_HORIZON: '1d' };

    const config = loadConfig(env);

    expect(config.delivery.retryHorizonMs).toBe(24 * 3_600_000);
  });

  test('HOOKLINE_ALLOWED_HOSTS is split on commas, trimmed and lower-cased', () => {
    const env = { HOOKLINE_ALLOWED_HOSTS: ' Example.COM, api.Shop.test ,,' };

    const config = loadConfig(env);

    expect(config.delivery.allowedHosts).toEqual(['example.com', 'api.shop.test']);
  });

  test('a postgresql:// DATABASE_URL is kept', () => {
    const env = { DATABASE_URL: 'postgresql://hookline@db:5432/hookline' };

    const config = loadConfig(env);

    expect(config.databaseUrl).toBe('postgresql://hookline@db:5432/hookline');
  });

  test.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['HOOKLINE_RETRY_SCHEDULE', '5x'],
    ['HOOKLINE_RETRY_HORIZON', 'forever'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
  ])('%s=%s is refused with a ConfigError naming the variable', (variable, value) => {
    const env = { [variable]: value };

    const error = configError(env);

    expect(error.problems.map((problem) => problem.variable)).toEqual([variable]);
    expect(error.message).toContain(`${variable}: `);
  });

  test('a refused HOOKLINE_RETRY_SCHEDULE names the entry that was not understood', () => {
    const env = { HOOKLINE_RETRY_SCHEDULE: '0s,5x,5m' };

    const error = configError(env);

    expect(error.problems[0]?.message).toMatch(/not understood: "5x"$/);
  });
});

describe('loadConfig with blank ports', () => {
  test('a blank PORT counts as unset and gives the default 3000', () => {
    const config = loadConfig({ PORT: '' });

    expect(config.port).toBe(3000);
  });
});

describe('loadConfig: encryption', () => {
  const key = 'k1:' + Buffer.alloc(32, 7).toString('base64');

  test('an empty environment encrypts payloads and leaves the keys to the key file', () => {
    const config = loadConfig({});

    expect(config.encryption).toEqual({ keys: undefined, payloads: true });
  });

  test('HOOKLINE_PAYLOAD_ENCRYPTION=off turns payload encryption off', () => {
    const config = loadConfig({ HOOKLINE_PAYLOAD_ENCRYPTION: 'off' });

    expect(config.encryption.payloads).toBe(false);
  });

  test('HOOKLINE_ENCRYPTION_KEYS gives the keys in their order', () => {
    const config = loadConfig({ HOOKLINE_ENCRYPTION_KEYS: `${key},k0:${'A'.repeat(43)}=` });

    expect(config.encryption.keys?.map((entry) => entry.id)).toEqual(['k1', 'k0']);
  });

  test('a bad key is named by position, and its value is not in the message', () => {
    const bad = 'k1:c2hvcnQ=';

    const error = configError({ HOOKLINE_ENCRYPTION_KEYS: bad });

    expect(error.problems).toEqual([
      {
        variable: 'HOOKLINE_ENCRYPTION_KEYS',
        message: 'entry 1 is not base64 of exactly 32 bytes',
      },
    ]);
    expect(error.message).not.toContain('c2hvcnQ');
  });

  test('a codec token shorter than 16 characters is refused', () => {
    const error = configError({ HOOKLINE_CODEC_TOKEN: 'short' });

    expect(error.problems.map((problem) => problem.variable)).toEqual(['HOOKLINE_CODEC_TOKEN']);
  });
});
