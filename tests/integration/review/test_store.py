"""The database-backed duplicate index: same results as the in-memory engine, one truth for every app process."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app import create_app
from bench.corpus import generate
from core.extensions import db
from initiatives import services
from initiatives.lifecycle import Step
from initiatives.models import Programme
from review import store
from review.duplicates import DuplicateIndex, Match, pool_of
from review.models import DupDocument, DuplicatePair, DupPosting, DupStat, DupTerm
from tests.factories import initiative_input, make_programme, make_tree, make_user
from unions.models import User
from unions.roles import Role

DEV_PAIRS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "dedup-dev.tsv"


def dev_pairs() -> list[tuple[str, str, str]]:
    if not DEV_PAIRS.is_file():
        pytest.skip(f"labelled development pairs not found at {DEV_PAIRS}")
    lines = DEV_PAIRS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def setting():
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"])
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    return units, programme, member, officer


def submitted(member, programme, title: str, problem: str = "Máy cũ đóng bao chậm, hao hụt xi măng."):
    initiative = services.save_draft(member, programme=programme, unit=member.unit,
                                     data=initiative_input(title, problem=problem))
    services.submit(member, initiative, date.today())
    db.session.commit()
    return initiative


def flagged(matches: list[Match]) -> set:
    return {match.key for match in matches if match.likely_duplicate}


def test_the_database_finds_what_the_engine_finds_on_the_same_corpus(app):
    _, programme, member, _ = setting()
    index = DuplicateIndex()
    for record in generate(150, seed=5):
        initiative = submitted(member, programme, record.title, record.description or "Chưa mô tả thực trạng.")
        index.add(initiative.id, initiative.title, store.description_of(initiative))
    originals = {}
    for _, first, _ in dev_pairs():
        if first not in originals:
            initiative = submitted(member, programme, first)
            index.add(initiative.id, initiative.title, store.description_of(initiative))
            originals[first] = initiative.id

    for kind, first, second in dev_pairs():
        from_database = store.search_similar(second)
        assert from_database == index.search(second), (kind, second)
        assert flagged(from_database) & {originals[first]} == ({originals[first]} if kind == "dup" else set()), (
            kind, first, second)
    for record in generate(150, seed=5)[:40]:
        assert store.search_similar(record.title, record.description) == index.search(record.title,
                                                                                      record.description)


def test_the_database_breaks_a_tie_across_the_cut_of_the_pool_as_the_engine_does(app):
    _, programme, member, _ = setting()
    postings: dict[str, list[int]] = {}
    subjects = ("ngữ văn", "lịch sử", "địa lí", "sinh học", "vật lí", "hóa học", "tin học", "âm nhạc", "mĩ thuật")
    for number, subject in enumerate(subjects):
        extra = " cho học sinh" if number % 3 == 0 else ""
        initiative = submitted(member, programme, f"Bản đồ tư duy ôn tập môn {subject}{extra}")
        for term in store.signature_of(initiative).terms:
            postings.setdefault(term, []).append(initiative.id)
    plan = [("ban do", None, 1.0)]
    tiebreakers = [("hoc_sinh", 0.5), ("hoa", 0.25)]
    lists = [(postings[term], value) for term, _, value in plan]
    breaking = [(postings[term], value) for term, value in tiebreakers]
    expected = pool_of(lists, 4, breaking)
    assert list(store._pool(plan, 4, None, tiebreakers)) == expected
    assert expected[:3] == sorted(postings["hoc_sinh"])
    across = [("ban do", None, 1.0), ("hoa", None, 1.0)]
    expected = pool_of([(postings[term], value) for term, _, value in across], 4, breaking)
    assert list(store._pool(across, 4, None, tiebreakers)) == expected
    assert expected == postings["hoa"] + sorted(postings["hoc_sinh"])
    sampled = [("ban do", 6, 1.0)]
    newest = sorted(postings["ban do"])[-6:]
    assert list(store._pool(sampled, 4, None, tiebreakers)) == pool_of([(newest, 1.0)], 4, breaking)


def test_a_submission_is_found_at_once_by_another_app_on_the_same_database(app):
    _, programme, member, _ = setting()
    member_id, programme_id = member.id, programme.id
    db.session.commit()  # each app holds its own transaction, as two processes would
    other = create_app({"TESTING": True, "SECRET_KEY": "other", "SQLALCHEMY_DATABASE_URI":
                        app.config["SQLALCHEMY_DATABASE_URI"]})
    title = "Cải tiến máy đóng bao xi măng tự động"
    with other.app_context():
        assert store.search_similar(title) == []
        db.session.remove()

    first_id = submitted(member, programme, title).id
    db.session.commit()

    with other.app_context():
        assert store.search_similar("Cai tien may dong bao xi mang tu dong") == [Match(first_id, 100.0, True)]
        author = db.session.get(User, member_id)
        copy = services.save_draft(author, programme=db.session.get(Programme, programme_id), unit=author.unit,
                                   data=initiative_input("CẢI TIẾN MÁY ĐÓNG BAO XI MĂNG TỰ ĐỘNG"))
        services.submit(author, copy, date.today())
        db.session.commit()
        copy_id = copy.id
        db.session.remove()
        db.engine.dispose()

    assert [match.key for match in store.search_similar(title)] == [first_id, copy_id]
    pair = db.session.scalars(select(DuplicatePair)).one()
    assert (pair.a_id, pair.b_id, pair.score, pair.likely, pair.found_by) == (first_id, copy_id, 100.0, True, "submit")


def test_resubmission_after_revision_reindexes_and_keeps_the_counts_exact(app):
    _, programme, member, officer = setting()
    kept = submitted(member, programme, "Lắp đặt hệ thống pin năng lượng mặt trời áp mái cho nhà điều hành")
    revised = submitted(member, programme, "Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng")
    services.take_step(officer, revised, Step.RETURN, "Bổ sung bản vẽ")
    services.update_content(member, revised, initiative_input("Ứng dụng mã QR trong quản lý tài sản cố định"))
    services.submit(member, revised, date.today())
    db.session.commit()

    assert store.search_similar("Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng") == []
    assert flagged(store.search_similar("Dùng mã QR để quản lý tài sản cố định")) == {revised.id}
    assert flagged(store.search_similar("Lắp hệ thống điện mặt trời áp mái tại nhà điều hành")) == {kept.id}
    counts = contents()
    assert counts["documents"] == 2

    rebuilt = store.rebuild(store.submitted_initiatives())
    db.session.commit()
    assert rebuilt == 2
    assert contents() == counts


def contents() -> dict:
    return {
        "documents": db.session.scalar(select(DupStat.documents)),
        "signatures": db.session.execute(select(DupDocument.initiative_id, DupDocument.signature)
                                         .order_by(DupDocument.initiative_id)).all(),
        "postings": db.session.execute(select(DupPosting.term, DupPosting.initiative_id)
                                       .order_by(DupPosting.term, DupPosting.initiative_id)).all(),
        "terms": db.session.execute(select(DupTerm.term, DupTerm.df, DupTerm.postings).order_by(DupTerm.term)).all(),
    }


def test_an_empty_index_or_a_blank_query_finds_nothing(app):
    assert store.search_similar("Cải tiến máy đóng bao xi măng tự động") == []
    _, programme, member, _ = setting()
    submitted(member, programme, "Cải tiến máy đóng bao xi măng tự động")
    assert store.search_similar("   ") == []
    assert store.search_similar("Cải tiến máy đóng bao xi măng tự động", limit=0) == []


def test_the_initiative_itself_can_be_left_out(app):
    _, programme, member, _ = setting()
    initiative = submitted(member, programme, "Cải tiến máy đóng bao xi măng tự động")
    assert store.search_similar(initiative.title, exclude_id=initiative.id) == []


def test_a_batch_submitted_at_once_is_indexed_and_its_copies_queued(app):
    _, programme, member, _ = setting()
    titles = ["Cải tiến máy đóng bao xi măng tự động", "Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng",
              "CAI TIEN MAY DONG BAO XI MANG TU DONG", "Thiết kế đồ gá kẹp nhanh phôi dùng cho máy phay đứng"]
    batch = services.submit_many(member, programme=programme, unit=member.unit, today=date.today(),
                                 items=[(initiative_input(title), None, f"row-{n}") for n, title in enumerate(titles)])
    db.session.commit()
    ids = [initiative.id for initiative in batch]

    pairs = db.session.execute(select(DuplicatePair.a_id, DuplicatePair.b_id, DuplicatePair.found_by)
                               .order_by(DuplicatePair.a_id)).all()
    assert pairs == [(ids[0], ids[2], "submit"), (ids[1], ids[3], "submit")]
    assert flagged(store.search_similar("Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng")) == {ids[1], ids[3]}
    assert contents()["documents"] == 4
    counts = contents()
    store.rebuild(store.submitted_initiatives())
    assert contents() == counts
