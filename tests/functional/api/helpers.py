"""Make API tokens through the real account page, and call the API with them."""

import re

from tests.functional.helpers import post_form, switch_user

SECRET = re.compile(r'id="token-secret">(sk_[A-Za-z0-9_-]+)<')


def make_token(client, login_name: str, scope: str = "read-write", name: str = "Kịch bản báo cáo") -> str:
    """Sign in as login_name, make a token on My account, and return its secret (the browser is left signed in)."""
    switch_user(client, login_name)
    page = post_form(client, "/account/tokens", {"name": name, "scope": scope})
    assert page.status_code == 201
    return SECRET.search(page.get_data(as_text=True)).group(1)


def bearer(secret: str, language: str = "en") -> dict:
    """Return the headers of an API call with this token, asking for answers in language."""
    return {"Authorization": f"Bearer {secret}", "Accept-Language": language}
