"""Councils through their services: queues, conflict-aware assignment, score sheets and rubric versions, decisions
and forwarding up the levels, award proposals and the funnel."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.errors import DomainError
from core.extensions import db
from core.models import AuditEntry
from initiatives.lifecycle import Status, Step
from initiatives.models import InitiativeEvent
from initiatives.services import AuthorInput
from review import council_queries as queries
from review import council_services as services
from review import services as duplicate_services
from review.council_models import CouncilAssignment, CouncilItem
from review.models import DuplicatePair
from scoring.awards import AuthorCategory, AwardLevel
from scoring.rubric import PROVINCIAL_TEMPLATE, Criterion, Outcome, Rubric, Threshold
from tests.browser.catalogue import vi
from tests.factories import make_council, make_initiative, make_programme, make_tree, make_user
from unions.roles import Role


def exactly(english: str) -> str:
    """Return a pattern matching the Vietnamese message the product shows for an English one."""
    return "^" + re.escape(vi(english)) + "$"


FULL = {"novelty": 27, "applicability": 25, "effect": 35}  # 87 of 100: forwarding suggested
MIDDLE = {"novelty": 20, "applicability": 15, "effect": 25}  # 60: recognition suggested
LOW = {"novelty": 5, "applicability": 5, "effect": 10}  # 20: not recognised


@pytest.fixture
def world(app):
    units = make_tree()
    programme = make_programme(units["province"])
    people = {
        "author": make_user(units["grassroots_A1"], name="Nguyễn Văn An"),
        "officer_a1": make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "officer_b1": make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),)),
        "chair": make_user(units["grassroots_B2"], name="Chủ tịch Hội đồng"),
        "colleague": make_user(units["grassroots_A1"], name="Cùng công đoàn"),
        "district_admin": make_user(units["grassroots_B1"], name="Cán bộ huyện A",
                                    roles=((Role.FEDERATION_ADMIN, units["district_A"]),)),
        "second": make_user(units["grassroots_A2"], name="Thành viên hai"),
        "third": make_user(units["grassroots_B2"], name="Thành viên ba"),
        "secretary": make_user(units["grassroots_B2"], name="Thư ký"),
        "province_chair": make_user(units["grassroots_B1"], name="Chủ tịch tỉnh"),
    }
    return units, programme, people


def confirmed(people, programme, title, *, author="author", officer="officer_a1", **overrides):
    return make_initiative(people[author], programme, title, steps=((people[officer], Step.CONFIRM),), **overrides)


def district_council(units, programme, people, **settings):
    return make_council(units["district_A"], programme, chair=people["chair"], secretary=people["secretary"],
                        members=(people["colleague"], people["district_admin"], people["second"], people["third"]),
                        **settings)


def score(reviewer, item, scores, *, submit=True):
    assignment = next(a for a in item.assignments if a.reviewer_id == reviewer.id and a.is_active)
    services.save_score_sheet(reviewer, assignment, scores, "", submit=submit)
    db.session.commit()
    return assignment


def test_a_confirmed_initiative_reaches_the_nearest_council_above_its_union(world):
    units, programme, people = world
    province = make_council(units["province"], programme, chair=people["province_chair"])
    district = district_council(units, programme, people)

    in_a = confirmed(people, programme, "Cải tiến máy đóng bao")
    in_b = confirmed(people, programme, "Sổ theo dõi chuyên cần", author="officer_b1", officer="officer_b1")

    assert [item.initiative_id for item in queries.get_items(district)] == [in_a.id]
    assert [item.initiative_id for item in queries.get_items(province)] == [in_b.id]
    assert in_a.status == Status.CONFIRMED


def test_a_council_set_up_later_takes_the_confirmed_initiatives_no_council_holds(world):
    units, programme, people = world
    waiting = confirmed(people, programme, "Cải tiến máy đóng bao")
    elsewhere = confirmed(people, programme, "Sổ theo dõi chuyên cần", author="officer_b1", officer="officer_b1")

    council = district_council(units, programme, people)

    assert [item.initiative_id for item in queries.get_items(council)] == [waiting.id]
    assert queries.get_item(council.id, elsewhere.id) is None


def test_assignment_keeps_authors_their_union_and_administrators_off_and_evens_the_loads(world):
    units, programme, people = world
    council = district_council(units, programme, people)
    initiatives = [confirmed(people, programme, f"Sáng kiến số {n}") for n in range(4)]

    result = services.assign_reviewers(people["secretary"], council)
    db.session.commit()

    # The colleague shares the authors' union and the district administrator administers it: neither may score.
    # Three reviewers remain (the chair, second, third), so each of the four initiatives gets all three.
    assert (result.assigned, result.short) == (12, [])
    for item in queries.get_items(council):
        assert sorted(a.reviewer_id for a in item.assignments) == sorted(
            [people["chair"].id, people["second"].id, people["third"].id])
    assert {i.status for i in initiatives} == {Status.IN_REVIEW}
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "council.assign")).one()
    assert audit.details == {"assignments": 12, "short": []}


def test_without_the_administered_setting_an_administrator_may_score(world):
    units, programme, people = world
    council = district_council(units, programme, people, conflict_administered=False, reviewers_per_item=4)
    confirmed(people, programme, "Cải tiến máy đóng bao")

    services.assign_reviewers(people["secretary"], council)

    [item] = queries.get_items(council)
    assert people["district_admin"].id in {a.reviewer_id for a in item.assignments}
    assert people["colleague"].id not in {a.reviewer_id for a in item.assignments}


def test_an_item_without_enough_free_reviewers_is_staffed_as_far_as_it_can_and_reported(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=4)
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao")

    result = services.assign_reviewers(people["secretary"], council)

    assert [item.initiative_id for item in result.short] == [initiative.id]
    assert result.assigned == 3


def test_loads_already_held_are_evened_out_by_later_assignments(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    for n in range(3):
        confirmed(people, programme, f"Đợt đầu {n}")
    services.assign_reviewers(people["secretary"], council)
    for n in range(6):
        confirmed(people, programme, f"Đợt sau {n}")

    services.assign_reviewers(people["secretary"], council)

    assert sorted(queries.get_loads(council).values()) == [3, 3, 3]


def test_a_co_author_is_never_assigned(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=2)
    co_written = confirmed(people, programme, "Sáng kiến viết chung", authors=[
        AuthorInput("Nguyễn Văn An", Decimal(50), "Phân xưởng", people["author"].id),
        AuthorInput("Thành viên ba", Decimal(50), "Phòng kỹ thuật", people["third"].id)])

    services.assign_reviewers(people["secretary"], council)

    item = queries.get_item(council.id, co_written.id)
    assert sorted(a.reviewer_id for a in item.assignments) == sorted([people["chair"].id, people["second"].id])
    with pytest.raises(DomainError):
        services.assign_by_hand(people["chair"], item, people["third"])


def test_declining_with_a_conflict_hands_the_item_to_another_and_keeps_the_conflict(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=2)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    declining = next(a for a in item.assignments if a.reviewer_id == people["chair"].id)

    replacement = services.decline_assignment(people["chair"], declining, "Tôi từng hướng dẫn tác giả", conflict=True)
    db.session.commit()

    assert replacement.reviewer_id == people["third"].id
    assert (declining.conflict_declared, declining.decline_reason) == (True, "Tôi từng hướng dẫn tác giả")
    assert sorted(a.reviewer_id for a in item.active_assignments) == sorted([people["second"].id, people["third"].id])
    with pytest.raises(DomainError):
        services.assign_by_hand(people["chair"], item, people["chair"])


def test_the_chair_may_add_a_free_reviewer_by_hand_but_never_a_conflicted_one(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    free = next(p for p in (people["chair"], people["second"], people["third"])
                if p.id not in {a.reviewer_id for a in item.assignments})

    added = services.assign_by_hand(people["chair"], item, free)

    assert (added.reviewer_id, added.by_hand) == (free.id, True)
    for conflicted in (people["colleague"], people["district_admin"], people["secretary"]):
        with pytest.raises(DomainError):
            services.assign_by_hand(people["chair"], item, conflicted)


def test_a_score_sheet_is_checked_saved_as_a_draft_then_submitted_under_its_version(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    assignment = item.assignments[0]
    reviewer = assignment.reviewer

    with pytest.raises(DomainError) as out_of_range:
        services.save_score_sheet(reviewer, assignment, {"novelty": 31})
    services.save_score_sheet(reviewer, assignment, {"novelty": 27})
    with pytest.raises(DomainError) as incomplete:
        services.save_score_sheet(reviewer, assignment, {"novelty": 27}, submit=True)
    services.save_score_sheet(reviewer, assignment, FULL, "Rất mới", submit=True)
    db.session.commit()

    assert [e.field for e in out_of_range.value.errors] == ["score_novelty"]
    assert [e.field for e in incomplete.value.errors] == ["score_applicability", "score_effect"]
    assert (assignment.scores, assignment.comment, assignment.rubric_row.version) == (
        {**FULL, "dossier": None}, "Rất mới", 1)
    assert assignment.submitted_at is not None
    with pytest.raises(DomainError):
        services.save_score_sheet(reviewer, assignment, LOW, submit=True)


def test_editing_the_rubric_after_scoring_starts_makes_a_new_version_and_figures_say_they_mix(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=2)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    first, second = item.assignments
    unscored_edit = Rubric(PROVINCIAL_TEMPLATE.name, PROVINCIAL_TEMPLATE.criteria,
                           (Threshold(55, Outcome.RECOGNISED), Threshold(85, Outcome.FORWARDED)))
    assert services.save_rubric(people["secretary"], council, unscored_edit).version == 1
    assert services.save_rubric(people["secretary"], council, unscored_edit).version == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "council.rubric")) == 1
    services.save_score_sheet(first.reviewer, first, FULL, submit=True)

    doubled = Rubric("Phiếu mới", (Criterion("novelty", "Tính mới", 60), Criterion("applicability", "Áp dụng", 30),
                                   Criterion("effect", "Hiệu quả", 10)), (Threshold(50, Outcome.RECOGNISED),))
    row = services.save_rubric(people["secretary"], council, doubled)
    services.save_score_sheet(second.reviewer, second, {"novelty": 30, "applicability": 15, "effect": 5}, submit=True)
    db.session.commit()

    figures = queries.get_item_figures(item)
    assert (row.version, [r.version for r in council.rubrics]) == (2, [1, 2])
    assert (first.rubric_row.version, second.rubric_row.version) == (1, 2)
    assert [(r.score, r.version) for r in figures.reviews] == [(87.0, 1), (50.0, 2)]
    assert (figures.aggregate.versions, figures.aggregate.mixed_versions) == ((1, 2), True)
    assert (figures.aggregate.mean, figures.aggregate.spread, figures.aggregate.disagreement) == (68.5, 37.0, True)
    with pytest.raises(DomainError):
        services.save_rubric(people["secretary"], council, Rubric("", ()))


def test_far_apart_scores_put_an_initiative_in_the_needs_discussion_queue(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=2)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    high, low = item.assignments
    score(high.reviewer, item, FULL)
    score(low.reviewer, item, LOW)

    [entry] = queries.get_figures(council).items

    assert (entry.aggregate.mean, entry.aggregate.spread, entry.needs_discussion) == (53.5, 67.0, True)
    assert [row.item.id for row in queries.filter_rows([entry], "discussion")] == [item.id]
    assert entry.suggested == Outcome.RECOGNISED


def test_the_first_council_recognises_and_forwards_and_the_council_above_decides_again(world):
    units, programme, people = world
    district = district_council(units, programme, people, reviewers_per_item=1)
    province = make_council(units["province"], programme, chair=people["province_chair"], reviewers_per_item=1,
                            members=(people["third"],))
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], district)
    [item] = queries.get_items(district)
    score(item.assignments[0].reviewer, item, FULL)

    services.decide_item(people["chair"], item, "forwarded", "Xuất sắc, đề nghị tỉnh xem xét")
    db.session.commit()

    assert (initiative.status, initiative.recognised_by_unit_id) == (Status.RECOGNISED, units["district_A"].id)
    upper = queries.get_item(province.id, initiative.id)
    assert upper.forwarded_from_id == item.id
    services.assign_reviewers(people["province_chair"], province)
    score(upper.assignments[0].reviewer, upper, MIDDLE)
    services.decide_item(people["province_chair"], upper, "recognised")
    db.session.commit()

    assert (initiative.status, initiative.recognised_by_unit_id) == (Status.RECOGNISED, units["province"].id)
    steps = db.session.scalars(select(InitiativeEvent.step).where(InitiativeEvent.initiative_id == initiative.id)
                               .order_by(InitiativeEvent.id)).all()
    assert steps == ["create", "submit", "confirm", "start_review", "recognise", "forward", "recognise_above"]
    assert [(i.council.unit_id, i.decision) for i in queries.get_path(initiative.id)] == [
        (units["district_A"].id, Outcome.FORWARDED), (units["province"].id, Outcome.RECOGNISED)]
    decisions = db.session.scalars(select(AuditEntry.details["decision"].as_string()).where(
        AuditEntry.action == "council_item.decide").order_by(AuditEntry.id)).all()
    assert decisions == ["forwarded", "recognised"]


def test_a_higher_council_that_does_not_recognise_leaves_the_lower_recognition(world):
    units, programme, people = world
    district = district_council(units, programme, people, reviewers_per_item=1)
    province = make_council(units["province"], programme, chair=people["province_chair"], reviewers_per_item=1,
                            members=(people["third"],))
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], district)
    [item] = queries.get_items(district)
    score(item.assignments[0].reviewer, item, FULL)
    services.decide_item(people["chair"], item, "forwarded")
    upper = queries.get_item(province.id, initiative.id)
    services.assign_reviewers(people["province_chair"], province)
    score(upper.assignments[0].reviewer, upper, LOW)

    services.decide_item(people["province_chair"], upper, "not_recognised", "Chưa đủ phạm vi cấp tỉnh")

    assert (initiative.status, initiative.recognised_by_unit_id) == (Status.RECOGNISED, units["district_A"].id)
    assert initiative.events[-1].step == "reject_above"


def test_decisions_need_reasons_a_review_and_a_council_above_to_forward_to(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)

    with pytest.raises(DomainError, match=exactly('Decide once at least one score sheet is submitted.')):
        services.decide_item(people["chair"], item, "recognised")
    score(item.assignments[0].reviewer, item, MIDDLE)
    with pytest.raises(DomainError, match=exactly('Say why it is not recognised.')):
        services.decide_item(people["chair"], item, "not_recognised")
    with pytest.raises(DomainError, match=exactly('The decision differs from what the scores suggest: say why.')):
        services.decide_item(people["chair"], item, "forwarded")
    with pytest.raises(DomainError, match=exactly("No council sits above this one for the programme: recognise it "
                                                  "at this level.")):
        services.decide_item(people["chair"], item, "forwarded", "Đề nghị lên tỉnh")
    services.decide_item(people["chair"], item, "recognised")
    with pytest.raises(DomainError, match=exactly('The council has already decided on this initiative.')):
        services.decide_item(people["chair"], item, "not_recognised", "Đổi ý")

    assert (initiative.status, item.decision) == (Status.RECOGNISED, Outcome.RECOGNISED)


def test_a_confirmed_duplicate_cannot_be_recognised(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    original = confirmed(people, programme, "Cải tiến máy đóng bao xi măng tự động")
    copy = confirmed(people, programme, "Cai tien may dong bao xi mang tu dong", author="colleague")
    pair = db.session.scalars(select(DuplicatePair)).one()
    duplicate_services.decide_pair(people["chair"], pair, "same", "", duplicate_id=copy.id, reason="copied")
    services.assign_reviewers(people["secretary"], council)
    item = queries.get_item(council.id, copy.id)
    score(item.assignments[0].reviewer, item, FULL)

    with pytest.raises(DomainError, match=exactly("This initiative was judged a duplicate of another: it cannot be "
                                                  "recognised.")):
        services.decide_item(people["chair"], item, "recognised", "Tốt")
    services.decide_item(people["chair"], item, "not_recognised", f"Sao chép sáng kiến #{original.id}")

    assert copy.status == Status.NOT_RECOGNISED


def test_the_creative_labour_certificate_is_proposed_only_for_an_eligible_author(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=1)
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao", benefit_vnd=100_000_000, authors=[
        AuthorInput("Nguyễn Văn An", Decimal(90), "Phân xưởng", people["author"].id),
        AuthorInput("Trần Thị Bình", Decimal(10), "Phân xưởng")])
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    score(item.assignments[0].reviewer, item, MIDDLE)
    services.decide_item(people["chair"], item, "recognised")
    lead, second = initiative.authors

    with pytest.raises(DomainError, match=exactly("No author of this initiative reaches the Creative Labour "
                                                  "certificate's thresholds.")):
        services.propose_award(people["secretary"], item, "creative_labour")
    services.record_author_category(people["secretary"], item, lead, "worker")
    services.record_author_category(people["secretary"], item, second, "worker")
    found = dict(((author.name, e) for author, e in services.eligibility_of(item)))
    proposal = services.propose_award(people["secretary"], item, "creative_labour", "Làm lợi 100 triệu")
    db.session.commit()

    assert (found["Nguyễn Văn An"].eligible, found["Nguyễn Văn An"].one_year_vnd) == (True, 90_000_000)
    assert (found["Trần Thị Bình"].eligible, found["Trần Thị Bình"].one_year_vnd) == (False, 10_000_000)
    assert (proposal.level, proposal.note) == (AwardLevel.CREATIVE_LABOUR, "Làm lợi 100 triệu")
    assert lead.category == AuthorCategory.WORKER
    services.propose_award(people["secretary"], item, "merit")
    assert queries.get_award_proposals(council)[initiative.id].level == AwardLevel.MERIT
    services.withdraw_award(people["secretary"], item)
    assert queries.get_award_proposals(council) == {}


def test_the_funnel_counts_each_level(world):
    units, programme, people = world
    district = district_council(units, programme, people, reviewers_per_item=1)
    province = make_council(units["province"], programme, chair=people["province_chair"], reviewers_per_item=1,
                            members=(people["third"],))
    chosen = confirmed(people, programme, "Cải tiến máy đóng bao")
    rejected = confirmed(people, programme, "Sổ tay ghi chép")
    confirmed(people, programme, "Chờ hội đồng")
    make_initiative(people["author"], programme, "Chưa xác nhận")
    services.assign_reviewers(people["secretary"], district)
    for initiative, scores, outcome, reason in ((chosen, FULL, "forwarded", ""), (rejected, LOW, "not_recognised",
                                                                                  "Chưa mới")):
        item = queries.get_item(district.id, initiative.id)
        score(item.assignments[0].reviewer, item, scores)
        services.decide_item(people["chair"], item, outcome, reason)
    db.session.commit()

    totals, levels, awards = queries.get_funnel(programme)

    assert totals == {"submitted": 4, "confirmed": 3}
    assert [(lv.depth, lv.councils, lv.received, lv.recognised, lv.forwarded, lv.not_recognised, lv.undecided)
            for lv in levels] == [(2, 1, 3, 1, 1, 1, 1), (1, 1, 1, 0, 0, 0, 1)]
    assert awards == {}
    assert province.id == queries.get_item(province.id, chosen.id).council_id


def test_removing_a_member_hands_their_open_assignments_to_others(world):
    units, programme, people = world
    council = district_council(units, programme, people, reviewers_per_item=2)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    leaving = item.assignments[0]
    seat = queries.get_member_row(council.id, leaving.reviewer_id)

    replacements = services.remove_member(people["chair"], council, seat)
    db.session.commit()

    assert leaving.decline_reason == "left the council"
    assert len(replacements) == 1
    assert leaving.reviewer_id not in {a.reviewer_id for a in item.active_assignments}
    assert db.session.scalar(select(func.count()).select_from(CouncilAssignment).where(
        CouncilAssignment.declined_at.is_(None))) == 2
    assert db.session.scalar(select(func.count()).select_from(CouncilItem)) == 1
