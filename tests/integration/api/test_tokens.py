"""Token services against the database: only the hash is kept, a revoked token stays revoked, and each is audited."""

import hashlib

import pytest
from sqlalchemy import select

from api.auth import find_token
from api.models import PersonalAccessToken, TokenScope
from api.services import create_token, revoke_token
from core.errors import DomainError
from core.extensions import db
from core.models import AuditEntry
from tests.factories import make_tree, make_user


def test_a_token_is_stored_as_the_hash_of_its_secret_and_found_by_it(app):
    member = make_user(make_tree()["grassroots_A1"])

    token, secret = create_token(member, "  Báo cáo tuần  ", TokenScope.READ)
    db.session.commit()

    stored = db.session.scalar(select(PersonalAccessToken))
    assert (stored.name, stored.token_hash, secret in repr(stored.__dict__)) == (
        "Báo cáo tuần", hashlib.sha256(secret.encode()).hexdigest(), False)
    assert (find_token(secret), find_token(secret[:-1]), find_token("sk_"), find_token(secret.removeprefix("sk_"))) \
        == (token, None, None, None)


def test_a_revoked_token_finds_nothing_and_cannot_be_revoked_twice(app):
    member = make_user(make_tree()["grassroots_A1"])
    token, secret = create_token(member, "Kịch bản", TokenScope.READ_WRITE)

    revoke_token(member, token.id)
    with pytest.raises(DomainError):
        revoke_token(member, token.id)

    assert find_token(secret) is None
    assert db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()[-2:] == [
        "api_token.create", "api_token.revoke"]


def test_a_token_needs_a_name(app):
    member = make_user(make_tree()["grassroots_A1"])

    with pytest.raises(DomainError) as refused:
        create_token(member, "   ", TokenScope.READ)

    assert (refused.value.field, db.session.scalar(select(PersonalAccessToken))) == ("name", None)
