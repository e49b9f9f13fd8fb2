"""A council's spreadsheets: the score sheet (a row per initiative, a column per criterion per reviewer, then the
aggregates), the decision list and the award proposal list. Headers are in the reader's language; text a
spreadsheet would run as a formula is written as plain text."""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from initiatives.forms import FIELD_LABELS
from review.council_forms import AWARD_LABELS, CATEGORY_LABELS, ELIGIBILITY_LABELS, OUTCOME_LABELS
from review.council_queries import CouncilFigures

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_workbook(title: str, headers: list[str], rows, target) -> None:
    """Write a council's table to target (a binary file) as a workbook, its headers bold."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([_safe(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_safe(value) for value in row])
    sheet.freeze_panes = "C2"
    book.save(target)


def workbook(table: tuple[str, list[str], list[list]]) -> bytes:
    """Return a council's table (title, headers, rows) as a workbook."""
    buffer = io.BytesIO()
    write_workbook(*table, buffer)
    return buffer.getvalue()


def score_sheet(council, figures: CouncilFigures, names: dict[int, str], show_authors: bool = True) -> tuple:
    """Return the score sheet's title, headers and rows: per initiative each reviewer's points per criterion, then
    the figures."""
    rubric = council.rubric
    reviewers = sorted({r.assignment.reviewer_id for entry in figures.items for r in entry.reviews
                        if r.assignment.is_submitted}, key=lambda rid: names.get(rid, ""))
    headers = [_("No."), _("Title"), _("Grassroots union"), _("Field")]
    for rid in reviewers:
        headers += [f"{names.get(rid, rid)} — {c.name}" for c in rubric.criteria]
        headers.append(f"{names.get(rid, rid)} — {_('Score')}")
    headers += [_("Reviews"), _("Mean"), _("Median"), _("Trimmed mean"), _("Spread"), _("Standard deviation"),
                _("Calibrated (z)"), _("Rubric versions"), _("Needs discussion"), _("Rank"), _("Decision")]
    rows = []
    for entry in figures.items:
        initiative = entry.item.initiative
        by_reviewer = {r.assignment.reviewer_id: r for r in entry.reviews if r.assignment.is_submitted}
        row = [initiative.id, initiative.title, initiative.unit.name if show_authors else "",
               str(FIELD_LABELS[initiative.field]) if initiative.field else ""]
        for rid in reviewers:
            review = by_reviewer.get(rid)
            row += [(review.assignment.scores or {}).get(c.key) if review else None for c in rubric.criteria]
            row.append(review.score if review else None)
        a = entry.aggregate
        row += [a.count, a.mean, a.median, a.trimmed_mean, a.spread, a.stdev, entry.calibrated,
                ", ".join(str(v) for v in a.versions), _("yes") if entry.needs_discussion else "", entry.rank,
                str(OUTCOME_LABELS[entry.item.decision]) if entry.item.decision else ""]
        rows.append(row)
    return _("Score sheet"), headers, rows


def decision_list(figures: CouncilFigures, names: dict[int, str]) -> tuple:
    """Return the decision list's title, headers and rows: each decided initiative, its authors, figures, decision
    and reason."""
    headers = [_("No."), _("Title"), _("Authors and contribution"), _("Grassroots union"), _("Mean"),
               _("Reviews"), _("Decision"), _("Reason"), _("Decided by"), _("Decided on")]
    rows = []
    for entry in figures.items:
        item = entry.item
        if item.decision is None:
            continue
        initiative = item.initiative
        rows.append([initiative.id, initiative.title, authors_text(initiative), initiative.unit.name,
                     entry.aggregate.mean, entry.aggregate.count, str(OUTCOME_LABELS[item.decision]), item.reason,
                     names.get(item.decided_by_id, ""), item.decided_at.date() if item.decided_at else None])
    return _("Decisions"), headers, rows


def award_list(entries) -> tuple:
    """Return the award proposal list's title, headers and rows: a row per author of each proposed initiative, with
    their eligibility."""
    headers = [_("Award proposed"), _("No."), _("Title"), _("Author"), _("Contribution (%)"), _("Author's category"),
               _("Benefit (VND)"), _("Credited to the author (VND)"), _("Creative Labour certificate"), _("Note")]
    rows = []
    for item, proposal, eligibility in entries:
        if proposal is None:
            continue
        initiative = item.initiative
        for author, found in eligibility:
            rows.append([str(AWARD_LABELS[proposal.level]), initiative.id, initiative.title, author.name,
                         float(author.share) if author.share is not None else None,
                         str(CATEGORY_LABELS[author.category]) if author.category else "",
                         initiative.benefit_vnd, found.one_year_vnd, str(ELIGIBILITY_LABELS[found.reason]),
                         proposal.note])
    return _("Award proposals"), headers, rows


def authors_text(initiative) -> str:
    """Return the authors with their contributions, as one line."""
    return "; ".join(a.name if a.share is None else f"{a.name} ({a.share.normalize():f}%)"
                     for a in initiative.authors)
