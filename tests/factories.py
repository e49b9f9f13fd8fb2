"""Build rows for tests through the same services the product uses."""

import itertools

from core.extensions import db
from unions import account_services, unit_services
from unions.levels import UnitLevel
from unions.models import Unit, User
from unions.roles import AccountStatus, Role

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_unit(level: UnitLevel = UnitLevel.GRASSROOTS, parent: Unit | None = None, *, code: str | None = None,
              name: str | None = None, members: int = 10) -> Unit:
    """Create a unit below parent (a confederation root when parent is None and level allows it)."""
    n = next(_counter)
    unit = unit_services.create_unit(None, parent=parent, code=code or f"U{n:05d}", name=name or f"Đơn vị {n}",
                                     level=level, member_count=members)
    db.session.commit()
    return unit


def make_tree() -> dict[str, Unit]:
    """Create a small tree: confederation, a province with two districts, each with two grassroots unions."""
    units = {"root": make_unit(UnitLevel.CONFEDERATION, code="TLD", name="Tổng Liên đoàn Lao động Việt Nam")}
    units["province"] = make_unit(UnitLevel.PROVINCE_FEDERATION, units["root"], code="P1", name="LĐLĐ tỉnh Hải Dương")
    for d in ("A", "B"):
        district = make_unit(UnitLevel.DISTRICT_FEDERATION, units["province"], code=f"D{d}", name=f"LĐLĐ huyện {d}")
        units[f"district_{d}"] = district
        for g in (1, 2):
            units[f"grassroots_{d}{g}"] = make_unit(UnitLevel.GRASSROOTS, district, code=f"G{d}{g}",
                                                    name=f"Công đoàn Trường Tiểu học {d}{g}")
    return units


def make_user(unit: Unit, *, roles: tuple[tuple[Role, Unit], ...] = (), status: AccountStatus = AccountStatus.ACTIVE,
              email: str | None = None, phone: str | None = None, name: str | None = None,
              password: str = PASSWORD) -> User:
    """Register a person into unit, approve them unless status says otherwise, and grant roles."""
    n = next(_counter)
    user = account_services.register_member(full_name=name or f"Người dùng {n}",
                                            email=email if email or phone else f"user{n}@example.vn", phone=phone,
                                            password=password, unit=unit)
    if status != AccountStatus.PENDING:
        account_services.approve_member(None, user)
    for role, scope in roles:
        account_services.grant_role(None, user, role, scope)
    if status in (AccountStatus.DEACTIVATED, AccountStatus.REJECTED):
        user.status = status
    db.session.commit()
    return user


def make_programme(owner: Unit, *, name: str = "75 nghìn sáng kiến, vượt khó, phát triển", opens=None, closes=None,
                   fields: tuple[str, ...] = (), phases=(), applied_from=None, applied_until=None):
    """Create a programme owned by owner, open from yesterday for a year unless told otherwise."""
    from datetime import timedelta

    from core.timeutil import local_today
    from initiatives import services

    today = local_today()
    data = services.ProgrammeInput(name=name, description="", opens_on=opens or today - timedelta(days=1),
                                   closes_on=closes or today + timedelta(days=365), applied_from=applied_from,
                                   applied_until=applied_until, fields=list(fields), phases=list(phases))
    programme = services.save_programme(None, owner=owner, data=data)
    db.session.commit()
    return programme


def initiative_input(title: str = "Cải tiến máy đóng bao xi măng tự động", *, authors=None, **overrides):
    """Return complete initiative content that a programme without restrictions accepts."""
    from datetime import date, timedelta
    from decimal import Decimal

    from initiatives.services import AuthorInput, InitiativeInput

    data = InitiativeInput(
        title=title, field="technical", problem="Máy cũ đóng bao chậm, hao hụt xi măng.",
        solution="Lắp cảm biến khối lượng và bộ điều khiển PLC.", novelty="Tự động ngắt khi đủ khối lượng.",
        first_applied_on=date.today() - timedelta(days=30), applied_where="Phân xưởng đóng bao",
        conditions="Nguồn điện ổn định.", effect="Giảm hao hụt 2%.", benefit_vnd=120_000_000,
        benefit_method="Hao hụt giảm × giá xi măng × sản lượng năm.",
        authors=authors or [AuthorInput("Nguyễn Văn An", Decimal("60"), "Phân xưởng"),
                            AuthorInput("Trần Thị Bình", Decimal("40"), "Phân xưởng")],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def make_initiative(user, programme, title: str = "Cải tiến máy đóng bao xi măng tự động", *, steps=(), submit=True,
                    today=None, **overrides):
    """Save an initiative of user's union as a draft, submit it (unless told not to), take steps, and commit.

    steps are (actor, Step) pairs taken in order after the submission.
    """
    from core.timeutil import local_today
    from initiatives import services

    initiative = services.save_draft(user, programme=programme, unit=user.unit,
                                     data=initiative_input(title, **overrides))
    if submit:
        services.submit(user, initiative, today or local_today())
    for actor, step in steps:
        services.take_step(actor, initiative, step)
    db.session.commit()
    return initiative


def make_council(unit: Unit, programme, *, chair: User | None = None, secretary: User | None = None,
                 members: tuple[User, ...] = (), reviewers_per_item: int = 3, blind: bool = False,
                 conflict_administered: bool = True, disagreement_above: float = 20.0, name: str | None = None):
    """Set up unit's council for programme, with the provincial score sheet, and seat the people given."""
    from review import council_services
    from review.council_roles import CouncilRole

    council = council_services.create_council(None, unit=unit, programme=programme,
                                              settings=council_services.CouncilSettings(
                                                  name=name or f"Hội đồng sáng kiến {unit.name}",
                                                  reviewers_per_item=reviewers_per_item, blind=blind,
                                                  conflict_administered=conflict_administered,
                                                  disagreement_above=disagreement_above))
    for person, role in ((chair, CouncilRole.CHAIR), (secretary, CouncilRole.SECRETARY)):
        if person is not None:
            council_services.add_member(None, council, person, role)
    for person in members:
        council_services.add_member(None, council, person, CouncilRole.MEMBER)
    db.session.commit()
    return council
