"""Initiative lists against a real database: who sees what, filters, search without diacritics, sorts, pages."""

import unicodedata
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from flask_migrate import upgrade
from sqlalchemy import select, text, update

from core.extensions import db
from core.timeutil import local_today
from initiatives import queries, services
from initiatives.lifecycle import Status, Step
from initiatives.models import Initiative
from initiatives.queries import FilterError, ListFilters, Viewer, get_page, iter_export_rows, list_query, viewer_of
from initiatives.services import AuthorInput
from tests.factories import initiative_input, make_programme, make_tree, make_user
from unions.roles import Role

# The steps that take a new draft to each state.
STEPS = {
    Status.DRAFT: [],
    Status.SUBMITTED: [Step.SUBMIT],
    Status.RETURNED: [Step.SUBMIT, Step.RETURN],
    Status.CONFIRMED: [Step.SUBMIT, Step.CONFIRM],
    Status.IN_REVIEW: [Step.SUBMIT, Step.CONFIRM, Step.START_REVIEW],
    Status.RECOGNISED: [Step.SUBMIT, Step.CONFIRM, Step.START_REVIEW, Step.RECOGNISE],
    Status.NOT_RECOGNISED: [Step.SUBMIT, Step.CONFIRM, Step.START_REVIEW, Step.REJECT],
    Status.WITHDRAWN: [Step.SUBMIT, Step.WITHDRAW],  # a withdrawn draft is its authors' alone, like a draft
}


def make_initiative(author, programme, title: str, status: Status = Status.CONFIRMED, *, steward=None,
                    entered_by=None, co_author=None, **content) -> Initiative:
    """Create an initiative of author's union through the services and take it to status (steward takes the steps)."""
    authors = [AuthorInput(author.full_name, Decimal("100") if co_author is None else Decimal("50"))]
    if co_author is not None:
        authors.append(AuthorInput(co_author.full_name, Decimal("50"), user_id=co_author.id))
    actor = entered_by or author
    initiative = services.save_draft(actor, programme=programme, unit=author.unit, submitter=author,
                                     data=initiative_input(title, authors=authors, **content))
    for step in STEPS[status]:
        if step == Step.SUBMIT:
            services.submit(actor, initiative, datetime.now().date())
        else:
            services.take_step(steward or actor, initiative, step, "Lý do")
    db.session.commit()
    return initiative


def ids(viewer: Viewer, **filters) -> list[int]:
    """Return the ids a list shows, in order."""
    query = list_query(viewer, ListFilters(**filters))
    return list(db.session.scalars(query))


def world():
    """Two districts with a union each, their people, and initiatives in several states."""
    units = make_tree()
    programme = make_programme(units["province"])
    admin = make_user(units["grassroots_B2"], roles=((Role.SYSTEM_ADMIN, units["root"]),))
    people = {
        "an": make_user(units["grassroots_A1"], name="Nguyễn Văn An"),
        "binh": make_user(units["grassroots_A1"], name="Trần Thị Bình"),
        "chi": make_user(units["grassroots_B1"], name="Lê Thị Chi"),
        "officer_a1": make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),)),
        "district_a": make_user(units["grassroots_A2"], roles=((Role.FEDERATION_ADMIN, units["district_A"]),)),
        "reviewer_b": make_user(units["grassroots_B2"], roles=((Role.REVIEWER, units["district_B"]),)),
        "admin": admin,
    }
    officer = people["officer_a1"]
    made = {
        "an_draft": make_initiative(people["an"], programme, "Nháp cải tiến máy cắt", Status.DRAFT),
        "an_submitted": make_initiative(people["an"], programme, "Cải tiến băng tải", Status.SUBMITTED),
        "an_recognised": make_initiative(people["an"], programme, "Cải tiến quy trình đóng gói", Status.RECOGNISED,
                                         steward=admin),
        "binh_returned": make_initiative(people["binh"], programme, "Sổ tay an toàn", Status.RETURNED,
                                         steward=officer),
        "binh_confirmed": make_initiative(people["binh"], programme, "Phần mềm chấm công", Status.CONFIRMED,
                                          steward=officer, field="digital"),
        "chi_draft": make_initiative(people["chi"], programme, "Nháp của Chi", Status.DRAFT),
        "chi_submitted": make_initiative(people["chi"], programme, "Cải tiến bếp ăn ca", Status.SUBMITTED),
        "chi_secret": make_initiative(people["chi"], programme, "Dây chuyền chiết rót", Status.CONFIRMED,
                                      steward=admin, confidential=True,
                                      solution="Dùng van điện từ hiệu Kim Long."),
        "chi_withdrawn": make_initiative(people["chi"], programme, "Rút lại", Status.WITHDRAWN),
    }
    return units, programme, people, {name: initiative.id for name, initiative in made.items()}


