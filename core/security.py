"""Defences every request gets: bounded ids in URLs, no NUL or control characters in input, and security headers."""

import re

from flask import abort, current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

# Ids are 32-bit in every table; a larger number in a URL names nothing.
MAX_ID = 2**31 - 1
# Text may hold tabs and line breaks, never NUL or the other control characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class BoundedIntegerConverter(IntegerConverter):
    """The int URL converter, refusing (404) numbers no row can have."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def refuse_control_characters() -> None:
    """Answer 400 with a reason when the query string or a form holds a NUL or another control character."""
    values = [*request.args.values(), *(request.form.values() if request.form else ())]
    if any(_CONTROL.search(value) for value in values):
        abort(400, _("The text holds a control character (such as a NUL byte) that cannot be stored; remove it and "
                     "send it again."))


def add_security_headers(response):
    """Tell browsers to run only the app's own scripts, never frame it, and not guess content types."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_security(app) -> None:
    """Install the defences on app (before any blueprint is registered, for the converter)."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_control_characters)
    app.after_request(add_security_headers)
