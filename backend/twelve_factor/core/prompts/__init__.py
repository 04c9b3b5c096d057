"""Prompt files, versioned like code (factor 2), rendered with Jinja2.

They are found relative to this package, never to the working directory, so
the agent behaves the same wherever it is started.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

PROMPTS_DIR = Path(__file__).resolve().parent

_environment = Environment(
    loader=FileSystemLoader(PROMPTS_DIR),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
    autoescape=False,  # prompts are plain text for a model, not HTML
)


def render_prompt(name: str, **variables: Any) -> str:
    """Render `prompts/<name>.j2` with `variables`; a missing variable is an error."""
    return _environment.get_template(f"{name}.j2").render(**variables).strip()
