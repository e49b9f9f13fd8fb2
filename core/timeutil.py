"""Time helpers: the database stores naive UTC; dates are those of the zone where the programmes run."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime, the form stored in every table."""
    return datetime.now(UTC).replace(tzinfo=None)


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def local_today() -> date:
    """Return today's date where the programmes run (the configured time zone), not the server's."""
    return datetime.now(_zone()).date()


def local_date(moment: datetime) -> date:
    """Return the date, where the programmes run, of a stored naive UTC time."""
    return moment.replace(tzinfo=UTC).astimezone(_zone()).date()


def local_day_start(day: date) -> datetime:
    """Return the stored (naive UTC) time at which a day begins where the programmes run."""
    return datetime.combine(day, time.min, tzinfo=_zone()).astimezone(UTC).replace(tzinfo=None)
