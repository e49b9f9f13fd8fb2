"""The demo's councils: a district council that has scored its initiatives and forwarded one, and the province's
council, chaired by the demo reviewer, with the provincial score sheet, assignments, some score sheets in, one
initiative whose scores are far apart (needs discussion) and the forwarded one waiting for it.

Everything goes through the services, as the pages would do it.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_today
from demo.tree import DEMO_PASSWORD
from initiatives import services as initiative_services
from initiatives.lifecycle import Step
from initiatives.queries import get_programmes_of
from review import council_services as councils
from review.council_queries import get_items
from review.council_roles import CouncilRole
from scoring.awards import AuthorCategory
from unions import account_services
from unions.models import User
from unions.queries import get_unit_by_code

# (login, name, grassroots union): council members come from unions other than the initiatives' own.
DISTRICT_MEMBERS = [("cthuyen@demo.vn", "Hoàng Văn Sơn", "HD-H05-C001"),
                    ("tvhuyen1@demo.vn", "Đặng Thị Thu", "HD-H06-C002"),
                    ("tvhuyen2@demo.vn", "Lương Văn Đức", "HD-H07-C003")]
PROVINCE_MEMBERS = [("tvtinh1@demo.vn", "Trịnh Thị Ngọc", "HD-NGD-C001"),
                    ("tvtinh2@demo.vn", "Phan Văn Quang", "HD-KCN-C002"),
                    ("tvtinh3@demo.vn", "Mai Thị Hạnh", "HD-H08-C004")]
# (title, field, benefit, grassroots union, author's name)
DISTRICT_INITIATIVES = [
    ("Cải tiến quy trình tiếp nhận hồ sơ một cửa bằng mã QR", "admin_reform", 95_000_000, "HD-H04-C002",
     "Nguyễn Thị Hoa"),
    ("Thiết bị tưới nước tự động cho vườn trường từ cảm biến độ ẩm", "education", 12_000_000, "HD-H04-C004",
     "Trần Văn Lực"),
    ("Sổ tay điện tử theo dõi tiêm chủng tại trạm y tế xã", "health", 0, "HD-H04-C003", "Lê Thị Mận"),
]
PROVINCE_INITIATIVES = [
    ("Hệ thống cảnh báo rò rỉ khí gas trong xưởng sản xuất", "safety", 180_000_000, "HD-KCN-C005", "Vũ Đình Khải"),
    ("Ứng dụng bảng tính chấm công tự động cho tổ sản xuất", "digital", 45_000_000, "HD-KCN-C003",
     "Bùi Thị Duyên"),
    ("Mô hình thư viện xanh thân thiện trong trường THPT", "education", 0, "HD-NGD-C003", "Đỗ Thị Lan Anh"),
    ("Cải tiến khuôn ép gạch men giảm tỷ lệ sản phẩm lỗi", "production", 260_000_000, "HD-KCN-C012",
     "Ngô Văn Thành"),
    ("Quy trình phân loại rác thải y tế tại khoa lâm sàng", "environment", 30_000_000, "HD-NYT-C002",
     "Phạm Thị Yến"),
]
AGREED = {"novelty": 27, "applicability": 24, "effect": 34, "dossier": 8}  # 85 of 100
GOOD = {"novelty": 22, "applicability": 20, "effect": 26, "dossier": 7}  # 68
FAR_HIGH = {"novelty": 28, "applicability": 26, "effect": 36, "dossier": 9}  # 90
FAR_LOW = {"novelty": 8, "applicability": 10, "effect": 12, "dossier": 5}  # 30


def _person(login: str, name: str, unit_code: str) -> User:
    user = account_services.register_member(full_name=name, email=login, phone=None, password=DEMO_PASSWORD,
                                            unit=get_unit_by_code(unit_code), job_title="")
    account_services.approve_member(None, user)
    return user


def _confirmed(programme, officer, spec, today: date):
    """Submit an initiative of a grassroots union and have it confirmed there."""
    title, field, benefit, unit_code, author = spec
    unit = get_unit_by_code(unit_code)
    member = _person(f"tacgia.{unit_code.lower()}@demo.vn", author, unit_code)
    data = initiative_services.InitiativeInput(
        title=title, field=field, problem="Cách làm cũ tốn thời gian, dễ sai sót.",
        solution="Thiết kế lại quy trình và dụng cụ như mô tả trong hồ sơ kèm theo.",
        novelty="Lần đầu áp dụng tại đơn vị.", effect="Tiết kiệm thời gian và chi phí.",
        first_applied_on=date(today.year, 1, 1) if today.month > 1 else date(today.year - 1, 12, 1),
        applied_where=unit.name, benefit_vnd=benefit or None, benefit_not_computable=not benefit,
        benefit_description="" if benefit else "Lợi ích xã hội, chưa tính được bằng tiền.",
        benefit_method="Chi phí tiết kiệm được trong một năm áp dụng." if benefit else "",
        authors=[initiative_services.AuthorInput(author, Decimal(100), unit.name, member.id)])
    initiative = initiative_services.save_draft(member, programme=programme, unit=unit, data=data)
    initiative_services.submit(member, initiative, today)
    initiative_services.take_step(officer, initiative, Step.CONFIRM)
    return initiative


def _submit_scores(item, *sheets) -> None:
    for assignment, scores in zip(item.active_assignments, sheets, strict=False):
        councils.save_score_sheet(assignment.reviewer, assignment, scores, "", submit=True)


def build_councils(province) -> list[tuple[str, str, str]]:
    """Set up the demo's councils and their work; returns (login, name, role) for the council accounts."""
    today = local_today()
    programme = get_programmes_of(province, open_on=today)[0]
    people = {email: user for email, user in ((u.email, u) for u in db.session.scalars(
        select(User).where(User.email.in_(["hoidong@demo.vn", "tinh@demo.vn", "huyen@demo.vn"]))))}
    district_people = [_person(*spec) for spec in DISTRICT_MEMBERS]
    province_people = [_person(*spec) for spec in PROVINCE_MEMBERS]

    district = councils.create_council(people["huyen@demo.vn"], unit=get_unit_by_code("HD-H04"), programme=programme,
                                       settings=councils.CouncilSettings(
                                           name="Hội đồng sáng kiến LĐLĐ huyện Cẩm Giàng", reviewers_per_item=2))
    councils.add_member(people["huyen@demo.vn"], district, district_people[0], CouncilRole.CHAIR)
    for member in district_people[1:]:
        councils.add_member(people["huyen@demo.vn"], district, member, CouncilRole.MEMBER)
    council = councils.create_council(people["tinh@demo.vn"], unit=province, programme=programme,
                                      settings=councils.CouncilSettings(
                                          name="Hội đồng sáng kiến LĐLĐ tỉnh Hải Dương", blind=False))
    councils.add_member(people["tinh@demo.vn"], council, people["hoidong@demo.vn"], CouncilRole.CHAIR)
    councils.add_member(people["tinh@demo.vn"], council, people["tinh@demo.vn"], CouncilRole.SECRETARY)
    for member in province_people:
        councils.add_member(people["tinh@demo.vn"], council, member, CouncilRole.MEMBER)

    # The district council scores its three and forwards the best one to the province.
    local = [_confirmed(programme, people["huyen@demo.vn"], spec, today) for spec in DISTRICT_INITIATIVES]
    councils.assign_reviewers(district_people[0], district)
    items = _items(district)
    best, second, _waiting = (items[i.id] for i in local)
    _submit_scores(best, AGREED, FAR_HIGH)
    _submit_scores(second, GOOD, GOOD)
    councils.decide_item(district_people[0], best, "forwarded", "Giá trị làm lợi lớn, đề nghị cấp tỉnh xem xét.")
    councils.decide_item(district_people[0], second, "recognised", "")

    # The province council's own queue: confirmed by unions with no council between them and the province.
    upper = [_confirmed(programme, people["tinh@demo.vn"], spec, today) for spec in PROVINCE_INITIATIVES]
    councils.assign_reviewers(people["tinh@demo.vn"], council)
    items = _items(council)
    agreed, apart, _for_the_reviewer, awarded, _open = (items[i.id] for i in upper)
    _submit_scores(agreed, AGREED, AGREED, GOOD)
    _submit_scores(apart, FAR_HIGH, FAR_LOW)  # two far apart: needs discussion
    _submit_scores(awarded, GOOD, GOOD, AGREED)
    councils.decide_item(people["hoidong@demo.vn"], awarded, "recognised", "")
    lead = awarded.initiative.authors[0]
    councils.record_author_category(people["tinh@demo.vn"], awarded, lead, AuthorCategory.WORKER)
    councils.propose_award(people["tinh@demo.vn"], awarded, "merit", "Đề nghị tặng Bằng khen của LĐLĐ tỉnh")
    db.session.flush()
    return [(u.email, u.full_name, "council chair" if n == 0 else "council member")
            for n, u in enumerate(district_people)] + [(u.email, u.full_name, "council member")
                                                       for u in province_people]


def _items(council) -> dict:
    return {item.initiative_id: item for item in get_items(council)}
