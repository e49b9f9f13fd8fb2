"""A database that does not answer gives a translated 503 page, for visitors and signed-in users alike."""

import pytest
from flask.testing import FlaskClient

from app import create_app

# Nothing listens on port 9 (discard) here: every connection is refused at once, as during a server restart.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/test?connect_timeout=2"


@pytest.fixture
def outage_client(tmp_path) -> FlaskClient:
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": UNREACHABLE,
                      "SERVER_NAME": "sangkien.test", "INSTANCE_PATH": str(tmp_path)})
    return app.test_client()


def test_a_visitor_gets_the_busy_page(outage_client):
    response = outage_client.get("/progress")  # public figures, read from the database

    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không phản hồi" in response.get_data(as_text=True)
    assert response.headers["Retry-After"] == "30"


def test_a_signed_in_user_gets_the_busy_page_not_a_server_error(outage_client):
    with outage_client.session_transaction() as session:
        session["_user_id"] = "1:token-of-a-browser-that-signed-in-before"
        session["_fresh"] = True

    page = outage_client.get("/initiatives")
    api = outage_client.get("/healthz", headers={"Accept": "application/json"})

    assert page.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không phản hồi" in page.get_data(as_text=True)
    assert api.status_code == 503


def test_a_refused_form_of_a_signed_in_user_gets_its_own_page_not_a_server_error(outage_client):
    with outage_client.session_transaction() as session:
        session["_user_id"] = "1:token-of-a-browser-that-signed-in-before"
        session["_fresh"] = True

    refused = outage_client.post("/logout", data={})  # no CSRF token: refused before any view runs
    refused_json = outage_client.post("/logout", data={}, headers={"Accept": "application/json"})

    assert refused.status_code == 400
    assert "Yêu cầu không hợp lệ" in refused.get_data(as_text=True)
    assert (refused_json.status_code, refused_json.get_json()["error"]) == (400, "Yêu cầu không hợp lệ")
