"""Tools: the registry (schema from type hints), the control built-ins and the math examples."""

from twelve_factor.core.tools.builtins import ASK_HUMAN, CONTROL_TOOLS, FINAL_ANSWER
from twelve_factor.core.tools.math import MATH_TOOLS
from twelve_factor.core.tools.registry import InvalidArguments, Tool, Toolbox, ToolSpec, tool

__all__ = [
    "ASK_HUMAN",
    "CONTROL_TOOLS",
    "FINAL_ANSWER",
    "MATH_TOOLS",
    "InvalidArguments",
    "Tool",
    "ToolSpec",
    "Toolbox",
    "tool",
]
