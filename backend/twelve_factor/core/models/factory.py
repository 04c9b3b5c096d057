"""Model specs (`openai:gpt-4o-mini`, `local`, `local:/path.gguf`, `scripted:/path.json`) -> clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from twelve_factor.core.errors import ConfigError
from twelve_factor.core.models.base import ModelClient
from twelve_factor.core.models.local import LocalModel, LocalOptions
from twelve_factor.core.models.local_weights import ensure_gguf
from twelve_factor.core.models.openai import OpenAIModel
from twelve_factor.core.models.scripted import ScriptedModel

MODEL_KINDS = ("openai", "local", "scripted")


@dataclass(frozen=True)
class ModelOptions:
    """What a model client may need besides its spec; filled from settings by the caller."""

    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_default_model: str = "gpt-4o-mini"
    retries: int = 3
    timeout_s: float = 60.0
    openai_tool_choice: Literal["auto", "required"] = "required"
    temperature: float | None = None
    local_cache_dir: Path | None = None
    local: LocalOptions = field(default_factory=LocalOptions)


def default_spec(options: ModelOptions) -> str:
    """`openai` when an API key is set, otherwise the embedded `local` model."""
    return "openai" if options.openai_api_key else "local"


def build_model(spec: str | None, options: ModelOptions) -> ModelClient:
    """The client a spec names; raises `ConfigError` with the fix when it cannot work."""
    spec = (spec or default_spec(options)).strip()
    kind, _, argument = spec.partition(":")
    if kind == "openai":
        return _openai(argument or options.openai_default_model, options)
    if kind == "scripted":
        if not argument:
            raise ConfigError("TFA_MODEL=scripted needs a script file: scripted:/path/to/script.json")
        return ScriptedModel.from_file(argument)
    if kind == "local":
        path = Path(argument).expanduser() if argument else ensure_gguf(options.local_cache_dir)
        return LocalModel(path, options.local)
    raise ConfigError(f"unknown model {spec!r}; use one of: openai[:name], local[:path.gguf], scripted:path.json")


def _openai(model: str, options: ModelOptions) -> OpenAIModel:
    api_key = options.openai_api_key
    if not api_key:
        if not options.openai_base_url:
            raise ConfigError(
                "the openai model needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)"
            )
        api_key = "not-needed"  # local OpenAI-compatible servers accept any key
    return OpenAIModel(
        model,
        api_key=api_key,
        base_url=options.openai_base_url,
        max_retries=options.retries,
        timeout_s=options.timeout_s,
        tool_choice=options.openai_tool_choice,
        temperature=options.temperature,
    )
