"""The duplicate queue, finished: pairs side by side with their shared words marked, judged the copy of #N with a
reason code or not a duplicate, undone by a council's chair, every step audited; the sweep form as the page
renders it."""

import re
from html.parser import HTMLParser

from sqlalchemy import delete, select
from werkzeug.datastructures import MultiDict

from core.extensions import db
from core.models import AuditEntry
from initiatives import services
from initiatives.lifecycle import Step
from review import council_queries
from review import services as review_services
from review.models import DuplicateJudgement, DuplicatePair, DuplicateReason, DuplicateSweep, PairStatus
from tests.factories import make_council, make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, post_form
from unions.roles import Role

TITLE = "Cải tiến máy đóng bao xi măng tự động"


def setting():
    units = make_tree()
    programme = make_programme(units["province"])
    people = {
        "first": make_user(units["grassroots_A1"], email="an@example.vn"),
        "second": make_user(units["grassroots_A2"], email="binh@example.vn"),
        "reviewer": make_user(units["grassroots_B1"], email="ra@example.vn",
                              roles=((Role.REVIEWER, units["district_A"]),)),
        "chair": make_user(units["grassroots_B2"], email="chair@example.vn"),
        "other_chair": make_user(units["grassroots_B2"], email="otherchair@example.vn"),
    }
    make_council(units["district_A"], programme, chair=people["chair"])
    make_council(units["district_B"], programme, chair=people["other_chair"])
    original = make_initiative(people["first"], programme, TITLE)
    copy = make_initiative(people["second"], programme, "CẢI TIẾN MÁY ĐÓNG BAO xi măng bằng cảm biến")
    return units, programme, people, original, copy


class FormFields(HTMLParser):
    """Collect the fields a form of the page would post (its inputs and the selected option of its selects)."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.select, self.fields = form_id, False, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif self.inside and tag == "select":
            self.select = attrs["name"]
        elif self.inside and tag == "option" and self.select and (attrs.get("selected") is not None
                                                                  or not any(n == self.select for n, _ in self.fields)):
            self.fields = [(n, v) for n, v in self.fields if n != self.select] + [(self.select, attrs["value"])]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def test_the_sweep_form_posts_what_the_page_renders(client):
    _, programme, people, _, _ = setting()
    db.session.execute(delete(DuplicatePair))
    db.session.commit()
    login(client, people["reviewer"].email)
    parser = FormFields("sweep-form")
    parser.feed(client.get("/review/duplicates").get_data(as_text=True))

    response = client.post("/review/sweeps", data=MultiDict(parser.fields))

    assert [name for name, _ in parser.fields] == ["csrf_token", "programme"]
    assert response.status_code == 302
    assert db.session.scalar(select(DuplicateSweep.programme_id)) == programme.id


def test_a_pair_is_shown_side_by_side_with_the_shared_words_marked(client):
    _, _, people, original, copy = setting()
    pair = db.session.scalars(select(DuplicatePair)).one()
    login(client, people["reviewer"].email)

    page = client.get(f"/review/duplicates/{pair.id}").get_data(as_text=True)

    sides = re.findall(r'data-side="(\d+)"', page)
    titles = [re.findall(r"<mark>([^<]+)</mark>", title) for title in re.findall(r'<p class="fs-5">(.*?)</p>', page)]
    assert sides == [str(original.id), str(copy.id)]
    assert titles == [["Cải", "tiến", "máy", "đóng", "bao", "xi", "măng"],
                      ["CẢI", "TIẾN", "MÁY", "ĐÓNG", "BAO", "xi", "măng"]]
    assert client.get("/review/duplicates/999999").status_code == 404


def test_judged_a_duplicate_of_n_with_a_reason_then_undone_by_the_chair_every_step_audited(client):
    _, _, people, original, copy = setting()
    pair = db.session.scalars(select(DuplicatePair)).one()
    login(client, people["reviewer"].email)

    judged = post_form(client, f"/review/duplicates/{pair.id}", {
        "status": "same", "duplicate": copy.id, "reason": "part_of", "note": f"Một phần của #{original.id}",
        "next": f"/review/duplicates/{pair.id}"})
    assert judged.headers["Location"] == f"/review/duplicates/{pair.id}"
    assert post_form(client, f"/review/duplicates/{pair.id}/undo").status_code == 403
    post_form(client, "/logout")
    login(client, people["other_chair"].email)
    assert post_form(client, f"/review/duplicates/{pair.id}/undo").status_code == 403
    post_form(client, "/logout")
    login(client, people["chair"].email)
    verdict = client.get(f"/review/duplicates/{pair.id}").get_data(as_text=True)
    undone = post_form(client, f"/review/duplicates/{pair.id}/undo", {"note": "Xem lại"})

    assert 'id="verdict"' in verdict
    assert undone.headers["Location"] == f"/review/duplicates/{pair.id}"
    db.session.expire_all()
    pair = db.session.get(DuplicatePair, pair.id)
    assert (pair.status, pair.duplicate_id) == (PairStatus.OPEN, None)
    judgements = db.session.execute(select(DuplicateJudgement.status, DuplicateJudgement.duplicate_id,
                                           DuplicateJudgement.reason).order_by(DuplicateJudgement.id)).all()
    assert judgements == [(PairStatus.SAME, copy.id, DuplicateReason.PART_OF), (PairStatus.OPEN, None, None)]
    audit = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "duplicate_pair")
                               .order_by(AuditEntry.id)).all()
    assert audit == ["duplicate_pair.decide", "duplicate_pair.undo"]
    assert post_form(client, f"/review/duplicates/{pair.id}/undo").status_code == 403


def test_the_chair_finds_the_judged_pair_from_the_council_and_undoes_it(client):
    units, programme, people, _, copy = setting()
    officer = make_user(units["grassroots_A2"], roles=((Role.OFFICER, units["grassroots_A2"]),))
    services.take_step(officer, copy, Step.CONFIRM)
    pair = db.session.scalars(select(DuplicatePair)).one()
    review_services.decide_pair(people["reviewer"], pair, "same", "", duplicate_id=copy.id, reason="resubmitted")
    db.session.commit()
    council = council_queries.get_nearest_council(programme.id, units["grassroots_A2"])
    item = council_queries.get_item(council.id, copy.id)
    login(client, people["chair"].email)

    page = client.get(f"/councils/{council.id}/items/{item.id}").get_data(as_text=True)

    assert re.findall(r'data-duplicate-pair="(\d+)"', page) == [str(pair.id)]
    assert client.get("/review/duplicates").status_code == 403
    assert client.get(f"/review/duplicates/{pair.id}").status_code == 200
    assert post_form(client, f"/review/duplicates/{pair.id}/undo").status_code == 302
    db.session.expire_all()
    assert db.session.get(DuplicatePair, pair.id).status == PairStatus.OPEN


def test_not_a_duplicate_needs_no_reason(client):
    _, _, people, _, _ = setting()
    pair = db.session.scalars(select(DuplicatePair)).one()
    login(client, people["reviewer"].email)

    post_form(client, f"/review/duplicates/{pair.id}", {"status": "different"})

    db.session.expire_all()
    assert db.session.execute(select(DuplicatePair.status, DuplicatePair.reason)).one() == (PairStatus.DIFFERENT,
                                                                                           None)
    page = client.get("/review/duplicates").get_data(as_text=True)
    assert re.findall(r'data-judged="(\d+)"', page) == [str(pair.id)]
