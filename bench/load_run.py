"""One load run: a fresh database with the load's site, gunicorn, locust headless for a bounded time, faults injected
on a schedule, then the database checked against what the simulated users were told.

Rate limits are switched off for the run (RATELIMIT_ENABLED=0): every simulated user comes from 127.0.0.1, and the
limits per address would refuse most of them, which is the limits working, not the load being served.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load_faults import SmallDisk
from bench.load_probe import Probe
from bench.load_record import load_records
from bench.load_server import ROOT, Gunicorn, wait_until_healthy

FAULTS = ("kill_worker", "restart_database", "fill_disk")
# When each fault begins, as a share of the run; a full disk lasts 15 % of it, a stopped database 10 %.
SLOTS = {"kill_worker": 0.2, "fill_disk": 0.35, "restart_database": 0.6}


@dataclass
class LoadPlan:
    """What to run: database URL (SQLAlchemy form), users, seconds, workers, faults and where files go."""

    database_url: str
    users: int = 100
    seconds: int = 60
    workers: int = 4
    faults: tuple[str, ...] = ()
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="sangkien-load-")))
    cheap_hashes: bool = False
    database_server: object = None  # halt() and resume() the PostgreSQL server, for restart_database


def _app(plan: LoadPlan, uploads: Path):
    from app import create_app

    config = {"SQLALCHEMY_DATABASE_URI": plan.database_url, "SECRET_KEY": "load-run", "UPLOAD_FOLDER": str(uploads)}
    if plan.cheap_hashes:
        config["PASSWORD_HASH_METHOD"] = "scrypt:1024:8:1"
    return create_app(config)


def _build(plan: LoadPlan, uploads: Path) -> dict:
    from bench.load_site import build_site
    from core.extensions import db

    app = _app(plan, uploads)
    with app.app_context():
        db.create_all()
        manifest = build_site(plan.users)
        db.session.remove()
        db.engine.dispose()
    return manifest


class _Schedule(threading.Thread):
    """Inject the plan's faults one after the other during the run, noting when each began and ended, and what a
    signed-in person is told while each lasts and after it."""

    def __init__(self, plan: LoadPlan, server: Gunicorn, disk: SmallDisk | None, probe: Probe):
        super().__init__(daemon=True)
        self.plan, self.server, self.disk, self.probe = plan, server, disk, probe
        self.done: list[dict] = []
        self.errors: list[str] = []

    def _wait(self, fraction: float) -> None:
        time.sleep(max(0.0, self.started + self.plan.seconds * fraction - time.time()))

    def run(self) -> None:
        self.started = time.time()
        self.probe.sign_in()
        # Each fault keeps its own time, however long the answers to the probes of another one take.
        threads = [threading.Thread(target=self._inject, args=(name,), daemon=True) for name in self.plan.faults]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def _inject(self, name: str) -> None:
        at = SLOTS[name]
        self._wait(at)
        began = time.time()
        try:
            detail = getattr(self, f"_{name}")(at)
        except Exception as error:  # noqa: BLE001 - reported with the figures, and fails the run's checks
            self.errors.append(f"{name}: {error!r}")
            return
        ended = time.time()
        if name == "fill_disk":
            self.probe.upload(f"after {name}")
        else:
            self.probe.read(f"after {name}")
            self.probe.upload(f"after {name}", as_json_too=False)
        self.done.append({"fault": name, "at_s": round(began - self.started, 1),
                          "lasted_s": round(ended - began, 2), "ended_at": ended, **detail})

    def _kill_worker(self, _at: float) -> dict:
        before = self.server.worker_pids()
        killed = self.server.kill_worker()
        return {"killed_pid": killed, "workers_before": len(before)}

    def _restart_database(self, at: float) -> dict:
        self.plan.database_server.halt()
        self.probe.read("during restart_database")
        self._wait(at + 0.1)
        self.plan.database_server.resume()
        return {}

    def _fill_disk(self, at: float) -> dict:
        filled = self.disk.fill()
        self.probe.upload("during fill_disk")
        self._wait(at + 0.15)
        self.disk.free()
        return {"filled_bytes": filled}


def _locust(plan: LoadPlan, base_url: str, manifest_path: Path, results: Path) -> None:
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "-u", str(plan.users), "-r", str(max(5, plan.users // 5)), "-t", f"{plan.seconds}s",
               "--host", base_url, "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"]
    env = {**os.environ, "LOAD_MANIFEST": str(manifest_path), "LOAD_RESULTS": str(results),
           "PYTHONPATH": str(ROOT)}
    with (plan.folder / "locust.log").open("wb") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                       timeout=plan.seconds + 180, check=False)


def run_load(plan: LoadPlan) -> dict:
    """Run the plan and return its figures and checks as one JSON-ready dict."""
    uploads = plan.folder / "uploads"
    disk = SmallDisk(uploads) if "fill_disk" in plan.faults else None
    if disk:
        disk.mount()
    try:
        return _serve_and_check(plan, uploads, disk)
    finally:
        if disk:
            disk.unmount()


def _serve_and_check(plan: LoadPlan, uploads: Path, disk: SmallDisk | None) -> dict:
    uploads.mkdir(parents=True, exist_ok=True)
    manifest = _build(plan, uploads)
    manifest_path = plan.folder / "manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False))
    env = {"DATABASE_URL": plan.database_url, "INSTANCE_PATH": str(plan.folder / "instance"),
           "SECRET_KEY": "load-run", "UPLOAD_FOLDER": str(uploads), "RATELIMIT_ENABLED": "0"}
    server = Gunicorn(env, plan.workers, plan.folder / "gunicorn.log")
    results = plan.folder / "results.json"
    try:
        server.start()
        master, workers_before = server.process.pid, server.worker_pids()
        schedule = _Schedule(plan, server, disk, Probe(server.base_url, manifest["probe"], manifest["password"]))
        schedule.start()
        _locust(plan, server.base_url, manifest_path, results)
        schedule.join(timeout=60)
        recovered_in = wait_until_healthy(server.base_url, 60)
        workers_after = server.worker_pids()
        master_alive = server.process.poll() is None and server.process.pid == master
    finally:
        server.stop()
    record = load_records([results])
    return _report(plan, manifest, record, schedule, uploads, {
        "master_kept": master_alive, "workers_replaced": len(set(workers_before) - set(workers_after)),
        "healthy_again_after_s": round(recovered_in, 2)})


def _report(plan: LoadPlan, manifest: dict, record: dict, schedule: _Schedule, uploads: Path, server: dict) -> dict:
    from bench.load_check import check_database, problems
    from core.extensions import db

    app = _app(plan, uploads)
    with app.app_context():
        found = check_database(record, manifest["programme_id"], uploads)
        db.session.remove()
        db.engine.dispose()
    stats = record["stats"]
    last_fault = max((f["ended_at"] for f in schedule.done), default=None)
    base = stats.get("healthz", {}).get("p50_ms") or None
    return {
        "engine": plan.database_url.split(":", 1)[0].split("+")[0], "users": plan.users, "seconds": plan.seconds,
        "workers": plan.workers, "rate_limits": "disabled (RATELIMIT_ENABLED=0)",
        "throughput_rps": stats["all"]["rps"], "requests": stats,
        "p50_over_healthz": {name: round(s["p50_ms"] / base, 1) for name, s in stats.items() if base},
        "faults": [{k: v for k, v in f.items() if k != "ended_at"} for f in sorted(schedule.done,
                                                                                   key=lambda f: f["at_s"])],
        "fault_errors": schedule.errors,
        "answers": {"busy_503": dict(record.get("unavailable", {})),
                    "malformed_503": record.get("malformed_unavailable", []),
                    "server_errors": record.get("server_errors", []), "no_answer": dict(record.get("no_response", {})),
                    "signed_out": dict(record.get("signed_out", {})), "unexpected": record.get("unexpected", [])},
        "probe": schedule.probe.answers,
        "acknowledged_after_faults": None if last_fault is None else sum(
            1 for a in record.get("acknowledged", []) if a["at"] > last_fault),
        "server": server, "database": found, "problems": problems(found),
        "machine": {"cpus": os.cpu_count(), "load_average": [round(v, 2) for v in os.getloadavg()]},
    }
