"""The project's exception tree; every message says what was wrong and what to do.

TwelveFactorError
├── ToolError        a tool refused its input (the model sees the message)
├── ModelError       the model could not be reached or answered badly
├── RunStateError    an action that the run's current status does not allow
└── ConfigError      settings that cannot work (missing key, bad model spec)
"""


class TwelveFactorError(Exception):
    """Base of every error the library raises on purpose."""


class ToolError(TwelveFactorError):
    """Raised by a tool to report a problem the model should learn from."""


class ModelError(TwelveFactorError):
    """The model call failed; `retryable` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


class RunStateError(TwelveFactorError):
    """The action does not fit the run's status (e.g. answering a running run)."""


class ConfigError(TwelveFactorError):
    """Configuration that cannot work; the message names the setting to change."""
