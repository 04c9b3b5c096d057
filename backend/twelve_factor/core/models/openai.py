"""The `openai` client: Chat Completions with native tool calling.

Works with OpenAI and with any OpenAI-compatible server (Ollama, vLLM,
llama.cpp's server, LM Studio) through `base_url`. Retries with backoff on
429, 5xx, connection errors and timeouts are the SDK's own (`max_retries`);
we only translate what is left into `ModelError`s a person can act on.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, cast

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionFunctionToolParam, ChatCompletionMessageParam

from twelve_factor.core.errors import ModelError
from twelve_factor.core.events import TokenUsage
from twelve_factor.core.models.base import ChatMessage, ModelReply, ModelRequest
from twelve_factor.core.tools.registry import ToolSpec


def message_to_openai(message: ChatMessage) -> dict[str, Any]:
    """One context message in the Chat Completions request shape."""
    wire: dict[str, Any] = {"role": message.role, "content": message.content}
    if message.tool_calls:
        # Strict OpenAI-compatible servers (llama-cpp-python's) reject a null content.
        wire["content"] = message.content or ""
        wire["tool_calls"] = [
            {"id": call.id, "type": "function", "function": {"name": call.name, "arguments": call.arguments}}
            for call in message.tool_calls
        ]
    if message.tool_call_id is not None:
        wire["tool_call_id"] = message.tool_call_id
    return wire


def tool_to_openai(spec: ToolSpec) -> dict[str, Any]:
    """One tool in the Chat Completions `tools` shape."""
    return {
        "type": "function",
        "function": {"name": spec.name, "description": spec.description, "parameters": spec.parameters},
    }


class OpenAIModel:
    """A model behind an OpenAI-compatible Chat Completions endpoint."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str | None = None,
        max_retries: int = 3,
        timeout_s: float = 60.0,
        tool_choice: Literal["auto", "required"] = "required",
        temperature: float | None = None,
    ) -> None:
        self._model = model
        self._base_url = base_url
        self._tool_choice = tool_choice
        self._temperature = temperature
        self._client = AsyncOpenAI(api_key=api_key, base_url=base_url, max_retries=max_retries, timeout=timeout_s)

    @property
    def name(self) -> str:
        return f"openai:{self._model}"

    async def complete(self, request: ModelRequest) -> ModelReply:
        try:
            response = await self._client.chat.completions.create(
                model=self._model,
                messages=cast(
                    "list[ChatCompletionMessageParam]", [message_to_openai(message) for message in request.messages]
                ),
                tools=cast("list[ChatCompletionFunctionToolParam]", [tool_to_openai(spec) for spec in request.tools]),
                tool_choice=self._tool_choice,
                temperature=self._temperature if self._temperature is not None else openai.omit,
            )
        except openai.APIError as exc:
            raise self._translate(exc) from exc
        if not response.choices:
            raise ModelError(f"{self.name} returned no choices", retryable=True)
        message = response.choices[0].message
        usage = None
        if response.usage is not None:
            usage = TokenUsage(
                prompt_tokens=response.usage.prompt_tokens, completion_tokens=response.usage.completion_tokens
            )
        function_calls = [call for call in message.tool_calls or [] if call.type == "function"]
        if not function_calls:
            text = message.content or ""
            written = call_in_text(text)
            if written is None:
                return ModelReply(name=None, arguments=None, raw=text, usage=usage)
            name, arguments = written
            return ModelReply(name=name, arguments=arguments, raw=text, usage=usage)
        first = function_calls[0].function
        return ModelReply(
            name=first.name,
            arguments=_json_object(first.arguments),
            call_id=function_calls[0].id,
            raw=first.arguments,
            usage=usage,
        )

    def _translate(self, exc: openai.APIError) -> ModelError:
        where = self._base_url or "the OpenAI API"
        if isinstance(exc, openai.AuthenticationError):
            return ModelError(f"{where} rejected the API key (401); check OPENAI_API_KEY")
        if isinstance(exc, openai.PermissionDeniedError):
            return ModelError(f"{where} refused access to model {self._model!r} (403)")
        if isinstance(exc, openai.NotFoundError):
            return ModelError(f"{where} has no model {self._model!r} (404); check TFA_MODEL")
        if isinstance(exc, openai.RateLimitError):
            return ModelError(f"{where} is rate limiting requests (429) after retries", retryable=True)
        if isinstance(exc, openai.APITimeoutError):
            return ModelError(f"{where} did not answer in time, even after retries", retryable=True)
        if isinstance(exc, openai.APIConnectionError):
            return ModelError(f"cannot connect to {where}: {exc}", retryable=True)
        if isinstance(exc, openai.APIStatusError):
            retryable = exc.status_code >= 500
            return ModelError(f"{where} answered {exc.status_code}: {exc.message}", retryable=retryable)
        return ModelError(f"{where} failed: {exc}")


_TOOL_CALL_TAG = re.compile(r"<tool_call>\s*(.*?)\s*</tool_call>", re.DOTALL)


def call_in_text(text: str) -> tuple[str, dict[str, Any] | None] | None:
    """A tool call a server left in the message text instead of `tool_calls`.

    Models trained on the Hermes/Qwen format write `{"name": ..., "arguments": {...}}`,
    often inside `<tool_call>` tags; servers without a parser for it (llama-cpp-python's,
    older Ollama) return it as plain content. Anything else is not a call.
    """
    tagged = _TOOL_CALL_TAG.search(text)
    candidate = tagged.group(1) if tagged else text.strip()
    try:
        value = json.loads(candidate)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or "arguments" not in value:
        return None
    arguments = value["arguments"]
    if isinstance(arguments, str):
        return value["name"], _json_object(arguments)
    return value["name"], arguments if isinstance(arguments, dict) else None


def _json_object(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
