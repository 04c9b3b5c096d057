"""The run history and one run's events, as a JSON page or a live stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from sse_starlette import EventSourceResponse

from twelve_factor.core.state import RunStatus
from twelve_factor.server.deps import AppSettings, Service
from twelve_factor.server.routes import NOT_FOUND
from twelve_factor.server.sse import run_stream
from twelve_factor.wire import EventList, RunList

router = APIRouter(prefix="/agent/runs", tags=["runs"])

After = Annotated[int, Query(ge=-1, le=2**31 - 1, description="only events with a greater seq")]


@router.get("", responses={400: {"description": "the cursor is not valid"}})
async def list_runs(
    service: Service,
    status: RunStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500, description="next_cursor of the previous page")] = None,
) -> RunList:
    """Runs, newest first, optionally of one status."""
    return await service.list_runs(status, limit, cursor)


@router.get("/{run_id}/events", responses=NOT_FOUND)
async def events(run_id: str, service: Service, after: After = -1) -> EventList:
    """Up to 1000 of the run's events after seq `after` (the polling alternative to the stream)."""
    return EventList(events=await service.events(run_id, after))


@router.get(
    "/{run_id}/stream",
    response_class=EventSourceResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "thread_event and state events"},
        **NOT_FOUND,
    },
)
async def stream(
    run_id: str,
    service: Service,
    settings: AppSettings,
    after: After | None = None,
    last_event_id: Annotated[str | None, Header(max_length=20)] = None,
) -> EventSourceResponse:
    """Server-sent events: each thread event (`id` = seq) then the State; resumes after `Last-Event-ID`."""
    await service.store.get(run_id)  # a 404 now, not an empty stream
    start = -1 if after is None else after
    if last_event_id is not None and last_event_id.strip().lstrip("-").isdigit():
        start = max(start, min(int(last_event_id), 2**31 - 1))
    return EventSourceResponse(
        run_stream(service, run_id, start, settings.tfa_poll_seconds), ping=int(settings.tfa_sse_ping_seconds)
    )
