import { type SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';

/**
 * Upserts only the attributes whose value differs from what the workflow already carries
 * (from its start or an earlier upsert), and issues no command when none does: each upsert is
 * an event in the history and a write to the visibility store. Values compare with `===`,
 * which fits the keyword and integer attributes hookline sets.
 */
export function upsertChangedSearchAttributes(updates: SearchAttributeUpdatePair[]): void {
  const current = workflowInfo().typedSearchAttributes;
  const changed = updates.filter((update) => current.get(update.key) !== update.value);
  if (changed.length > 0) upsertSearchAttributes(changed);
}
