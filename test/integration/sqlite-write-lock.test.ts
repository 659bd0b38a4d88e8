import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Router } from 'express';
import { sql } from 'kysely';
import type { AppContext } from '../../src/http/context';
import { createLogger } from '../../src/logger';
import { type Db, openDatabase, sqliteFile } from '../../src/store/db';
import { serveRoutes } from '../helpers/routes-app';

/** Two processes on one SQLite file, as an API process and a worker process are. */
describe('a transaction that reads and then writes on a SQLite file another process writes to', () => {
  let dir: string;
  let db: Db;
  let otherProcess: SQLite.Database;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hookline-sqlite-'));
    db = await openDatabase(
      { databaseUrl: undefined, dataDir: dir },
      createLogger({ level: 'silent', format: 'json' }),
    );
    await sql`create table probe (n integer not null)`.execute(db);
    otherProcess = new SQLite(sqliteFile(dir));
    // The other writer gives up at once, so the test sees who holds the write lock.
    otherProcess.pragma('busy_timeout = 0');
  });

  afterEach(async () => {
    otherProcess.close();
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  test('holds the write lock from its start: it commits, and the other writer waits', async () => {
    let otherWriteError: unknown;

    await db.transaction().execute(async (trx) => {
      await sql`select count(*) from probe`.execute(trx);
      try {
        otherProcess.prepare('insert into probe (n) values (2)').run();
      } catch (error) {
        otherWriteError = error;
      }
      await sql`insert into probe (n) values (1)`.execute(trx);
    });

    expect((otherWriteError as { code?: string }).code).toBe('SQLITE_BUSY');
    const rows = await sql<{ n: number }>`select n from probe`.execute(db);
    expect(rows.rows).toEqual([{ n: 1 }]);
  });

  test('still locked by the other writer after busy_timeout: the request is answered 503 with Retry-After', async () => {
    const router = Router();
    router.post('/probe', async (_req, res) => {
      await db.transaction().execute((trx) => sql`insert into probe (n) values (1)`.execute(trx));
      res.status(201).json({});
    });
    const app = await serveRoutes(
      { logger: createLogger({ level: 'silent', format: 'json' }) } as AppContext,
      router,
    );
    await sql`pragma busy_timeout = 200`.execute(db);
    otherProcess.exec('begin exclusive');

    const answer = await app.call('POST', '/probe');

    otherProcess.exec('rollback');
    await app.stop();
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('unavailable');
  });
});
