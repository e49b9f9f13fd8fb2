"""The demo's union tree: one province federation with its districts, sector unions, ~400 grassroots unions, and the
demo accounts."""

import random

from core.extensions import db
from unions import account_services, unit_services
from unions.levels import JOINABLE_LEVELS, UnitLevel
from unions.models import Unit
from unions.queries import get_unit_by_code
from unions.roles import Role
from unions.tree import TreeRow

DEMO_PASSWORD = "sangkien2026"

DISTRICTS = ["Thành phố Hải Dương", "Thành phố Chí Linh", "Thị xã Kinh Môn", "Cẩm Giàng", "Bình Giang", "Gia Lộc",
             "Tứ Kỳ", "Ninh Giang", "Thanh Miện", "Nam Sách", "Kim Thành", "Thanh Hà"]
COMMUNES = ["Tân Hưng", "Ngọc Sơn", "Thạch Khôi", "Liên Hồng", "Gia Xuyên", "Hồng Lạc", "Quang Minh", "An Thanh",
            "Cộng Hòa", "Nam Hưng", "Lai Cách", "Tân Trường", "Thái Học", "Vĩnh Hồng", "Hưng Đạo", "Đồng Lạc",
            "Kim Xuyên", "Phú Thái", "Thanh Hải", "Tiền Tiến", "Hiệp Sơn", "An Lưu", "Minh Tân", "Lê Lợi"]
COMPANIES = ["Công ty TNHH Giày da Phúc Thành", "Công ty CP Sứ Hải Dương", "Công ty TNHH May Tinh Lợi",
             "Công ty CP Bánh kẹo Hải Hà Đông", "Công ty TNHH Ford Việt Nam", "Công ty CP Xi măng Phúc Sơn",
             "Công ty TNHH Điện tử Brother", "Công ty CP Thép Hòa Phát Hải Dương", "Công ty TNHH Dệt Hà Nam Sơn",
             "Công ty CP Cơ khí Hải Dương", "Công ty TNHH Nhựa Tiền Phong", "Công ty CP Gạch men Thanh Hải",
             "Công ty TNHH Sumidenso Việt Nam", "Công ty CP Dược phẩm Hải Dương", "Công ty Điện lực Hải Dương",
             "Công ty CP Nước sạch Hải Dương", "Công ty TNHH Bao bì Minh Phát", "Công ty CP Vận tải Hải Dương"]
SCHOOL_KINDS = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS"]
DEMO_USERS = [
    # (login, name, unit code, role, role unit code)
    ("admin@demo.vn", "Quản trị Hệ thống", "HD-LDLD", Role.SYSTEM_ADMIN, "HD-LDLD"),
    ("tinh@demo.vn", "Nguyễn Thị Thanh Hòa", "HD-LDLD", Role.FEDERATION_ADMIN, "HD-LDLD"),
    ("huyen@demo.vn", "Trần Văn Hiệu", "HD-H04", Role.FEDERATION_ADMIN, "HD-H04"),
    ("canbo@demo.vn", "Phạm Thị Lan", "HD-H04-C001", Role.OFFICER, "HD-H04-C001"),
    ("hoidong@demo.vn", "Lê Minh Tuấn", "HD-LDLD", Role.REVIEWER, "HD-LDLD"),
    ("doanvien@demo.vn", "Vũ Văn Nam", "HD-H04-C001", None, None),
]
# The district whose 2021 figures reproduce the article's: 204 grassroots unions, 195 of them taking part.
BIG_DISTRICT = "HD-H04"
BIG_DISTRICT_UNIONS = 204
PENDING = [("Đỗ Thị Hương", "0912000001"), ("Bùi Văn Khánh", "0912000002"), ("Ngô Thị Mai", "0912000003")]


WORKPLACES = ["Công ty TNHH May", "Công ty CP Cơ khí", "Công ty TNHH Điện tử", "Công ty CP Gốm sứ",
              "Công ty TNHH Bao bì", "Hợp tác xã Nông nghiệp", "Công ty CP Thực phẩm", "Công ty TNHH Giày",
              "Công ty CP Xây dựng", "Công ty TNHH Nhựa", "Trường Mầm non Tư thục", "Quỹ Tín dụng nhân dân",
              "Công ty CP Vật liệu", "Công ty TNHH Thương mại", "Chi nhánh Ngân hàng"]
BRANDS = ["An Phát", "Hưng Thịnh", "Minh Long", "Phúc Hưng", "Thành Đạt", "Việt Tiến", "Hòa Bình", "Đại Nam",
          "Kim Long", "Sao Mai", "Tân Tiến", "Thăng Long", "Hồng Hà", "Bình Minh", "Trường Sơn", "Nam Việt"]


def _workplace_name(rng: random.Random, district: str, number: int) -> str:
    """Return the name of a workplace union of the big district, told apart by its brand and number."""
    return f"Công đoàn {rng.choice(WORKPLACES)} {rng.choice(BRANDS)} {district} số {number}"


