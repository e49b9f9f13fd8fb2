"""Configuration read from the environment, with safe local defaults."""

import os
import secrets
from pathlib import Path


def secret_key(instance_path: str) -> str:
    """Return SECRET_KEY from the environment, or one generated once into the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(instance_path: str) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL if set, else a SQLite file in the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "sangkien.sqlite3")
    # Hosting platforms hand out postgres:// URLs; psycopg 3 needs its own dialect name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def default_config(instance_path: str) -> dict:
    """Build the configuration mapping for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        # A signed-in browser not seen for this long has to sign in again.
        "SESSION_IDLE_DAYS": int(os.environ.get("SESSION_IDLE_DAYS", "14")),
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
        # Attachments live here, outside the web root; None means the "uploads" folder of the instance.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or None,
        # Where attachments are stored: unset, a folder or file:// keeps them in UPLOAD_FOLDER's place on disk;
        # s3://bucket[/prefix] keeps them in an S3-compatible bucket (endpoint, keys, region from the AWS_* variables).
        "STORAGE_URL": os.environ.get("STORAGE_URL") or None,
        "ATTACHMENT_MAX_BYTES": int(os.environ.get("ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))),
        "ATTACHMENT_MAX_COUNT": int(os.environ.get("ATTACHMENT_MAX_COUNT", "5")),
        # Login throttling, within the window: failures for one name from one address, for one name from anywhere,
        # and from one address for any name (see unions.auth.seconds_until_allowed).
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 100,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
        "LOGIN_FAILURE_WINDOW_SECONDS": 15 * 60,
        # Requests allowed per route (see core.ratelimit), and where every worker counts them.
        "RATE_LIMITS": {
            "login": "30 per minute", "register": "10 per hour", "password": "10 per 10 minutes",
            "submit": "30 per minute", "similar": "120 per minute", "invitation": "20 per hour",
            "api": "300 per minute",
        },
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": os.environ.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATE_LIMIT_NAMESPACE": os.environ.get("RATE_LIMIT_NAMESPACE", "sangkien"),
        "INVITATION_DAYS": 14,
        "PASSWORD_HASH_METHOD": "scrypt",
        "PAGE_SIZE": 50,
        "SQLITE_BUSY_TIMEOUT_MS": 15000,
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Long work goes to `flask worker` through this broker: sqlite:///…, redis://… or postgresql://… (jobs.queue).
        "JOBS_BROKER_URL": os.environ.get("JOBS_BROKER_URL") or f"sqlite:///{Path(instance_path) / 'jobs.sqlite3'}",
        "JOBS_QUEUE": os.environ.get("JOBS_QUEUE", "sangkien"),
        # A running job not heard of for this long died with its worker and is queued again.
        "JOB_LEASE_SECONDS": float(os.environ.get("JOB_LEASE_SECONDS", "60")),
        "JOB_PROGRESS_SECONDS": float(os.environ.get("JOB_PROGRESS_SECONDS", "1")),
        # Sweeps read this many signatures per transaction, pausing between reads if asked (to leave the database
        # to the app first); a programme of at most DUPLICATE_SWEEP_INLINE_LIMIT is swept within the request.
        "DUPLICATE_SWEEP_PAGE": int(os.environ.get("DUPLICATE_SWEEP_PAGE", "5000")),
        "DUPLICATE_SWEEP_PAUSE_SECONDS": float(os.environ.get("DUPLICATE_SWEEP_PAUSE_SECONDS", "0")),
        "DUPLICATE_SWEEP_INLINE_LIMIT": int(os.environ.get("DUPLICATE_SWEEP_INLINE_LIMIT", "5000")),
        # `flask duplicates sweep --all` splits the whole history into this many chunks, one job each, for that many
        # worker processes to take at once; 1 sweeps it in the command's own process.
        "DUPLICATE_SWEEP_CHUNKS": int(os.environ.get("DUPLICATE_SWEEP_CHUNKS", "1")),
        # An Excel import of more rows than this is saved by a worker, its starter watching the job's page.
        "IMPORT_INLINE_ROWS": int(os.environ.get("IMPORT_INLINE_ROWS", "1000")),
        # An uploaded workbook of more rows than this is read and checked by a worker, the batch page showing how far.
        "IMPORT_INLINE_PREVIEW_ROWS": int(os.environ.get("IMPORT_INLINE_PREVIEW_ROWS", "1000")),
        # An export of more rows than this is written by a worker into a file its starter downloads from the job's
        # page; those files live under JOB_FILES_URL (a folder, file:// or s3://bucket/prefix; unset: the instance's
        # "job-files" folder), are never backed up, and `flask jobs clean` removes them after JOB_FILE_DAYS.
        "EXPORT_INLINE_ROWS": int(os.environ.get("EXPORT_INLINE_ROWS", "5000")),
        "JOB_FILES_URL": os.environ.get("JOB_FILES_URL") or None,
        "JOB_FILE_DAYS": int(os.environ.get("JOB_FILE_DAYS", "7")),
        # JSON log lines on standard error: one per request, one per job (see core.observability).
        "LOG_JSON": os.environ.get("LOG_JSON", "1") != "0",
        # /metrics answers a scraper with this bearer token; without one, only this machine (loopback) may read it.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
    }
