"""What the benchmarks share: percentiles, memory of a process, the machine, and a server."""

from __future__ import annotations

import contextlib
import http.client
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("spacy", "tantivy", "fastapi", "uvicorn", "lingua-language-detector", "pydantic")


class PlainClient:
    """GET over one keep-alive connection with the standard library: what a request costs the
    server and the wire, without a client library's own work. httpx spends about 1.5 ms of
    Python per request on this machine (measured side by side), which is the client's cost,
    not the API's."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, path: str, params: Mapping[str, object]) -> bytes:
        self.connection.request("GET", f"{path}?{urlencode(params, doseq=True)}")
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path} {dict(params)}: HTTP {response.status}: {body[:200]!r}")
        return body

    def close(self) -> None:
        self.connection.close()


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


def print_targets(targets: dict[str, bool]) -> None:
    """One line per target: met or NOT MET."""
    for name, met in targets.items():
        print(f"{'met    ' if met else 'NOT MET'}  {name}")


def rss_bytes(pid: int) -> int:
    """Resident memory of a process now (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class PeakMemory:
    """Samples a process's resident memory in the background; `peak` is the highest seen."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid, self.every = pid, every
        self.start = rss_bytes(pid)
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.peak = max(self.peak, rss_bytes(self.pid))
            time.sleep(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def machine() -> dict[str, str]:
    """Where the figures were measured."""
    versions = {}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    memory = ""
    with contextlib.suppress(OSError):
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory = f"{int(first.split()[1]) / 1024**2:.1f} GiB"
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": f"{os.cpu_count()} cores, {model}",
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "packages": ", ".join(f"{name} {version}" for name, version in versions.items()),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve(data_dir: Path, port: int, workers: int = 1) -> Iterator[subprocess.Popen[bytes]]:
    """`policylens serve` on loopback over `data_dir` with `workers` processes, stopped on
    exit."""
    environment = {**os.environ, "POLICYLENS_DATA_DIR": str(data_dir), "POLICYLENS_SEARCH_URL": ""}
    command = [str(Path(sys.executable).parent / "policylens"), "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    server = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
