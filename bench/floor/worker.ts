import { NativeConnection, Worker } from '@temporalio/worker';
import { noop } from './activities';

/**
 * The floor's worker, a process of its own: the SDK's default options, the bare workflows of
 * `./workflows` and the no-op activity, on the task queue and server given in the environment.
 * It prints `floor worker running` once it polls, and stops on SIGTERM.
 */
async function main(): Promise<void> {
  const address = process.env.FLOOR_TEMPORAL_ADDRESS!;
  const taskQueue = process.env.FLOOR_TASK_QUEUE!;
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: { noop },
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log('floor worker running');
  await running;
  await connection.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
