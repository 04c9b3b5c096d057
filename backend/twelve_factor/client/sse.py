"""A tiny server-sent-events parser (the subset our server speaks: event, data, id, comments)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SseMessage:
    """One dispatched message."""

    event: str
    data: str
    id: str | None


class SseParser:
    """Feed it lines without their line ending; it returns a message at each blank line."""

    def __init__(self) -> None:
        self._event = "message"
        self._data: list[str] = []
        self._id: str | None = None

    def feed(self, line: str) -> SseMessage | None:
        """Take one line; a complete message when `line` ends one."""
        if not line:
            if not self._data:
                self._event = "message"
                return None
            message = SseMessage(event=self._event, data="\n".join(self._data), id=self._id)
            self._event, self._data, self._id = "message", [], None
            return message
        if line.startswith(":"):
            return None  # a comment: the server's heartbeat
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "event":
            self._event = value
        elif field == "data":
            self._data.append(value)
        elif field == "id":
            self._id = value
        return None
