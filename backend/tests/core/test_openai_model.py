"""The `openai` client over real HTTP against an OpenAI-compatible double on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from twelve_factor.core.agent import Agent
from twelve_factor.core.errors import ModelError
from twelve_factor.core.events import ToolCallEvent
from twelve_factor.core.loop import run_until_blocked
from twelve_factor.core.models.base import ModelRequest
from twelve_factor.core.models.openai import OpenAIModel
from twelve_factor.core.state import derive_state

from ..openai_double import ScriptedOpenAIServer, error_response, text_response, tool_call_response
from .helpers import StepClock


@pytest.fixture
def peer() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer().running() as server:
        yield server


def model_for(peer: ScriptedOpenAIServer, **options: float | int) -> OpenAIModel:
    return OpenAIModel("test-model", api_key="sk-test", base_url=peer.base_url, **options)  # type: ignore[arg-type]


async def test_agent_runs_to_completion_with_native_tool_calls(peer: ScriptedOpenAIServer) -> None:
    peer.responses = [
        tool_call_response("multiply_numbers", {"a": 3, "b": 4}, prompt_tokens=120),
        tool_call_response("final_answer", {"answer": "3 times 4 is 12."}, prompt_tokens=150),
    ]
    agent = Agent(model_for(peer), clock=StepClock())
    thread = await run_until_blocked(agent, agent.start("what is 3 times 4?"))

    state = derive_state(thread)
    assert (state.status, state.final_answer) == ("complete", "3 times 4 is 12.")
    assert (state.prompt_tokens, state.completion_tokens) == (270, 14)
    first_call = next(event for event in thread.events if isinstance(event, ToolCallEvent))
    assert first_call.data.usage is not None and first_call.data.usage.prompt_tokens == 120
    assert first_call.data.model == "openai:test-model"

    first, second = peer.requests
    assert peer.headers[0]["authorization"] == "Bearer sk-test"
    assert first["model"] == "test-model"
    assert first["tool_choice"] == "required"
    assert first["messages"][0]["role"] == "system"
    assert first["messages"][1] == {"role": "user", "content": "what is 3 times 4?"}
    multiply = next(tool for tool in first["tools"] if tool["function"]["name"] == "multiply_numbers")
    assert multiply["function"]["parameters"]["required"] == ["a", "b"]
    assistant, tool_message = second["messages"][2:4]
    assert assistant["tool_calls"][0]["function"] == {"name": "multiply_numbers", "arguments": '{"a":3,"b":4}'}
    assert tool_message == {"role": "tool", "content": "12.0", "tool_call_id": assistant["tool_calls"][0]["id"]}


async def test_429_and_5xx_are_retried_with_backoff(peer: ScriptedOpenAIServer) -> None:
    fast_retry = {"retry-after-ms": "10"}
    peer.responses = [
        error_response(429, "slow down", fast_retry),
        error_response(503, "overloaded", fast_retry),
        tool_call_response("sum_numbers", {"a": 1, "b": 2}),
    ]
    reply = await model_for(peer, max_retries=3).complete(_request())
    assert (reply.name, reply.arguments) == ("sum_numbers", {"a": 1, "b": 2})
    assert len(peer.requests) == 3


async def test_rate_limit_that_outlasts_the_retries_is_a_retryable_model_error(peer: ScriptedOpenAIServer) -> None:
    peer.responses = [error_response(429, "slow down", {"retry-after-ms": "10"}) for _ in range(2)]
    with pytest.raises(ModelError, match=r"rate limiting requests \(429\) after retries") as caught:
        await model_for(peer, max_retries=1).complete(_request())
    assert caught.value.retryable
    assert len(peer.requests) == 2


async def test_timeouts_are_retried_then_reported(peer: ScriptedOpenAIServer) -> None:
    slow = tool_call_response("sum_numbers", {"a": 1, "b": 2})
    slow.delay_s = 2.0
    peer.responses = [slow, tool_call_response("sum_numbers", {"a": 5, "b": 5})]
    reply = await model_for(peer, max_retries=1, timeout_s=0.3).complete(_request())
    assert reply.arguments == {"a": 5, "b": 5}


async def test_a_wrong_key_is_a_clear_non_retryable_error(peer: ScriptedOpenAIServer) -> None:
    peer.responses = [error_response(401, "Incorrect API key provided")]
    with pytest.raises(ModelError, match=r"rejected the API key \(401\); check OPENAI_API_KEY") as caught:
        await model_for(peer).complete(_request())
    assert not caught.value.retryable
    assert len(peer.requests) == 1


async def test_text_or_broken_arguments_are_reported_for_the_model_to_fix(peer: ScriptedOpenAIServer) -> None:
    peer.responses = [text_response("It is 12."), tool_call_response("sum_numbers", "{not json")]
    text = await model_for(peer).complete(_request())
    assert (text.name, text.arguments, text.raw) == (None, None, "It is 12.")
    broken = await model_for(peer).complete(_request())
    assert (broken.name, broken.arguments, broken.raw) == ("sum_numbers", None, "{not json")


def _request() -> ModelRequest:
    agent = Agent(OpenAIModel("unused", api_key="x"))
    thread = agent.start("task")
    messages = tuple(agent.context.build(thread, agent.system_prompt))
    return ModelRequest(messages=messages, tools=agent.tool_specs, thread=thread)


async def test_a_call_written_into_the_text_is_read_as_a_call(peer: ScriptedOpenAIServer) -> None:
    peer.responses = [
        text_response('<tool_call>\n{"name": "power", "arguments": {"base": 2, "exponent": 3}}\n</tool_call>'),
        text_response('{"name": "sum_numbers", "arguments": "{\\"a\\": 1, \\"b\\": 2}"}'),
        text_response('{"answer": 3}'),
    ]
    tagged = await model_for(peer).complete(_request())
    assert (tagged.name, tagged.arguments) == ("power", {"base": 2, "exponent": 3})
    bare = await model_for(peer).complete(_request())
    assert (bare.name, bare.arguments) == ("sum_numbers", {"a": 1, "b": 2})
    other = await model_for(peer).complete(_request())
    assert (other.name, other.raw) == (None, '{"answer": 3}')
