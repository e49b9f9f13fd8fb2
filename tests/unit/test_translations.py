"""Every string the interface shows has its Vietnamese translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from app import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
SOURCES = ["app.py", *PACKAGES, "templates"]


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_every_catalogue_entry_is_translated():
    untranslated = [m.id for m in _catalogue() if m.id and not (m.string if isinstance(m.string, str)
                                                                 else all(m.string))]
    assert untranslated == []


def test_catalogue_holds_every_string_marked_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "N_", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "--no-location", "-o", str(template),
                    *SOURCES], cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as handle:
        marked = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}

    assert sorted(marked - known) == []


def test_every_translation_keeps_the_placeholders_of_its_original():
    """What `pybabel compile` refuses (install and CI compile without --use-fuzzy/-f) fails here first."""
    catalogue = _catalogue()
    problems = [(message.id, str(error)) for message, errors in catalogue.check() for error in errors]

    assert problems == []
