"""Eval cases: a task, the steps already taken, and what the next step must be."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from twelve_factor.core.events import (
    EventData,
    HumanAnswer,
    HumanQuestion,
    Thread,
    ToolCall,
    ToolErrorData,
    ToolResult,
    UserInput,
    number_events,
    utc_now,
)

# evals/ sits at the repository root, beside backend/.
DEFAULT_CASES = Path(__file__).resolve().parents[3] / "evals" / "cases.json"
NUMBER_TOLERANCE = 1e-6


class PriorStep(BaseModel):
    """One step already in the thread: a call with its result or error, or a question answered."""

    model_config = ConfigDict(extra="forbid")

    call: str | None = None
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: Any = None
    error: str | None = None
    question: str | None = None
    answer: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PriorStep:
        if (self.call is None) == (self.question is None):
            raise ValueError("a prior step has either `call` (with result or error) or `question` (with answer)")
        if self.question is not None and self.answer is None:
            raise ValueError("a question in the history needs its answer")
        return self


class Expectation(BaseModel):
    """What the next call must be. Numbers match within 1e-6; text checks ignore case."""

    model_config = ConfigDict(extra="forbid")

    tool: list[str] = Field(min_length=1)
    arguments: dict[str, Any] = Field(default_factory=dict)
    unordered: bool = Field(default=False, description="the two numeric arguments may come in either order")
    contains: dict[str, str] = Field(default_factory=dict, description="argument -> text it must contain")

    @model_validator(mode="before")
    @classmethod
    def _tool_as_list(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and isinstance(raw.get("tool"), str):
            return {**raw, "tool": [raw["tool"]]}
        return raw

    def describe(self) -> str:
        """A short text for the results table."""
        parts = ["|".join(self.tool)]
        if self.arguments:
            parts.append(_format(self.arguments) + (" (any order)" if self.unordered else ""))
        parts.extend(f"{name}~{text!r}" for name, text in self.contains.items())
        return " ".join(parts)

    def check(self, name: str | None, arguments: dict[str, Any] | None) -> bool:
        """Whether a model's reply meets this expectation."""
        if name not in self.tool or arguments is None:
            return False
        if self.arguments and not _arguments_match(self.arguments, arguments, unordered=self.unordered):
            return False
        return all(text.lower() in str(arguments.get(field, "")).lower() for field, text in self.contains.items())


class EvalCase(BaseModel):
    """A thread (task plus prior steps) and the next step it must lead to."""

    model_config = ConfigDict(extra="forbid")

    id: str
    task: str
    history: list[PriorStep] = Field(default_factory=list)
    expect: Expectation
    smoke: bool = Field(default=False, description="part of the small subset ./test.sh always runs")

    def thread(self) -> Thread:
        """The case as the thread a live run would have at this point."""
        data: list[EventData] = [UserInput(content=self.task, max_steps=50)]
        for index, step in enumerate(self.history, 1):
            call_id = f"call_{index}"
            if step.question is not None:
                data.append(ToolCall(call_id=call_id, name="ask_human", arguments={"question": step.question}))
                data.append(HumanQuestion(call_id=call_id, question=step.question))
                data.append(HumanAnswer(call_id=call_id, answer=step.answer or ""))
                continue
            name = step.call or ""
            data.append(ToolCall(call_id=call_id, name=name, arguments=step.arguments))
            if step.error is not None:
                data.append(ToolErrorData(call_id=call_id, name=name, kind="tool_failed", message=step.error))
            else:
                data.append(ToolResult(call_id=call_id, name=name, output=step.result))
        return Thread(run_id=f"eval-{self.id}", events=tuple(number_events(0, data, utc_now())))


class EvalSuite(BaseModel):
    """The file of cases."""

    cases: list[EvalCase] = Field(min_length=1)


def load_cases(path: Path = DEFAULT_CASES, *, smoke_only: bool = False) -> list[EvalCase]:
    """Read and validate the cases; `smoke_only` keeps the always-run subset."""
    suite = EvalSuite.model_validate_json(path.read_text())
    return [case for case in suite.cases if case.smoke or not smoke_only]


def _arguments_match(expected: dict[str, Any], actual: dict[str, Any], *, unordered: bool) -> bool:
    if _values_match(expected, actual):
        return True
    if unordered and len(expected) == 2:
        (first, second), values = list(expected), list(expected.values())
        return _values_match({first: values[1], second: values[0]}, actual)
    return False


def _values_match(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    for name, wanted in expected.items():
        got = actual.get(name)
        if isinstance(wanted, int | float) and isinstance(got, int | float) and not isinstance(got, bool):
            if not math.isclose(wanted, got, rel_tol=NUMBER_TOLERANCE, abs_tol=NUMBER_TOLERANCE):
                return False
        elif wanted != got:
            return False
    return True


def _format(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{name}={value}" for name, value in arguments.items())
