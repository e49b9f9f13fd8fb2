"""What operators see: a request id on every answer, one JSON log line per request, Prometheus metrics at /metrics
for this machine or the bearer of the metrics token."""

import json
import logging
import re

import pytest

from core.observability import REQUEST_LOGGER, JsonLines
from tests.factories import make_tree, make_user
from tests.functional.helpers import login

SERIES = r'sangkien_http_requests_total\{endpoint="core.health",method="GET",status="200"\} ([0-9.]+)'


def answered(client, **kwargs) -> float:
    """Return how many GET /healthz the metrics count as answered with 200."""
    page = client.get("/metrics", **kwargs).get_data(as_text=True)
    match = re.search(SERIES, page)
    return float(match.group(1)) if match else 0.0


class Kept(logging.Handler):
    """Keep the records of the request log, whatever handlers an earlier app gave its parent."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    logger, handler = logging.getLogger(REQUEST_LOGGER), Kept()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def request_lines(kept: Kept) -> list[dict]:
    """Return the request log's records as the JSON lines they are written as."""
    formatter = JsonLines()
    return [json.loads(formatter.format(record)) for record in kept.records]


def test_every_answer_carries_a_request_id_a_well_formed_one_from_the_proxy_kept(client):
    fresh = client.get("/healthz")
    again = client.get("/healthz")
    kept = client.get("/healthz", headers={"X-Request-ID": "proxy-7f3a9c2e"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id; <script>"})
    too_long = client.get("/healthz", headers={"X-Request-ID": "a" * 65})

    assert re.fullmatch(r"[0-9a-f]{32}", fresh.headers["X-Request-ID"])
    assert again.headers["X-Request-ID"] != fresh.headers["X-Request-ID"]
    assert kept.headers["X-Request-ID"] == "proxy-7f3a9c2e"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["X-Request-ID"])
    assert re.fullmatch(r"[0-9a-f]{32}", too_long.headers["X-Request-ID"])


def test_each_request_is_one_json_line_with_its_id_status_time_and_user(app, client, request_log):
    units = make_tree()
    member = make_user(units["grassroots_A1"], email="an@example.vn")
    login(client, "an@example.vn")
    request_log.records.clear()

    page = client.get("/initiatives?q=m%C3%A1y")
    missing = client.get("/initiatives/999999")

    lines = request_lines(request_log)
    assert [(line["method"], line["path"], line["status"]) for line in lines] == [
        ("GET", "/initiatives", 200), ("GET", "/initiatives/999999", 404)]
    assert [line["request_id"] for line in lines] == [page.headers["X-Request-ID"], missing.headers["X-Request-ID"]]
    assert {line["user_id"] for line in lines} == {member.id}  # the account, not the browser's session token
    assert lines[0]["endpoint"] == "initiative_lists.index" and lines[1]["endpoint"] == "initiatives.show"
    assert all(line["duration_ms"] >= 0 and line["level"] == "info" and line["time"].endswith("+00:00")
               for line in lines)


def test_the_metrics_count_requests_for_this_machine_and_no_one_else(client):
    before = answered(client)
    client.get("/healthz")
    client.get("/healthz")
    elsewhere = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.5"})
    page = client.get("/metrics")

    assert answered(client) == before + 2
    assert page.headers["Content-Type"].startswith("text/plain")
    assert "sangkien_http_request_duration_seconds_bucket" in page.get_data(as_text=True)
    assert 'sangkien_jobs{state="queued"} 0.0' in page.get_data(as_text=True)
    assert elsewhere.status_code == 404


@pytest.mark.parametrize("authorization, status", [
    (None, 404), ("Bearer wrong-token", 404), ("Bearer s3cret-metrics-token", 200)])
def test_with_a_metrics_token_only_its_bearer_reads_the_metrics(app, client, authorization, status):
    app.config["METRICS_TOKEN"] = "s3cret-metrics-token"
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.8"})

    assert response.status_code == status
