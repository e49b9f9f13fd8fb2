"""Simulated people of the demo province, for ``locust -f bench/locustfile.py`` (see bench.load_run).

Members sign in, save drafts, attach files, run the similar check and submit (confirming when the app holds a
look-alike back), and read their lists and search (bench.load_members); officers and federations read dashboards
and lists; reviewers save score sheets; a probe asks the health check (bench.load_people). At the end the record
of every answer and the per-request figures are written to LOAD_RESULTS.
"""

import os
from pathlib import Path

from locust import events

from bench.load_members import Member
from bench.load_people import RECORD, Federation, HealthProbe, Officer, Reviewer

USERS = (Member, Officer, Federation, Reviewer, HealthProbe)


def _figures(entry) -> dict:
    return {"requests": entry.num_requests, "failures": entry.num_failures, "rps": round(entry.total_rps, 2),
            "p50_ms": entry.get_response_time_percentile(0.5), "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99)}


@events.quitting.add_listener
def _write_record(environment, **_kwargs):
    stats = {name: _figures(entry) for (name, _method), entry in environment.stats.entries.items()
             if entry.num_requests}
    stats["all"] = _figures(environment.stats.total)
    RECORD.finish()
    RECORD.save(Path(os.environ["LOAD_RESULTS"]), stats)
