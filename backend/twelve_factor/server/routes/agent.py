"""The original spec's endpoints (launch, state, resume, provide_input, pause) plus approve and cancel."""

from __future__ import annotations

from fastapi import APIRouter

from twelve_factor.server.deps import Service
from twelve_factor.server.routes import BAD_STATUS, NOT_FOUND
from twelve_factor.wire import (
    ApproveRequest,
    CancelRequest,
    LaunchRequest,
    ProvideInputRequest,
    ResumeRequest,
    RunRequest,
    State,
)

router = APIRouter(prefix="/agent", tags=["agent"])


@router.post("/launch", responses={400: {"description": "the body could not be parsed"}})
async def launch(body: LaunchRequest, service: Service) -> State:
    """Start a run of the agent on a task; it executes in the background (status `running`)."""
    return await service.launch(body.input_prompt, body.max_steps)


@router.get("/state/{run_id}", responses=NOT_FOUND)
async def state(run_id: str, service: Service) -> State:
    """The run's current State; poll it, or follow /agent/runs/{id}/stream."""
    return await service.state(run_id)


@router.post("/resume", responses={**NOT_FOUND, **BAD_STATUS, 409: {"description": "the run is running or waiting"}})
async def resume(body: ResumeRequest, service: Service) -> State:
    """Continue a paused, failed or max_steps_reached run with a fresh step budget."""
    return await service.resume(body.id, body.max_steps)


@router.post("/provide_input", responses={**NOT_FOUND, **BAD_STATUS})
async def provide_input(body: ProvideInputRequest, service: Service) -> State:
    """Answer the question a run waiting for human input asked; the run continues."""
    return await service.provide_input(body.id, body.answer)


@router.post("/pause", responses={**NOT_FOUND, **BAD_STATUS})
async def pause(body: RunRequest, service: Service) -> State:
    """Pause a running run at its next step boundary (the returned State may still say running)."""
    return await service.pause(body.id)


@router.post("/approve", responses={**NOT_FOUND, **BAD_STATUS})
async def approve(body: ApproveRequest, service: Service) -> State:
    """Approve or reject the tool call a run waits on; the run continues either way."""
    return await service.approve(body.id, body.approved, body.comment, body.call_id)


@router.post("/cancel", responses={**NOT_FOUND, **BAD_STATUS})
async def cancel(body: CancelRequest, service: Service) -> State:
    """End a run for good; if it is executing, it stops at the next step boundary."""
    return await service.cancel(body.id, body.reason)
