"""The demo's programme: open now, in two phases, with a few initiatives already on their way."""

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_today
from initiatives import services
from initiatives.models import Programme
from unions.models import Unit, User

DEMO_INITIATIVES = [
    ("Ứng dụng mã QR trong quản lý thiết bị dạy học của nhà trường", "education", 18_000_000),
    ("Một số biện pháp giúp học sinh lớp 1 đọc thông viết thạo", "education", 0),
    ("Cải tiến sổ theo dõi chuyên cần bằng Google Sheets", "digital", 6_500_000),
]


def build_programme(province: Unit) -> Programme:
    """Open the province's programme now, in two phases, with a few initiatives already on their way."""
    today = local_today()
    middle = today + timedelta(days=120)
    programme = services.save_programme(None, owner=province, data=services.ProgrammeInput(
        name="Chương trình “1 triệu sáng kiến” – nỗ lực vượt khó, sáng tạo, quyết tâm chiến thắng đại dịch",
        description="Mỗi đoàn viên, người lao động có ít nhất một sáng kiến cải tiến trong công việc.",
        opens_on=today - timedelta(days=30), closes_on=today + timedelta(days=300),
        applied_from=today - timedelta(days=730), applied_until=None, fields=[],
        phases=[("Đợt 1", today - timedelta(days=30), middle), ("Đợt 2", middle + timedelta(days=1),
                                                                today + timedelta(days=300))]))
    member = db.session.scalar(select(User).where(User.email == "doanvien@demo.vn"))
    for title, field, benefit in DEMO_INITIATIVES:
        data = services.InitiativeInput(
            title=title, field=field, problem="Cách làm cũ tốn thời gian và công sức.",
            solution="Thay đổi quy trình và dụng cụ như mô tả trong tệp đính kèm.", effect="Tiết kiệm thời gian.",
            first_applied_on=today - timedelta(days=60), applied_where=member.unit.name, benefit_vnd=benefit,
            benefit_method="Số giờ công tiết kiệm × đơn giá giờ công.",
            authors=[services.AuthorInput(member.full_name, Decimal(100), member.unit.name, member.id)])
        initiative = services.save_draft(member, programme=programme, unit=member.unit, data=data)
        services.submit(member, initiative, today)
    return programme
