"""Build the agent a process uses from its settings (CLI, server and worker share this)."""

from __future__ import annotations

from pathlib import Path

from twelve_factor.core.agent import Agent
from twelve_factor.core.context import ContextBuilder
from twelve_factor.core.models.base import ModelClient
from twelve_factor.core.models.factory import ModelOptions, build_model
from twelve_factor.core.models.local import LocalOptions
from twelve_factor.core.tools import MATH_TOOLS
from twelve_factor.settings import Settings


def model_options(settings: Settings) -> ModelOptions:
    """The model options that settings define."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return ModelOptions(
        openai_api_key=key,
        openai_base_url=settings.openai_base_url,
        openai_default_model=settings.tfa_openai_model,
        retries=settings.tfa_model_retries,
        timeout_s=settings.tfa_model_timeout,
        openai_tool_choice=settings.tfa_openai_tool_choice,
        temperature=settings.tfa_temperature,
        local_cache_dir=Path(settings.tfa_model_cache) if settings.tfa_model_cache else None,
        local=LocalOptions(context_tokens=settings.tfa_local_context, threads=settings.tfa_local_threads),
    )


def build_agent(settings: Settings, *, model: str | None = None, max_steps: int | None = None) -> Agent:
    """The math agent configured by `settings`; `model` and `max_steps` override them."""
    client: ModelClient = build_model(model or settings.tfa_model, model_options(settings))
    return Agent(
        client,
        MATH_TOOLS,
        max_steps=max_steps or settings.tfa_max_steps,
        approval_required=settings.approval_tools,
        context=ContextBuilder(token_budget=settings.tfa_context_tokens),
    )
