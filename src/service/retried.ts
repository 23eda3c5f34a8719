/**
 * How a write to D1 runs: one at a time in this isolate (isolate.ts), and again on fresh data
 * while it loses the optimistic lock to another isolate's write. Batches (pipeline.ts) and
 * removals (remove.ts) both write this way.
 */
import { isConflict } from '../store/changes'
import { oneAtATime } from './isolate'

/** Thrown when a batch kept losing the optimistic lock to concurrent batches: nothing of it was stored; send it again. */
export class IngestBusyError extends Error {
  override readonly name = 'IngestBusyError'
  constructor(readonly attempts: number) {
    super(`the batch conflicted with concurrent batches ${attempts} times; nothing was stored`)
  }
}

/** Attempts per batch before giving up with IngestBusyError. */
export const MAX_ATTEMPTS = 12

/**
 * Runs `attempt` one write at a time in this isolate, again on fresh data while it loses the
 * optimistic lock (a conflict on the data version or a unique index); returns its result. Throws
 * IngestBusyError after MAX_ATTEMPTS conflicts, or whatever else `attempt` throws.
 */
export async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  return oneAtATime(async () => {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt()
      } catch (err) {
        if (!isConflict(err)) throw err
        if (tries >= MAX_ATTEMPTS) throw new IngestBusyError(tries)
        // Exponential backoff with full jitter, capped: concurrent losers spread out instead of colliding again.
        const cap = Math.min(400, 8 * 2 ** tries)
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * cap)))
      }
    }
  })
}