def demo_tree(seed: int = 2021) -> list[TreeRow]:
    """Return the rows of the demo tree: province, districts, sector unions and ~400 grassroots unions."""
    rng = random.Random(seed)
    rows: list[TreeRow] = []

    def add(code, name, level, parent="", members=0):
        rows.append(TreeRow(row=len(rows) + 2, code=code, name=name, level=level, parent_code=parent,
                            members=str(members)))

    add("TLD", "Tổng Liên đoàn Lao động Việt Nam", UnitLevel.CONFEDERATION)
    add("HD-LDLD", "Liên đoàn Lao động tỉnh Hải Dương", UnitLevel.PROVINCE_FEDERATION, "TLD")
    communes = iter(rng.sample(COMMUNES, len(COMMUNES)) * 20)
    for i, district in enumerate(DISTRICTS, start=1):
        code = f"HD-H{i:02d}"
        town = district.startswith(("Thành phố", "Thị xã"))
        add(code, f"Liên đoàn Lao động {district if town else 'huyện ' + district}",
            UnitLevel.DISTRICT_FEDERATION, "HD-LDLD")
        for j in range(13, BIG_DISTRICT_UNIONS + 1) if code == BIG_DISTRICT else ():
            add(f"{code}-C{j:03d}", _workplace_name(rng, district, j), UnitLevel.GRASSROOTS, code,
                rng.randint(15, 420))
        for j in range(1, 13):
            commune = next(communes)
            kind = j % 4
            if kind == 0:
                name = f"Công đoàn {rng.choice(SCHOOL_KINDS)} {commune}"
            elif kind == 1:
                name = f"Công đoàn Ủy ban nhân dân xã {commune}"
            elif kind == 2:
                name = f"Công đoàn Trạm Y tế xã {commune}"
            else:
                name = f"Công đoàn {rng.choice(SCHOOL_KINDS)} {commune} {j}"
            add(f"{code}-C{j:03d}", name, UnitLevel.GRASSROOTS, code, rng.randint(12, 85))
    sectors = [("HD-NGD", "Công đoàn Giáo dục tỉnh Hải Dương", UnitLevel.LOCAL_SECTOR_UNION),
               ("HD-NYT", "Công đoàn ngành Y tế tỉnh Hải Dương", UnitLevel.LOCAL_SECTOR_UNION),
               ("HD-KCN", "Công đoàn các Khu công nghiệp tỉnh Hải Dương", UnitLevel.INDUSTRIAL_ZONE_UNION)]
    for code, name, level in sectors:
        add(code, name, level, "HD-LDLD")
    hospitals = ["Bệnh viện Đa khoa tỉnh", "Bệnh viện Nhi", "Bệnh viện Y học cổ truyền", "Bệnh viện Phổi",
                 "Bệnh viện Phục hồi chức năng", "Trung tâm Kiểm soát bệnh tật", "Bệnh viện Mắt và Da liễu"]
    for j, name in enumerate(hospitals, start=1):
        add(f"HD-NYT-C{j:03d}", f"Công đoàn {name} Hải Dương", UnitLevel.GRASSROOTS, "HD-NYT", rng.randint(80, 900))
    for j in range(1, 21):
        add(f"HD-NGD-C{j:03d}", f"Công đoàn Trường THPT {rng.choice(COMMUNES)} {j}", UnitLevel.GRASSROOTS, "HD-NGD",
            rng.randint(40, 110))
    for j, name in enumerate(COMPANIES, start=1):
        add(f"HD-KCN-C{j:03d}", f"Công đoàn {name}", UnitLevel.GRASSROOTS, "HD-KCN", rng.randint(150, 4500))
    add("HD-KCN-C001-T01", "Tổ công đoàn Phân xưởng may 1", UnitLevel.UNION_GROUP, "HD-KCN-C001", 60)
    return rows


def build_tree() -> list[tuple[str, str, str]]:
    """Write the demo tree, blocs and users; returns (login, name, role) for every demo account."""
    result = unit_services.import_tree(None, demo_tree())
    if not result.ok:
        raise RuntimeError(f"demo tree is invalid: {result.problems[:3]}")
    province = get_unit_by_code("HD-LDLD")
    districts = [get_unit_by_code(f"HD-H{i:02d}") for i in range(1, 5)]
    unit_services.create_bloc(None, owner=province, name="Khối thi đua các LĐLĐ huyện, thị xã, thành phố",
                              kind="bloc", units=districts)
    accounts = []
    for login, name, unit_code, role, role_unit in DEMO_USERS:
        user = account_services.register_member(full_name=name, email=login, phone=None, password=DEMO_PASSWORD,
                                                unit=_joinable_unit(unit_code), job_title="")
        account_services.approve_member(None, user)
        if role is not None:
            account_services.grant_role(None, user, role, get_unit_by_code(role_unit))
        accounts.append((login, name, str(role or "member")))
    officer_union = get_unit_by_code("HD-H04-C001")
    for name, phone in PENDING:
        account_services.register_member(full_name=name, email=None, phone=phone, password=DEMO_PASSWORD,
                                         unit=officer_union, job_title="Giáo viên")
    db.session.flush()
    return accounts


def _joinable_unit(code: str) -> Unit:
    """Return the unit a demo account is a member of: its own union, or the first grassroots union below it."""
    unit = get_unit_by_code(code)
    if unit.level in JOINABLE_LEVELS:
        return unit
    return get_unit_by_code("HD-NYT-C001") if code == "HD-LDLD" else get_unit_by_code(f"{code}-C002")
