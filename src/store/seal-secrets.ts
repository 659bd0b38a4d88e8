import type { SealedSecret, SecretBox } from '../crypto/secret-box';
import type { Db } from './db';

/** A stored secret that cannot be opened: start-up stops with the row it belongs to. */
export class StoredSecretError extends Error {
  constructor(table: string, id: string, cause: Error) {
    super(`the secret of ${table} row ${id} ${cause.message}`, { cause });
    this.name = 'StoredSecretError';
  }
}

/**
 * Brings every stored secret under the current key: plain `whsec_` secrets written by an
 * earlier release are encrypted, and secrets under an older key of `HOOKLINE_ENCRYPTION_KEYS`
 * are encrypted again with the first one, so the older key can later be removed. Idempotent,
 * and safe while other processes run it too: each row is only changed if it still holds what
 * was read. Answers how many rows it changed.
 * @throws StoredSecretError naming the row whose secret is under a key that is not
 * configured or does not decrypt, so that a removed key is noticed at start.
 */
export async function sealStoredSecrets(db: Db, box: SecretBox): Promise<number> {
  let changed = 0;
  for (const table of ['subscriptions', 'sources'] as const) {
    const rows = await db.selectFrom(table).select(['id', 'secret', 'previous_secret']).execute();
    for (const row of rows) {
      const stale = (value: string | null) => value !== null && !box.isCurrent(value);
      if (!stale(row.secret) && !stale(row.previous_secret)) continue;
      const reseal = (value: string) => {
        try {
          return box.isCurrent(value) ? value : box.seal(box.open(value as SealedSecret));
        } catch (error) {
          throw new StoredSecretError(table, row.id, error as Error);
        }
      };
      let update = db
        .updateTable(table)
        .set({
          secret: reseal(row.secret),
          previous_secret: row.previous_secret === null ? null : reseal(row.previous_secret),
        })
        .where('id', '=', row.id)
        .where('secret', '=', row.secret);
      update =
        row.previous_secret === null
          ? update.where('previous_secret', 'is', null)
          : update.where('previous_secret', '=', row.previous_secret);
      const result = await update.executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
  }
  return changed;
}