def test_a_member_sees_their_own_and_every_public_initiative_but_no_draft_of_others(app):
    _, _, people, made = world()
    an = viewer_of(people["an"])

    assert an == Viewer(people["an"].id, ())
    assert set(ids(an)) == {made["an_draft"], made["an_submitted"], made["an_recognised"], made["binh_confirmed"],
                            made["chi_secret"]}
    assert set(ids(an, scope="mine")) == {made["an_draft"], made["an_submitted"], made["an_recognised"]}
    assert ids(an, scope="union") == []


def test_an_officer_sees_their_union_without_its_drafts(app):
    _, _, people, made = world()
    officer = viewer_of(people["officer_a1"])

    assert officer.default_scope == "union"
    assert set(ids(officer, scope="union")) == {made["an_submitted"], made["an_recognised"], made["binh_returned"],
                                                made["binh_confirmed"]}
    assert set(ids(officer)) == {made["an_submitted"], made["an_recognised"], made["binh_returned"],
                                 made["binh_confirmed"], made["chi_secret"]}


def test_federation_admins_reviewers_and_system_admins_see_their_subtrees(app):
    units, _, people, made = world()

    assert set(ids(viewer_of(people["district_a"]), scope="union")) == {
        made["an_submitted"], made["an_recognised"], made["binh_returned"], made["binh_confirmed"]}
    assert viewer_of(people["reviewer_b"]).scopes == (units["district_B"].path,)
    assert set(ids(viewer_of(people["reviewer_b"]), scope="union")) == {made["chi_submitted"], made["chi_secret"],
                                                                        made["chi_withdrawn"]}
    assert viewer_of(people["admin"]).scopes == ("/",)
    assert set(ids(viewer_of(people["admin"]), scope="union")) == set(made.values()) - {made["an_draft"],
                                                                                        made["chi_draft"]}


def test_nested_scopes_reduce_to_the_outermost(app):
    units = make_tree()
    person = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),
                                                      (Role.REVIEWER, units["district_A"]),
                                                      (Role.OFFICER, units["grassroots_B1"])))

    assert viewer_of(person).scopes == tuple(sorted((units["district_A"].path, units["grassroots_B1"].path)))


def test_co_authors_and_the_officer_who_entered_it_see_a_draft(app):
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_B2"])
    co_author = make_user(units["grassroots_A2"])
    officer = make_user(units["grassroots_B2"], roles=((Role.OFFICER, units["grassroots_B2"]),))
    draft = make_initiative(member, programme, "Bản nháp chung", Status.DRAFT, entered_by=officer,
                            co_author=co_author)

    assert ids(viewer_of(co_author), scope="mine") == [draft.id]
    assert ids(viewer_of(officer), scope="mine") == [draft.id]
    assert ids(viewer_of(officer), scope="union") == [draft.id]
    assert ids(viewer_of(make_user(units["grassroots_B2"]))) == []


def test_search_finds_vietnamese_words_typed_without_diacritics(app):
    _, _, people, made = world()
    admin = viewer_of(people["admin"])

    found = {made["an_submitted"], made["an_recognised"], made["chi_submitted"]}
    assert set(ids(admin, q="cai tien")) == found
    assert set(ids(admin, q="CẢI TIẾN")) == found
    assert set(ids(admin, q=unicodedata.normalize("NFD", "cải tiến"))) == found
    assert ids(admin, q="cai tien bang tai") == [made["an_submitted"]]
    assert ids(admin, q="bang") == [made["an_submitted"]]
    assert ids(admin, q="ban") == []
    assert set(ids(admin, q="cai tien xi mang")) == found
    assert ids(admin, q="cai tien lua") == []


