import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * The app database settings for one test platform: nothing (a SQLite file in its data
 * folder) in the default run, or a fresh PostgreSQL database in the PostgreSQL run.
 */
export async function testDatabaseEnv(): Promise<Record<string, string>> {
  const adminUrl = process.env.HOOKLINE_TEST_POSTGRES_URL;
  if (adminUrl === undefined) return {};
  const name = `hookline_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return { DATABASE_URL: adminUrl.replace(/\/postgres$/, `/${name}`) };
}
