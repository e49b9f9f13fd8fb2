"""Drive the app through its real forms."""

from tests.conftest import csrf_token
from tests.factories import PASSWORD


def login(client, login_name: str, password: str = PASSWORD):
    """Post the login form."""
    return client.post("/login", data={"csrf_token": csrf_token(client), "login": login_name, "password": password})


def post_form(client, path: str, data: dict | None = None, **kwargs):
    """Post to path with the session's CSRF token added."""
    return client.post(path, data={"csrf_token": csrf_token(client, "/account"), **(data or {})}, **kwargs)


def switch_user(client, login_name: str, password: str = PASSWORD):
    """Sign out whoever is signed in, and sign in as login_name."""
    post_form(client, "/logout")
    return login(client, login_name, password)
