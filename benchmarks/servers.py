"""Start Streamlit apps on 127.0.0.1 for the benchmark, keeping each server's process.

``tests.browser.served_app`` yields only a URL; the benchmark also reads the server's CPU time,
so it starts the servers itself, every one with the same flags.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.wire import Wire
from dashboard import paths
from tests.browser import free_port, wait_until_healthy

# What .streamlit/config.toml would say, on the command line so every app gets the same. No
# file watcher: without watchdog Streamlit polls the script's modules, which would count as
# server CPU that no rerun spends.
FLAGS = (
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.enableStaticServing",
    "true",
    "--server.fileWatcherType",
    "none",
    "--server.runOnSave",
    "false",
    # As the dashboard's config.toml says: frames compressed (permessage-deflate).
    "--server.enableWebsocketCompression",
    "true",
)
# The three apps measured side by side: the dashboard and its two floors.
APPS = {
    "dashboard": "dashboard/serve.py",
    "same_picture": "benchmarks/floors/serve.py",
    "arcs_only": "benchmarks/floors/arcs_only.py",
}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Server:
    """A Streamlit server started by the benchmark: its URL, its process and its wire.

    The URL is the relay's (``wire``), which counts the bytes each way.
    """

    name: str
    url: str
    process: subprocess.Popen[bytes]
    wire: Wire

    def cpu_seconds(self) -> float:
        """Return the CPU time (user + system, every thread) the server has used so far."""
        return cpu_seconds(self.process.pid)


def cpu_seconds(pid: int) -> float:
    """Return a process's user + system CPU time from ``/proc/<pid>/stat``."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may hold spaces; the fields after its ")" are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    user, system = int(fields[11]), int(fields[12])
    return (user + system) / CLOCK_TICKS


@contextmanager
def served(name: str, script: str, timeout: float = 120.0) -> Iterator[Server]:
    """Serve ``script`` (relative to the repository) with Streamlit until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *FLAGS],
        cwd=paths.ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wire = Wire(port)
    try:
        wait_until_healthy(url, process, timeout, script)
        yield Server(name, f"http://127.0.0.1:{wire.port}", process, wire)
    finally:
        wire.close()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def served_apps(apps: dict[str, str] | None = None) -> Iterator[dict[str, Server]]:
    """Serve every app of ``apps`` (name to script, ``APPS`` by default) side by side."""
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(served(name, script))
            for name, script in (apps or APPS).items()
        }
