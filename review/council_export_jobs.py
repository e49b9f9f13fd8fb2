"""A council's spreadsheets (the score sheet, the decision list, the award proposal list), as the request writes
them when short and a worker writes them when long (see jobs.exports)."""

from core.extensions import db
from core.i18n import N_
from jobs.exports import Export
from jobs.kinds import JobFailed
from review import council_exports as exports
from review import council_permissions as perms
from review import council_queries as queries
from review import council_services as services
from review.council_models import Council

COUNCIL_EXPORT_JOB = "review.council_export"
NAMES = {"scores": "bang-diem-hoi-dong-%s.xlsx", "decisions": "ket-qua-hoi-dong-%s.xlsx",
         "awards": "de-nghi-khen-thuong-%s.xlsx"}


def award_entries(council: Council) -> list[tuple]:
    """Return each initiative the council recognised, the award proposed for it (or None), and its authors'
    eligibility."""
    proposals = queries.get_award_proposals(council)
    return [(item, proposals.get(item.initiative_id), services.eligibility_of(item))
            for item in queries.get_recognised_items(council)]


def sheet_table(council: Council, sheet: str) -> tuple:
    """Return the title, headers and rows of one of the council's spreadsheets."""
    if sheet == "awards":
        return exports.award_list(award_entries(council))
    figures = queries.get_figures(council)
    if sheet == "scores":
        return exports.score_sheet(council, figures, queries.get_reviewer_names(figures))
    names = queries.get_reviewer_names(figures) | queries.get_names(
        [entry.item.decided_by_id for entry in figures.items])
    return exports.decision_list(figures, names)


def sheet_name(council: Council, sheet: str) -> str:
    """Return the download name of one of the council's spreadsheets."""
    return NAMES[sheet] % council.id


def build_council_export(user, params: dict) -> Export:
    """Return the spreadsheet params name, if user still runs the council (see jobs.exports.export_kind)."""
    council = db.session.get(Council, params["council_id"])
    if council is None or not perms.can_run_council(user, council):
        raise JobFailed(N_("You may no longer export this list."))
    title, headers, rows = sheet_table(council, params["sheet"])
    return Export(sheet_name(council, params["sheet"]), rows,
                  lambda cells, target: exports.write_workbook(title, headers, cells, target), len(rows))
