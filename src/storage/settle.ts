/**
 * Waits for every task, then fails with the first failure: no task is left running on the
 * transaction when the caller goes on (or rolls it back).
 */
export async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  if (tasks.length === 1) {
    await tasks[0];
    return;
  }
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
