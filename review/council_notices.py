"""How the notices of a council's work read, and where they lead."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from initiatives.notices import add_notice
from review.council_roles import NOTICE_ARRIVED, NOTICE_ASSIGNED, NOTICE_ASSIGNED_MANY, NOTICE_FORWARDED


def register(app) -> None:
    """Word the council's notices; an assignment leads to one's score sheets."""
    to_score_sheets = lambda _notice: url_for("scoring.mine")  # noqa: E731
    add_notice(app, NOTICE_ARRIVED, _l("“%(title)s” was confirmed and waits in your council's queue"))
    add_notice(app, NOTICE_FORWARDED, _l("“%(title)s” was forwarded to your council by the council below"))
    add_notice(app, NOTICE_ASSIGNED, _l("%(actor)s asked you to score “%(title)s”"), to_score_sheets)
    add_notice(app, NOTICE_ASSIGNED_MANY, _l("%(actor)s gave you initiatives to score, among them “%(title)s”"),
               to_score_sheets)
