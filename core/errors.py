"""Domain errors and the HTTP error pages."""

import contextlib
import errno

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from core.blobs import StorageUnavailable


class DomainError(Exception):
    """A rule of the domain was broken; `field` names the form field to put the message on (or None)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class DomainErrors(DomainError):
    """Several rules broken at once, each naming its field: all of them go back on the form together."""

    def __init__(self, errors: list[DomainError]):
        super().__init__("; ".join(str(e.message) for e in errors))
        self.errors = errors


def put_on_form(form, error: DomainError) -> bool:
    """Attach a domain error (or each of several) to the named field of a WTForms form, or to the whole form."""
    for single in error.errors if isinstance(error, DomainErrors) else [error]:
        field = getattr(form, single.field, None) if single.field else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*list(field.errors), single.message]
        else:
            form.form_errors.append(single.message)
    return False


_TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Sign in to do this"),
    403: _l("You do not have permission to do this"),
    404: _l("Not found"),
    405: _l("This action is not allowed here"),
    409: _l("This cannot be done in the present state"),
    413: _l("The upload is too large"),
    422: _l("Some values cannot be used"),
    429: _l("Too many attempts"),
    503: _l("The system is busy. Please try again in a moment."),
    500: _l("Something went wrong on our side"),
}


# How long a client is asked to wait when the disk is full: someone has to free space first.
NO_SPACE_RETRY_SECONDS = 120


def out_of_space(error: OSError) -> bool:
    """Tell whether an OS error means that the disk (or the user's quota) is full."""
    return error.errno in (errno.ENOSPC, errno.EDQUOT)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/")


def _roll_back() -> None:
    """Give up the request's database work, also when the connection is gone."""
    from core.extensions import db

    try:
        db.session.rollback()
    except OperationalError:  # the server cut the connection: drop it rather than roll it back again at teardown
        with contextlib.suppress(OperationalError):
            db.session().invalidate()


def _as_visitor() -> None:
    """Give up the request's database work and draw what follows for a visitor, without asking the database."""
    from flask import current_app, g

    _roll_back()
    g._login_user = current_app.login_manager.anonymous_user()


def error_payload(code: int, message) -> dict:
    """Return the JSON body of an HTTP error: its number, its name and a translated message."""
    return {"code": code, "status": HTTP_STATUS_CODES.get(code, "Error"), "message": str(message)}


def add_error_format(app, prefix: str, draw) -> None:
    """Answer the errors of every path under prefix with draw(code, title, description) (an API's JSON style)."""
    app.extensions.setdefault(_FORMATS_KEY, {})[prefix] = draw


_FORMATS_KEY = "sangkien.error_formats"


def _draw(code: int, description: str | None):
    title = _TITLES.get(code, _TITLES[500])
    for prefix, draw in current_app.extensions.get(_FORMATS_KEY, {}).items():
        if request.path.startswith(prefix):
            return draw(code, title, description)
    if _wants_json():
        return jsonify(error=str(title), detail=description), code
    return render_template("core/error.html", code=code, title=title, description=description), code


def _render(code: int, description: str | None = None):
    try:
        return _draw(code, description)
    except OperationalError:
        # The language and the page come from the signed-in user, which takes the database; while it does not
        # answer, a refused request (a missing CSRF token, a 404) still gets its own answer, drawn for a visitor.
        _as_visitor()
        return _draw(code, description)


def register_error_handlers(app) -> None:
    """Show every HTTP error as a translated page (or JSON for API calls)."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        # abort(code, reason) carries a translated reason; werkzeug's stock English text is not shown.
        custom = error.description if error.description != type(error).description else None
        return _render(error.code or 500, custom)

    @app.errorhandler(OperationalError)
    def _database_busy(_error):
        # A write lock held too long (SQLite) or a database that does not answer: nothing was written. The page is
        # drawn for a visitor, so that drawing it does not ask the database for the signed-in user again.
        _as_visitor()
        app.logger.exception("database unavailable")
        response, code = _render(503, _l("The database does not answer just now. Try again in a minute."))
        return response, code, {"Retry-After": "30"}

    @app.errorhandler(OSError)
    def _no_space_left(error: OSError):
        # A full disk (the attachments' folder, a temporary file): the storage removes its partial file and the
        # transaction is rolled back, so no row names a file that was not written. Other OS errors stay 500s.
        if isinstance(error, StorageUnavailable):
            # The object store is down or refuses: the file was not stored, so the row naming it rolls back too.
            _roll_back()
            app.logger.error("file storage unavailable: %s", error)
            response, code = _render(503, _l("The file storage does not answer just now: nothing was saved. "
                                             "Try again in a minute."))
            return response, code, {"Retry-After": "30"}
        if not out_of_space(error):
            raise error
        _roll_back()
        app.logger.error("no space left to write a file: %s", error)
        response, code = _render(503, _l("There is no room left to store files just now: nothing was saved. "
                                         "Try again later."))
        return response, code, {"Retry-After": str(NO_SPACE_RETRY_SECONDS)}

    @app.errorhandler(500)
    def _server_error(_error):
        _roll_back()
        return _render(500)
