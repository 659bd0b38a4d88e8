import { proxyActivities } from '@temporalio/workflow';
import type { FloorActivities } from './activities';

const { noop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

/** Temporal's floor for a start: a workflow that does nothing. */
export async function bareWorkflow(): Promise<void> {}

/** Temporal's floor for a unit of work: a workflow with one activity that does nothing. */
export async function activityWorkflow(): Promise<void> {
  await noop();
}
