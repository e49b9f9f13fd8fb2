"""Read one row of the initiative import template into initiative content and the problems found (pure).

A row arrives as {column code: cell value} with the values openpyxl gives (str, int, float, datetime, bool, None).
``parse_row`` turns it into the keyword arguments of ``InitiativeInput`` and a list of ``Problem``; the rules that
need the programme (``services.check_complete``) run afterwards, and ``merge_problems`` keeps one reason per field.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.text import fold
from initiatives.rules import MAX_BENEFIT, Problem, parse_percent
from unions.identity import normalise_email, normalise_phone

IMPORT_AUTHORS = 5
AUTHOR_PARTS = ("name", "workplace", "share")
TEXT_COLUMNS = ("title", "problem", "solution", "novelty", "applied_where", "conditions", "effect", "benefit_method",
                "benefit_description", "investor")
YES_NO_COLUMNS = ("benefit_not_computable", "confidential")


def author_column(position: int, part: str) -> str:
    """Return the code of an author column, e.g. author_2_share."""
    return f"author_{position}_{part}"


COLUMNS = ("title", "field", "problem", "solution", "novelty", "first_applied_on", "applied_where", "conditions",
           "effect", "benefit_vnd", "benefit_method", "benefit_not_computable", "benefit_description", "investor",
           "confidential", "submitter_contact",
           *(author_column(n, part) for n in range(1, IMPORT_AUTHORS + 1) for part in AUTHOR_PARTS))

# Folded spellings people type in a yes/no column; an empty cell means no.
_YES = frozenset({"co", "yes", "y", "x", "1", "true", "dung"})
_NO = frozenset({"khong", "no", "n", "0", "false", "sai", ""})
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# 120000000, 120.000.000, 120,000,000 or 120 000 000; a decimal part is not a whole number of VND.
_AMOUNT = re.compile(r"-?(\d{1,3}([.,\s]\d{3})+|\d+)")
# Far above any real benefit, and far below what a BIGINT column holds.
_CURRENCY = re.compile(r"\s*(vnd|vnđ|đồng|dong|đ)\.?$", re.IGNORECASE)


@dataclass
class ParsedRow:
    """A spreadsheet row read into initiative content, with what could not be read."""

    number: int
    content: dict
    authors: list[tuple[str, str, Decimal | None]]
    contact: str | None
    problems: list[Problem] = field(default_factory=list)


def is_blank(cells: dict) -> bool:
    """Tell whether every cell of the row is empty."""
    return all(_text(value) == "" for value in cells.values())


def parse_row(number: int, cells: dict, *, field_names: dict[str, str], limits: dict[str, int]) -> ParsedRow:
    """Read a row; field_names maps folded spellings to field codes, limits caps the length of text columns."""
    problems: list[Problem] = []
    content: dict = {}
    for column in TEXT_COLUMNS:
        content[column] = _text(cells.get(column))
        limit = limits.get(column)
        if limit and len(content[column]) > limit:
            problems.append(Problem(column, "too_long", (limit,)))
    content["field"] = _field(cells.get("field"), field_names, problems)
    content["first_applied_on"] = _date(cells.get("first_applied_on"), problems)
    content["benefit_vnd"] = _amount(cells.get("benefit_vnd"), problems)
    for column in YES_NO_COLUMNS:
        content[column] = _yes_no(column, cells.get(column), problems)
    authors = _authors(cells, limits, problems)
    contact = _contact(cells.get("submitter_contact"), problems)
    return ParsedRow(number, content, authors, contact, problems)


def merge_problems(parse_problems: list[Problem], rule_problems: list[Problem]) -> list[Problem]:
    """Join both lists, dropping a rule's complaint about a field whose cell could not even be read."""
    unreadable = {problem.field for problem in parse_problems}
    return [*parse_problems, *(problem for problem in rule_problems if problem.field not in unreadable)]


def contact_key(text) -> str | None:
    """Return an e-mail address or phone number in the form accounts store it; ValueError when it is neither."""
    if isinstance(text, int) and not isinstance(text, bool):
        # A phone number typed into a number cell loses its leading zero.
        text = f"0{text}"
    text = _text(text)
    if "@" in text:
        if text.count("@") != 1 or " " in text:
            raise ValueError(text)
        return normalise_email(text)
    return normalise_phone(text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _field(value, field_names: dict[str, str], problems: list[Problem]) -> str | None:
    text = _text(value)
    if not text:
        return None
    code = field_names.get(fold(text))
    if code is None:
        problems.append(Problem("field", "field_unknown", (text,)))
    return code


def _date(value, problems: list[Problem]) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        if match := _DAY_FIRST.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    problems.append(Problem("first_applied_on", "date_invalid", (text,)))
    return None


def _amount(value, problems: list[Problem]) -> int | None:
    text = _text(value)
    if not text:
        return None
    digits = _CURRENCY.sub("", text).strip()
    if not isinstance(value, bool) and _AMOUNT.fullmatch(digits):
        amount = int(re.sub(r"[.,\s]", "", digits))
        if abs(amount) <= MAX_BENEFIT:
            return amount
    problems.append(Problem("benefit_vnd", "amount_invalid", (text,)))
    return None


def _yes_no(column: str, value, problems: list[Problem]) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(_text(value))
    if text in _YES:
        return True
    if text not in _NO:
        problems.append(Problem(column, "yes_no_invalid", (_text(value),)))
    return False


def _authors(cells: dict, limits: dict[str, int], problems: list[Problem]) -> list[tuple[str, str, Decimal | None]]:
    authors = []
    for position in range(1, IMPORT_AUTHORS + 1):
        name, workplace, share = (cells.get(author_column(position, part)) for part in AUTHOR_PARTS)
        name, workplace = _text(name), _text(workplace)
        if not name:
            if workplace or _text(share):
                problems.append(Problem("authors", "author_name_missing", (position,)))
            continue
        for part, text in (("name", name), ("workplace", workplace)):
            limit = limits.get(f"author_{part}")
            if limit and len(text) > limit:
                problems.append(Problem("authors", "author_too_long", (position, limit)))
        readable = _text(share) != "" and not isinstance(share, bool)
        authors.append((name, workplace, parse_percent(share) if readable else None))
    return authors


def _contact(value, problems: list[Problem]) -> str | None:
    if _text(value) == "":
        return None
    try:
        return contact_key(value)
    except ValueError:
        problems.append(Problem("submitter_contact", "contact_invalid", (_text(value),)))
        return None
