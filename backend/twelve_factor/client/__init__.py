"""Clients of an agent: the terminal (`tfa run`) and, over HTTP, `Client` / `AsyncClient` (`tfa client`)."""

from twelve_factor.client.errors import (
    ApiError,
    BadRequest,
    ClientError,
    Conflict,
    InvalidInput,
    NotFound,
    TransportError,
    Unauthorized,
)
from twelve_factor.client.http import AsyncClient, Client, StreamItem

__all__ = [
    "ApiError",
    "AsyncClient",
    "BadRequest",
    "Client",
    "ClientError",
    "Conflict",
    "InvalidInput",
    "NotFound",
    "StreamItem",
    "TransportError",
    "Unauthorized",
]
