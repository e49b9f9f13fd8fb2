"""Fixtures shared by the integration tests: a real S3-compatible server and a bucket of the test's own."""

import pytest

from tests.integration.object_store import new_bucket, start_server


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """Start an S3-compatible server for the session and return its URL."""
    with (tmp_path_factory.mktemp("s3") / "server.log").open("wb") as log:
        server, url = start_server(log)
        yield url
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(app, s3_endpoint, monkeypatch):
    """Point boto3 at the server and make a new, empty bucket; return its name."""
    monkeypatch.setenv("S3_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return new_bucket()
