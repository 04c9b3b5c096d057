"""In-process wake-ups: whoever appends to a run tells the streams watching it.

Streams still re-read the database (events are the truth) and poll it now
and then, so events appended by another process also arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


class Notifier:
    """One `asyncio.Event` per watcher, grouped by run id."""

    def __init__(self) -> None:
        self._watchers: dict[str, set[asyncio.Event]] = {}

    def notify(self, run_id: str) -> None:
        """Wake every watcher of `run_id`."""
        for wake in self._watchers.get(run_id, ()):
            wake.set()

    @contextmanager
    def watch(self, run_id: str) -> Iterator[asyncio.Event]:
        """An event that is set whenever `run_id` changes; clear it before re-reading."""
        wake = asyncio.Event()
        self._watchers.setdefault(run_id, set()).add(wake)
        try:
            yield wake
        finally:
            watchers = self._watchers.get(run_id)
            if watchers is not None:
                watchers.discard(wake)
                if not watchers:
                    del self._watchers[run_id]