def test_search_follows_changes_to_the_content(app):
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"])
    draft = make_initiative(member, programme, "Máy bóc vỏ lạc", Status.DRAFT)
    viewer = viewer_of(member)

    services.update_content(member, draft, initiative_input("Máy tách hạt điều"))
    db.session.commit()

    assert ids(viewer, q="boc vo lac") == []
    assert ids(viewer, q="tach hat dieu") == [draft.id]


def test_the_migrations_build_a_search_index_that_follows_new_rows(app):
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()
    units = make_tree()
    member = make_user(units["grassroots_A1"])

    draft = make_initiative(member, make_programme(units["province"]), "Quạt thông gió tiết kiệm điện", Status.DRAFT)

    assert ids(viewer_of(member), q="quat thong gio") == [draft.id]


def test_a_confidential_initiative_shows_only_its_summary_and_hides_its_content_from_search(app):
    _, _, people, made = world()
    outsider, steward = viewer_of(people["an"]), viewer_of(people["reviewer_b"])

    page = get_page(outsider, ListFilters(), 1, 50)
    assert {initiative.id: readable for initiative, readable in page.items}[made["chi_secret"]] is False
    assert ids(outsider, q="chiet rot") == []
    assert ids(outsider, q="kim long") == []
    assert ids(steward, q="kim long", scope="union") == [made["chi_secret"]]
    assert ids(outsider, status=Status.CONFIRMED) == [made["chi_secret"], made["binh_confirmed"]]
    assert ids(outsider, field="technical") == [made["an_recognised"], made["an_submitted"], made["an_draft"]]

    rows = {row.id: row for row in iter_export_rows(outsider, ListFilters())}
    secret = rows[made["chi_secret"]]
    assert (secret.title, secret.unit_code, secret.status) == ("Dây chuyền chiết rót", "GB1", Status.CONFIRMED)
    assert (secret.programme, secret.field, secret.created_at, secret.benefit_vnd, secret.authors) == (
        None, None, None, None, [])
    assert rows[made["an_recognised"]].authors == [("Nguyễn Văn An", Decimal("100.00"))]


def test_filters_by_programme_phase_field_status_unit_and_date(app):
    units, programme, people, made = world()
    other = make_programme(units["province"], name="Chương trình khác", phases=[
        ("Đợt 1", local_today() - timedelta(days=1), local_today() + timedelta(days=30))])
    later = make_initiative(people["an"], other, "Sáng kiến đợt 1", Status.CONFIRMED, steward=people["admin"])
    admin = viewer_of(people["admin"])
    db.session.execute(update(Initiative).where(Initiative.id == made["binh_confirmed"])
                       .values(created_at=datetime(2020, 5, 1, 18, 0)))  # 2 May, 01:00 in Hà Nội
    db.session.commit()

    assert ids(admin, programme_id=other.id) == [later.id]
    assert ids(admin, phase_id=other.phases[0].id) == [later.id]
    assert ids(admin, field="digital") == [made["binh_confirmed"]]
    assert ids(admin, status=Status.RETURNED) == [made["binh_returned"]]
    assert set(ids(admin, status=Status.SUBMITTED)) == {made["an_submitted"], made["chi_submitted"]}
    assert ids(admin, date_from=datetime(2020, 5, 2).date(), date_to=datetime(2020, 5, 2).date()) == [
        made["binh_confirmed"]]
    assert ids(admin, date_to=datetime(2020, 5, 1).date()) == []
    today = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert made["binh_confirmed"] not in ids(admin, date_from=today)


def test_a_unit_narrows_the_list_to_its_subtree(app):
    units, _, people, made = world()

    query = list_query(viewer_of(people["admin"]), ListFilters(scope="union"), units["district_B"])
    assert set(db.session.scalars(query)) == {made["chi_submitted"], made["chi_secret"], made["chi_withdrawn"]}


