"""The live event stream of one run (server-sent events), resumable with `Last-Event-ID`.

Fed by the in-process notifier and, as a fallback for events appended by
another process, by re-reading the database every `poll_seconds`. Each
read fetches only new events (`ThreadCache`), so following a long run costs
O(new events) per batch.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sse_starlette import ServerSentEvent

from twelve_factor.core.events import Event
from twelve_factor.core.state import FINAL_STATUSES
from twelve_factor.server.schemas import ContextView, build_state
from twelve_factor.server.service import RunService

COALESCE_SECONDS = 0.05


def _event_message(event: Event) -> ServerSentEvent:
    return ServerSentEvent(data=event.model_dump_json(), event="thread_event", id=str(event.seq))


async def run_stream(
    service: RunService, run_id: str, after: int, poll_seconds: float
) -> AsyncIterator[ServerSentEvent]:
    """Each new event (`id` = its seq), then the State as of that event; ends after a complete or cancelled run."""
    with service.notifier.watch(run_id) as wake:
        thread, record = await service.threads.load(run_id)
        view = ContextView.of(thread).copy()  # its own copy: the stream feeds it
        new: list[Event] = list(thread.events[after + 1 :])
        first = True
        while True:
            for event in new:
                yield _event_message(event)
            if new or first:
                # The State describes exactly the events sent so far.
                state = build_state(thread, record, view)
                yield ServerSentEvent(data=state.model_dump_json(), event="state")
                if state.status in FINAL_STATUSES:
                    return
            first = False
            if state.status == "running":
                # A fast run appends many small batches, and each State carries
                # the whole context: let batches gather for a moment, unless
                # the run stops (a person must act) sooner.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.stopped.wait(), timeout=COALESCE_SECONDS)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.changed.wait(), timeout=poll_seconds)
            wake.clear()
            known = thread.events[-1].seq
            thread, record = await service.threads.load(run_id)
            fresh = thread.events[known + 1 :]
            view.feed(fresh)
            new = [event for event in fresh if event.seq > after]
