"""Language choice and Vietnamese-first formatting of numbers, percentages and dates."""

from flask import current_app, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent
from flask_login import current_user

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    """Pick the interface language: the cookie, then the account's stored choice, then Vietnamese."""
    supported = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANGUAGE_COOKIE) if request else None
    if chosen in supported:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in supported:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def number(value, digits: int = 0) -> str:
    """Format a number in the user's locale (1.989 in Vietnamese); None stays visibly empty."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern)


def percent(value, digits: int = 1) -> str:
    """Format a ratio (4.923 → 492,3 %) in the user's locale; None stays visibly empty."""
    if value is None:
        return "—"
    return format_percent(value, format="#,##0." + "0" * digits + "%") if digits else format_percent(value)


def register_filters(app) -> None:
    """Expose the formatters to templates."""
    app.jinja_env.filters.update(
        number=number,
        percent=percent,
        date=lambda value, fmt="short": format_date(value, fmt) if value else "—",
        datetime=lambda value, fmt="short": format_datetime(value, fmt) if value else "—",
    )
