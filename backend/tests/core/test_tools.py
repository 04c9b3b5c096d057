"""Tools from typed functions: schema, validation, approval flag, math errors."""

from __future__ import annotations

import pytest

from twelve_factor.core.errors import ToolError
from twelve_factor.core.tools import InvalidArguments, Toolbox, tool
from twelve_factor.core.tools.math import divide_numbers, power, square_root, sum_numbers


def test_schema_and_description_come_from_hints_and_docstring() -> None:
    @tool(requires_approval=True)
    def transfer(amount: float, to: str, memo: str = "") -> str:
        """Send money to someone."""
        return "sent"

    spec = transfer.spec()
    assert spec.name == "transfer"
    assert spec.description == "Send money to someone."
    assert spec.requires_approval
    assert spec.parameters["properties"]["amount"] == {"type": "number"}
    assert spec.parameters["properties"]["memo"] == {"default": "", "type": "string"}
    assert spec.parameters["required"] == ["amount", "to"]
    assert spec.parameters["additionalProperties"] is False


def test_validation_errors_are_compact_and_name_the_field() -> None:
    with pytest.raises(InvalidArguments) as caught:
        sum_numbers.validate({"a": "x", "c": 1})
    message = str(caught.value)
    assert "a: Input should be a valid number" in message
    assert "b: Field required" in message
    assert "c: Extra inputs are not permitted" in message


def test_tools_must_be_typed_and_documented() -> None:
    with pytest.raises(TypeError, match="needs a type hint"):

        @tool
        def untyped(x):  # type: ignore[no-untyped-def]
            """Doc."""

    with pytest.raises(TypeError, match="add a docstring"):

        @tool
        def undocumented(x: int) -> int:
            return x


def test_two_tools_with_one_name_are_refused() -> None:
    with pytest.raises(ValueError, match="two tools are named 'sum_numbers'"):
        Toolbox([sum_numbers, sum_numbers])


async def test_math_tools_compute_and_refuse_clearly() -> None:
    assert await power.run(power.validate({"base": 2, "exponent": 10})) == 1024
    assert await square_root.run(square_root.validate({"x": 16})) == 4
    with pytest.raises(ToolError, match="cannot divide by zero"):
        await divide_numbers.run(divide_numbers.validate({"a": 1, "b": 0}))
    with pytest.raises(ToolError, match="square root of a negative number"):
        await square_root.run(square_root.validate({"x": -1}))
    with pytest.raises(ToolError, match=r"cannot raise 10\.0 to the power 1000"):
        await power.run(power.validate({"base": 10, "exponent": 1000}))


async def test_async_tools_are_awaited() -> None:
    @tool
    async def fetch(key: str) -> dict[str, str]:
        """Look a key up."""
        return {"key": key}

    assert await fetch.run(fetch.validate({"key": "k"})) == {"key": "k"}
