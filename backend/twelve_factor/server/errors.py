"""Domain errors -> HTTP status codes, in one place."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from twelve_factor.core.errors import RunStateError, TwelveFactorError
from twelve_factor.store import RunNotFound, StaleThread


class RunConflict(RunStateError):
    """The action clashes with the run being executed or waiting (409, as the original's resume)."""


class BadRequest(TwelveFactorError):
    """A request that is well-formed but cannot be served (a bad cursor...)."""


STATUS_CODES: tuple[tuple[type[Exception], int], ...] = (
    (RunNotFound, 404),
    (RunConflict, 409),
    (StaleThread, 409),
    (RunStateError, 400),
    (BadRequest, 400),
)


def install_error_handlers(app: FastAPI) -> None:
    """Answer each domain error with its status code and its message as `detail`."""

    async def handle(_: Request, exc: Exception) -> JSONResponse:
        for kind, status_code in STATUS_CODES:
            if isinstance(exc, kind):
                detail = str(exc)
                if isinstance(exc, StaleThread):
                    detail = f"the run changed while this request was handled ({exc}); read its state and retry"
                return JSONResponse({"detail": detail}, status_code=status_code)
        raise exc

    for kind, _ in STATUS_CODES:
        app.add_exception_handler(kind, handle)
