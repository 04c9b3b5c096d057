"""Typed dependencies the routes ask for; `create_app` puts the real ones on `app.state`.

They are `async def` because FastAPI runs plain `def` dependencies in a thread pool, a hop per
request that costs more than these lookups.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from twelve_factor.server.service import RunService
from twelve_factor.settings import Settings


async def get_service(request: Request) -> RunService:
    """The run service of this app."""
    service: RunService = request.app.state.service
    return service


async def get_settings(request: Request) -> Settings:
    """The settings this app was created with."""
    settings: Settings = request.app.state.settings
    return settings


Service = Annotated[RunService, Depends(get_service)]
AppSettings = Annotated[Settings, Depends(get_settings)]

_bearer = HTTPBearer(auto_error=False, description="needed when the server sets TFA_API_TOKEN")


async def require_token(
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    token: Annotated[str | None, Query(include_in_schema=False)] = None,
) -> None:
    """401 unless TFA_API_TOKEN is unset or the request carries it (header, or `?token=` for EventSource)."""
    expected = settings.tfa_api_token
    if expected is None:
        return
    given = credentials.credentials if credentials is not None else token
    if given is None or not secrets.compare_digest(given.encode(), expected.get_secret_value().encode()):
        raise HTTPException(
            status_code=401,
            detail="missing or wrong API token; send 'Authorization: Bearer <TFA_API_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
