"""The original project's example tools: arithmetic with clear errors."""

import math

from twelve_factor.core.errors import ToolError
from twelve_factor.core.tools.registry import tool


@tool
def sum_numbers(a: float, b: float) -> float:
    """Add two numbers: a + b."""
    return a + b


@tool
def subtract_numbers(a: float, b: float) -> float:
    """Subtract the second number from the first: a - b."""
    return a - b


@tool
def multiply_numbers(a: float, b: float) -> float:
    """Multiply two numbers: a * b."""
    return a * b


@tool
def divide_numbers(a: float, b: float) -> float:
    """Divide the first number by the second: a / b."""
    if b == 0:
        raise ToolError("cannot divide by zero: b must not be 0")
    return a / b


@tool
def power(base: float, exponent: float) -> float:
    """Raise base to the power of exponent: base ** exponent."""
    try:
        result = math.pow(base, exponent)
    except (OverflowError, ValueError) as exc:
        raise ToolError(f"cannot raise {base} to the power {exponent}: {exc}") from exc
    return result


@tool
def square_root(x: float) -> float:
    """The square root of a non-negative number."""
    if x < 0:
        raise ToolError(f"cannot take the square root of a negative number ({x})")
    return math.sqrt(x)


MATH_TOOLS = (sum_numbers, subtract_numbers, multiply_numbers, divide_numbers, power, square_root)
