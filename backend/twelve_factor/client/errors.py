"""Errors of the HTTP client; each carries the server's message.

ClientError
├── TransportError     the server could not be reached (or the connection broke)
└── ApiError           the server answered 4xx/5xx; `status_code` and `detail` say why
    ├── Unauthorized   401: missing or wrong API token
    ├── NotFound       404: no run has this id
    ├── Conflict       409: the run is busy (running or waiting) or changed meanwhile
    ├── BadRequest     400: the run's status does not allow the action
    └── InvalidInput   422: the request body or parameters are invalid
"""

from __future__ import annotations

from typing import Any

from twelve_factor.core.errors import TwelveFactorError


class ClientError(TwelveFactorError):
    """Base of the client's errors."""


class TransportError(ClientError):
    """The server could not be reached, or the connection broke."""


class ApiError(ClientError):
    """The server refused the request; `detail` is its explanation."""

    def __init__(self, status_code: int, detail: Any) -> None:
        self.status_code = status_code
        self.detail = detail
        super().__init__(f"{status_code}: {_describe(detail)}")


class Unauthorized(ApiError):
    """401: missing or wrong API token."""


class NotFound(ApiError):
    """404: no run has this id."""


class Conflict(ApiError):
    """409: the run is busy or changed meanwhile."""


class BadRequest(ApiError):
    """400: the action does not fit the run's status."""


class InvalidInput(ApiError):
    """422: the request did not validate."""


ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    404: NotFound,
    409: Conflict,
    422: InvalidInput,
}


def _describe(detail: Any) -> str:
    if isinstance(detail, list):  # FastAPI's validation errors
        parts = []
        for item in detail:
            if isinstance(item, dict):
                where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
                parts.append(f"{where}: {item.get('msg')}" if where else str(item.get("msg")))
        return "; ".join(parts) or str(detail)
    return str(detail)


def error_for(status_code: int, body: Any) -> ApiError:
    """The typed error for a response status and its JSON body."""
    detail = body.get("detail", body) if isinstance(body, dict) else body
    return ERRORS_BY_STATUS.get(status_code, ApiError)(status_code, detail)
