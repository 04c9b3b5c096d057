"""The tool catalogue and the health check."""

from __future__ import annotations

from fastapi import APIRouter

from twelve_factor import __version__
from twelve_factor.core.tools import ToolSpec
from twelve_factor.server.deps import Service
from twelve_factor.wire import Health

router = APIRouter(tags=["meta"])
open_router = APIRouter(tags=["meta"])


@router.get("/tools")
async def tools(service: Service) -> list[ToolSpec]:
    """The tools the agent may call, with their JSON schema and approval policy."""
    return list(service.agent.tool_specs)


@open_router.get("/healthz")
async def healthz(service: Service) -> Health:
    """Liveness: the database kind and model this server uses. Needs no token."""
    return Health(status="ok", database=service.store.dialect, model=service.agent.model.name, version=__version__)
