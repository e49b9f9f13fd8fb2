"""The demo's quota: the 2021 programme whose district figures reproduce the article's, targets at every level, and a
running programme with a month of activity.

The article: by 30/5/2021 the district federation had 1,989 initiatives, 492.3% of the target of 404 its province
assigned, and 195 of its 204 grassroots unions took part. The district HD-H04 has exactly that as of 30/5/2021
(beside withdrawn, returned and copied initiatives that do not count); the other units have figures of their own.

History is loaded as an officer's Excel import would save it — through the services, a batch per union and phase —
and then dated as it happened: every step, audit entry, notice and judgement gets its moment in 2021 (or in the
month past, for the running programme), and the counters are replayed from that history, the path `flask quota
rebuild` takes.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import bindparam, select, update

from core.extensions import db
from core.models import AuditEntry
from core.timeutil import local_today
from demo import titles
from demo.tree import BIG_DISTRICT
from initiatives import services
from initiatives.lifecycle import Step
from initiatives.models import Initiative, InitiativeEvent, Notification, Programme
from quota import progress, rebuild
from quota import services as quota_services
from quota.models import TargetKind
from review import services as review_services
from review.models import DupDocument, DuplicateJudgement, DuplicatePair
from unions.levels import UnitLevel
from unions.models import Unit, User
from unions.queries import get_children, get_unit_by_code
from unions.sizes import get_sizes

ARTICLE_DAY = date(2021, 5, 30)
ARTICLE_COUNT, ARTICLE_TARGET, ARTICLE_TAKING_PART = 1989, 404, 195
HISTORY_PHASES = (("Đợt 1", date(2021, 4, 1), date(2021, 4, 30)), ("Đợt 2", date(2021, 5, 1), ARTICLE_DAY))
PROVINCE_TARGET, PROVINCE_OWN_TARGET = 2600, 3000
WITHDRAWN, RETURNED, COPIED = 25, 15, 12
LOCAL_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh, where the programmes run


@dataclass
class Plan:
    """One initiative to load: where, when it was submitted, and what happened to it afterwards."""

    unit: Unit
    submitted: datetime
    steps: list[tuple[Step, datetime]] = field(default_factory=list)
    title: str = ""
    field: str = ""
    initiative: Initiative | None = None


def _moment(rng: random.Random, day: date) -> datetime:
    """Return a time of a working day, as stored (naive UTC)."""
    local = datetime.combine(day, time(7, 30)) + timedelta(minutes=rng.randint(0, 9 * 60))
    return local - LOCAL_OFFSET


def _day_in(rng: random.Random, start: date, end: date) -> date:
    """Return a day of [start, end], later days likelier (submissions rush before a deadline)."""
    span = (end - start).days
    return start + timedelta(days=min(span, int(span * rng.random() ** 0.6)))


def _content(rng: random.Random, plan: Plan, taken: set[str]) -> services.InitiativeInput:
    plan.field = plan.field or rng.choice(titles.fields())
    plan.title = plan.title or titles.title(rng, plan.field, taken)
    benefit = rng.choice([0, 5_000_000, 12_000_000, 30_000_000, 85_000_000, 150_000_000])
    return services.InitiativeInput(
        title=plan.title, field=plan.field, problem="Cách làm cũ tốn thời gian, công sức và vật tư.",
        solution="Thay đổi cách làm và dụng cụ theo mô tả kèm theo; đã áp dụng thử và hoàn thiện.",
        novelty="Chưa được áp dụng tại đơn vị.", first_applied_on=plan.submitted.date() - timedelta(days=40),
        applied_where=plan.unit.name, conditions="Không cần đầu tư lớn.", effect="Giảm thời gian và chi phí.",
        benefit_vnd=benefit if benefit else None, benefit_not_computable=not benefit,
        benefit_method="Chi phí tiết kiệm được trong một năm." if benefit else "",
        benefit_description="" if benefit else "Cải thiện điều kiện làm việc, không tính được bằng tiền.",
        authors=[services.AuthorInput(f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", Decimal(100), plan.unit.name)])


SURNAMES = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đỗ Văn", "Bùi Thị", "Đặng Văn"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hải", "Hạnh", "Khánh", "Lan", "Minh", "Nga", "Phúc", "Quân", "Thảo"]


def _load(plans: list[Plan], programme: Programme, actor: User, rng: random.Random) -> None:
    """Submit the plans through the services, a batch per union and phase, then take their steps."""
    taken: set[str] = set()
    batches: dict[tuple[int, int], list[Plan]] = {}
    for plan in plans:
        phase = next((n for n, p in enumerate(programme.phases) if p.opens_on <= (plan.submitted + LOCAL_OFFSET).date()
                      <= p.closes_on), 0)
        batches.setdefault((plan.unit.id, phase), []).append(plan)
    for (_unit_id, phase), batch in sorted(batches.items()):
        day = programme.phases[phase].opens_on if programme.phases else programme.opens_on
        items = [(_content(rng, plan, taken), None, None) for plan in batch]
        for plan, initiative in zip(batch, services.submit_many(actor, programme=programme, unit=batch[0].unit,
                                                                items=items, today=day), strict=True):
            plan.initiative = initiative
    for plan in plans:
        for step, _at in plan.steps:
            services.take_step(actor, plan.initiative, step, "" if step == Step.CONFIRM else _reason(step))


def _reason(step: Step) -> str:
    return {Step.RETURN: "Bổ sung cách tính giá trị làm lợi và minh chứng áp dụng.",
            Step.WITHDRAW: "Tác giả xin rút để hoàn thiện thêm."}.get(step, "")


def _date_history(plans: list[Plan], programme: Programme) -> None:
    """Give every step, audit entry and notice of the loaded plans the moment it happened."""
    initiatives, events, audits = [], [], []
    for plan in plans:
        initiative_id = plan.initiative.id
        initiatives.append({"i": initiative_id, "t": plan.submitted})
        events += [{"i": initiative_id, "s": "create", "t": plan.submitted - timedelta(minutes=20)},
                   {"i": initiative_id, "s": "submit", "t": plan.submitted}]
        audits += [{"i": initiative_id, "a": "initiative.create", "t": plan.submitted - timedelta(minutes=20)},
                   {"i": initiative_id, "a": "initiative.submit", "t": plan.submitted}]
        for step, at in plan.steps:
            events.append({"i": initiative_id, "s": str(step), "t": at})
            audits.append({"i": initiative_id, "a": f"initiative.{step}", "t": at})
    connection = db.session.connection()
    initiative = Initiative.__table__
    connection.execute(update(initiative).where(initiative.c.id == _param("i")).values(
        created_at=_param("t"), submitted_at=_param("t"), updated_at=_param("t")), initiatives)
    event = InitiativeEvent.__table__
    connection.execute(update(event).where(event.c.initiative_id == _param("i"), event.c.step == _param("s"))
                       .values(at=_param("t")), events)
    audit = AuditEntry.__table__
    connection.execute(update(audit).where(audit.c.object_type == "initiative", audit.c.object_id == _param("i"),
                                           audit.c.action == _param("a")).values(at=_param("t")), audits)
    notice = Notification.__table__
    connection.execute(update(notice).where(notice.c.initiative_id == _param("i"))
                       .values(created_at=_param("t"), read_at=_param("t")), initiatives)
    connection.execute(update(DupDocument.__table__).where(DupDocument.programme_id == programme.id)
                       .values(year=programme.opens_on.year))


def _param(name: str):
    return bindparam(name)


def _copies(plans: list[Plan], programme: Programme, reviewer: User, actor: User, rng: random.Random,
            count: int, latest: date) -> list[Plan]:
    """Submit copies of counted initiatives from other unions, and judge them copies (they lose the credit)."""
    copies = []
    originals = rng.sample([p for p in plans if not p.steps and p.submitted.date() < latest - timedelta(days=8)], count)
    for original in originals:
        others = [p.unit for p in plans if p.unit.id != original.unit.id]
        plan = Plan(rng.choice(others), original.submitted + timedelta(days=rng.randint(2, 6)),
                    title=original.title, field=original.field)
        data = _content(rng, plan, set())
        initiative = services.save_draft(actor, programme=programme, unit=plan.unit, data=data)
        initiative.entered_by = actor
        services.submit(actor, initiative, min(plan.submitted.date(), programme.closes_on))
        plan.initiative = initiative
        copies.append(plan)
    db.session.flush()
    judgements = []
    for plan in copies:
        pair = db.session.scalar(select(DuplicatePair).where(DuplicatePair.b_id == plan.initiative.id))
        review_services.decide_pair(reviewer, pair, "same", "Trùng nội dung với sáng kiến của đơn vị khác.",
                                    duplicate_id=plan.initiative.id, reason="copied")
        judgements.append({"p": pair.id, "t": plan.submitted + timedelta(days=1)})
    _date_history(copies, programme)
    connection = db.session.connection()
    connection.execute(update(DuplicatePair.__table__).where(DuplicatePair.id == _param("p"))
                       .values(found_at=_param("t"), decided_at=_param("t")), judgements)
    connection.execute(update(DuplicateJudgement.__table__).where(DuplicateJudgement.pair_id == _param("p"))
                       .values(at=_param("t")), judgements)
    audit = AuditEntry.__table__
    connection.execute(update(audit).where(audit.c.object_type == "duplicate_pair", audit.c.object_id == _param("p"))
                       .values(at=_param("t")), judgements)
    return copies


def _after(rng: random.Random, start: datetime, latest: date, days: tuple[int, int]) -> datetime:
    """Return a moment some days after start, no later than the day latest."""
    day = min((start + LOCAL_OFFSET).date() + timedelta(days=rng.randint(*days)), latest)
    return max(_moment(rng, day), start + timedelta(hours=1))


def _plans_for(rng: random.Random, unit: Unit, count: int, start: date, end: date, *, confirm: float) -> list[Plan]:
    plans = []
    for _ in range(count):
        plan = Plan(unit, _moment(rng, _day_in(rng, start, end)))
        if rng.random() < confirm:
            plan.steps.append((Step.CONFIRM, _after(rng, plan.submitted, end, (1, 6))))
        plans.append(plan)
    return plans


def _article_district(rng: random.Random, district: Unit, opens: date) -> list[Plan]:
    """Plan the district's history: exactly the article's count and coverage as of 30/5/2021."""
    unions = [u for u in get_children(district) if u.level == UnitLevel.GRASSROOTS]
    taking_part = rng.sample(unions, ARTICLE_TAKING_PART)
    sizes = get_sizes([u.id for u in taking_part])
    extra = progress.split(ARTICLE_COUNT - len(taking_part), {u.id: sizes[u.id].members for u in taking_part})
    plans = []
    for union in taking_part:
        plans += _plans_for(rng, union, 1 + extra[union.id], opens, ARTICLE_DAY, confirm=0.7)
    for step, count, days in ((Step.WITHDRAW, WITHDRAWN, (1, 10)), (Step.RETURN, RETURNED, (1, 4))):
        for union in rng.sample(taking_part, count):
            plan = Plan(union, _moment(rng, _day_in(rng, opens, ARTICLE_DAY - timedelta(days=2))))
            plan.steps.append((step, _after(rng, plan.submitted, ARTICLE_DAY, days)))
            plans.append(plan)
    # A union that withdrew its only initiative does not take part.
    idle = next(u for u in unions if u not in taking_part)
    lone = Plan(idle, _moment(rng, date(2021, 5, 3)))
    lone.steps.append((Step.WITHDRAW, _moment(rng, date(2021, 5, 12))))
    return [*plans, lone]


def build_history(province: Unit, accounts: dict[str, User], seed: int = 2021) -> Programme:
    """Load the 2021 programme, its targets and its history; return it."""
    rng = random.Random(seed)
    opens = HISTORY_PHASES[0][1]
    programme = services.save_programme(None, owner=province, data=services.ProgrammeInput(
        name="Chương trình “75 nghìn sáng kiến, vượt khó, phát triển” năm 2021",
        description="Mỗi công đoàn cơ sở có sáng kiến, giải pháp giúp doanh nghiệp, cơ quan vượt khó trong dịch bệnh.",
        opens_on=opens, closes_on=ARTICLE_DAY, applied_from=date(2019, 1, 1), applied_until=None, fields=[],
        phases=list(HISTORY_PHASES)))
    quota_services.save_setting(None, programme, counts_from="submitted", public=True)
    district = get_unit_by_code(BIG_DISTRICT)
    plans = _article_district(rng, district, opens)
    for unit in get_children(province):
        if unit.id == district.id:
            continue
        for union in get_children(unit):
            plans += _plans_for(rng, union, rng.randint(0, 11), opens, ARTICLE_DAY, confirm=0.8)
    _load(plans, programme, accounts["tinh@demo.vn"], rng)
    _date_history(plans, programme)
    _copies([p for p in plans if p.unit.parent_id == district.id], programme, accounts["hoidong@demo.vn"],
            accounts["huyen@demo.vn"], rng, COPIED, ARTICLE_DAY)
    _set_targets(programme, province, district, accounts)
    rebuild.rebuild(programme.id)
    return programme


def _set_targets(programme: Programme, province: Unit, district: Unit, accounts: dict[str, User]) -> None:
    """Targets at every level: the province's, each unit's below it by members, the district's 404 by members."""
    admin, province_admin = accounts["admin@demo.vn"], accounts["tinh@demo.vn"]
    quota_services.set_target(admin, programme, province, TargetKind.ASSIGNED, PROVINCE_TARGET)
    quota_services.set_target(province_admin, programme, province, TargetKind.SELF_SET, PROVINCE_OWN_TARGET)
    _split_down(province_admin, programme, province, PROVINCE_TARGET, fixed={district.id: ARTICLE_TARGET})
    quota_services.set_target(accounts["huyen@demo.vn"], programme, district, TargetKind.SELF_SET, 450)


