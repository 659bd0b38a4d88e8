import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { EventType } from '../events/catalog';
import { rotatedSecretColumns, type RotatingSecret } from '../webhooks/secret';
import type { SealedSecret } from '../crypto/secret-box';
import type { Db } from './db';
import type { SourceStatus, SourcesTable } from './schema';

export interface Source {
  id: string;
  name: string;
  shopId: string;
  appId: string;
  eventTypes: EventType[];
  status: SourceStatus;
  createdAt: string;
  updatedAt: string;
}

export type SourceWithSecrets = Source & RotatingSecret;

export interface NewSource {
  name: string;
  shopId: string;
  eventTypes: EventType[];
  /** The external app behind this source; defaults to the source's own id. */
  appId?: string | undefined;
}

/** An unguessable source id: it is part of a public URL. */
function newSourceId(): string {
  return `src_${randomBytes(16).toString('hex')}`;
}

function toSource(row: Selectable<SourcesTable>): SourceWithSecrets {
  return {
    id: row.id,
    name: row.name,
    shopId: row.shop_id,
    appId: row.app_id,
    eventTypes: JSON.parse(row.event_types) as EventType[],
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secret: row.secret as SealedSecret,
    previousSecret: row.previous_secret as SealedSecret | null,
    previousSecretExpiresAt: row.previous_secret_expires_at,
  };
}

/** The public view: everything but the secrets. */
export function sourceWithoutSecrets(source: SourceWithSecrets): Source {
  const { secret: _s, previousSecret: _p, previousSecretExpiresAt: _e, ...rest } = source;
  return rest;
}

export class SourceStore {
  constructor(private readonly db: Db) {}

  /** Creates a source with a secret that the caller generated and sealed. */
  async create(input: NewSource, sealedSecret: SealedSecret): Promise<SourceWithSecrets> {
    const now = new Date().toISOString();
    const id = newSourceId();
    const row = {
      id,
      name: input.name,
      shop_id: input.shopId,
      app_id: input.appId ?? id,
      event_types: JSON.stringify(input.eventTypes),
      secret: sealedSecret as string,
      previous_secret: null,
      previous_secret_expires_at: null,
      status: 'active' as const,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('sources').values(row).execute();
    return toSource(row);
  }

  /** The source, or undefined when it does not exist or was deleted. */
  async get(id: string): Promise<SourceWithSecrets | undefined> {
    const row = await this.db
      .selectFrom('sources')
      .selectAll()
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .executeTakeFirst();
    return row === undefined ? undefined : toSource(row);
  }

  /** How many live (not deleted) sources the shop has. */
  async countLive(shopId: string): Promise<number> {
    const row = await this.db
      .selectFrom('sources')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('status', '!=', 'deleted')
      .where('shop_id', '=', shopId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async list(options: { limit: number; after?: string | undefined }) {
    let query = this.db
      .selectFrom('sources')
      .selectAll()
      .where('status', '!=', 'deleted')
      .orderBy('id')
      .limit(options.limit + 1);
    if (options.after !== undefined) query = query.where('id', '>', options.after);
    const rows = (await query.execute()).map(toSource);
    const page = rows.slice(0, options.limit);
    return { data: page, next: rows.length > options.limit ? page.at(-1)!.id : null };
  }

  async setStatus(id: string, status: SourceStatus) {
    await this.db
      .updateTable('sources')
      .set({ status, updated_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('status', '!=', 'deleted')
      .execute();
    return this.get(id);
  }

  /** Replaces the secret; the old one is still accepted for a day. */
  async rotateSecret(id: string, sealedSecret: SealedSecret, now: Date = new Date()) {
    const current = await this.get(id);
    if (current === undefined) return undefined;
    await this.db
      .updateTable('sources')
      .set(rotatedSecretColumns(current.secret, sealedSecret, now))
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }
}
