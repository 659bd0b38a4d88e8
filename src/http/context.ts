import type { Client } from '@temporalio/client';
import type { HooklinePublisher } from '../client/publisher';
import type { Config } from '../config';
import type { DeliveryControl } from '../deliveries/control';
import type { EncryptionCodec } from '../crypto/payload-codec';
import type { SecretBox } from '../crypto/secret-box';
import type { Logger } from '../logger';
import type { Db } from '../store/db';
import type { DeliveryStore } from '../store/deliveries';
import type { IncomingStore } from '../store/incoming';
import type { SourceStore } from '../store/sources';
import type { SubscriptionStore } from '../store/subscriptions';

/** What the HTTP layer works with, built once per process. */
export interface AppContext {
  config: Config;
  adminToken: string;
  /** Signs and checks the links of the subscriber portal. */
  portalKey: string;
  logger: Logger;
  db: Db;
  temporal: Client;
  publisher: HooklinePublisher;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryStore;
  sources: SourceStore;
  incoming: IncomingStore;
  control: DeliveryControl;
  /** Seals new secrets for the database and opens stored ones to verify signatures. */
  secrets: SecretBox;
  /** The payload codec that the codec endpoint runs. */
  codec: EncryptionCodec;
  /** Bearer token of the codec endpoint; undefined when it is off. */
  codecToken: string | undefined;
}
