"""Prompts are files in the package, found from any working directory (factor 2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from twelve_factor.core.prompts import PROMPTS_DIR

from .helpers import calls, scripted_agent


def test_system_prompt_lists_tools_policies_and_extra_instructions() -> None:
    agent = scripted_agent(calls(), approval_required=["power"], instructions="Answer in French.")
    prompt = agent.system_prompt
    assert "- multiply_numbers: Multiply two numbers: a * b." in prompt
    assert "- power: Raise base to the power of exponent: base ** exponent. (a person must approve each call)" in prompt
    assert prompt.endswith("Additional instructions:\nAnswer in French.")
    assert (PROMPTS_DIR / "system.j2").is_file()


def test_prompts_load_from_another_working_directory(tmp_path: Path) -> None:
    script = (
        "from twelve_factor.core.prompts import render_prompt;"
        "print(render_prompt('system', tools=[], instructions=None).splitlines()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.startswith("You are a careful assistant")
