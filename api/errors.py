"""Errors of the API as JSON: {"code", "status", "message"} in the caller's language, and per field what is wrong.

Every error of a path under /api/ takes this form, whoever raised it (a refused permission, an unknown URL, a rate
limit, a busy database): core.errors draws it through the format registered here. Marshmallow's own messages
are English; they are put into the caller's language by the table below.
"""

import re

from flask import abort, jsonify
from flask_babel import lazy_gettext as _l
from flask_smorest import abort as smorest_abort
from werkzeug.exceptions import UnprocessableEntity

from core.errors import DomainError, DomainErrors, error_payload

PREFIX = "/api/"

# marshmallow's and webargs' messages, by pattern, as the caller reads them.
_MESSAGES = [
    (re.compile(r"Missing data for required field\."), _l("This field is required.")),
    (re.compile(r"Field may not be null\."), _l("This field may not be null.")),
    (re.compile(r"Unknown field\."), _l("This field is not known.")),
    (re.compile(r"Not a valid (integer|number)\."), _l("Enter a number.")),
    (re.compile(r"Not a valid date\."), _l("Enter a date as yyyy-mm-dd.")),
    (re.compile(r"Not a valid boolean\."), _l("Enter true or false.")),
    (re.compile(r"(Not a valid (string|list|mapping)|Invalid input type|Invalid type|Invalid value)\.?"),
     _l("This value has the wrong type.")),
    (re.compile(r"Special numeric values \(nan or infinity\) are not permitted\."), _l("Enter a number.")),
    (re.compile(r"Longer than maximum length .*|Shorter than minimum length .*|Length must be .*"),
     _l("This text or list is too long or too short.")),
    (re.compile(r"Must be one of: .*"), _l("This value is not one of the choices.")),
    (re.compile(r"Must be (greater|less) than .*"), _l("This number is out of range.")),
    (re.compile(r"Invalid JSON body\."), _l("The body is not valid JSON.")),
]


def translated(message):
    """Return a validation message in the caller's language (messages of the app's own are already)."""
    if isinstance(message, dict):
        return {key: translated(value) for key, value in message.items()}
    if isinstance(message, list):
        return [translated(value) for value in message]
    text = str(message)
    for pattern, replacement in _MESSAGES:
        if pattern.fullmatch(text):
            return str(replacement)
    return text


def draw_error(code: int, title, description):
    """Return an API error response (the format core.errors uses for paths under PREFIX)."""
    return jsonify(error_payload(code, description or title)), code


def invalid_input(error: UnprocessableEntity):
    """Answer a request whose values the schemas refused: 422, and per location and field the messages."""
    data = getattr(error, "data", None) or {}
    body = error_payload(422, data.get("message") or _l("Some values cannot be used"))
    body["errors"] = translated(data.get("messages") or data.get("errors") or {})
    headers = data.get("headers") or {}
    return jsonify(body), 422, headers


def abort_domain(error: DomainError, location: str = "json"):
    """Refuse with 422 and the messages of a broken rule, by field (409 when likely duplicates held it back)."""
    similar = getattr(error, "similar", None)
    if similar is not None:
        response = jsonify({**error_payload(409, error.message), "similar": similar})
        response.status_code = 409
        abort(response)
    errors: dict[str, list[str]] = {}
    for single in error.errors if isinstance(error, DomainErrors) else [error]:
        errors.setdefault(single.field or "_schema", []).append(str(single.message))
    smorest_abort(422, message=str(error.message if not isinstance(error, DomainErrors)
                                   else _l("Some values cannot be used")), messages={location: errors})


def abort_filter(error):
    """Refuse a list's filter with 422, on its query argument."""
    smorest_abort(422, message=str(_l("Some values cannot be used")),
                  messages={"query": {error.field: [str(error.message)]}})
