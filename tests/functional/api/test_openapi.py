"""The OpenAPI document is the app's own, and every operation holds to it: schemathesis sends each one generated
requests with a read-and-write token against a database with data, and no answer is a server error or strays from
the document."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.models import TokenScope
from api.services import create_token
from app import create_app
from core.config import default_config
from core.extensions import db
from initiatives.lifecycle import Step
from tests.conftest import _app_config, fresh_database
from tests.factories import make_initiative, make_programme, make_tree, make_user
from unions.roles import Role

MAX_EXAMPLES = 25
ROWS = 12  # the world's units, programmes and initiatives have ids up to about this


@pytest.fixture(scope="module")
def api_world(tmp_path_factory, sqlite_template):
    """Return an app (outside any context, as a server runs) with a union tree, initiatives and a token."""
    tmp = tmp_path_factory.mktemp("openapi")
    with fresh_database(tmp, sqlite_template) as url, pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSTANCE_PATH", str(tmp / "instance"))
        limits = {**default_config(str(tmp))["RATE_LIMITS"], "api": "100000 per minute"}
        app = create_app({**_app_config(url), "RATE_LIMITS": limits})
        with app.app_context():
            units = make_tree()
            officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["district_A"]),))
            programme = make_programme(units["province"])
            make_initiative(officer, programme, "Bản nháp về máy bơm", submit=False)
            make_initiative(officer, programme, "Quy trình kiểm kê kho vật tư")
            make_initiative(officer, programme, "Bàn chấm công bằng thẻ từ", steps=((officer, Step.CONFIRM),))
            _token, secret = create_token(officer, "schemathesis", TokenScope.READ_WRITE)
            db.session.commit()
            db.session.remove()
        yield app, secret
        with app.app_context():
            db.engine.dispose()


OPERATIONS = [
    ("GET", "/api/v1/initiatives"), ("GET", "/api/v1/initiatives/similar"),
    ("GET", "/api/v1/initiatives/{initiative_id}"), ("POST", "/api/v1/initiatives/{initiative_id}/submit"),
    ("GET", "/api/v1/programmes"), ("GET", "/api/v1/programmes/{programme_id}"),
    ("POST", "/api/v1/programmes/{programme_id}/initiatives"),
    ("GET", "/api/v1/programmes/{programme_id}/units/{unit_id}/progress"), ("GET", "/api/v1/units"),
    ("GET", "/api/v1/units/{unit_id}"),
]


@pytest.fixture(scope="module")
def api_schema(api_world):
    app, _secret = api_world
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_document_is_served_and_generated_from_the_code(api_world):
    app, _secret = api_world
    document = app.test_client().get("/api/v1/openapi.json").get_json()

    assert (document["openapi"], sorted((method.upper(), path) for path, item in document["paths"].items()
                                        for method in item if method != "parameters")) == ("3.0.3", sorted(OPERATIONS))


# The pytest plugin's lazy loading does not run under pytest 9, so each operation's strategy is drawn directly.
@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_operation_holds_to_the_document(api_world, api_schema, method, path, mode):
    _app, secret = api_world
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(mode), data=st.data())
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def holds(case, data):
        if mode == GenerationMode.POSITIVE and case.path_parameters:
            # Ids drawn from the whole 32-bit range name nothing; these name the world's rows (or just miss them).
            case.path_parameters = {name: data.draw(st.integers(1, ROWS), label=name) for name in case.path_parameters}
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"},
                               checks=[not_a_server_error, response_schema_conformance])

    holds()
