"""The demo command builds a usable province: accounts, a 2021 programme whose district reproduces the article's
figures, and a running programme with a month of activity."""

import re

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DatabaseError

from core.extensions import db
from core.models import AuditEntry
from demo.tree import DEMO_PASSWORD
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Programme
from review import council_permissions as perms
from review import council_queries as queries
from review.models import DuplicatePair, PairStatus
from scoring.awards import AwardLevel
from scoring.rubric import PROVINCIAL_TEMPLATE
from tests.functional.helpers import login
from unions.models import Unit, User
from unions.queries import get_unit_by_code
from unions.roles import AccountStatus


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def test_demo_command_fills_an_empty_database(app, client):
    runner = app.test_cli_runner()

    result = runner.invoke(args=["demo"])
    again = runner.invoke(args=["demo", "--if-empty"])

    assert result.exit_code == 0, result.output
    assert "doanvien@demo.vn" in result.output
    assert again.exit_code == 0
    assert count(select(Unit)) == 1 + 1 + 12 + 11 * 12 + 204 + 3 + 7 + 20 + 18 + 1
    assert count(select(User).where(User.status == AccountStatus.PENDING)) == 3
    assert count(select(Programme)) == 2
    statuses = dict(db.session.execute(select(Initiative.status, func.count()).group_by(Initiative.status)).all())
    assert statuses[Status.CONFIRMED] > 1000 and statuses[Status.WITHDRAWN] > 25 and statuses[Status.RETURNED] > 15
    assert count(select(DuplicatePair).where(DuplicatePair.status == PairStatus.SAME)) == 12
    assert count(select(DuplicatePair).where(DuplicatePair.status == PairStatus.OPEN)) > 0
    assert app.test_cli_runner().invoke(args=["quota", "rebuild", "--check"]).exit_code == 0
    with pytest.raises(DatabaseError):  # the history was dated back, and the audit trail is append-only again
        db.session.execute(update(AuditEntry).values(at=func.current_timestamp()))
    db.session.rollback()

    district = get_unit_by_code("HD-H04")
    history = db.session.scalar(select(Programme).order_by(Programme.opens_on))
    login(client, "huyen@demo.vn", DEMO_PASSWORD)
    board = client.get(f"/quota/programmes/{history.id}/units/{district.id}").get_data(as_text=True)
    report = client.get(f"/quota/programmes/{history.id}/units/{district.id}/report").get_data(as_text=True)

    assert re.search(r'id="headline-count">1\.989<', board)
    assert re.search(r'id="headline-percent">492,3%<', board)
    assert re.search(r'id="headline-coverage">195/204<', board)
    assert ("Tính đến ngày 30/5/2021, Liên đoàn Lao động huyện Cẩm Giàng đã có 1.989 sáng kiến, đạt 492,3% so với "
            "chỉ tiêu Liên đoàn Lao động tỉnh Hải Dương giao (404 sáng kiến)") in report
    assert "195/204 công đoàn cơ sở tham gia." in report


def test_the_demo_reviewer_chairs_a_council_with_work_waiting(app):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    reviewer = db.session.scalar(select(User).where(User.email == "hoidong@demo.vn"))
    [council] = [c for c in queries.get_councils_for(reviewer) if perms.can_chair(reviewer, c)]
    figures = queries.get_figures(council)

    assert council.rubric.name == PROVINCIAL_TEMPLATE.name
    assert len(queries.get_open_assignments(reviewer.id)) >= 1
    counts = [entry.aggregate.count for entry in figures.items]
    # Three scored (one of them twice, so far), among every confirmed initiative of the running programme that no
    # district council holds: the province council is mid-review.
    assert sorted(count for count in counts if count) == [2, 3, 3] and len(counts) > 100
    assert [entry.item.initiative.title for entry in figures.items if entry.needs_discussion] == [
        "Ứng dụng bảng tính chấm công tự động cho tổ sản xuất"]
    forwarded = [entry.item for entry in figures.items if entry.item.forwarded_from_id is not None]
    assert [(item.initiative.title, item.decision) for item in forwarded] == [
        ("Cải tiến quy trình tiếp nhận hồ sơ một cửa bằng mã QR", None)]
    assert [(p.level, p.initiative.title) for p in queries.get_award_proposals(council).values()] == [
        (AwardLevel.MERIT, "Cải tiến khuôn ép gạch men giảm tỷ lệ sản phẩm lỗi")]