def test_sorts(app):
    _, _, people, made = world()
    admin = viewer_of(people["admin"])
    visible = sorted(set(made.values()) - {made["an_draft"], made["chi_draft"]})
    titles = dict(db.session.execute(select(Initiative.id, Initiative.title).where(Initiative.id.in_(visible))).all())

    assert ids(admin, scope="union") == visible[::-1]
    assert ids(admin, scope="union", sort="oldest") == visible
    assert ids(admin, scope="union", sort="title") == sorted(visible, key=lambda i: (titles[i], i))
    by_submission = ids(admin, scope="union", sort="submitted")
    submitted = dict(db.session.execute(select(Initiative.id, Initiative.submitted_at)
                                        .where(Initiative.id.in_(visible))).all())
    assert sorted(by_submission) == visible
    assert [submitted[i] for i in by_submission] == sorted(submitted.values(), reverse=True)


def test_pages_count_up_to_the_cap(app, monkeypatch):
    _, _, people, made = world()
    admin = viewer_of(people["admin"])
    visible = sorted(set(made.values()) - {made["an_draft"], made["chi_draft"]}, reverse=True)

    first, last = get_page(admin, ListFilters(scope="union"), 1, 3), get_page(admin, ListFilters(scope="union"), 3, 3)
    assert ([i.id for i, _ in first.items], first.total, first.pages, first.next_num) == (visible[:3], 7, 3, 2)
    assert ([i.id for i, _ in last.items], last.total, last.has_next, last.prev_num) == (visible[6:], 7, False, 2)
    assert get_page(admin, ListFilters(scope="union"), 9, 3).items == []

    monkeypatch.setattr(queries, "COUNT_CAP", 4)
    capped = get_page(admin, ListFilters(scope="union"), 1, 3)
    assert (capped.total, capped.capped, capped.pages) == (4, True, 2)
    assert get_page(admin, ListFilters(scope="union"), 2, 3).items[0][0].id == visible[3]
    assert get_page(admin, ListFilters(scope="union"), 3, 3).items == []


@pytest.mark.parametrize(("args", "field"), [
    ({"status": "lost"}, "status"), ({"field": "art"}, "field"), ({"scope": "theirs"}, "scope"),
    ({"sort": "random"}, "sort"), ({"programme": "x1"}, "programme"), ({"phase": "-3"}, "phase"),
    ({"programme": "0"}, "programme"), ({"from": "2024-02-30"}, "from"), ({"to": "hôm qua"}, "to"),
    ({"from": "2024-03-02", "to": "2024-03-01"}, "from"), ({"q": "x" * 201}, "q"),
])
def test_bad_arguments_are_refused_with_the_argument_named(app, args, field):
    with pytest.raises(FilterError) as refused:
        ListFilters.from_args(args)
    assert refused.value.field == field


def test_arguments_are_read_with_defaults(app):
    assert ListFilters.from_args({}, "union") == ListFilters(scope="union")
    assert ListFilters.from_args({"status": "confirmed", "field": "health", "programme": "4", "phase": "",
                                  "unit": " GA1 ", "from": "2024-01-31", "q": " Cải  tiến ", "sort": "title"}) == \
        ListFilters(status=Status.CONFIRMED, field="health", programme_id=4, unit_code="GA1",
                    date_from=datetime(2024, 1, 31).date(), q="Cải  tiến", sort="title")
    assert ListFilters(q="Cải tiến, cải TIẾN!").words == ["cai", "tien"]


def test_a_search_over_the_whole_tree_pages_newest_first(app):
    _, _, people, made = world()
    admin = viewer_of(people["admin"])

    pages = [get_page(admin, ListFilters(q="cai tien"), number, 1) for number in (1, 2, 3, 4)]

    assert [[initiative.id for initiative, _ in page.items] for page in pages] == [
        [made["chi_submitted"]], [made["an_recognised"]], [made["an_submitted"]], []]
    assert [page.total for page in pages] == [3, 3, 3, 3]
