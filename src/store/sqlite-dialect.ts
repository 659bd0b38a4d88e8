import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Opens every transaction with `BEGIN IMMEDIATE`, so it takes SQLite's write lock at its start
 * and waits for it up to `busy_timeout`. A plain `BEGIN` reads first and asks for the lock at
 * its first write; when another process wrote in between, SQLite refuses that upgrade at once
 * with SQLITE_BUSY, without waiting, so a read-then-write transaction failed whenever an API
 * process and a worker process wrote to one file at the same moment.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}
