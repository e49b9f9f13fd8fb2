"""Councils through their real pages and forms: setting one up, seating, the score sheet, decisions and forwarding,
exports, the funnel, and every refusal."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from markupsafe import escape
from openpyxl import load_workbook
from sqlalchemy import func, select

from core.extensions import db
from core.models import AuditEntry
from initiatives.lifecycle import Status, Step
from initiatives.services import AuthorInput
from review import council_queries as queries
from review import council_services as services
from review.council_models import Council, CouncilAssignment, CouncilItem, CouncilMember, CouncilRubric
from scoring.awards import AwardLevel
from scoring.rubric import Outcome
from tests.browser.catalogue import vi
from tests.factories import make_council, make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.roles import Role

FULL = {"score_novelty": "27", "score_applicability": "25", "score_effect": "35"}  # 87
LOW = {"score_novelty": "5", "score_applicability": "5", "score_effect": "10"}  # 20


@pytest.fixture
def world(app):
    units = make_tree()
    programme = make_programme(units["province"])
    people = {
        "author": make_user(units["grassroots_A1"], email="an@example.vn", name="Nguyễn Văn An"),
        "officer": make_user(units["grassroots_A1"], email="canbo@example.vn",
                             roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "chair": make_user(units["grassroots_B2"], email="chair@example.vn", name="Chủ tịch Hội đồng"),
        "secretary": make_user(units["grassroots_B2"], email="secretary@example.vn", name="Thư ký"),
        "first": make_user(units["grassroots_A2"], email="first@example.vn", name="Thành viên Một"),
        "second": make_user(units["grassroots_B1"], email="second@example.vn", name="Thành viên Hai"),
        "colleague": make_user(units["grassroots_A1"], email="colleague@example.vn", name="Cùng công đoàn"),
        "province_chair": make_user(units["grassroots_B1"], email="tinh@example.vn", name="Chủ tịch tỉnh"),
        "federation": make_user(units["grassroots_B1"], email="ldld@example.vn",
                                roles=((Role.FEDERATION_ADMIN, units["district_A"]),)),
        "reviewer_role": make_user(units["grassroots_B1"], email="reviewer@example.vn",
                                   roles=((Role.REVIEWER, units["district_A"]),)),
    }
    council = make_council(units["district_A"], programme, chair=people["chair"], secretary=people["secretary"],
                           members=(people["first"], people["second"], people["colleague"]), reviewers_per_item=2)
    return units, programme, people, council


def confirmed(people, programme, title, **overrides):
    return make_initiative(people["author"], programme, title, steps=((people["officer"], Step.CONFIRM),),
                           **overrides)


def as_user(client, person):
    post_form(client, "/logout")
    login(client, person.email)


def assigned(item_or_council, person):
    return db.session.scalar(select(CouncilAssignment).join(CouncilItem).where(
        CouncilAssignment.reviewer_id == person.id, CouncilAssignment.declined_at.is_(None)))


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_an_administrator_sets_up_a_council_and_seats_its_members(client, world):
    units, programme, people, _ = world
    login(client, people["federation"].email)
    assert "/councils" in page(client, "/")

    form = page(client, "/councils/new")
    assert programme.name in form
    created = post_form(client, "/councils/new", {
        "programme": programme.id, "unit_code": units["grassroots_A1"].code, "name": "Hội đồng sáng kiến CĐCS A1",
        "reviewers_per_item": "3", "disagreement_above": "20", "conflict_administered": "y"})
    council = db.session.scalars(select(Council).where(Council.unit_id == units["grassroots_A1"].id)).one()
    assert created.headers["Location"] == f"/councils/{council.id}"
    assert post_form(client, "/councils/new", {"programme": programme.id, "unit_code": units["district_B"].code,
                                               "name": "X", "reviewers_per_item": "3",
                                               "disagreement_above": "20"}).status_code == 403
    assert vi("No unit has this code.") in post_form(client, "/councils/new", {
        "programme": programme.id, "unit_code": "NOPE", "name": "X", "reviewers_per_item": "3",
        "disagreement_above": "20"}).get_data(as_text=True)

    seated = post_form(client, f"/councils/{council.id}/members", {"login": "chair@example.vn", "role": "chair"})
    post_form(client, f"/councils/{council.id}/members", {"login": "first@example.vn", "role": "member"})
    refused = post_form(client, f"/councils/{council.id}/members", {"login": "second@example.vn", "role": "chair"})
    unknown = post_form(client, f"/councils/{council.id}/members", {"login": "nobody@example.vn", "role": "member"})

    assert (seated.status_code, refused.status_code, unknown.status_code) == (302, 302, 302)
    seats = db.session.execute(select(CouncilMember.user_id, CouncilMember.role).where(
        CouncilMember.council_id == council.id).order_by(CouncilMember.id)).all()
    assert seats == [(people["chair"].id, "chair"), (people["first"].id, "member")]
    assert re.findall(r'data-member="(\d+)"', page(client, f"/councils/{council.id}")) == [
        str(people["chair"].id), str(people["first"].id)]


def test_the_secretary_edits_the_score_sheet_in_place_then_as_a_new_version(client, world):
    _, programme, people, council = world
    login(client, people["secretary"].email)
    form = page(client, f"/councils/{council.id}/rubric")
    assert "Hoàn toàn mới" in form and "27–30 Hoàn toàn mới" in form
    data = {"name": "Phiếu chấm cấp huyện", "recognise_at": "50", "forward_at": "85",
            "criteria-0-key": "novelty", "criteria-0-name": "Tính mới", "criteria-0-max_points": "40",
            "criteria-0-weight": "1", "criteria-0-summed": "y", "criteria-0-required": "y",
            "criteria-0-bands": "30-40 Hoàn toàn mới\n1-29 Có cải tiến\n0 Không mới",
            "criteria-1-key": "effect", "criteria-1-name": "Hiệu quả", "criteria-1-max_points": "60",
            "criteria-1-weight": "1", "criteria-1-summed": "y", "criteria-1-required": "y", "criteria-1-bands": ""}

    assert post_form(client, f"/councils/{council.id}/rubric", data).status_code == 302
    assert post_form(client, f"/councils/{council.id}/rubric",
                     {**data, "criteria-0-bands": "cao lắm"}).status_code == 200
    overlapping = post_form(client, f"/councils/{council.id}/rubric",
                            {**data, "criteria-0-bands": "10-40 Cao\n0-20 Thấp"}).get_data(as_text=True)
    assert str(escape(vi("Criterion %(n)s: band \"%(label)s\" overlaps another band.") % {"n": 1, "label": "Cao"})) \
        in overlapping
    versions = db.session.scalars(select(CouncilRubric.version).where(CouncilRubric.council_id == council.id)).all()
    assert versions == [1]
    assert [c.key for c in council.rubric.criteria] == ["novelty", "effect"]

    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    mine = assigned(council, people["first"])
    services.save_score_sheet(people["first"], mine, {"novelty": 35}, "")
    db.session.commit()
    post_form(client, f"/councils/{council.id}/rubric", {**data, "forward_at": "90"})

    db.session.expire_all()
    assert db.session.scalars(select(CouncilRubric.version).where(CouncilRubric.council_id == council.id)
                              .order_by(CouncilRubric.version)).all() == [1, 2]


def test_a_reviewer_scores_from_the_phone_saves_a_draft_submits_and_goes_to_the_next(client, world):
    _, programme, people, council = world
    first = confirmed(people, programme, "Cải tiến máy đóng bao")
    second = confirmed(people, programme, "Sổ theo dõi chuyên cần điện tử")
    login(client, people["secretary"].email)
    assert post_form(client, f"/councils/{council.id}/assign").status_code == 302
    # Four assignments over three free reviewers (the colleague shares the authors' union): one holds two.
    loads = queries.get_loads(council)
    assert sorted(loads.values()) == [1, 1, 2]
    busiest = next(person for person in people.values() if loads.get(person.id) == 2)
    as_user(client, busiest)

    home = page(client, "/")
    assert 'data-to-score="2"' in home
    listed = page(client, "/assignments")
    ids = [int(n) for n in re.findall(r'data-assignment="(\d+)"', listed)]
    assert len(ids) == 2
    sheet = page(client, f"/assignments/{ids[0]}")
    assert '<optgroup label="Hoàn toàn mới (27–30)">' in sheet
    assert first.title in sheet or second.title in sheet

    draft = post_form(client, f"/assignments/{ids[0]}", {"score_novelty": "27", "action": "save"})
    assert draft.headers["Location"] == f"/assignments/{ids[0]}"
    incomplete = post_form(client, f"/assignments/{ids[0]}", {"score_novelty": "27", "action": "submit"})
    assert incomplete.status_code == 200
    out_of_range = post_form(client, f"/assignments/{ids[0]}", {**FULL, "score_effect": "41", "action": "submit"})
    assert out_of_range.status_code == 200
    following = post_form(client, f"/assignments/{ids[0]}", {**FULL, "comment": "Rất mới", "action": "next"})

    assert following.headers["Location"] == f"/assignments/{ids[1]}"
    done = db.session.get(CouncilAssignment, ids[0])
    assert (done.scores, done.comment, done.submitted_at is not None) == (
        {"novelty": 27, "applicability": 25, "effect": 35, "dossier": None}, "Rất mới", True)
    assert post_form(client, f"/assignments/{ids[0]}", {**LOW, "action": "submit"}).status_code == 403
    assert 'id="my-scores"' in page(client, f"/assignments/{ids[0]}")
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "council_assignment")
                                 .order_by(AuditEntry.id)).all()
    assert actions == ["council_assignment.save", "council_assignment.submit"]


def test_others_scores_stay_hidden_until_ones_own_is_submitted(client, world):
    _, programme, people, council = world
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    reviewers = [a.reviewer for a in item.assignments]
    early, late = reviewers
    services.save_score_sheet(early, assigned(council, early), {"novelty": 27, "applicability": 25, "effect": 35},
                              submit=True)
    db.session.commit()
    login(client, late.email)

    before = page(client, f"/councils/{council.id}/items/{item.id}")
    assert 'id="scores-hidden"' in before
    assert 'data-score="87.0"' not in before
    assert client.get(f"/councils/{council.id}/decisions").status_code == 403
    post_form(client, f"/assignments/{assigned(council, late).id}", {**LOW, "action": "submit"})
    after = page(client, f"/councils/{council.id}/items/{item.id}")

    assert re.findall(r'data-score="([\d.]*)"', after) == ["87.0", "20.0"]
    assert 'data-figure="spread">67,00' in after


def test_two_far_apart_scores_land_in_needs_discussion_and_the_chair_forwards_it_up(client, world):
    units, programme, people, council = world
    province = make_council(units["province"], programme, chair=people["province_chair"], reviewers_per_item=1)
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    high, low = item.assignments
    services.save_score_sheet(high.reviewer, high, {"novelty": 27, "applicability": 25, "effect": 35}, submit=True)
    services.save_score_sheet(low.reviewer, low, {"novelty": 5, "applicability": 5, "effect": 10}, submit=True)
    db.session.commit()
    login(client, people["chair"].email)

    discussion = page(client, f"/councils/{council.id}/decisions?show=discussion")
    assert re.findall(r'data-item="(\d+)"', discussion) == [str(item.id)]
    assert client.get(f"/councils/{council.id}/decisions?sort=bogus").status_code == 400
    refused = post_form(client, f"/councils/{council.id}/items/{item.id}/decision", {"decision": "forwarded"})
    assert refused.status_code == 302
    assert db.session.get(CouncilItem, item.id).decision is None
    decided = post_form(client, f"/councils/{council.id}/items/{item.id}/decision",
                        {"decision": "forwarded", "reason": "Hội đồng thảo luận: đề nghị cấp tỉnh"})

    assert decided.status_code == 302
    db.session.expire_all()
    assert db.session.get(CouncilItem, item.id).decision == Outcome.FORWARDED
    upper = queries.get_item(province.id, initiative.id)
    assert upper.forwarded_from_id == item.id
    as_user(client, people["province_chair"])
    assert re.findall(r'data-initiative="(\d+)"', page(client, f"/councils/{province.id}")) == [str(initiative.id)]
    path = page(client, f"/initiatives/{initiative.id}")
    assert re.findall(r'data-council="(\d+)" data-decision="(\w*)"', path) == [
        (str(council.id), "forwarded"), (str(province.id), "")]


def test_exports_and_printable_pages_of_the_council(client, world):
    _, programme, people, council = world
    initiative = confirmed(people, programme, "Cải tiến máy đóng bao", authors=[
        AuthorInput("Nguyễn Văn An", Decimal(100), "Phân xưởng", people["author"].id)])
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    for a in item.assignments:
        services.save_score_sheet(a.reviewer, a, {"novelty": 27, "applicability": 25, "effect": 35}, submit=True)
    services.decide_item(people["chair"], item, "recognised", "Áp dụng trong huyện")
    db.session.commit()
    login(client, people["secretary"].email)

    post_form(client, f"/councils/{council.id}/awards/{item.id}/authors/{initiative.authors[0].id}",
              {"category": "worker"})
    proposed = post_form(client, f"/councils/{council.id}/awards/{item.id}", {"level": "creative_labour",
                                                                             "note": "Làm lợi 120 triệu"})
    assert proposed.status_code == 302
    assert queries.get_award_proposals(council)[initiative.id].level == AwardLevel.CREATIVE_LABOUR
    awards = page(client, f"/councils/{council.id}/awards")
    assert f'data-author="{initiative.authors[0].id}" data-eligible="yes"' in awards

    scores = client.get(f"/councils/{council.id}/export/scores.xlsx")
    sheet = load_workbook(io.BytesIO(scores.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = sorted(a.reviewer.full_name for a in item.assignments)
    assert rows[0][:4] == (vi("No."), vi("Title"), vi("Grassroots union"), vi("Field"))
    assert rows[0][4] == f"{names[0]} — Tính mới, tính sáng tạo"
    assert rows[1][:8] == (initiative.id, initiative.title, initiative.unit.name, vi("Technical improvement"), 27,
                           25, 35, None)
    assert rows[1][-11:-8] == (2, 87.0, 87.0)
    decisions = load_workbook(io.BytesIO(client.get(f"/councils/{council.id}/export/decisions.xlsx").data)).active
    assert [row[6] for row in decisions.iter_rows(values_only=True)] == [vi("Decision"), vi("Recognised at this level")]
    award_rows = list(load_workbook(io.BytesIO(client.get(f"/councils/{council.id}/export/awards.xlsx").data))
                      .active.iter_rows(values_only=True))
    assert award_rows[1][3:8] == ("Nguyễn Văn An", 100.0, vi("Worker trained up to college level"), 120_000_000,
                                  120_000_000)
    printed = page(client, f"/councils/{council.id}/print/awards")
    today = date.today()
    assert vi("……………, %(month)s %(day)s, %(year)s") % {"day": f"{today.day:02d}", "month": f"{today.month:02d}",
                                                        "year": today.year} in printed
    assert vi("SOCIALIST REPUBLIC OF VIETNAM") in printed
    assert vi("Creative Labour certificate (Bằng Lao động sáng tạo)") in printed
    assert initiative.title in page(client, f"/councils/{council.id}/print/decisions")
    funnel = page(client, f"/programmes/{programme.id}/funnel")
    assert re.findall(r'data-stage="([\w-]+)" data-count="(\d+)"', funnel) == [
        ("submitted", "1"), ("confirmed", "1"), ("depth-2", "1"), ("award-creative_labour", "1")]


def council_pages(council_id: int, item_id: int, assignment_id: int) -> tuple[list[str], list[str]]:
    gets = ["/councils/%d", "/councils/%d/settings", "/councils/%d/rubric", "/councils/%d/decisions",
            "/councils/%d/awards", "/councils/%d/export/scores.xlsx", "/councils/%d/export/decisions.xlsx",
            "/councils/%d/export/awards.xlsx", "/councils/%d/print/decisions", "/councils/%d/print/awards"]
    posts = ["/councils/%d/settings", "/councils/%d/rubric", "/councils/%d/members", "/councils/%d/assign",
             "/councils/%d/close", "/councils/%d/reopen"]
    get_paths = [p % council_id for p in gets] + [f"/councils/{council_id}/items/{item_id}",
                                                   f"/assignments/{assignment_id}"]
    post_paths = [p % council_id for p in posts] + [
        f"/councils/{council_id}/items/{item_id}/decision", f"/councils/{council_id}/items/{item_id}/assign",
        f"/councils/{council_id}/assignments/{assignment_id}/withdraw", f"/councils/{council_id}/awards/{item_id}",
        f"/councils/{council_id}/awards/{item_id}/withdraw", f"/assignments/{assignment_id}",
        f"/assignments/{assignment_id}/decline"]
    return get_paths, post_paths


@pytest.mark.parametrize("who", ["author", "officer", "reviewer_role"])
def test_a_member_an_officer_or_a_reviewer_outside_the_council_reaches_no_council_page(client, world, who):
    _, programme, people, council = world
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    gets, posts = council_pages(council.id, item.id, item.assignments[0].id)
    login(client, people[who].email)

    assert {path: client.get(path).status_code for path in gets} == {path: 403 for path in gets}
    assert {path: post_form(client, path).status_code for path in posts} == {path: 403 for path in posts}
    assert client.get("/assignments").status_code == 403
    assert client.get("/councils").status_code == 403
    assert "/councils" not in page(client, "/")


def test_scoring_an_initiative_not_assigned_to_you_is_refused(client, world):
    _, programme, people, council = world
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    someone_elses = item.assignments[0]
    outsider = next(p for p in (people["chair"], people["first"], people["second"])
                    if p.id not in {a.reviewer_id for a in item.assignments})
    login(client, outsider.email)

    assert client.get(f"/assignments/{someone_elses.id}").status_code == 403
    assert post_form(client, f"/assignments/{someone_elses.id}", {**FULL, "action": "submit"}).status_code == 403
    assert post_form(client, f"/assignments/{someone_elses.id}/decline", {"conflict": "y"}).status_code == 403
    assert client.get("/assignments/999999").status_code == 404
    assert db.session.get(CouncilAssignment, someone_elses.id).saved_at is None


@pytest.mark.parametrize("relation", ["own union", "co-author"])
def test_scoring_an_initiative_of_your_own_union_or_one_you_co_wrote_is_refused(client, world, relation):
    _, programme, people, council = world
    if relation == "own union":
        reviewer = people["colleague"]
        initiative = confirmed(people, programme, "Cải tiến máy đóng bao")
    else:
        reviewer = people["second"]
        initiative = confirmed(people, programme, "Cải tiến máy đóng bao", authors=[
            AuthorInput("Nguyễn Văn An", Decimal(50), "Phân xưởng", people["author"].id),
            AuthorInput("Thành viên Hai", Decimal(50), "Phòng kỹ thuật", reviewer.id)])
    item = queries.get_item(council.id, initiative.id)
    # Assignment never pairs them; an assignment row written anyway (by an old import, say) is refused too.
    services.assign_reviewers(people["secretary"], council)
    assert reviewer.id not in {a.reviewer_id for a in item.assignments}
    forced = CouncilAssignment(item=item, reviewer_id=reviewer.id)
    db.session.add(forced)
    db.session.commit()
    login(client, people["chair"].email)
    refused_by_hand = post_form(client, f"/councils/{council.id}/items/{item.id}/assign", {"reviewer": reviewer.id})
    as_user(client, reviewer)

    assert refused_by_hand.status_code == 302
    assert client.get(f"/assignments/{forced.id}").status_code == 403
    assert post_form(client, f"/assignments/{forced.id}", {**FULL, "action": "submit"}).status_code == 403
    assert 'id="conflict"' in page(client, f"/councils/{council.id}/items/{item.id}")
    assert db.session.scalar(select(func.count()).select_from(CouncilAssignment).where(
        CouncilAssignment.reviewer_id == reviewer.id)) == 1


def test_scoring_after_the_council_closed_is_refused(client, world):
    _, programme, people, council = world
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    mine = item.assignments[0]
    login(client, people["chair"].email)
    assert post_form(client, f"/councils/{council.id}/close").status_code == 302
    as_user(client, mine.reviewer)

    assert client.get(f"/assignments/{mine.id}").status_code == 403
    assert post_form(client, f"/assignments/{mine.id}", {**FULL, "action": "submit"}).status_code == 403
    assert db.session.get(CouncilAssignment, mine.id).submitted_at is None


def test_forwarding_from_a_council_that_is_not_the_initiatives_is_refused(client, world):
    units, programme, people, council = world
    other_chair = make_user(units["grassroots_A2"], email="otherchair@example.vn")
    other = make_council(units["district_B"], programme, chair=other_chair, reviewers_per_item=1)
    make_council(units["province"], programme, chair=people["province_chair"])
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    for a in item.assignments:
        services.save_score_sheet(a.reviewer, a, {"novelty": 27, "applicability": 25, "effect": 35}, submit=True)
    db.session.commit()
    login(client, other_chair.email)

    assert post_form(client, f"/councils/{council.id}/items/{item.id}/decision",
                     {"decision": "forwarded", "reason": "x"}).status_code == 403
    assert post_form(client, f"/councils/{other.id}/items/{item.id}/decision",
                     {"decision": "forwarded", "reason": "x"}).status_code == 404
    assert db.session.get(CouncilItem, item.id).decision is None
    assert db.session.get(CouncilItem, item.id).initiative.status == Status.IN_REVIEW


def test_a_reviewer_declines_with_a_conflict_and_the_initiative_goes_to_another(client, world):
    _, programme, people, council = world
    confirmed(people, programme, "Cải tiến máy đóng bao")
    services.assign_reviewers(people["secretary"], council)
    [item] = queries.get_items(council)
    declining = item.assignments[0]
    before = {a.reviewer_id for a in item.assignments}
    login(client, declining.reviewer.email)

    response = post_form(client, f"/assignments/{declining.id}/decline",
                         {"conflict": "y", "decline_reason": "Tác giả là người nhà"})

    assert response.headers["Location"] == "/assignments"
    db.session.expire_all()
    item = db.session.get(CouncilItem, item.id)
    now = {a.reviewer_id for a in item.active_assignments}
    assert len(now) == 2 and declining.reviewer_id not in now and len(now - before) == 1
    assert client.get(f"/assignments/{declining.id}").status_code == 403


def notices_of(client) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in
            re.findall(r'list-group-item-action[^"]*" href="[^"]+">\s*<div>(.*?)</div>', page(client, "/notifications"),
                       re.S)]


def test_the_council_hears_of_its_work_an_arrival_an_assignment_and_a_forwarded_one(client, world):
    units, programme, people, council = world
    make_council(units["province"], programme, chair=people["province_chair"], reviewers_per_item=1)
    confirmed(people, programme, "Cải tiến máy đóng bao")
    confirmed(people, programme, "Cải tiến băng tải")
    services.assign_reviewers(people["secretary"], council)
    db.session.commit()

    login(client, people["chair"].email)
    heard = notices_of(client)
    assert str(escape("“Cải tiến băng tải” đã được xác nhận và đang chờ trong danh sách của hội đồng")) in heard
    assert str(escape("“Cải tiến máy đóng bao” đã được xác nhận và đang chờ trong danh sách của hội đồng")) in heard
    as_user(client, people["first"])
    given = notices_of(client)
    assert len(given) == 1 and given[0].startswith("Thư ký đã giao cho bạn các sáng kiến cần chấm")
    notice = re.search(r'href="(/notifications/\d+)"', page(client, "/notifications")).group(1)
    opened = client.get(notice)
    assert opened.headers["Location"] == "/assignments"

    [item, _other] = queries.get_items(council)
    for assignment in item.assignments:
        services.save_score_sheet(assignment.reviewer, assignment, {"novelty": 27, "applicability": 25,
                                                                    "effect": 35}, submit=True)
    services.decide_item(people["chair"], item, "forwarded", "Đề nghị cấp tỉnh")
    db.session.commit()
    as_user(client, people["province_chair"])
    assert notices_of(client)[0] == str(escape(
        f"“{item.initiative.title}” được hội đồng cấp dưới chuyển lên hội đồng của bạn"))
