"""Language choice and Vietnamese-first formatting of numbers, percentages and dates."""

from flask import current_app, g, request
from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_login import current_user

LANGUAGE_COOKIE = "lang"


def N_(message: str) -> str:  # noqa: N802  (the name gettext tools know)
    """Mark message for the catalogue and return it as it is: it is stored in English and translated when shown."""
    return message


def select_locale() -> str:
    """Pick the interface language: the cookie, then the account's stored choice, then Vietnamese.

    A request that asked for it (an API call, whose client has no cookie to choose with) goes by its
    Accept-Language header first.
    """
    supported = current_app.config["LANGUAGES"]
    if request and g.get("language_from_header"):
        asked = request.accept_languages.best_match(supported)
        if asked:
            return asked
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


def percent_points(value, digits: int = 1) -> str:
    """Format a value already in percent (Decimal("492.3") → 492,3%) in the user's locale; None stays empty."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0" + ("." + "0" * digits if digits else "")) + "%"


# Dates in full four-digit years: day first in Vietnamese (30/05/2021), the month's name in English (30 May 2021).
_DATE_PATTERNS = {"vi": "dd/MM/yyyy", "en": "d MMM yyyy"}
# Written out in a sentence ("ngày 28 tháng 9 năm 2027").
_LONG_DATE_PATTERNS = {"vi": "'ngày' d 'tháng' M 'năm' yyyy", "en": "d MMMM yyyy"}
_DATETIME_PATTERNS = {"vi": "HH:mm dd/MM/yyyy", "en": "d MMM yyyy, HH:mm"}
# The form official reports write ("Tính đến ngày 30/5/2021").
_OFFICIAL_PATTERNS = {"vi": "d/M/yyyy", "en": "d MMMM yyyy"}


def _language() -> str:
    return str(get_locale() or "vi").split("_")[0]


def day(value, style: str = "short") -> str:
    """Format a date unambiguously in the user's locale; style "long" writes it out for a sentence."""
    if not value:
        return "—"
    patterns = _LONG_DATE_PATTERNS if style == "long" else _DATE_PATTERNS
    return format_date(value, patterns.get(_language(), "yyyy-MM-dd"))


def moment(value) -> str:
    """Format a stored time in the user's zone and locale, with a four-digit year."""
    if not value:
        return "—"
    return format_datetime(value, _DATETIME_PATTERNS.get(_language(), "yyyy-MM-dd HH:mm"))


def official_date(value) -> str:
    """Format a date as official reports write it (30/5/2021 in Vietnamese)."""
    return format_date(value, _OFFICIAL_PATTERNS.get(_language(), "yyyy-MM-dd"))


def register_filters(app) -> None:
    """Expose the formatters to templates."""
    app.jinja_env.filters.update(number=number, percent=percent, percent_points=percent_points, date=day,
                                 datetime=moment, official_date=official_date)
