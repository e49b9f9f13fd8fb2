"""The demo command builds a usable province with accounts, a programme and initiatives."""

from sqlalchemy import func, select

from core.extensions import db
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Programme
from review import council_permissions as perms
from review import council_queries as queries
from scoring.awards import AwardLevel
from scoring.rubric import PROVINCIAL_TEMPLATE
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
    assert db.session.scalars(select(Initiative.status).order_by(Initiative.id)).all() == [
        *[Status.SUBMITTED] * 3, Status.RECOGNISED, Status.RECOGNISED, *[Status.IN_REVIEW] * 4, Status.RECOGNISED,
        Status.IN_REVIEW]


def test_the_demo_reviewer_chairs_a_council_with_work_waiting(app):
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    reviewer = db.session.scalar(select(User).where(User.email == "hoidong@demo.vn"))
    [council] = [c for c in queries.get_councils_for(reviewer) if perms.can_chair(reviewer, c)]
    figures = queries.get_figures(council)

    assert council.rubric.name == PROVINCIAL_TEMPLATE.name
    assert len(queries.get_open_assignments(reviewer.id)) >= 1
    assert [entry.aggregate.count for entry in figures.items] == [0, 3, 2, 0, 3, 0]
    assert [entry.item.initiative.title for entry in figures.items if entry.needs_discussion] == [
        "Ứng dụng bảng tính chấm công tự động cho tổ sản xuất"]
    forwarded = [entry.item for entry in figures.items if entry.item.forwarded_from_id is not None]
    assert [(item.initiative.title, item.decision) for item in forwarded] == [
        ("Cải tiến quy trình tiếp nhận hồ sơ một cửa bằng mã QR", None)]
    assert [(p.level, p.initiative.title) for p in queries.get_award_proposals(council).values()] == [
        (AwardLevel.MERIT, "Cải tiến khuôn ép gạch men giảm tỷ lệ sản phẩm lỗi")]
