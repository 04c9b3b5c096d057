"""The one small protocol every model client implements."""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from twelve_factor.core.events import Thread, TokenUsage
from twelve_factor.core.tools.registry import ToolSpec


class MessageToolCall(BaseModel):
    """A tool call inside an assistant message; `arguments` is a JSON string as on the wire."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: str


class ChatMessage(BaseModel):
    """One message of the context, in the Chat Completions shape."""

    model_config = ConfigDict(frozen=True)

    role: Literal["system", "user", "assistant", "tool"]
    content: str | None = None
    tool_calls: tuple[MessageToolCall, ...] = ()
    tool_call_id: str | None = None


class ModelRequest(BaseModel):
    """Everything a model needs for one step.

    `messages` is the standard context (system prompt first); `thread` is there
    for clients that own a different serialisation (the embedded model does).
    """

    model_config = ConfigDict(frozen=True)

    messages: tuple[ChatMessage, ...]
    tools: tuple[ToolSpec, ...]
    thread: Thread


class ModelReply(BaseModel):
    """The model's choice for this step: one tool call, or text it produced instead.

    `arguments` is None when the model's arguments were not a JSON object; the
    raw text is kept in `raw` so the error shown to the model can quote it.
    """

    model_config = ConfigDict(frozen=True)

    name: str | None
    arguments: dict[str, Any] | None
    call_id: str | None = None
    raw: str | None = None
    usage: TokenUsage | None = None


class ModelClient(Protocol):
    """Choose the next tool call. Implementations must not block the event loop."""

    @property
    def name(self) -> str:
        """A label for logs, the UI and events, e.g. `openai:gpt-4o-mini`."""
        ...

    async def complete(self, request: ModelRequest) -> ModelReply:
        """One model call; raises `ModelError` when the model cannot answer."""
        ...
