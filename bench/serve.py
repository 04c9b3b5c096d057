"""Start `tfa serve` as a subprocess on a free port with a scripted model, for the benchmarks."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

TFA = Path(sys.executable).with_name("tfa")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def tfa_serve(script: dict[str, Any], database_url: str | None = None, **env: str) -> Iterator[str]:
    """The URL of a fresh `tfa serve` (its own SQLite file unless `database_url` is given)."""
    with tempfile.TemporaryDirectory() as folder:
        script_path = Path(folder) / "script.json"
        script_path.write_text(json.dumps(script))
        port = _free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url or f"sqlite:///{folder}/bench.db",
            "TFA_MODEL": f"scripted:{script_path}",
            "TFA_LOG_LEVEL": "WARNING",
            **env,
        }
        log = (Path(folder) / "serve.log").open("wb")
        process = subprocess.Popen(
            [str(TFA), "serve", "--port", str(port)], env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(url + "/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((Path(folder) / "serve.log").read_text())
                time.sleep(0.05)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=15)
            log.close()
