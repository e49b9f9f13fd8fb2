"""The demo command builds a usable province with accounts, a programme and initiatives."""

from sqlalchemy import func, select

from core.extensions import db
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Programme
from unions.models import Unit, User
from unions.roles import AccountStatus


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_demo_command_fills_an_empty_database(app):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["demo"])
    again = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "doanvien@demo.vn" in result.output
    assert again.exit_code == 0
    assert count(select(Unit)) == 1 + 1 + 12 + 12 * 12 + 3 + 7 + 20 + 18 + 1
    assert count(select(User).where(User.status == AccountStatus.PENDING)) == 3
    assert count(select(Programme)) == 1
    assert db.session.scalars(select(Initiative.status)).all() == [Status.SUBMITTED] * 3
