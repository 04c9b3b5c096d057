"""Memos of left folds over threads, continued when a thread grows.

A run's thread only ever grows, and a runner extends it one step at a time.
A fold over its events (its state, its model context, its wire context) can
therefore continue from the fold of the previous thread instead of starting
over, so a step costs O(new events). Entries are keyed by run id and the
identity of the first event, because one run may have several live copies of
its thread (the runner's, a reader's); they hold the events they folded, so
that identity is not reused while cached, and a lookup checks by identity
that the cached events are a prefix of the thread asked about.
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from typing import Generic, TypeVar

from twelve_factor.core.events import Event, Thread

T = TypeVar("T")

DEFAULT_SIZE = 1024


class PrefixCache(Generic[T]):
    """The last fold of each live thread; the caller copies a hit before extending it."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[str, int], tuple[tuple[Event, ...], T]] = OrderedDict()

    def prefix_of(self, thread: Thread) -> tuple[T, int] | None:
        """The cached fold of a prefix of `thread` and that prefix's length, if any."""
        if not thread.events:
            return None
        cached = self._entries.get((thread.run_id, id(thread.events[0])))
        if cached is None:
            return None
        events, value = cached
        if len(events) > len(thread.events) or not all(map(operator.is_, events, thread.events)):
            return None
        return value, len(events)

    def remember(self, thread: Thread, value: T) -> None:
        """Keep `value`, the fold of all of `thread`'s events; it must not be changed afterwards."""
        if not thread.events:
            return
        key = (thread.run_id, id(thread.events[0]))
        self._entries[key] = (thread.events, value)
        self._entries.move_to_end(key)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
