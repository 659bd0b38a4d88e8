import { z } from 'zod';
import { type EncryptionKey, parseEncryptionKeys } from './crypto/keys';
import { parseDurationMs } from './duration';

/** The delays between delivery attempts when nothing else is configured (design brief). */
export const DEFAULT_RETRY_SCHEDULE = '0s,5s,5m,30m,2h,5h,10h,10h,24h';

const duration = z.string().transform((text, ctx) => {
  const valueMs = parseDurationMs(text);
  if (valueMs === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 5s, 5m, 2h or 3d` });
    return z.NEVER;
  }
  return valueMs;
});

const durationList = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map(parseDurationMs);
  const bad = parts.filter((_, index) => values[index] === undefined);
  if (bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected comma-separated durations like 0s,5s,5m; not understood: "${bad.join('", "')}"`,
    });
    return z.NEVER;
  }
  return values as number[];
});

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
/** A whole number within bounds, or undefined when unset or blank. */
const optionalInteger = (min: number, max: number) =>
  optionalText.transform((text, ctx) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a whole number from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return value;
  });
/** A whole number within bounds; a blank value counts as unset, so the default applies. */
const integer = (fallback: number, min: number, max: number) =>
  optionalInteger(min, max).transform((value) => value ?? fallback);
const port = (fallback: number) => integer(fallback, 0, 65535);

/** What a named token of the management API may do; `write` includes the other two. */
export type ApiScope = 'read' | 'publish' | 'write';
export const API_SCOPES: readonly ApiScope[] = ['read', 'publish', 'write'];

export interface ApiToken {
  /** Recorded as the actor of every change made with this token. */
  name: string;
  scope: ApiScope;
  token: string;
}

