/**
 * Runs `task` over `items` with at most `limit` running at once; results keep the input order.
 * On the first failure no new task starts, the running ones are awaited (so nothing is still
 * writing when the caller cleans up), and that first error is thrown.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  let firstError: unknown
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await task(items[index], index)
      } catch (error) {
        if (!failed) firstError = error
        failed = true
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  if (failed) throw firstError
  return results
}
