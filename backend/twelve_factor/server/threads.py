"""Recently used threads kept in memory, so reading a run costs O(new events), not O(history).

The database stays the truth: every read checks the run's last seq and
fetches only the events this process has not seen (appended by a request,
the runner, or another process).
"""

from __future__ import annotations

from collections import OrderedDict

from twelve_factor.core.events import Thread
from twelve_factor.store import RunRecord, RunStore

ALL_EVENTS = 2**31 - 1


class ThreadCache:
    """An LRU of threads by run id, refreshed from the store on every read."""

    def __init__(self, store: RunStore, size: int = 512) -> None:
        self._store = store
        self._size = size
        self._threads: OrderedDict[str, Thread] = OrderedDict()

    async def load(self, run_id: str) -> tuple[Thread, RunRecord]:
        """The run's current thread and row; raises `RunNotFound`."""
        record = await self._store.get(run_id)
        return await self.thread_of(record), record

    async def thread_of(self, record: RunRecord) -> Thread:
        """The thread up to at least `record.last_seq`, fetching only what this process has not seen."""
        run_id = record.id
        cached = self._threads.get(run_id)
        if cached is None or cached.events[-1].seq > record.last_seq:
            thread = await self._store.load_thread(run_id)
        elif cached.events[-1].seq < record.last_seq:
            newer = await self._store.events_after(run_id, cached.events[-1].seq, ALL_EVENTS)
            thread = cached.extend(newer)
        else:
            thread = cached
        self.put(thread)
        return thread

    def put(self, thread: Thread) -> None:
        """Remember `thread` after its events were persisted."""
        self._threads[thread.run_id] = thread
        self._threads.move_to_end(thread.run_id)
        if len(self._threads) > self._size:
            self._threads.popitem(last=False)
