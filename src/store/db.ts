import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import type { Logger } from '../logger';
import { migrateToLatest } from './migrations';
import type { Database } from './schema';
import { ImmediateSqliteDialect } from './sqlite-dialect';

export type Db = Kysely<Database>;

export interface DbOptions {
  /** `postgres://...`; undefined means a SQLite file in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
}

// PostgreSQL returns bigint as a string by default; hookline's bigints are durations in ms.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

function openSqlite(file: string): ImmediateSqliteDialect {
  mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // FULL: a commit survives a power loss too, not only a crash; deliveries depend on it.
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  return new ImmediateSqliteDialect({ database });
}

/** Where the embedded default keeps the app database. */
export function sqliteFile(dataDir: string): string {
  return path.join(dataDir, 'hookline.db');
}

/** Opens the app database and runs pending migrations before anything else uses it. */
export async function openDatabase(options: DbOptions, logger: Logger): Promise<Db> {
  const dialect =
    options.databaseUrl === undefined
      ? openSqlite(sqliteFile(options.dataDir))
      : new PostgresDialect({ pool: new Pool({ connectionString: options.databaseUrl, max: 10 }) });
  const db = new Kysely<Database>({ dialect });
  const applied = await migrateToLatest(db as Kysely<unknown>);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  return db;
}
