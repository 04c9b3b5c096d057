"""Tools from typed Python functions (factor 4: tools are structured outputs).

The JSON schema and the argument validation both come from the function's
type hints through one pydantic model, so what the model is told and what is
checked can never drift apart.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, get_type_hints, overload

from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from pydantic_core import to_jsonable_python

from twelve_factor.core.errors import ToolError


class ToolSpec(BaseModel):
    """What the model (and the tool catalogue) is told about a tool."""

    model_config = ConfigDict(frozen=True)

    name: str
    description: str
    parameters: dict[str, Any]
    requires_approval: bool = False


@dataclass(frozen=True)
class Tool:
    """A callable the agent may choose, with its argument model and policy."""

    name: str
    description: str
    function: Callable[..., Any]
    arguments_model: type[BaseModel]
    requires_approval: bool = False

    def spec(self, *, requires_approval: bool | None = None) -> ToolSpec:
        """The tool's public description; `requires_approval` may be overridden by the agent."""
        schema = self.arguments_model.model_json_schema()
        schema.pop("title", None)
        for field_schema in schema.get("properties", {}).values():
            field_schema.pop("title", None)
        return ToolSpec(
            name=self.name,
            description=self.description,
            parameters=schema,
            requires_approval=self.requires_approval if requires_approval is None else requires_approval,
        )

    def validate(self, arguments: dict[str, Any]) -> BaseModel:
        """Check the model's arguments; raises `InvalidArguments` with a compact message."""
        try:
            return self.arguments_model.model_validate(arguments)
        except ValidationError as exc:
            raise InvalidArguments(describe_validation_error(exc)) from exc

    async def run(self, arguments: BaseModel) -> Any:
        """Call the function with validated arguments; sync functions run in a thread."""
        kwargs = {name: getattr(arguments, name) for name in type(arguments).model_fields}
        if inspect.iscoroutinefunction(self.function):
            result = await self.function(**kwargs)
        else:
            result = await asyncio.to_thread(self.function, **kwargs)
        return to_jsonable_python(result)


class InvalidArguments(ToolError):
    """The arguments did not match the tool's schema."""


def describe_validation_error(exc: ValidationError) -> str:
    """One short line per problem, e.g. "b: Field required"."""
    parts = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(item) for item in error["loc"]) or "arguments"
        parts.append(f"{location}: {error['msg']}")
    return "; ".join(parts)


def _arguments_model(function: Callable[..., Any], name: str) -> type[BaseModel]:
    hints = get_type_hints(function)
    fields: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise TypeError(f"tool {name}: *args and **kwargs cannot be described to a model")
        if parameter.name not in hints:
            raise TypeError(f"tool {name}: parameter {parameter.name!r} needs a type hint")
        default = ... if parameter.default is parameter.empty else parameter.default
        fields[parameter.name] = (hints[parameter.name], default)
    config = ConfigDict(extra="forbid")
    model: type[BaseModel] = create_model(f"{name}_arguments", __config__=config, **fields)
    return model


@overload
def tool(function: Callable[..., Any], *, name: str | None = None, requires_approval: bool = False) -> Tool: ...


@overload
def tool(
    function: None = None, *, name: str | None = None, requires_approval: bool = False
) -> Callable[[Callable[..., Any]], Tool]: ...


def tool(
    function: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    requires_approval: bool = False,
) -> Tool | Callable[[Callable[..., Any]], Tool]:
    """Turn a typed function into a `Tool`; its docstring is the description.

    Use bare (`@tool`) or with options (`@tool(requires_approval=True)`).
    """

    def wrap(inner: Callable[..., Any]) -> Tool:
        tool_name = name or inner.__name__
        description = inspect.cleandoc(inner.__doc__ or "").strip()
        if not description:
            raise TypeError(f"tool {tool_name}: add a docstring; it is the model's description of the tool")
        return Tool(
            name=tool_name,
            description=description,
            function=inner,
            arguments_model=_arguments_model(inner, tool_name),
            requires_approval=requires_approval,
        )

    return wrap(function) if function is not None else wrap


class Toolbox:
    """The tools one agent may use, by name."""

    def __init__(self, tools: Iterable[Tool]) -> None:
        self._tools: dict[str, Tool] = {}
        for item in tools:
            if item.name in self._tools:
                raise ValueError(f"two tools are named {item.name!r}")
            self._tools[item.name] = item

    def __iter__(self) -> Iterator[Tool]:
        return iter(self._tools.values())

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def get(self, name: str) -> Tool | None:
        """The tool called `name`, or None."""
        return self._tools.get(name)

    @property
    def names(self) -> list[str]:
        """Tool names in registration order."""
        return list(self._tools)
