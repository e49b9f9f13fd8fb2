"""Rules of an initiative that the forms, the Excel importer and the services share (pure: no Flask, no database)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

MAX_AUTHORS = 20
MAX_TITLE = 300
# The largest benefit the database holds comfortably (a million billion VND): larger is a typing slip.
MAX_BENEFIT = 10**15


class Field(StrEnum):
    """The fields (lĩnh vực) an initiative belongs to."""

    PRODUCTION = "production"
    TECHNICAL = "technical"
    MANAGEMENT = "management"
    ADMIN_REFORM = "admin_reform"
    EDUCATION = "education"
    HEALTH = "health"
    UNION_WORK = "union_work"
    SAFETY = "safety"
    ENVIRONMENT = "environment"
    AGRICULTURE = "agriculture"
    DIGITAL = "digital"
    OTHER = "other"


@dataclass(frozen=True)
class Problem:
    """A broken rule: the field it concerns, a message key and its parameters (translated by the caller)."""

    field: str
    key: str
    params: tuple = ()


def parse_percent(text) -> Decimal | None:
    """Read a contribution percentage such as "33,5" or "33.5" or 40; None when it is not a number."""
    if isinstance(text, int | float | Decimal):
        value = Decimal(str(text))
    else:
        cleaned = str(text or "").strip().rstrip("%").strip().replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            return None
    # A share is a percentage: anything far outside it (1e999, 10^30) is not a share anyone meant.
    return value if value.is_finite() and abs(value) < 1000 else None


def check_contributions(shares: list[Decimal | None]) -> list[Problem]:
    """Check the authors' contributions: at least one author, each above 0, with at most 2 decimals, summing to 100."""
    if not shares:
        return [Problem("authors", "authors_missing")]
    if len(shares) > MAX_AUTHORS:
        return [Problem("authors", "authors_too_many", (MAX_AUTHORS,))]
    problems = []
    for position, share in enumerate(shares, start=1):
        if share is None or share <= 0 or share > 100 or share != share.quantize(Decimal("0.01")):
            problems.append(Problem("authors", "share_invalid", (position,)))
    if not problems:
        total = sum(shares, Decimal(0))
        if total != 100:
            problems.append(Problem("authors", "shares_total", (f"{total.normalize():f}",)))
    return problems


def check_benefit(amount: int | None, method: str, not_computable: bool, description: str) -> list[Problem]:
    """Require a benefit in VND with its calculation method, or a description of a benefit beyond money."""
    if not_computable:
        if not description.strip():
            return [Problem("benefit_description", "benefit_description_missing")]
        return []
    if amount is None:
        return [Problem("benefit_vnd", "benefit_missing")]
    if amount < 0:
        return [Problem("benefit_vnd", "benefit_negative")]
    if amount > MAX_BENEFIT:
        return [Problem("benefit_vnd", "benefit_too_large")]
    if not method.strip():
        return [Problem("benefit_method", "benefit_method_missing")]
    return []


@dataclass(frozen=True)
class Window:
    """A period of dates, both ends included; None leaves that end open."""

    opens: date | None
    closes: date | None

    def contains(self, day: date) -> bool:
        """Tell whether day falls within the window."""
        return (self.opens is None or day >= self.opens) and (self.closes is None or day <= self.closes)


def check_submission_window(programme: Window, phases: list[tuple[int, Window]], today: date) -> tuple[int | None,
                                                                                                       list[Problem]]:
    """Return the id of the phase open today (None when the programme has no phases) or why submission is closed."""
    if not programme.contains(today):
        return None, [Problem("programme", "programme_closed")]
    if not phases:
        return None, []
    for phase_id, window in phases:
        if window.contains(today):
            return phase_id, []
    return None, [Problem("programme", "no_open_phase")]


def check_first_applied(first_applied: date | None, allowed: Window, today: date) -> list[Problem]:
    """Require the date first applied, within the programme's window for it and not in the future."""
    if first_applied is None:
        return [Problem("first_applied_on", "first_applied_missing")]
    if first_applied > today:
        return [Problem("first_applied_on", "first_applied_future")]
    if not allowed.contains(first_applied):
        return [Problem("first_applied_on", "first_applied_outside")]
    return []
