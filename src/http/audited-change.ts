import type { Response } from 'express';
import type { Logger } from '../logger';
import { type AuditChanges, type AuditEntry, AuditStore } from '../store/audit';
import type { Db } from '../store/db';
import { SourceStore } from '../store/sources';
import { SubscriptionStore } from '../store/subscriptions';
import { principalOf } from './auth';
import { requestIdOf } from './request-id';

/** What one change did, as the audit log records it. */
export interface ChangeRecord {
  /** `<resource type>.<past participle>`, e.g. `subscription.paused`. */
  action: string;
  resourceType: 'subscription' | 'source' | 'delivery';
  resourceId: string;
  /** The fields the change set, without secrets. */
  changes?: AuditChanges;
}

/** The stores a change may use, all bound to the change's transaction. */
export interface ChangeStores {
  subscriptions: SubscriptionStore;
  sources: SourceStore;
  /** Adds the audit row of this change to the transaction. */
  record(change: ChangeRecord): Promise<void>;
}

/**
 * Changes made through the management API, each with its row in the audit log. A change of
 * the database and its row commit together or not at all; a change made in Temporal alone
 * (a retry, a replay, a test event) is recorded right after Temporal accepted it. Each
 * recorded change is logged, with its actor, once it is committed.
 */
export class AuditedChanges {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  /**
   * Runs `change` in one transaction with the audit rows it records.
   * @throws what `change` throws; nothing of it is then written.
   */
  async run<T>(res: Response, change: (stores: ChangeStores) => Promise<T>): Promise<T> {
    const recorded: AuditEntry[] = [];
    const result = await this.db.transaction().execute(async (trx) => {
      const audit = new AuditStore(trx);
      return change({
        subscriptions: new SubscriptionStore(trx),
        sources: new SourceStore(trx),
        record: async (record) => {
          recorded.push(await audit.record(this.entry(res, record)));
        },
      });
    });
    for (const entry of recorded) this.log(entry);
    return result;
  }

  /** Records a change that was made outside the app database and has succeeded. */
  async recordDone(res: Response, record: ChangeRecord): Promise<void> {
    this.log(await new AuditStore(this.db).record(this.entry(res, record)));
  }

  private entry(res: Response, record: ChangeRecord) {
    return {
      actor: principalOf(res).name,
      action: record.action,
      resourceType: record.resourceType,
      resourceId: record.resourceId,
      requestId: requestIdOf(res),
      changes: record.changes ?? {},
    };
  }

  private log(entry: AuditEntry): void {
    this.logger.info(
      {
        auditId: entry.id,
        actor: entry.actor,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId,
        requestId: entry.requestId,
        changes: entry.changes,
      },
      'management change',
    );
  }
}
