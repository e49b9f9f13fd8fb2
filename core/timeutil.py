"""Time helpers: the database stores naive UTC; display converts to the user's zone."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime, the form stored in every table."""
    return datetime.now(UTC).replace(tzinfo=None)
