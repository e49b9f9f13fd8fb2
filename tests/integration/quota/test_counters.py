"""The live counters: every change reaches the unit and every unit above, exactly as a rebuild from history finds it."""

import random
import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_today
from initiatives import services
from initiatives.lifecycle import Status, Step
from initiatives.models import Initiative, Programme
from quota import rebuild
from quota import services as quota_services
from quota.dashboard import measure
from quota.queries import get_counted
from review import services as review_services
from review.models import DuplicatePair
from tests.factories import initiative_input, make_initiative, make_programme, make_tree, make_unit, make_user
from unions import unit_services
from unions.levels import UnitLevel
from unions.roles import Role

TITLES = ["Cải tiến máy đóng bao xi măng tự động", "Ứng dụng mã QR trong quản lý tài sản cố định",
          "Giải pháp tiết kiệm nước trong vệ sinh công nghiệp", "Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng",
          "Xây dựng quy trình phân loại rác thải y tế", "Một số kinh nghiệm dạy học sinh lớp 1 đọc thông viết thạo",
          "Lắp đặt hệ thống pin năng lượng mặt trời áp mái", "Cải tiến quy trình thay dầu hộp số xe tải"]


APPLIED = date(2021, 3, 1)


class Clock:
    """The time the services record, moved by the test (all in naive UTC)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """Control the moments the services record on timelines and judgements."""
    fake = Clock(datetime(2021, 5, 10, 2, 0))
    for module in ("initiatives.services", "review.services"):
        monkeypatch.setattr(f"{module}.utcnow", fake)
    return fake


@pytest.fixture
def world(app):
    units = make_tree()
    programme = make_programme(units["province"], opens=date(2021, 4, 1), closes=local_today() + timedelta(days=90))
    quota_services.save_setting(None, programme, counts_from="submitted", public=False)
    db.session.commit()
    people = {
        "a1": make_user(units["grassroots_A1"]), "a2": make_user(units["grassroots_A2"]),
        "b1": make_user(units["grassroots_B1"]),
        "officer_a1": make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "officer_b1": make_user(units["grassroots_B1"], roles=((Role.OFFICER, units["grassroots_B1"]),)),
        "reviewer": make_user(units["grassroots_A2"], roles=((Role.REVIEWER, units["province"]),)),
        "admin": make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["root"]),)),
    }
    return units, programme, people


def counts(programme, *units, as_of=None) -> list[int]:
    found = get_counted(programme.id, [u.id for u in units], as_of)
    return [found[u.id].count if u.id in found else 0 for u in units]


def assert_live_equals_rebuild(programme) -> None:
    live = rebuild.snapshot(programme.id)
    rebuild.rebuild(programme.id)
    assert rebuild.snapshot(programme.id) == live
    db.session.rollback()


def test_a_submission_counts_for_its_union_and_every_unit_above(world):
    units, programme, people = world

    make_initiative(people["a1"], programme, TITLES[0])

    # Every unit above holds the figures (the root too, though no page of this province's programme shows it).
    assert counts(programme, units["grassroots_A1"], units["district_A"], units["province"], units["district_B"],
                  units["root"]) == [1, 1, 1, 0, 1]
    figures = measure(programme, [units["province"]], local_today())[0]
    assert (figures.counted.benefit, figures.counted.covered, figures.grassroots) == (120_000_000, 1, 4)
    assert_live_equals_rebuild(programme)


def test_drafts_returned_and_withdrawn_initiatives_never_count(world):
    units, programme, people = world
    make_initiative(people["a1"], programme, TITLES[0], submit=False)
    returned = make_initiative(people["a1"], programme, TITLES[1])
    withdrawn = make_initiative(people["a1"], programme, TITLES[2])
    kept = make_initiative(people["a2"], programme, TITLES[3])

    services.take_step(people["officer_a1"], returned, Step.RETURN, "Thiếu số liệu")
    services.take_step(people["a1"], withdrawn, Step.WITHDRAW, "Nộp nhầm")
    db.session.commit()

    assert counts(programme, units["grassroots_A1"], units["grassroots_A2"], units["district_A"]) == [0, 1, 1]
    assert measure(programme, [units["district_A"]], local_today())[0].counted.covered == 1
    assert kept.status == Status.SUBMITTED
    assert_live_equals_rebuild(programme)


def test_what_counts_follows_the_programmes_milestone(world):
    units, programme, people = world
    first = make_initiative(people["a1"], programme, TITLES[0])
    make_initiative(people["a1"], programme, TITLES[1])
    services.take_step(people["officer_a1"], first, Step.CONFIRM)
    db.session.commit()
    assert counts(programme, units["district_A"]) == [2]

    quota_services.save_setting(people["admin"], programme, counts_from="confirmed", public=False)
    db.session.commit()

    assert counts(programme, units["district_A"]) == [1]
    second_confirmed = db.session.scalar(select(Initiative).where(Initiative.title == TITLES[1]))
    services.take_step(people["officer_a1"], second_confirmed, Step.CONFIRM)
    db.session.commit()
    assert counts(programme, units["district_A"]) == [2]
    assert_live_equals_rebuild(programme)


def test_a_judged_copy_stops_counting_everywhere_and_the_original_keeps_the_credit(world):
    units, programme, people = world
    original = make_initiative(people["a1"], programme, TITLES[0])
    copy = make_initiative(people["b1"], programme, "Cai tien may dong bao xi mang tu dong")
    pair = db.session.scalar(select(DuplicatePair))
    assert counts(programme, units["grassroots_A1"], units["grassroots_B1"], units["province"]) == [1, 1, 2]

    review_services.decide_pair(people["reviewer"], pair, "same", reason="copied")
    db.session.commit()
    assert pair.duplicate_id == copy.id
    assert counts(programme, units["grassroots_A1"], units["grassroots_B1"], units["district_B"],
                  units["province"]) == [1, 0, 0, 1]
    assert measure(programme, [units["province"]], local_today())[0].counted.covered == 1
    assert_live_equals_rebuild(programme)

    review_services.undo_judgement(people["reviewer"], pair, "Nhầm")
    db.session.commit()
    assert counts(programme, units["grassroots_B1"], units["province"]) == [1, 2]
    assert original.status == Status.SUBMITTED
    assert_live_equals_rebuild(programme)


def test_counts_move_with_a_unit_and_leave_its_old_parent_even_for_past_days(world, clock):
    units, programme, people = world
    make_initiative(people["a1"], programme, TITLES[0], today=clock.now.date(), first_applied_on=APPLIED)
    clock.advance(days=3)
    make_initiative(people["a1"], programme, TITLES[1], today=clock.now.date(), first_applied_on=APPLIED)
    day_one = date(2021, 5, 10)
    assert counts(programme, units["district_A"], units["district_B"], as_of=day_one) == [1, 0]

    unit_services.move_unit(people["admin"], units["grassroots_A1"], units["district_B"], "Quyết định sáp nhập")
    db.session.commit()

    assert counts(programme, units["district_A"], units["district_B"], units["province"]) == [0, 2, 2]
    assert counts(programme, units["district_A"], units["district_B"], as_of=day_one) == [0, 1]
    assert [f.counted.covered for f in measure(programme, [units["district_A"], units["district_B"]],
                                               local_today())] == [0, 1]
    assert_live_equals_rebuild(programme)


def test_figures_as_of_a_day_are_those_at_its_end(world, clock):
    units, programme, people = world
    clock.now = datetime(2021, 5, 10, 16, 30)  # 23:30 in Hà Nội
    first = make_initiative(people["a1"], programme, TITLES[0], today=date(2021, 5, 10), first_applied_on=APPLIED)
    clock.now = datetime(2021, 5, 10, 17, 30)  # 00:30 on 11 May in Hà Nội
    make_initiative(people["a2"], programme, TITLES[1], today=date(2021, 5, 11), first_applied_on=APPLIED)
    clock.advance(days=2)
    services.take_step(people["a1"], first, Step.WITHDRAW, "Trùng")
    db.session.commit()

    assert [counts(programme, units["district_A"], as_of=date(2021, 5, day))[0] for day in (9, 10, 11, 12, 13)] == [
        0, 1, 2, 2, 1]
    assert counts(programme, units["district_A"]) == [1]
    assert_live_equals_rebuild(programme)


def test_a_batch_from_excel_counts_in_one_go(world):
    units, programme, people = world

    services.submit_many(people["officer_b1"], programme=programme, unit=units["grassroots_B1"], today=local_today(),
                         items=[(initiative_input(title), None, f"batch-{n}") for n, title in enumerate(TITLES[:5])])
    db.session.commit()

    assert counts(programme, units["grassroots_B1"], units["district_B"], units["province"]) == [5, 5, 5]
    assert measure(programme, [units["province"]], local_today())[0].counted.covered == 1
    assert_live_equals_rebuild(programme)


def test_a_union_group_counts_for_its_grassroots_union(world):
    units, programme, people = world
    group = make_unit(UnitLevel.UNION_GROUP, units["grassroots_A1"], code="GA1-T1", name="Tổ công đoàn 1")
    member = make_user(group)

    make_initiative(member, programme, TITLES[0])

    assert counts(programme, group, units["grassroots_A1"], units["district_A"]) == [1, 1, 1]
    assert measure(programme, [units["district_A"]], local_today())[0].counted.covered == 1
    assert_live_equals_rebuild(programme)


def test_live_figures_equal_a_rebuild_after_a_random_mix_of_everything(world, clock):
    units, programme, people = world
    rng = random.Random(2021)
    members = [people["a1"], people["a2"], people["b1"]]
    officers = {units["grassroots_A1"].id: people["officer_a1"], units["grassroots_B1"].id: people["officer_b1"]}
    mine: list[Initiative] = []
    for step in range(60):
        clock.advance(hours=rng.choice([1, 5, 20]))
        action = rng.random()
        live = [i for i in mine if i.status in (Status.SUBMITTED, Status.CONFIRMED, Status.RETURNED)]
        if action < 0.45 or not live:
            author = rng.choice(members)
            mine.append(make_initiative(author, programme, rng.choice(TITLES) + f" {rng.choice(['', 'mới', ''])}",
                                        today=clock.now.date(), first_applied_on=APPLIED))
        elif action < 0.6:
            chosen = rng.choice(live)
            if chosen.status == Status.RETURNED:
                services.submit(chosen.submitter, chosen, clock.now.date())
            elif chosen.unit_id in officers and chosen.status == Status.SUBMITTED:
                services.take_step(officers[chosen.unit_id], chosen, rng.choice([Step.CONFIRM, Step.RETURN]), "Lý do")
        elif action < 0.7:
            chosen = rng.choice(live)
            if chosen.status != Status.RETURNED or rng.random() < 0.5:
                services.take_step(chosen.submitter, chosen, Step.WITHDRAW, "Rút")
        elif action < 0.88:
            pairs = list(db.session.scalars(select(DuplicatePair)))
            if pairs:
                pair = rng.choice(pairs)
                if pair.status == "open" or rng.random() < 0.5:
                    review_services.decide_pair(people["reviewer"], pair, rng.choice(["same", "different"]),
                                                duplicate_id=rng.choice([None, pair.a_id]))
                else:
                    review_services.undo_judgement(people["reviewer"], pair)
        else:
            grassroots = rng.choice([units["grassroots_A1"], units["grassroots_A2"], units["grassroots_B1"]])
            target = units["district_B"] if grassroots.parent_id == units["district_A"].id else units["district_A"]
            unit_services.move_unit(people["admin"], grassroots, target, "Sắp xếp lại")
        db.session.commit()
        if step % 20 == 19:
            assert_live_equals_rebuild(programme)
    assert_live_equals_rebuild(programme)
    assert sum(counts(programme, units["district_A"], units["district_B"])) == counts(programme, units["province"])[0]


def test_a_revision_counts_with_what_it_says_when_it_counts_again(world, clock):
    units, programme, people = world
    programme.phases[:] = []
    db.session.commit()
    first = make_initiative(people["a1"], programme, TITLES[0], today=clock.now.date(), first_applied_on=APPLIED)
    clock.advance(days=1)
    services.take_step(people["officer_a1"], first, Step.RETURN, "Chưa rõ giá trị làm lợi")
    clock.advance(days=1)
    services.update_content(people["a1"], first, initiative_input(TITLES[0], benefit_vnd=50_000_000, field="safety",
                                                                  first_applied_on=APPLIED))
    services.submit(people["a1"], first, clock.now.date())
    db.session.commit()

    day = date(2021, 5, 10)
    assert [f.counted.benefit for f in measure(programme, [units["district_A"]], day)] == [120_000_000]
    assert [f.counted.benefit for f in measure(programme, [units["district_A"]], local_today())] == [50_000_000]
    assert_live_equals_rebuild(programme)


def test_submissions_committing_at_once_are_all_counted_exactly(world, app):
    units, programme, _people = world
    authors = [make_user(units[f"grassroots_{name}"]) for name in ("A1", "A2", "B1", "B2") for _ in range(2)]
    drafts = [services.save_draft(author, programme=programme, unit=author.unit,
                                  data=initiative_input(f"{TITLES[n % len(TITLES)]} số {n}")) for n, author in
              enumerate(authors)]
    ids = [draft.id for draft in drafts]
    keys = (programme.id, [units[name].id for name in ("district_A", "district_B", "province", "root")])
    db.session.commit()
    # Outside a request every transaction takes the write lock at once; end this one before the writers start.
    db.session.close()
    errors = []
    barrier = threading.Barrier(len(ids))

    def submit(initiative_id):
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                initiative = db.session.get(Initiative, initiative_id)
                services.submit(initiative.submitter, initiative, local_today())
                db.session.commit()
            except Exception as error:  # the assertion below shows it
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(initiative_id,)) for initiative_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    programme = db.session.get(Programme, keys[0])
    found = get_counted(programme.id, keys[1])
    assert [found[unit_id].count for unit_id in keys[1]] == [4, 4, 8, 8]
    assert found[keys[1][2]].covered == 4
    assert_live_equals_rebuild(programme)


def test_a_rebuild_inside_a_transaction_replaces_what_it_had_booked(world):
    units, programme, people = world
    services.submit(people["a1"], services.save_draft(people["a1"], programme=programme, unit=people["a1"].unit,
                                                      data=initiative_input(TITLES[0])), local_today())

    rebuild.rebuild(programme.id)
    db.session.commit()

    assert counts(programme, units["grassroots_A1"], units["province"]) == [1, 1]
    assert_live_equals_rebuild(programme)
