"""Recently used threads kept in memory, so reading a run costs O(new events), not O(history).

The database stays the truth: a read checks the run's row and fetches only
the events this process has not seen (appended by a request, the runner, or
another process). The one exception is a run this process is executing:
its runner appends every step, so its thread here is current, and reading
it from memory keeps GET /agent/state fast while hundreds of runs execute.
A change by another process (a cancel) shows once the runner's next append
fails, at the next step boundary.
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
        self._records: dict[str, RunRecord] = {}
        self._executing: set[str] = set()

    def executing(self, run_id: str, active: bool) -> None:
        """Whether this process's runner executes `run_id` (and so appends all its steps)."""
        if active:
            self._executing.add(run_id)
        else:
            self._executing.discard(run_id)

    async def load(self, run_id: str, *, fresh: bool = False) -> tuple[Thread, RunRecord]:
        """The run's current thread and row; `fresh` always asks the database. Raises `RunNotFound`."""
        thread = self._threads.get(run_id)
        record = self._records.get(run_id)
        if not fresh and run_id in self._executing and thread is not None and record is not None:
            return thread, record
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
        self.put(thread, record)
        return thread

    def put(self, thread: Thread, record: RunRecord) -> None:
        """Remember `thread` and its row, once its events are persisted (never going back to an older one)."""
        known = self._threads.get(thread.run_id)
        if known is not None and known.events[-1].seq > thread.events[-1].seq:
            return
        self._threads[thread.run_id] = thread
        self._records[thread.run_id] = record
        self._threads.move_to_end(thread.run_id)
        if len(self._threads) > self._size:
            evicted, _ = self._threads.popitem(last=False)
            self._records.pop(evicted, None)
