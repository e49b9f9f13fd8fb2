"""How a notice reads and where opening it leads: the initiative package's own steps, and those other packages add.

A package whose work notifies people (a council assigning a reviewer) registers the wording of its steps and, if
the notice should lead somewhere other than the initiative's page, where: ``add_notice(app, step, text, target)``,
text with %(actor)s and %(title)s, target(notice) returning a URL.
"""

from collections.abc import Callable

from flask import current_app, url_for

from initiatives.forms import NOTICE_TEXTS, STEP_LABELS

EXTENSION_KEY = "sangkien.notices"


def _registry(app=None) -> dict[str, tuple[object, Callable | None]]:
    return (app or current_app).extensions.setdefault(EXTENSION_KEY, {})


def add_notice(app, step: str, text, target: Callable | None = None) -> None:
    """Say how a notice of step reads and, optionally, where opening it leads."""
    _registry(app)[step] = (text, target)


def notice_text(notice) -> str:
    """Return the sentence a notice shows."""
    text = _registry().get(notice.step, (None,))[0] or NOTICE_TEXTS.get(notice.step) or STEP_LABELS.get(notice.step,
                                                                                                          notice.step)
    return str(text) % {"actor": notice.actor.full_name if notice.actor else "", "title": notice.initiative.title or ""}


def notice_target(notice) -> str:
    """Return where opening a notice leads."""
    target = _registry().get(notice.step, (None, None))[1]
    return target(notice) if target else url_for("initiatives.show", initiative_id=notice.initiative_id)
