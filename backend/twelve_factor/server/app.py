"""`create_app(settings, ...)`: the FastAPI app, with its store, agent, runner and clock injected.

Tests pass their own parts; `tfa serve` passes none and gets the ones the
settings describe (database migrated on start, model from TFA_MODEL).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from twelve_factor import __version__
from twelve_factor.core.agent import Agent
from twelve_factor.core.events import utc_now
from twelve_factor.server.deps import require_token
from twelve_factor.server.errors import install_error_handlers
from twelve_factor.server.notifier import Notifier
from twelve_factor.server.routes import agent as agent_routes
from twelve_factor.server.routes import meta, runs
from twelve_factor.server.runner import Runner
from twelve_factor.server.service import RunService
from twelve_factor.server.threads import ThreadCache
from twelve_factor.settings import Settings
from twelve_factor.store import RunStore, default_database_url, open_store
from twelve_factor.wiring import build_agent

# Prompts and answers are at most 100 000 characters, which JSON may escape
# to 12 bytes each (a surrogate pair); bodies far beyond that are refused
# before they are read into memory.
MAX_BODY_BYTES = 4_000_000
DEFAULT_UI_DIR = Path(__file__).resolve().parents[3] / "frontend" / "dist"


class BodyLimit:
    """413 for requests whose declared body is larger than `limit` bytes."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"0")
            if not length.isdigit() or int(length) > self.limit:
                detail = b'{"detail":"the request body is too large (or its Content-Length is not a number)"}'
                await send(
                    {"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json")]}
                )
                await send({"type": "http.response.body", "body": detail})
                return
        await self.app(scope, receive, send)


def create_app(
    settings: Settings,
    *,
    store: RunStore | None = None,
    agent: Agent | None = None,
    clock: Callable[[], datetime] = utc_now,
    runner_name: str | None = None,
) -> FastAPI:
    """The API. Parts not given are built from `settings` when the app starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        run_store = store or await open_store(
            settings.database_url or default_database_url(), pool_size=settings.tfa_db_pool_size
        )
        run_agent = agent or build_agent(settings)
        notifier = Notifier()
        threads = ThreadCache(run_store)
        runner = Runner(
            run_store,
            run_agent,
            notifier,
            threads=threads,
            clock=clock,
            lease_seconds=settings.tfa_lease_seconds,
            poll_seconds=settings.tfa_poll_seconds,
            name=runner_name,
        )
        app.state.service = RunService(run_store, run_agent, runner, notifier, clock, threads)
        await runner.start()
        try:
            yield
        finally:
            await runner.stop()
            if store is None:
                await run_store.close()

    app = FastAPI(
        title="Twelve-Factor Agents",
        version=__version__,
        description="Reliable LLM agents as an append-only thread of events.",
        lifespan=lifespan,
        responses={413: {"description": "the request body is larger than 4 MB"}},
    )
    app.state.settings = settings
    # The bearer scheme appears in the OpenAPI document only when a token is required.
    secured = [Depends(require_token)] if settings.tfa_api_token is not None else []
    app.include_router(agent_routes.router, dependencies=secured)
    app.include_router(runs.router, dependencies=secured)
    app.include_router(meta.router, dependencies=secured)
    app.include_router(meta.open_router)
    install_error_handlers(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
    )
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    ui_dir = Path(settings.tfa_ui_dir) if settings.tfa_ui_dir else DEFAULT_UI_DIR
    if (ui_dir / "index.html").is_file():
        app.mount("/", StaticFiles(directory=ui_dir, html=True), name="ui")
    return app
