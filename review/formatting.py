"""Dates on the council's pages and printed lists: dd/mm/yyyy in Vietnamese, the reader's own form otherwise."""

from flask_babel import format_date, format_datetime, get_locale


def _vietnamese() -> bool:
    return str(get_locale() or "vi").startswith("vi")


def day(value) -> str:
    """Format a date (or the date of a moment): 05/01/2026 in Vietnamese."""
    if not value:
        return "—"
    return format_date(value, "dd/MM/yyyy" if _vietnamese() else "medium")


def moment(value) -> str:
    """Format a stored moment in the reader's time zone: 14:30 05/01/2026 in Vietnamese."""
    if not value:
        return "—"
    return format_datetime(value, "HH:mm dd/MM/yyyy" if _vietnamese() else "short")
