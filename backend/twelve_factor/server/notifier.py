"""In-process wake-ups: whoever appends to a run tells the streams watching it.

Streams still re-read the database (events are the truth) and poll it now
and then, so events appended by another process also arrive.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(eq=False)
class Watch:
    """What one watcher waits on: any change, and the run stopping (no longer running)."""

    changed: asyncio.Event = field(default_factory=asyncio.Event)
    stopped: asyncio.Event = field(default_factory=asyncio.Event)

    def clear(self) -> None:
        """Forget past signals before re-reading the run."""
        self.changed.clear()
        self.stopped.clear()


class Notifier:
    """Watchers grouped by run id."""

    def __init__(self) -> None:
        self._watchers: dict[str, set[Watch]] = {}

    def notify(self, run_id: str, *, stopped: bool = False) -> None:
        """Wake every watcher of `run_id`; `stopped` when the run no longer runs (it waits or ended)."""
        for watch in self._watchers.get(run_id, ()):
            watch.changed.set()
            if stopped:
                watch.stopped.set()

    @contextmanager
    def watch(self, run_id: str) -> Iterator[Watch]:
        """Signals for `run_id`; clear them before re-reading."""
        watch = Watch()
        self._watchers.setdefault(run_id, set()).add(watch)
        try:
            yield watch
        finally:
            watchers = self._watchers.get(run_id)
            if watchers is not None:
                watchers.discard(watch)
                if not watchers:
                    del self._watchers[run_id]
