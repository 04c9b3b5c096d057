"""Model clients behind one protocol: openai, local (embedded) and scripted (a test double)."""

from twelve_factor.core.models.base import ChatMessage, MessageToolCall, ModelClient, ModelReply, ModelRequest
from twelve_factor.core.models.scripted import ScriptedCall, ScriptedModel

__all__ = [
    "ChatMessage",
    "MessageToolCall",
    "ModelClient",
    "ModelReply",
    "ModelRequest",
    "ScriptedCall",
    "ScriptedModel",
]
