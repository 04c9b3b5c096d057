"""One settings object, read once from the environment. Nothing else reads os.environ."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every variable the project reads; each is documented in the README."""

    model_config = SettingsConfigDict(extra="ignore", case_sensitive=False)

    tfa_model: str | None = Field(default=None, description="openai[:name], local[:path.gguf] or scripted:path.json")
    openai_api_key: SecretStr | None = Field(default=None, description="key for the openai model")
    openai_base_url: str | None = Field(default=None, description="an OpenAI-compatible server's /v1 URL")
    tfa_openai_model: str = Field(default="gpt-4o-mini", description="model name when TFA_MODEL is just `openai`")
    tfa_openai_tool_choice: Literal["auto", "required"] = Field(
        default="required", description="`auto` for servers that reject `required` (llama-cpp-python's)"
    )
    tfa_temperature: float | None = Field(default=None, ge=0, le=2, description="sampling temperature, if set")
    tfa_max_steps: int = Field(default=10, ge=1, description="default step budget per launch or resume")
    tfa_require_approval: str = Field(default="", description="comma-separated tools that need a person's approval")
    tfa_model_retries: int = Field(default=3, ge=0, description="retries on 429/5xx/timeouts")
    tfa_model_timeout: float = Field(default=60.0, gt=0, description="seconds per model request")
    tfa_context_tokens: int = Field(default=6000, ge=500, description="token budget of the model context")
    tfa_model_cache: str | None = Field(default=None, description="folder for the assembled embedded model")
    tfa_local_threads: int = Field(default=0, ge=0, description="CPU threads for the local model (0: all cores)")
    tfa_local_context: int = Field(default=4096, ge=512, description="context window of the local model")
    tfa_log_format: Literal["text", "json"] = Field(default="text", description="log line format")
    tfa_log_level: str = Field(default="INFO", description="logging level")
    database_url: str | None = Field(
        default=None,
        description="sqlite:///path.db or postgresql://user@host/db (default: backend/data/agent_states.db)",
    )
    tfa_db_pool_size: int = Field(default=10, ge=1, description="database connections per process")
    tfa_api_token: SecretStr | None = Field(default=None, description="when set, the API needs `Bearer <token>`")
    tfa_cors_origins: str = Field(
        default="http://localhost:3000,http://127.0.0.1:3000",
        description="comma-separated origins allowed to call the API from a browser (the UI)",
    )
    tfa_lease_seconds: float = Field(
        default=30.0, gt=0, description="how long a run's claim lasts without renewal (crash recovery delay)"
    )
    tfa_poll_seconds: float = Field(
        default=1.0, gt=0, description="how often to look for unclaimed runs and for events from other processes"
    )
    tfa_sse_ping_seconds: float = Field(default=15.0, gt=0, description="heartbeat interval of event streams")
    tfa_url: str = Field(default="http://127.0.0.1:8000", description="the API that `tfa client` talks to")
    tfa_ui_dir: str | None = Field(default=None, description="built UI to serve at / (default: frontend/dist if built)")

    @property
    def cors_origins(self) -> list[str]:
        """`TFA_CORS_ORIGINS` as a list; `*` is refused because the API may carry a token."""
        return [
            origin.strip() for origin in self.tfa_cors_origins.split(",") if origin.strip() and origin.strip() != "*"
        ]

    @property
    def approval_tools(self) -> list[str]:
        """`TFA_REQUIRE_APPROVAL` as a list of tool names."""
        return [name.strip() for name in self.tfa_require_approval.split(",") if name.strip()]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read on first use."""
    return Settings()
