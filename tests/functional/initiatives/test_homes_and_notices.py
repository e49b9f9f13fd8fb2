"""What each role finds on its home page and in its notices: the next thing to do, written as what happened."""

import re

from sqlalchemy import select

from core.extensions import db
from initiatives.lifecycle import Step
from initiatives.models import Notification
from tests.browser.catalogue import vi
from tests.factories import make_initiative, make_programme, make_tree, make_user
from tests.functional.helpers import login, switch_user
from unions.roles import Role


def test_each_role_finds_its_next_step_at_home_and_in_the_top_bar(client):
    units = make_tree()
    programme = make_programme(units["province"], name="Chương trình 1 triệu sáng kiến")
    member = make_user(units["grassroots_A1"])
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),))
    reviewer = make_user(units["grassroots_A2"], roles=((Role.REVIEWER, units["district_A"]),))
    for title in ("Cải tiến máy đóng bao", "Ứng dụng mã QR"):
        make_initiative(member, programme, title)

    login(client, member.email)
    home = client.get("/").get_data(as_text=True)
    assert f'data-open-programme="{programme.id}"' in home
    assert f'href="/programmes/{programme.id}/initiatives/new"' in home
    switch_user(client, officer.email)
    assert re.search(r'id="waiting-confirmation">2<', client.get("/").get_data(as_text=True))
    switch_user(client, reviewer.email)
    assert 'href="/initiatives"' in client.get("/").get_data(as_text=True)


def test_a_notice_reads_as_what_happened_and_opening_it_marks_it_read(client):
    units = make_tree()
    programme = make_programme(units["province"])
    member = make_user(units["grassroots_A1"])
    officer = make_user(units["grassroots_A1"], name="Phạm Thị Lan", roles=((Role.OFFICER, units["grassroots_A1"]),))
    initiative = make_initiative(member, programme, "Cải tiến máy đóng bao", steps=((officer, Step.CONFIRM),))
    login(client, member.email)

    listing = client.get("/notifications").get_data(as_text=True)
    notice = db.session.scalar(select(Notification).where(Notification.user_id == member.id))
    opened = client.get(f"/notifications/{notice.id}")
    page = client.get(f"/initiatives/{initiative.id}").get_data(as_text=True)

    assert vi("%(actor)s confirmed “%(title)s” for the union", actor="Phạm Thị Lan",
              title="Cải tiến máy đóng bao") in listing
    assert (opened.status_code, opened.headers["Location"]) == (302, f"/initiatives/{initiative.id}")
    db.session.refresh(notice)
    assert notice.read_at is not None
    assert vi("Confirmed by the union: applied at the workplace") in page
    switch_user(client, officer.email)
    assert client.get(f"/notifications/{notice.id}").status_code == 403
