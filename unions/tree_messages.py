"""Translated texts for the problems a tree import can report."""

from flask_babel import gettext as _

from unions.forms import LEVEL_LABELS
from unions.tree import RowProblem
from unions.tree_files import TreeFileError


def problem_text(problem: RowProblem) -> str:
    """Return the translated sentence for one row problem."""
    p = problem.params
    texts = {
        "code_missing": lambda: _("The code is empty."),
        "code_invalid": lambda: _("The code %(code)s may only hold letters, digits, dots, dashes and underscores "
                                  "(at most 32).", code=p[0]),
        "code_duplicate": lambda: _("The code %(code)s already appears on row %(row)s.", code=p[0], row=p[1]),
        "code_exists": lambda: _("A unit with code %(code)s already exists.", code=p[0]),
        "name_missing": lambda: _("The name is empty."),
        "name_too_long": lambda: _("The name is longer than %(n)s characters.", n=p[0]),
        "level_unknown": lambda: _("Unknown level \"%(level)s\".", level=p[0]),
        "members_invalid": lambda: _("The number of members \"%(value)s\" is not a whole number.", value=p[0]),
        "parent_missing": lambda: _("This unit needs a parent code."),
        "parent_self": lambda: _("A unit cannot be its own parent."),
        "parent_unknown": lambda: _("Unknown parent code %(code)s: it is neither in the file nor in the system.",
                                    code=p[0]),
        "parent_forbidden": lambda: _("You do not administer %(code)s, so you cannot add units under it.", code=p[0]),
        "root_forbidden": lambda: _("Only a system administrator can add a unit without a parent."),
        "level_order": lambda: _("A unit of level %(level)s cannot sit under %(parent)s (level %(parent_level)s).",
                                 level=LEVEL_LABELS.get(p[0], p[0]), parent=p[1],
                                 parent_level=LEVEL_LABELS.get(p[2], p[2])),
        "cycle": lambda: _("The parent codes form a loop through %(code)s.", code=p[0]),
    }
    return texts[problem.key]()


def file_error_text(error: TreeFileError) -> str:
    """Return the translated sentence for a file that cannot be read at all."""
    texts = {
        "type": lambda: _("Upload a .csv or .xlsx file."),
        "encoding": lambda: _("The CSV file is not in UTF-8. Save it from Excel as \"CSV UTF-8\"."),
        "unreadable": lambda: _("The XLSX file cannot be read."),
        "empty": lambda: _("The file has no rows."),
        "too_many_rows": lambda: _("At most %(n)s units per file: split it.", n=error.params[0]),
        "unpacks_too_big": lambda: _("This workbook unpacks to far more than its rows need: copy the rows into a "
                                     "fresh workbook."),
        "columns_missing": lambda: _("The file lacks the columns: %(columns)s.", columns=error.params[0]),
    }
    return texts[error.key]()