def _split_down(actor: User, programme: Programme, parent: Unit, total: int, fixed: dict[int, int] | None = None):
    """Assign parent's children their targets in proportion to members (some fixed), and so on down the tree."""
    fixed = fixed or {}
    children = get_children(parent)
    sizes = get_sizes([child.id for child in children])
    rest = progress.split(total - sum(fixed.values()),
                          {c.id: sizes[c.id].members for c in children if c.id not in fixed and c.id in sizes})
    values = {**rest, **fixed}
    quota_services.set_child_targets(actor, programme, parent, values)
    for child in children:
        if child.level != UnitLevel.GRASSROOTS and values.get(child.id):
            _split_down(actor, programme, child, values[child.id])


def build_running(programme: Programme, accounts: dict[str, User], seed: int = 2026) -> None:
    """Give the running programme a month of submissions, confirmations, returns and withdrawals, and targets."""
    rng = random.Random(seed)
    province = programme.owner_unit
    today = local_today()
    start = max(programme.opens_on, today - timedelta(days=29))
    plans = []
    for unit in get_children(province):
        for union in get_children(unit):
            if rng.random() < 0.55:
                plans += _plans_for(rng, union, rng.randint(1, 4), start, today - timedelta(days=1), confirm=0.6)
    for plan in rng.sample(plans, len(plans) // 20):
        if not plan.steps:
            plan.steps.append((rng.choice([Step.RETURN, Step.WITHDRAW]),
                               _after(rng, plan.submitted, today - timedelta(days=1), (1, 3))))
    _load(plans, programme, accounts["tinh@demo.vn"], rng)
    _date_history(plans, programme)
    quota_services.set_target(accounts["admin@demo.vn"], programme, province, TargetKind.ASSIGNED, 4000)
    _split_down(accounts["tinh@demo.vn"], programme, province, 4000)
    rebuild.rebuild(programme.id)
