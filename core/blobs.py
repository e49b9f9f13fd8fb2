"""Where files kept beside the database live: a local folder (the default) or an S3-compatible bucket.

Both stores speak one small interface over keys of the form ``3f/2a/3f2a…9c.pdf`` (relative, ``/``-separated):
``put(key, source) -> (size, sha256)``, ``open(key)``, ``stat(key)`` (size or None), ``names()`` and ``describe()``.
Callers choose the keys; a store never invents or checks them. Any failure to reach a bucket (endpoint down,
bucket missing, refused keys) is raised as ``StorageUnavailable``, which the app answers with a translated 503.
"""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

CHUNK_SIZE = 64 * 1024
PARTIAL_PREFIX = ".upload-"


class StorageUnavailable(OSError):
    """The object store could not be reached or refused the request: nothing was stored."""


def _copy(source, output) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        output.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


class LocalStore:
    """Files in a folder, written atomically (a synced temporary file renamed into place)."""

    def __init__(self, root):
        self.root = Path(root)

    def describe(self) -> str:
        return str(self.root)

    def path(self, key: str) -> Path:
        return self.root.joinpath(*key.split("/"))

    def put(self, key: str, source) -> tuple[int, str]:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=PARTIAL_PREFIX, suffix=".part", dir=target.parent)
        try:
            with os.fdopen(descriptor, "wb") as output:
                size, sha256 = _copy(source, output)
                output.flush()
                os.fsync(output.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if os.name == "posix":
            folder = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        return size, sha256

    def open(self, key: str) -> BinaryIO:
        return self.path(key).open("rb")

    def stat(self, key: str) -> int | None:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else None

    def names(self) -> list[str]:
        # Names starting with a dot are files being written (or a system's own), never stored files.
        if not self.root.is_dir():
            return []
        return sorted(path.relative_to(self.root).as_posix() for path in self.root.rglob("*")
                      if path.is_file() and not path.name.startswith("."))

    def remove(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)


class S3Store:
    """Objects in an S3-compatible bucket, under an optional prefix; the client comes from boto3."""

    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket, self.prefix = bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client or s3_client()

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _guard(self, call, *args, **kwargs):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return call(*args, **kwargs)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(args or kwargs) from error
            raise StorageUnavailable(f"{self.describe()}: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"{self.describe()}: {error}") from error

    def put(self, key: str, source) -> tuple[int, str]:
        # The bytes are spooled (in memory up to 8 MiB, then on disk) while hashing, so the object is sent whole
        # in one request: S3 makes it visible only when complete, so no reader ever sees half an object.
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
            size, sha256 = _copy(source, spool)
            spool.seek(0)
            self._guard(self.client.put_object, Bucket=self.bucket, Key=self.prefix + key, Body=spool,
                        ContentLength=size, Metadata={"sha256": sha256})
        return size, sha256

    def open(self, key: str):
        return self._guard(self.client.get_object, Bucket=self.bucket, Key=self.prefix + key)["Body"]

    def stat(self, key: str) -> int | None:
        try:
            head = self._guard(self.client.head_object, Bucket=self.bucket, Key=self.prefix + key)
        except FileNotFoundError:
            return None
        return head["ContentLength"]

    def names(self) -> list[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        found = []
        for page in self._guard(lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=self.prefix))):
            found.extend(item["Key"][len(self.prefix):] for item in page.get("Contents", []))
        return sorted(found)

    def remove(self, key: str) -> None:
        self._guard(self.client.delete_object, Bucket=self.bucket, Key=self.prefix + key)


def s3_client():
    """Return a boto3 S3 client set from the environment (endpoint, keys, region)."""
    import boto3
    from botocore.config import Config

    endpoint = os.environ.get("S3_ENDPOINT_URL") or os.environ.get("AWS_ENDPOINT_URL") or None
    # Few retries and short timeouts: a store that does not answer becomes a 503 quickly, not a hung request.
    config = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 2, "mode": "standard"})
    return boto3.client("s3", endpoint_url=endpoint, region_name=os.environ.get("AWS_DEFAULT_REGION") or None,
                        config=config)


def open_store(url: str | None, default_root):
    """Return the store a STORAGE_URL names: unset, a path or file:// is a folder; s3://bucket[/prefix] a bucket."""
    if not url:
        return LocalStore(default_root)
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise ValueError(f"STORAGE_URL {url!r} names no bucket")
        return S3Store(parsed.netloc, parsed.path)
    if parsed.scheme == "file":
        return LocalStore(parsed.path)
    if parsed.scheme:
        raise ValueError(f"STORAGE_URL {url!r}: only a folder, file:// or s3:// is understood")
    return LocalStore(url)


def as_store(area):
    """Return a store for what a file area's root() gave: a store as it is, a folder as a LocalStore."""
    return area if hasattr(area, "names") and hasattr(area, "put") else LocalStore(area)
