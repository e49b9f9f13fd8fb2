"""Find the interface's own Vietnamese wording, so browser tests drive the Vietnamese pages without copying it."""

from functools import cache
from pathlib import Path

from babel.support import Translations

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


@cache
def _vietnamese() -> Translations:
    return Translations.load(str(TRANSLATIONS), ["vi"])


def vi(text: str, **params) -> str:
    """Return the Vietnamese text the interface shows for an English message."""
    translated = _vietnamese().gettext(text)
    return translated % params if params else translated
