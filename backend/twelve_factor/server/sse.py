"""The live event stream of one run (server-sent events), resumable with `Last-Event-ID`.

Fed by the in-process notifier and, as a fallback for events appended by
another process, by re-reading the database every `poll_seconds`.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sse_starlette import ServerSentEvent

from twelve_factor.core.state import FINAL_STATUSES
from twelve_factor.server.service import EVENTS_PAGE, RunService


async def run_stream(
    service: RunService, run_id: str, after: int, poll_seconds: float
) -> AsyncIterator[ServerSentEvent]:
    """Each new event (`id` = its seq), then the run's State; ends after a complete or cancelled run's State."""
    first = True
    with service.notifier.watch(run_id) as wake:
        while True:
            wake.clear()
            events = await service.store.events_after(run_id, after, EVENTS_PAGE)
            for event in events:
                yield ServerSentEvent(data=event.model_dump_json(), event="thread_event", id=str(event.seq))
            if events or first:
                first = False
                if events:
                    after = events[-1].seq
                state = await service.state(run_id)
                yield ServerSentEvent(data=state.model_dump_json(), event="state")
                if state.status in FINAL_STATUSES and state.last_seq <= after:
                    return
                if len(events) == EVENTS_PAGE:
                    continue  # more are waiting; no need to sleep
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=poll_seconds)