/** The name `HOOKLINE_ADMIN_TOKEN` goes by; no token of `HOOKLINE_API_TOKENS` may take it. */
export const ADMIN_TOKEN_NAME = 'admin';
const TOKEN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** `name:scope:token,...`; names and tokens unique, tokens of 16 characters or more. */
const apiTokenList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const entries = text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    const tokens: ApiToken[] = [];
    for (const [index, entry] of entries.entries()) {
      // Only the first two colons separate: a token may hold colons itself.
      const [name = '', scope = '', ...rest] = entry.split(':');
      const token = rest.join(':');
      const problem =
        rest.length === 0
          ? 'is not name:scope:token'
          : !TOKEN_NAME.test(name)
            ? 'has a name that is not 1 to 64 letters, digits, _, . or -'
            : name === ADMIN_TOKEN_NAME
              ? `uses the name ${ADMIN_TOKEN_NAME}, which is HOOKLINE_ADMIN_TOKEN's`
              : !(API_SCOPES as readonly string[]).includes(scope)
                ? `has scope "${scope}"; expected ${API_SCOPES.join(', ')}`
                : token.length < 16
                  ? 'has a token shorter than 16 characters'
                  : tokens.some((other) => other.name === name)
                    ? `repeats the name ${name}`
                    : tokens.some((other) => other.token === token)
                      ? 'repeats the token of another entry'
                      : undefined;
      if (problem !== undefined) {
        // The entry is not quoted: it holds a token, and this message goes to the log.
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} ${problem}` });
        return z.NEVER;
      }
      tokens.push({ name, scope: scope as ApiScope, token });
    }
    return tokens;
  });

/** `keyId:base64,...`; undefined when unset, so the embedded default can generate a key. */
const encryptionKeyList = optionalText.transform((text, ctx) => {
  if (text === undefined) return undefined;
  const parsed = parseEncryptionKeys(text);
  if ('problem' in parsed) {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return parsed;
});

const envSchema = z.object({
  PORT: port(3000),
  HOOKLINE_HOST: z.string().min(1).default('127.0.0.1'),
  HOOKLINE_PUBLIC_URL: z.url().optional(),
  HOOKLINE_ADMIN_TOKEN: optionalText.pipe(z.string().min(16).optional()),
  HOOKLINE_DATA_DIR: z.string().min(1).default('./data'),
  HOOKLINE_PORTAL_KEY: optionalText.pipe(z.string().min(32).optional()),
  HOOKLINE_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text) =>
      text
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter((host) => host.length > 0),
    ),
  HOOKLINE_CODEC_CORS_ORIGINS: z
    .string()
    .default('http://localhost:8080,http://localhost:8233,http://127.0.0.1:8233')
    .transform((text) =>
      text
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    ),
  HOOKLINE_CODEC_TOKEN: optionalText.pipe(z.string().min(16).optional()),
  HOOKLINE_ENCRYPTION_KEYS: encryptionKeyList,
  HOOKLINE_PAYLOAD_ENCRYPTION: optionalText.pipe(z.enum(['on', 'off']).default('on')),
  HOOKLINE_RETRY_SCHEDULE: durationList.prefault(DEFAULT_RETRY_SCHEDULE),
  HOOKLINE_RETRY_HORIZON: duration.prefault('3d'),
  HOOKLINE_DELIVERY_TIMEOUT: duration.prefault('15s'),
  HOOKLINE_AUTO_DISABLE_AFTER: duration.prefault('5d'),
  HOOKLINE_MAX_BODY_BYTES: integer(256 * 1024, 1024, 64 * 1024 * 1024),
  HOOKLINE_SOURCE_RATE_LIMIT: integer(100, 1, 1_000_000),
  HOOKLINE_API_TOKENS: apiTokenList,
  HOOKLINE_API_RATE_LIMIT: integer(50, 1, 1_000_000),
  HOOKLINE_API_RATE_BURST: optionalInteger(1, 10_000_000),
  HOOKLINE_AUTH_FAILURE_LIMIT: integer(10, 1, 1_000_000),
  HOOKLINE_MAX_HEADER_BYTES: integer(16 * 1024, 1024, 1024 * 1024),
  HOOKLINE_REQUEST_TIMEOUT: duration.prefault('30s'),
  HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP: integer(100, 1, 1_000_000),
  HOOKLINE_MAX_SOURCES_PER_SHOP: integer(100, 1, 1_000_000),
  HOOKLINE_WORKER_METRICS_PORT: optionalInteger(1, 65535),
  HOOKLINE_WORKER_MAX_ACTIVITIES: integer(100, 1, 10_000),
  HOOKLINE_WORKER_MAX_WORKFLOW_TASKS: integer(40, 2, 10_000),
  HOOKLINE_RELEASE_RATE: integer(20, 1, 1_000_000),
  HOOKLINE_SDK_METRICS_ADDRESS: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9464')
      .optional(),
  ),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('hookline'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: optionalText.pipe(z.enum(['true', 'false']).optional()),
  TEMPORAL_TLS_CLIENT_CERT_PATH: optionalText,
  TEMPORAL_TLS_CLIENT_KEY_PATH: optionalText,
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: optionalText,
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_DEV_SERVER_PORT: port(7233),
  TEMPORAL_UI_PORT: port(8233),
  TEMPORAL_CLI_PATH: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

/** Every environment variable hookline reads, for checks of deployment files. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface TemporalConfig {
  /** host:port of an existing cluster; undefined means the embedded dev server. */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
  apiKey: string | undefined;
  tls:
    | {
        clientCertPath: string | undefined;
        clientKeyPath: string | undefined;
        serverCaCertPath: string | undefined;
        serverName: string | undefined;
      }
    | undefined;
  devServerPort: number;
  uiPort: number;
  cliPath: string | undefined;
}

export interface DeliveryConfig {
  retryScheduleMs: number[];
  retryHorizonMs: number;
  timeoutMs: number;
  /** A subscription failing without a break for this long is disabled. */
  autoDisableAfterMs: number;
  allowedHosts: string[];
  /** Held deliveries a resume signals per second, per API process. */
  releasePerSec: number;
}

/** What the management API and the HTTP server allow; see the README's Limits table. */
export interface ApiLimits {
  /** Requests per second per token, per API process. */
  rateLimitPerSec: number;
  /** Requests above the per-second rate one token may make in each 10 seconds. */
  rateBurst: number;
  /** Failed authentications per minute per client address, per API process. */
  authFailuresPerMin: number;
  /** Largest request head (request line and headers); Node answers 431 above it. */
  maxHeaderBytes: number;
  /** Time a client has to send its whole request, headers and body; 408 after it. */
  requestTimeoutMs: number;
  /** Live subscriptions per shop; those without a shop share one bucket. */
  maxSubscriptionsPerShop: number;
  /** Live sources per shop. */
  maxSourcesPerShop: number;
}

export interface EncryptionConfig {
  /** The first encrypts, all decrypt; undefined means the key file in the data folder. */
  keys: EncryptionKey[] | undefined;
  /** Whether payloads sent to Temporal are encrypted (secrets in the database always are). */
  payloads: boolean;
}

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  adminToken: string | undefined;
  /** Signs the links of the subscriber portal; generated into the data folder when unset. */
  portalKey: string | undefined;
  /** The named tokens besides the admin token. */
  apiTokens: ApiToken[];
  api: ApiLimits;
  dataDir: string;
  maxBodyBytes: number;
  /** Origins (the Temporal UI's) allowed to call the codec endpoint from a browser. */
  codecCorsOrigins: string[];
  /** Bearer token of the codec endpoint; generated into the data folder when unset. */
  codecToken: string | undefined;
  encryption: EncryptionConfig;
  /** Incoming webhooks accepted per second from one source, per API process. */
  sourceRateLimitPerSec: number;
  databaseUrl: string | undefined;
  /** Port of a worker alone's `/metrics`; in `npm start` the API's `/metrics` has it all. */
  workerMetricsPort: number | undefined;
  /** host:port where the Temporal SDK exports its own worker metrics for Prometheus. */
  sdkMetricsAddress: string | undefined;
  /** Tasks one worker runs at once: attempts and other activities, and workflow tasks. */
  workerSlots: { activities: number; workflowTasks: number };
  delivery: DeliveryConfig;
  temporal: TemporalConfig;
  log: { level: string; format: 'json' | 'pretty' };
}

/** A setting that is present but wrong; start-up stops with this message. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration once, from the given environment.
 * @throws ConfigError naming each variable whose value is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const tlsWanted =
    e.TEMPORAL_TLS === 'true' ||
    (e.TEMPORAL_TLS !== 'false' &&
      (e.TEMPORAL_API_KEY !== undefined || e.TEMPORAL_TLS_CLIENT_CERT_PATH !== undefined));
  if (
    (e.TEMPORAL_TLS_CLIENT_CERT_PATH === undefined) !==
    (e.TEMPORAL_TLS_CLIENT_KEY_PATH === undefined)
  ) {
    throw new ConfigError([
      {
        variable: 'TEMPORAL_TLS_CLIENT_CERT_PATH',
        message:
          'set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or neither',
      },
    ]);
  }
  const adminClash = e.HOOKLINE_API_TOKENS.some((entry) => entry.token === e.HOOKLINE_ADMIN_TOKEN);
  if (adminClash) {
    throw new ConfigError([
      { variable: 'HOOKLINE_API_TOKENS', message: 'repeats the token of HOOKLINE_ADMIN_TOKEN' },
    ]);
  }
  return {
    port: e.PORT,
    host: e.HOOKLINE_HOST,
    publicUrl: (e.HOOKLINE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    adminToken: e.HOOKLINE_ADMIN_TOKEN,
    portalKey: e.HOOKLINE_PORTAL_KEY,
    apiTokens: e.HOOKLINE_API_TOKENS,
    api: {
      rateLimitPerSec: e.HOOKLINE_API_RATE_LIMIT,
      rateBurst: e.HOOKLINE_API_RATE_BURST ?? e.HOOKLINE_API_RATE_LIMIT * 2,
      authFailuresPerMin: e.HOOKLINE_AUTH_FAILURE_LIMIT,
      maxHeaderBytes: e.HOOKLINE_MAX_HEADER_BYTES,
      requestTimeoutMs: e.HOOKLINE_REQUEST_TIMEOUT,
      maxSubscriptionsPerShop: e.HOOKLINE_MAX_SUBSCRIPTIONS_PER_SHOP,
      maxSourcesPerShop: e.HOOKLINE_MAX_SOURCES_PER_SHOP,
    },
    dataDir: e.HOOKLINE_DATA_DIR,
    maxBodyBytes: e.HOOKLINE_MAX_BODY_BYTES,
    sourceRateLimitPerSec: e.HOOKLINE_SOURCE_RATE_LIMIT,
    codecCorsOrigins: e.HOOKLINE_CODEC_CORS_ORIGINS,
    codecToken: e.HOOKLINE_CODEC_TOKEN,
    encryption: {
      keys: e.HOOKLINE_ENCRYPTION_KEYS,
      payloads: e.HOOKLINE_PAYLOAD_ENCRYPTION === 'on',
    },
    databaseUrl: e.DATABASE_URL,
    workerMetricsPort: e.HOOKLINE_WORKER_METRICS_PORT,
    sdkMetricsAddress: e.HOOKLINE_SDK_METRICS_ADDRESS,
    workerSlots: {
      activities: e.HOOKLINE_WORKER_MAX_ACTIVITIES,
      workflowTasks: e.HOOKLINE_WORKER_MAX_WORKFLOW_TASKS,
    },
    delivery: {
      retryScheduleMs: e.HOOKLINE_RETRY_SCHEDULE,
      retryHorizonMs: e.HOOKLINE_RETRY_HORIZON,
      timeoutMs: e.HOOKLINE_DELIVERY_TIMEOUT,
      autoDisableAfterMs: e.HOOKLINE_AUTO_DISABLE_AFTER,
      allowedHosts: e.HOOKLINE_ALLOWED_HOSTS,
      releasePerSec: e.HOOKLINE_RELEASE_RATE,
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: tlsWanted
        ? {
            clientCertPath: e.TEMPORAL_TLS_CLIENT_CERT_PATH,
            clientKeyPath: e.TEMPORAL_TLS_CLIENT_KEY_PATH,
            serverCaCertPath: e.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
            serverName: e.TEMPORAL_TLS_SERVER_NAME,
          }
        : undefined,
      devServerPort: e.TEMPORAL_DEV_SERVER_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      cliPath: e.TEMPORAL_CLI_PATH,
    },
    log: {
      level: e.LOG_LEVEL,
      format: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    },
  };
}
