"""Normalise what people type to identify themselves (pure: no Flask, no database)."""

import re

_PHONE_JUNK = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"^0\d{8,10}$")


def normalise_email(text: str | None) -> str | None:
    """Return a lower-cased, trimmed e-mail address, or None for blank input."""
    text = (text or "").strip().lower()
    return text or None


def normalise_phone(text: str | None) -> str | None:
    """Return a Vietnamese phone number in national form (0912345678), or None for blank input.

    Raises ValueError when the text is not a phone number.
    """
    text = _PHONE_JUNK.sub("", text or "")
    if not text:
        return None
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) >= 11:
        text = "0" + text[2:]
    if not _PHONE.match(text):
        raise ValueError(text)
    return text


def normalise_login(identifier: str | None) -> str:
    """Return the canonical form of a login name (an e-mail address or a phone number)."""
    identifier = (identifier or "").strip()
    if "@" in identifier:
        return normalise_email(identifier) or ""
    try:
        return normalise_phone(identifier) or ""
    except ValueError:
        return identifier.lower()
