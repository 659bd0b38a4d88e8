import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createDeliveryAgent } from '../../activities/http-post';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Encryption } from '../main/encryption';
import type { Db } from '../store/db';
import { connectionOptions } from './connection';

/** The workflows' entry file, from sources or from dist/. */
export const WORKFLOWS_PATH = require.resolve('../../workflows');

export interface RunningWorker {
  /** Resolves when the worker has stopped; rejects if it failed. */
  done: Promise<void>;
  /** Stops polling, lets running tasks finish, then closes the connection. */
  shutdown(): Promise<void>;
}

/**
 * Starts a worker for hookline's workflows and activities on the configured task queue.
 * @throws when the cluster cannot be reached or the workflow bundle does not build.
 */
export async function startWorker(options: {
  config: Config;
  address: string;
  db: Db;
  encryption: Encryption;
  logger: Logger;
  /** A prebuilt workflow bundle (tests build one for all workers); else built at start. */
  workflowBundle?: { codePath: string };
}): Promise<RunningWorker> {
  const { config, address, db, encryption, logger } = options;
  const connection = await NativeConnection.connect(
    await connectionOptions(config.temporal, address),
  );
  const agent = createDeliveryAgent(config.delivery.allowedHosts);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(options.workflowBundle === undefined
      ? { workflowsPath: WORKFLOWS_PATH }
      : { workflowBundle: options.workflowBundle }),
    activities: createActivities({
      db,
      agent,
      delivery: config.delivery,
      logger,
      secrets: encryption.secrets,
      // Payloads this client sends (signal-with-start of ordered queues) are encrypted too.
      temporal: new Client({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: { payloadCodecs: [encryption.codec] },
      }),
      taskQueue: config.temporal.taskQueue,
    }),
    // The codec runs outside the workflow sandbox, on every payload of every activation.
    dataConverter: { payloadCodecs: [encryption.codec] },
    maxConcurrentActivityTaskExecutions: config.workerSlots.activities,
    maxConcurrentWorkflowTaskExecutions: config.workerSlots.workflowTasks,
    shutdownGraceTime: '10 seconds',
  });
  const done = worker.run().finally(async () => {
    await agent.close();
    await connection.close();
  });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker started');
  return {
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
