"""Rate limits on the routes a script would hammer: sign-in, registration, passwords, submission, the similar check.

Each limit is named, its rate read from RATE_LIMITS in the configuration ("10 per hour"), and counted per client
address, or per signed-in person where a person is the one acting. A refused request gets 429, a translated message
and Retry-After. The counts live in RATELIMIT_STORAGE_URI: Redis when several workers or servers answer (each would
otherwise count alone), memory for a single process.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from core.extensions import limiter


def _namespace() -> str:
    # Apps that share a Redis (the test suite's, or two instances of the product) count apart.
    return current_app.config["RATE_LIMIT_NAMESPACE"]


def _by_address() -> str:
    return f"{_namespace()}:address:{get_remote_address()}"


def _by_person() -> str:
    if current_user.is_authenticated:
        return f"{_namespace()}:user:{current_user.id}"
    return _by_address()


def rate_limited(name: str, *, per_person: bool = False, methods: tuple[str, ...] | None = ("POST",), key=None):
    """Decorate a view (or a blueprint) so that more than RATE_LIMITS[name] requests by methods (None: any) are
    refused; key() names what is counted when it is neither an address nor a person (an API token)."""
    key_func = (lambda: f"{_namespace()}:{name}:{key()}") if key else _by_person if per_person else _by_address
    return limiter.limit(lambda: current_app.config["RATE_LIMITS"][name],
                         key_func=key_func, methods=list(methods) if methods else None,
                         scope=name,
                         error_message=lambda: _("Too many requests in a short time. Wait a moment and try again."))
