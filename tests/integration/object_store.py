"""An S3-compatible server for the tests (moto in server mode, on this machine) and what they do with its buckets."""

import socket
import subprocess
import sys
import time
import uuid

from core.blobs import s3_client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(log) -> tuple[subprocess.Popen, str]:
    """Start moto's S3 server on a free port, writing to log; return the process and its URL once it answers."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the S3 server did not start") from None
            time.sleep(0.1)


def new_bucket() -> str:
    """Create an empty bucket on the configured server; return its name."""
    name = f"sangkien-{uuid.uuid4().hex[:12]}"
    s3_client().create_bucket(Bucket=name)
    return name


def objects(name: str) -> dict[str, bytes]:
    client = s3_client()
    listed = client.list_objects_v2(Bucket=name).get("Contents", [])
    return {item["Key"]: client.get_object(Bucket=name, Key=item["Key"])["Body"].read() for item in listed}


def use_bucket(app, name: str, prefix: str = "uploads") -> None:
    app.config["STORAGE_URL"] = f"s3://{name}/{prefix}"
