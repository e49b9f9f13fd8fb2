"""The JSON API at /api/v1, its OpenAPI document, and the personal access tokens that open it."""

OPENAPI_PATH = "/api/v1/openapi.json"


def init_app(app) -> None:
    """Plug in the API: its blueprint and document, token authentication, errors as JSON, limits and token pages."""
    from api import audit_vocabulary, auth, openapi, views
    from api import models as _models  # noqa: F401  (register tables with the metadata)
    from api.errors import PREFIX, draw_error
    from api.forms import SCOPE_LABELS, TokenForm
    from api.queries import get_open_tokens, personal_tokens
    from api.token_views import bp as tokens_bp
    from core.errors import add_error_format
    from core.extensions import csrf
    from core.forms import ConfirmForm
    from core.hooks import add_audit_vocabulary, add_personal_data, add_to_slot

    for key, value in openapi.SETTINGS.items():
        app.config.setdefault(key, value)
    document = openapi.ApiDocument(app, spec_kwargs=openapi.SECURITY)
    csrf.exempt(views.bp)  # every API request is a token's: a browser's cookie opens nothing here
    document.register_blueprint(views.bp)
    app.register_blueprint(tokens_bp)
    # The document is for anyone; the endpoints need a token, which the hook below reads.
    app.view_functions[openapi.DOCUMENT_ENDPOINT] = openapi.public_copy(app.view_functions[openapi.DOCUMENT_ENDPOINT])
    # First of all hooks (the web's sign-in check, CSRF, rate limits): the token's owner is the user they all see,
    # and none of them reads the session cookie. Without a valid token the request ends here, with 401.
    app.before_request_funcs.setdefault(None, []).insert(0, auth.authenticate_api_request)
    add_error_format(app, PREFIX, draw_error)
    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    add_personal_data(app, "api_tokens", personal_tokens)
    add_to_slot(app, "account", "api/slots/account_tokens.html", context=lambda user: {
        "api_tokens": get_open_tokens(user), "token_form": TokenForm(formdata=None), "revoke_form": ConfirmForm(),
        "scope_labels": SCOPE_LABELS,
        "openapi_path": OPENAPI_PATH})
