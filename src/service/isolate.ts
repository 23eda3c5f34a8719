/**
 * The one piece of state a Worker isolate keeps between requests: the queue that runs its ingest
 * batches one at a time. It holds no data, only an order: everything a request answers from is
 * read from D1 on that request (a remembered data version and the last 304's headers were kept
 * here once; a 304 costs little enough without them, see the README's "Speed").
 *
 * Why the queue pays: an isolate serves many requests at once; without it, N concurrent batches
 * all read version v, one commits and N-1 throw their work away, over and over (O(N²) attempts,
 * retries exhausted under a burst). Queued, each batch reads the version the previous one wrote
 * and commits first time. Batches of other isolates are still kept apart by the optimistic lock.
 */

let queue: Promise<unknown> = Promise.resolve()

/**
 * How long a batch waits for the one before it. The queue only saves work; correctness is the
 * lock's. So a predecessor that never settles (its request torn down mid-write) delays the next
 * batch by this much instead of stopping every write in the isolate.
 */
const QUEUE_WAIT_MS = 10_000

/**
 * Runs `run` after every earlier call in this isolate has settled (or waited
 * {@link QUEUE_WAIT_MS}); returns what it returns, throws what it throws.
 *
 * @example
 * await oneAtATime(() => attempt(db, batch))
 */
export function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const previous = queue
  let timer: ReturnType<typeof setTimeout> | undefined
  const waited = Promise.race([previous, new Promise((r) => (timer = setTimeout(r, QUEUE_WAIT_MS)))]).finally(() => clearTimeout(timer))
  const turn = waited.then(run, run)
  queue = turn.catch(() => undefined)
  return turn
}
