import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { KeyRing, parseEncryptionKeys } from '../../src/crypto/keys';
import { SecretBox } from '../../src/crypto/secret-box';
import { ENCRYPTION_KEY_FILE } from '../../src/main/encryption';
import { sealStoredSecrets, StoredSecretError } from '../../src/store/seal-secrets';
import { orderCreatedEvent, verifyWithLibrary } from '../helpers/fixtures';
import { sendIncoming } from '../helpers/incoming';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { TestSubscriber } from '../helpers/subscriber';

const boxOf = (keyList: string) => {
  const keys = parseEncryptionKeys(keyList);
  if ('problem' in keys) throw new Error(keys.problem);
  return new SecretBox(new KeyRing(keys));
};

describe('secrets at rest', () => {
  let platform: TestPlatform;
  let subscriber: TestSubscriber;

  const rowOf = (table: 'subscriptions' | 'sources', id: string) =>
    platform.db
      .selectFrom(table)
      .select(['secret', 'previous_secret'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const setSecret = (table: 'subscriptions' | 'sources', id: string, secret: string) =>
    platform.db.updateTable(table).set({ secret }).where('id', '=', id).execute();
  const createSubscription = async (shopId: string) => {
    const created = await platform.api('POST', '/v1/subscriptions', {
      url: subscriber.url,
      eventTypes: ['ORDER_CREATED'],
      shopId,
    });
    return created.body as { id: string; secret: string };
  };

  beforeAll(async () => {
    platform = await startPlatform();
    subscriber = await TestSubscriber.start();
  });

  afterAll(async () => {
    await subscriber.stop();
    await platform.stop();
  });

  test('a created subscription and source hold no whsec_ secret in their rows', async () => {
    const subscription = await createSubscription('shop_rest_1');
    const source = await platform.api('POST', '/v1/sources', {
      name: 'erp',
      shopId: 'shop_rest_1',
      eventTypes: ['ORDER_CREATED'],
    });

    const rows = [
      await rowOf('subscriptions', subscription.id),
      await rowOf('sources', source.body.id),
    ];

    expect(subscription.secret).toMatch(/^whsec_/);
    expect(rows.map((row) => row.secret)).toEqual([
      expect.stringMatching(/^enc:v1:local1:/),
      expect.stringMatching(/^enc:v1:local1:/),
    ]);
    expect(JSON.stringify(rows)).not.toContain('whsec_');
    expect(JSON.stringify(rows)).not.toContain(subscription.secret.slice(6, 30));
  });

  test('after a rotation both the new and the previous secret are stored encrypted', async () => {
    const subscription = await createSubscription('shop_rest_2');

    const rotated = await platform.api(
      'POST',
      `/v1/subscriptions/${subscription.id}/rotate-secret`,
    );
    const row = await rowOf('subscriptions', subscription.id);

    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(row.secret).toMatch(/^enc:v1:local1:/);
    expect(row.previous_secret).toMatch(/^enc:v1:local1:/);
    expect(JSON.stringify(row)).not.toContain('whsec_');
  });

  test('a source verifies incoming webhooks with its encrypted secret', async () => {
    const source = await platform.api('POST', '/v1/sources', {
      name: 'pos',
      shopId: 'shop_rest_3',
      eventTypes: ['ORDER_CREATED'],
    });

    const answer = await sendIncoming(platform.url, source.body, orderCreatedEvent('shop_rest_3'));

    expect(answer.status).toBe(202);
  });

  test('a plain secret of an earlier release is encrypted at start, once, and still signs', async () => {
    const subscription = await createSubscription('shop_rest_4');
    await setSecret('subscriptions', subscription.id, subscription.secret);

    const first = await sealStoredSecrets(platform.db, platform.encryption.secrets);
    const second = await sealStoredSecrets(platform.db, platform.encryption.secrets);
    await platform.api('POST', '/v1/events', orderCreatedEvent('shop_rest_4'));
    const [request] = await subscriber.waitFor(1);

    expect(first).toBe(1);
    expect(second).toBe(0);
    expect((await rowOf('subscriptions', subscription.id)).secret).toMatch(/^enc:v1:local1:/);
    expect(verifyWithLibrary(subscription.secret, request!)).toBeDefined();
  });

  test('with a new first key, secrets under the older one are encrypted again with it', async () => {
    const subscription = await createSubscription('shop_rest_5');
    const current = await readFile(path.join(platform.config.dataDir, ENCRYPTION_KEY_FILE), 'utf8');
    const next = `next:${randomBytes(32).toString('base64')}`;
    const rotatedBox = boxOf(`${next},${current.trim()}`);

    const changed = await sealStoredSecrets(platform.db, rotatedBox);
    const row = await rowOf('subscriptions', subscription.id);

    expect(changed).toBeGreaterThan(0);
    expect(row.secret).toMatch(/^enc:v1:next:/);
    expect(rotatedBox.open(row.secret as never)).toBe(subscription.secret);
    // Back under the platform's key, for the tests that follow.
    await sealStoredSecrets(platform.db, boxOf(`${current.trim()},${next}`));
  });

  test('a secret under a key that is not configured stops the start step, naming the row', async () => {
    const subscription = await createSubscription('shop_rest_6');
    const stored = (await rowOf('subscriptions', subscription.id)).secret;
    const retired = boxOf(`retired:${randomBytes(32).toString('base64')}`);
    await setSecret('subscriptions', subscription.id, retired.seal(subscription.secret));

    const start = sealStoredSecrets(platform.db, platform.encryption.secrets);

    await expect(start).rejects.toThrow(StoredSecretError);
    await expect(start).rejects.toThrow(
      `the secret of subscriptions row ${subscription.id} encrypted with key "retired", which HOOKLINE_ENCRYPTION_KEYS does not hold`,
    );
    await setSecret('subscriptions', subscription.id, stored);
  });
});
