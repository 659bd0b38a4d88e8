import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../src/temporal/worker';

describe('workflow bundle', () => {
  // Each workflow the worker runs evaluates the bundle's modules afresh, so a schema library
  // in the bundle would build every event schema again for every workflow.
  test('holds no zod', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });

    expect(code.match(/node_modules\/zod\//g) ?? []).toEqual([]);
  }, 120_000);
});
