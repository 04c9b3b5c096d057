"""The `local` client: an embedded GGUF model run in-process with llama-cpp-python.

Every reply is constrained by a grammar built from the union of the tools'
JSON schemas (factor 4), so it always parses into a call to a real tool with
its required arguments. The model is loaded once per process and shared;
llama.cpp contexts are not thread-safe, so all inference goes through one
dedicated worker thread, which also keeps it off the event loop.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twelve_factor.core.errors import ConfigError, ModelError
from twelve_factor.core.events import TokenUsage
from twelve_factor.core.models.base import ModelReply, ModelRequest
from twelve_factor.core.models.local_format import step_schema, thread_messages

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_grammar import LlamaGrammar

_INFERENCE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tfa-local-model")
_LOADED: dict[tuple[str, int, int], Llama] = {}
_GRAMMARS: dict[str, LlamaGrammar] = {}
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class LocalOptions:
    """Tuning for the embedded model."""

    context_tokens: int = 4096
    threads: int = 0  # 0: all cores
    max_tokens: int = 192


@atexit.register
def _close_models() -> None:
    # Free llama.cpp contexts while the interpreter is intact; left to
    # Llama.__del__ at shutdown they fail noisily on half-torn-down modules.
    with _LOAD_LOCK:
        for llama in _LOADED.values():
            llama.close()
        _LOADED.clear()


def _load(path: Path, options: LocalOptions) -> Llama:
    try:
        from llama_cpp import Llama
    except ImportError as exc:
        raise ConfigError(
            "the local model needs llama-cpp-python: run ./start.sh, or pip install -e 'backend[local]'"
        ) from exc
    threads = options.threads or os.cpu_count() or 1
    key = (str(path), options.context_tokens, threads)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = Llama(
                model_path=str(path),
                n_ctx=options.context_tokens,
                n_threads=threads,
                n_threads_batch=threads,
                verbose=False,
            )
        return _LOADED[key]


def _grammar(schema: dict[str, Any]) -> LlamaGrammar:
    from llama_cpp.llama_grammar import LlamaGrammar

    text = json.dumps(schema, sort_keys=True)
    if text not in _GRAMMARS:
        _GRAMMARS[text] = LlamaGrammar.from_json_schema(text, verbose=False)
    return _GRAMMARS[text]


class LocalModel:
    """A GGUF model in this process; `complete` never blocks the event loop."""

    def __init__(self, path: Path, options: LocalOptions | None = None) -> None:
        if not path.is_file():
            raise ConfigError(f"no model file at {path}; give TFA_MODEL=local:/path/to/model.gguf")
        self._path = path
        self._options = options or LocalOptions()

    @property
    def name(self) -> str:
        return f"local:{self._path.stem}"

    def load(self) -> None:
        """Load the weights now (otherwise the first step does it)."""
        _load(self._path, self._options)

    async def complete(self, request: ModelRequest) -> ModelReply:
        messages = thread_messages(request.thread, request.tools)
        schema = step_schema(request.tools)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_INFERENCE, self._generate, messages, schema)

    def _generate(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> ModelReply:
        llama = _load(self._path, self._options)
        try:
            response: Any = llama.create_chat_completion(
                messages=messages,  # type: ignore[arg-type]
                grammar=_grammar(schema),
                temperature=0.0,
                max_tokens=self._options.max_tokens,
            )
        except ValueError as exc:  # llama.cpp reports an over-long prompt this way
            raise ModelError(f"the local model could not answer: {exc}") from exc
        text = response["choices"][0]["message"]["content"] or ""
        usage_data = response.get("usage") or {}
        usage = TokenUsage(
            prompt_tokens=usage_data.get("prompt_tokens", 0), completion_tokens=usage_data.get("completion_tokens", 0)
        )
        try:
            chosen = json.loads(text)
        except json.JSONDecodeError:
            # Only possible when max_tokens cut the reply short; the model sees it as an error.
            return ModelReply(name=None, arguments=None, raw=text, usage=usage)
        arguments = chosen.get("arguments")
        return ModelReply(
            name=str(chosen.get("tool")),
            arguments=arguments if isinstance(arguments, dict) else None,
            raw=text,
            usage=usage,
        )
