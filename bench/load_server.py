"""What a load run serves from: gunicorn with several workers on a loopback port, and a PostgreSQL cluster of its own.

The private cluster lives in a temporary folder owned by the ``postgres`` account, listens on 127.0.0.1 on a free
port, and can be restarted without touching any other server on the machine.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base_url: str, seconds: float = 60) -> float:
    """Poll /healthz until it answers 200; return how long that took. Raises TimeoutError."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
            if response.status == 200:
                return time.monotonic() - started
        time.sleep(0.2)
    raise TimeoutError(f"{base_url} did not become healthy in {seconds} s")


def _no_control_socket() -> list[str]:
    """Return the option that keeps gunicorn from opening its control socket, where the version has one."""
    from gunicorn.config import KNOWN_SETTINGS

    # Several servers at once (parallel test runs) would otherwise share one socket in the home folder.
    return ["--no-control-socket"] if any(s.name == "control_socket_disable" for s in KNOWN_SETTINGS) else []


class Gunicorn:
    """gunicorn serving create_app() with the given environment, on its own port."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self._log = log_path.open("ab")
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}",
                   "--timeout", "60", "--graceful-timeout", "5", "--backlog", "512", *_no_control_socket(),
                   "app:create_app()"]
        self.process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=self._log,
                                        stderr=subprocess.STDOUT)

    def start(self) -> None:
        """Wait until the app answers."""
        wait_until_healthy(self.base_url)

    def worker_pids(self) -> list[int]:
        """Return the process ids of the master's current workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_worker(self) -> int:
        """SIGKILL one worker (the master starts a new one); return its process id."""
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        """Stop the master and its workers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def postgres_binaries() -> Path | None:
    """Return the folder holding initdb and pg_ctl of the newest installed PostgreSQL, or None."""
    found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str]) -> list[str]:
    # The server refuses to run as root; as root, run its tools as the postgres account.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PrivateCluster:
    """A throw-away PostgreSQL cluster: initdb, start, restart, stop, and its URL."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="sangkien-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *args: str) -> None:
        subprocess.run(_as_postgres([str(self.binaries / args[0]), *args[1:]]), check=True, capture_output=True,
                       timeout=120)

    def _pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run("pg_ctl", action, "-D", str(self.data), "-w", "-t", "60", "-o", options,
                  "-l", str(self.folder / "server.log"), *args)

    def start(self) -> None:
        """Create the cluster (trust authentication, UTF-8) and start it."""
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._pg_ctl("start")

    def halt(self) -> None:
        """Stop the server at once: open sessions are cut off, new connections refused."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", "-t", "60")

    def resume(self) -> None:
        """Start the stopped server again."""
        self._pg_ctl("start")

    def stop(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(subprocess.SubprocessError):
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.folder, ignore_errors=True)
