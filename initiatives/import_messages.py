"""Translated texts of the Excel import: column headings and notes, a row's reasons, a refused file's reason."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n import N_
from initiatives.import_reader import MAX_BYTES, MAX_ROWS
from initiatives.messages import problem_text
from initiatives.rules import Problem

COLUMN_LABELS = {
    "title": _l("Title"),
    "field": _l("Field"),
    "problem": _l("The problem and the situation before"),
    "solution": _l("The solution: content and steps"),
    "novelty": _l("What is new compared with what existed"),
    "first_applied_on": _l("Date first applied (or trial-applied)"),
    "applied_where": _l("Where it was applied"),
    "conditions": _l("Conditions needed to apply it"),
    "effect": _l("Effect and benefit"),
    "benefit_vnd": _l("Benefit (VND per year)"),
    "benefit_method": _l("How the benefit was calculated"),
    "benefit_not_computable": _l("The benefit cannot be computed in money"),
    "benefit_description": _l("Description of the benefit"),
    "investor": _l("Investor or funding unit"),
    "confidential": _l("Confidential"),
    "submitter_contact": _l("Submitter's e-mail or phone"),
}
COLUMN_NOTES = {
    "field": _l("A field from the sheet of fields, by its name or its code."),
    "first_applied_on": _l("A date cell, or text written dd/mm/yyyy."),
    "benefit_vnd": _l("A whole number of VND, e.g. 120000000."),
    "benefit_not_computable": _l("có or không (yes or no); empty means không."),
    "confidential": _l("có or không (yes or no); empty means không."),
    "submitter_contact": _l("Optional: the e-mail or phone of the member's account in your union. Left empty, the "
                            "initiative is submitted in the name of the officer who imports it."),
    "author_1_share": _l("Contributions must add up to 100%."),
}


def column_label(code: str) -> str:
    """Return the heading of a template column."""
    if code in COLUMN_LABELS:
        return str(COLUMN_LABELS[code])
    position, part = code.split("_")[1:]
    labels = {"name": _("Author %(n)s: name", n=position), "workplace": _("Author %(n)s: workplace", n=position),
              "share": _("Author %(n)s: contribution (%%)", n=position)}
    return labels[part]


def row_problem_text(problem: Problem) -> str:
    """Return the translated reason for a problem of a row, the import's own or a rule's."""
    p = problem.params
    texts = {
        "too_long": lambda: _("%(column)s: at most %(n)s characters.", column=column_label(problem.field), n=p[0]),
        "field_unknown": lambda: _("Unknown field “%(value)s”: use a name or code from the sheet of fields.",
                                   value=p[0]),
        "date_invalid": lambda: _("“%(value)s” is not a date: write it as dd/mm/yyyy.", value=p[0]),
        "amount_invalid": lambda: _("“%(value)s” is not a whole number of VND.", value=p[0]),
        "yes_no_invalid": lambda: _("%(column)s: write “có” or “không”, not “%(value)s”.",
                                    column=column_label(problem.field), value=p[0]),
        "author_name_missing": lambda: _("Author %(n)s: enter the name.", n=p[0]),
        "author_too_long": lambda: _("Author %(n)s: the name or the workplace is longer than %(limit)s characters.",
                                     n=p[0], limit=p[1]),
        "contact_invalid": lambda: _("“%(value)s” is neither an e-mail address nor a phone number.",
                                     value=p[0]),
        "contact_unknown": lambda: _("No active member of the union has the e-mail or phone “%(value)s”: correct it, "
                                     "or leave it empty to submit the initiative in your name.", value=p[0]),
    }
    return texts[problem.key]() if problem.key in texts else problem_text(problem)


# Why a whole upload is refused: an English message and its values, translated when shown (a job keeps them so).
FILE_ERRORS = {
    "not_xlsx": (N_("Choose an Excel workbook (.xlsx), made from the template."), {}),
    "too_large": (N_("The file is larger than %(n)s MB."), {"n": MAX_BYTES // (1024 * 1024)}),
    "not_template": (N_("This workbook is not the import template: download the template and copy your rows into "
                        "it."), {}),
    "too_many_rows": (N_("At most %(n)s rows per file: split the workbook."), {"n": MAX_ROWS}),
    "empty": (N_("The workbook has no initiative rows."), {}),
    "unpacks_too_big": (N_("This workbook unpacks to far more than its rows need: copy the rows into a fresh "
                           "template."), {}),
}


def file_error_text(key: str) -> str:
    """Return the translated reason why a whole upload was refused."""
    message, values = FILE_ERRORS[key]
    return _(message) % values
