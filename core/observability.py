"""What operators see of the running service: a request id on every request, one JSON log line per request, and
Prometheus metrics at /metrics.

Log lines go to standard error (where gunicorn and systemd collect them), one JSON object each: time, level, logger,
message, the request id and, for the request log, method, path, endpoint, status, duration and the signed-in user's
id. A request id comes from the proxy's ``X-Request-ID`` when it is well-formed, else it is made here; it is sent
back in the response's ``X-Request-ID`` and stamped on every log line written while the request runs.

Metrics count requests by method, endpoint and status and time them by method and endpoint (the endpoint, not the
path, so that ids do not make a series each). With several worker processes set ``PROMETHEUS_MULTIPROC_DIR`` to an
empty folder shared by them, and /metrics sums every worker's figures.
"""

import json
import logging
import os
import re
import time
import uuid
from datetime import UTC, datetime

from flask import current_app, g, has_request_context, request
from flask.logging import default_handler
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUEST_ID_HEADER = "X-Request-ID"
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
LOGGER = "sangkien"
REQUEST_LOGGER = "sangkien.requests"
COLLECTORS_KEY = "sangkien.metrics"

REQUESTS = Counter("sangkien_http_requests_total", "HTTP requests answered, by method, endpoint and status.",
                   ["method", "endpoint", "status"])
LATENCY = Histogram("sangkien_http_request_duration_seconds", "Time to answer an HTTP request, by method and endpoint.",
                    ["method", "endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0))


def request_id() -> str | None:
    """Return the id of the request being served, or None outside a request."""
    return g.get("request_id") if has_request_context() else None


class JsonLines(logging.Formatter):
    """Format a log record as one JSON object on one line, with the request id and any fields it carries."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage(),
                "request_id": request_id()}
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _start() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _signed_in_id():
    # Only a user this request already loaded: logging must not query the database (it may be the fault). The
    # account's id, never get_id(), which carries the browser's session token.
    user = g.get("_login_user")
    return user.id if user is not None and user.is_authenticated else None


def _finish(response):
    started = g.pop("request_started", None)
    if started is None:
        return response
    seconds = time.perf_counter() - started
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
    LATENCY.labels(request.method, endpoint).observe(seconds)
    response.headers[REQUEST_ID_HEADER] = g.request_id
    logging.getLogger(REQUEST_LOGGER).info(
        "%s %s %s", request.method, request.path, response.status_code,
        extra={"fields": {"request_id": g.request_id, "method": request.method, "path": request.path,
                          "endpoint": endpoint, "status": response.status_code, "duration_ms": round(seconds * 1000, 1),
                          "user_id": _signed_in_id(), "remote": request.remote_addr}})
    return response


def add_metrics(app, collector) -> None:
    """Add a collector (an object whose collect() yields metric families) read at each scrape, in the request's
    app context: figures the database holds, such as jobs by state."""
    app.extensions.setdefault(COLLECTORS_KEY, []).append(collector)


def metrics_text() -> tuple[bytes, str]:
    """Return the metrics in Prometheus' text format: the requests, summed over every worker process when they
    share a folder, then what the packages' collectors read."""
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    parts = [generate_latest(registry)]
    for collector in current_app.extensions.get(COLLECTORS_KEY, []):
        own = CollectorRegistry(auto_describe=False)
        own.register(collector)
        parts.append(generate_latest(own))
    return b"".join(parts), CONTENT_TYPE_LATEST


def _configure_logging(app) -> None:
    """Send the app's log lines to standard error as JSON lines (once per process)."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(handler.formatter, JsonLines) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonLines())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    app.logger.removeHandler(default_handler)
    for handler in logger.handlers:
        if handler not in app.logger.handlers:
            app.logger.addHandler(handler)


def init_observability(app) -> None:
    """Give every request an id, a log line and its place in the metrics."""
    # Under test the records reach pytest's capture instead of a stream of their own; the debug server keeps its
    # own readable lines.
    if app.config["LOG_JSON"] and not app.testing and not app.debug:
        _configure_logging(app)
    app.before_request(_start)
    app.after_request(_finish)
