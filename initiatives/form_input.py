"""Between the initiative form and the services: read the form into content, prepare the form for a programme.

The member's form and the officer's entry share these.
"""

from datetime import date

from flask_babel import gettext as _
from wtforms import SelectChoice

from core.timeutil import local_today
from initiatives import services
from initiatives.forms import InitiativeForm, field_choices
from initiatives.rules import parse_percent


def today() -> date:
    """Return today's date where the programmes run (not the server's)."""
    return local_today()


def initiative_input(form: InitiativeForm) -> services.InitiativeInput:
    """Return the content entered on an initiative form, blanks as empty text."""
    data = services.InitiativeInput(**{name: getattr(form, name).data for name in services.CONTENT_FIELDS})
    for name in services.CONTENT_FIELDS:
        if getattr(data, name) is None and isinstance(getattr(services.InitiativeInput, name, ""), str):
            setattr(data, name, "")
    data.field = form.field.data or None
    data.authors = [services.AuthorInput(row.form.name.data or "", parse_percent(row.form.share.data),
                                         row.form.workplace.data or "") for row in form.authors
                    if (row.form.name.data or "").strip()]
    return data


def offer_fields(form: InitiativeForm, programme) -> InitiativeForm:
    """Offer the fields the programme accepts, after a blank choice."""
    form.field.choices = [SelectChoice("", _("— choose —")), *field_choices(programme.fields)]
    return form


def pad_authors(form: InitiativeForm, blank_rows: int = 2) -> None:
    """Offer empty rows for more co-authors."""
    while len(form.authors) < min(len(form.authors.entries) + blank_rows, form.authors.max_entries or 20) and \
            sum(1 for row in form.authors if not (row.form.name.data or "").strip()) < blank_rows:
        form.authors.append_entry()
