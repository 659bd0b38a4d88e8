import type { Selectable } from 'kysely';
import { newId } from '../ids';
import type { Db } from './db';
import type { AuditLogTable } from './schema';

/** JSON values of the fields a change set; secrets are never among them. */
export type AuditChanges = Record<string, unknown>;

export interface NewAuditEntry {
  actor: string;
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string;
  changes: AuditChanges;
}

export interface AuditEntry extends NewAuditEntry {
  id: string;
  at: string;
}

export interface AuditQuery {
  resourceId?: string | undefined;
  actor?: string | undefined;
  limit: number;
  /** The id of the last entry of the previous page. */
  cursor?: string | undefined;
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    requestId: row.request_id,
    changes: JSON.parse(row.changes) as AuditChanges,
  };
}

/** The audit log. Built on a transaction, it writes in that transaction. */
export class AuditStore {
  constructor(private readonly db: Db) {}

  async record(entry: NewAuditEntry): Promise<AuditEntry> {
    const recorded: AuditEntry = { id: newId('aud'), at: new Date().toISOString(), ...entry };
    await this.db
      .insertInto('audit_log')
      .values({
        id: recorded.id,
        at: recorded.at,
        actor: entry.actor,
        action: entry.action,
        resource_type: entry.resourceType,
        resource_id: entry.resourceId,
        request_id: entry.requestId,
        changes: JSON.stringify(entry.changes),
      })
      .execute();
    return recorded;
  }

  /** Newest first; `next` is the cursor of the following page, or null after the last. */
  async list(query: AuditQuery): Promise<{ data: AuditEntry[]; next: string | null }> {
    let select = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.resourceId !== undefined) select = select.where('resource_id', '=', query.resourceId);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.cursor !== undefined) select = select.where('id', '<', query.cursor);
    const rows = (await select.execute()).map(toEntry);
    const page = rows.slice(0, query.limit);
    return { data: page, next: rows.length > query.limit ? page.at(-1)!.id : null };
  }
}
