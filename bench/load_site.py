"""The people and work a load run acts on, written through the product's own services.

The demo province (its tree, its demo accounts and its running programme) plus, for the simulated users: members
spread over the grassroots unions of its districts, a few of their initiatives already submitted (so that the
similar check and search find something) and confirmed, and the province's council whose reviewers hold
assignments to score. The programme counts from submission, so every acknowledged submission changes the quota.

``build_site(users)`` runs in an app context, commits, and returns the manifest the locustfile reads (JSON).
"""

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_today
from demo import titles
from demo.programmes import build_programme
from demo.tree import DEMO_PASSWORD, build_tree
from initiatives import services
from initiatives.lifecycle import Step
from quota.services import save_setting
from review import council_services as councils
from review.council_models import CouncilAssignment
from review.council_roles import CouncilRole
from unions import account_services
from unions.levels import UnitLevel
from unions.models import Unit, User
from unions.queries import get_unit_by_code
from unions.roles import Role

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Thanh", "Quang"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hạnh", "Khoa", "Lan", "Mai", "Nam", "Oanh", "Phúc", "Quyên",
         "Sơn", "Tâm", "Uyên", "Vinh", "Yến"]
# Words members type into search: folded and with diacritics, as they arrive.
SEARCH_WORDS = ["cải tiến", "cai tien", "quy trình", "an toàn", "tiết kiệm", "học sinh", "máy", "số hóa"]
REVIEWER_UNIONS = ["HD-NGD-C001", "HD-NGD-C002", "HD-NYT-C001"]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _person(login: str, name: str, unit: Unit, role: Role | None = None) -> User:
    user = account_services.register_member(full_name=name, email=login, phone=None, password=DEMO_PASSWORD,
                                            unit=unit, job_title="")
    account_services.approve_member(None, user)
    if role is not None:
        account_services.grant_role(None, user, role, unit)
    return user


def content(rng: random.Random, title: str, field: str, author: User) -> services.InitiativeInput:
    """Return complete content for an initiative of author titled title."""
    return services.InitiativeInput(
        title=title, field=field, problem="Cách làm cũ tốn thời gian, dễ sai sót và hao phí vật tư.",
        solution="Thay đổi quy trình và dụng cụ như mô tả trong hồ sơ kèm theo.",
        novelty="Lần đầu áp dụng tại đơn vị.", first_applied_on=local_today() - timedelta(days=rng.randint(10, 300)),
        applied_where=author.unit.name, effect="Tiết kiệm thời gian và chi phí.",
        benefit_vnd=rng.choice([5, 12, 30, 80]) * 1_000_000, benefit_method="Số giờ công tiết kiệm × đơn giá.",
        authors=[services.AuthorInput(author.full_name, Decimal(100), author.unit.name, author.id)])


def _unions(rng: random.Random) -> list[Unit]:
    districts = [get_unit_by_code(f"HD-H{i:02d}") for i in range(1, 5)]
    unions = [unit for district in districts for unit in db.session.scalars(
        select(Unit).where(Unit.parent_id == district.id, Unit.level == UnitLevel.GRASSROOTS).order_by(Unit.code))]
    return rng.sample(unions, 12)


def build_site(users: int, seed: int = 2026) -> dict:
    """Write the demo province and the load's accounts and work; return the manifest."""
    rng = random.Random(seed)
    build_tree()
    province = get_unit_by_code("HD-LDLD")
    programme = build_programme(province)
    save_setting(None, programme, counts_from="submitted", public=False)
    unions = _unions(rng)
    officers = [_person(f"canbo.tai.{n}@demo.vn", _name(rng), unit, Role.OFFICER)
                for n, unit in enumerate(unions[:4], start=1)]
    members = [_person(f"doanvien.tai.{n}@demo.vn", _name(rng), unions[n % len(unions)])
               for n in range(1, max(8, users) + 1)]
    reviewers = [_person(f"giamkhao.tai.{n}@demo.vn", _name(rng), get_unit_by_code(code))
                 for n, code in enumerate(REVIEWER_UNIONS, start=1)]
    council = councils.create_council(None, unit=province, programme=programme, settings=councils.CouncilSettings(
        name="Hội đồng sáng kiến LĐLĐ tỉnh Hải Dương", reviewers_per_item=2))
    for reviewer in reviewers:
        councils.add_member(None, council, reviewer, CouncilRole.MEMBER)

    taken: set[str] = set()
    seeds = []
    for n in range(max(20, users)):
        author = members[n % len(members)]
        field = rng.choice(titles.fields())
        initiative = services.save_draft(author, programme=programme, unit=author.unit,
                                         data=content(rng, titles.title(rng, field, taken), field, author))
        services.submit(author, initiative, local_today())
        seeds.append(initiative)
    by_union = {officer.unit_id: officer for officer in officers}
    for initiative in seeds[: len(seeds) // 2]:
        if initiative.unit_id in by_union:
            services.take_step(by_union[initiative.unit_id], initiative, Step.CONFIRM)
    councils.assign_reviewers(None, council)
    # The account that checks, during each fault, what a person is told (bench.load_probe), with its own draft.
    prober = _person("kiemtra.tai@demo.vn", _name(rng), unions[0])
    field = rng.choice(titles.fields())
    probe_draft = services.save_draft(prober, programme=programme, unit=prober.unit,
                                      data=content(rng, titles.title(rng, field, set(taken)), field, prober))
    db.session.commit()

    assignments = {reviewer.email: list(db.session.scalars(select(CouncilAssignment.id).where(
        CouncilAssignment.reviewer_id == reviewer.id).order_by(CouncilAssignment.id))) for reviewer in reviewers}
    return {
        "password": DEMO_PASSWORD, "programme_id": programme.id, "province_id": province.id,
        "members": [{"login": m.email, "unit_id": m.unit_id} for m in members],
        "officers": [{"login": o.email, "unit_id": o.unit_id} for o in officers],
        "federations": [{"login": "tinh@demo.vn", "unit_id": province.id},
                        {"login": "huyen@demo.vn", "unit_id": get_unit_by_code("HD-H04").id}],
        "reviewers": [{"login": login, "assignment_ids": ids} for login, ids in assignments.items()],
        "seed_titles": sorted(taken), "search_words": SEARCH_WORDS,
        "probe": {"login": prober.email, "draft_id": probe_draft.id},
    }
