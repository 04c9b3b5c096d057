/** Keeping a run's events in order when they arrive from SSE, polling and retries. */

import type { ThreadEvent } from "../api/types";

/** `current` plus the events of `batch` it lacks, ordered by seq. Returns `current` itself when nothing is new. */
export function mergeEvents(current: ThreadEvent[], batch: ThreadEvent[]): ThreadEvent[] {
  const last = current.length ? current[current.length - 1]!.seq : -1;
  const fresh = batch.filter((event) => event.seq > last);
  if (fresh.length === batch.length && isAscending(fresh)) {
    return fresh.length ? [...current, ...fresh] : current;
  }
  // Out of order or overlapping (a reconnect replays events): rebuild by seq.
  const bySeq = new Map(current.map((event) => [event.seq, event]));
  let changed = false;
  for (const event of batch) {
    if (!bySeq.has(event.seq)) {
      bySeq.set(event.seq, event);
      changed = true;
    }
  }
  if (!changed) return current;
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function isAscending(events: ThreadEvent[]): boolean {
  return events.every((event, index) => index === 0 || events[index - 1]!.seq < event.seq);
}
