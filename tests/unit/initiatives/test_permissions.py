"""Who may see and act on initiatives: each predicate, granted and refused."""

from types import SimpleNamespace

from initiatives import permissions
from initiatives.lifecycle import Status, Step
from tests.unit.plain import ANONYMOUS, unit, user
from unions.levels import UnitLevel
from unions.roles import Role

DISTRICT_A = unit("/1/2/3/", UnitLevel.DISTRICT_FEDERATION)
DISTRICT_B = unit("/1/2/4/", UnitLevel.DISTRICT_FEDERATION)
UNION_A = unit("/1/2/3/5/", parent=DISTRICT_A)
UNION_B = unit("/1/2/4/6/", parent=DISTRICT_B)


def initiative(submitter, status=Status.SUBMITTED, *, union=UNION_A, confidential=False, co_authors=()):
    return SimpleNamespace(submitter_id=submitter.id, entered_by_id=None, unit=union, status=status,
                           confidential=confidential, authors=[SimpleNamespace(user_id=u.id) for u in co_authors])


def test_authors_are_the_submitter_the_enterer_and_the_co_authors():
    member, co_author, stranger = user(UNION_A), user(UNION_A), user(UNION_A)
    entered = initiative(member, co_authors=[co_author])
    entered.entered_by_id = stranger.id

    assert permissions.is_author(member, entered)
    assert permissions.is_author(co_author, entered)
    assert permissions.is_author(stranger, entered)
    assert not permissions.is_author(user(UNION_A), entered)
    assert not permissions.is_author(ANONYMOUS, entered)


def test_councils_and_federations_above_the_union_review_it():
    member = user(UNION_A)
    reviewer = user(UNION_B, (Role.REVIEWER, DISTRICT_A))
    other_reviewer = user(UNION_A, (Role.REVIEWER, DISTRICT_B))
    federation = user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_A))
    officer = user(UNION_A, (Role.OFFICER, UNION_A))
    item = initiative(member)

    assert permissions.can_review(reviewer, item)
    assert permissions.can_review(federation, item)
    assert not permissions.can_review(other_reviewer, item)
    assert not permissions.can_review(officer, item)
    assert permissions.can_manage(officer, item)
    assert not permissions.can_manage(reviewer, item)


def test_others_see_public_states_and_confidential_ones_only_in_summary():
    member, stranger = user(UNION_A), user(UNION_B)

    assert not permissions.can_view(stranger, initiative(member, Status.SUBMITTED))
    assert permissions.can_view(stranger, initiative(member, Status.CONFIRMED))
    assert permissions.can_view_full(stranger, initiative(member, Status.RECOGNISED))
    assert permissions.can_view(stranger, initiative(member, Status.RECOGNISED, confidential=True))
    assert not permissions.can_view_full(stranger, initiative(member, Status.RECOGNISED, confidential=True))
    assert permissions.can_view_full(member, initiative(member, Status.DRAFT, confidential=True))


def test_content_changes_only_while_a_draft_or_returned():
    member = user(UNION_A)
    officer = user(UNION_A, (Role.OFFICER, UNION_A))

    assert permissions.can_edit(member, initiative(member, Status.DRAFT))
    assert permissions.can_edit(member, initiative(member, Status.RETURNED))
    assert not permissions.can_edit(member, initiative(member, Status.SUBMITTED))
    assert not permissions.can_edit(officer, initiative(member, Status.RETURNED))
    assert not permissions.can_edit(user(UNION_B), initiative(member, Status.DRAFT))


def test_each_step_is_taken_by_its_kind_of_actor():
    member = user(UNION_A)
    officer = user(UNION_A, (Role.OFFICER, UNION_A))
    reviewer = user(UNION_B, (Role.REVIEWER, DISTRICT_A))

    assert permissions.can_take_step(member, initiative(member, Status.DRAFT), Step.SUBMIT)
    assert permissions.can_take_step(member, initiative(member, Status.CONFIRMED), Step.WITHDRAW)
    assert not permissions.can_take_step(officer, initiative(member, Status.SUBMITTED), Step.WITHDRAW)
    assert not permissions.can_take_step(officer, initiative(member, Status.DRAFT), Step.SUBMIT)
    assert permissions.can_take_step(officer, initiative(member), Step.CONFIRM)
    assert not permissions.can_take_step(member, initiative(member), Step.CONFIRM)
    assert not permissions.can_take_step(reviewer, initiative(member), Step.CONFIRM)
    assert permissions.can_take_step(reviewer, initiative(member, Status.CONFIRMED), Step.RETURN)
    assert not permissions.can_take_step(officer, initiative(member, Status.CONFIRMED), Step.START_REVIEW)
    assert not permissions.can_take_step(reviewer, initiative(member, Status.RECOGNISED), Step.REJECT)


def test_the_review_starts_and_ends_only_in_a_council():
    reviewer = user(UNION_B, (Role.REVIEWER, DISTRICT_A))
    federation = user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_A))
    member = user(UNION_A)

    for who in (reviewer, federation):
        assert not permissions.can_take_step(who, initiative(member, Status.CONFIRMED), Step.START_REVIEW)
        assert not permissions.can_take_step(who, initiative(member, Status.IN_REVIEW), Step.RECOGNISE)
        assert not permissions.can_take_step(who, initiative(member, Status.IN_REVIEW), Step.REJECT)


def test_programmes_are_managed_by_the_administrators_of_their_owner():
    assert permissions.can_manage_programmes(user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A)), DISTRICT_A)
    assert not permissions.can_manage_programmes(user(UNION_A, (Role.FEDERATION_ADMIN, DISTRICT_A)), DISTRICT_B)
    assert not permissions.can_manage_programmes(user(UNION_A, (Role.OFFICER, UNION_A)), UNION_A)


# Who sees an initiative, state by state: the README's table, cell by cell. "full" reads everything and the
# attachments; "summary" a confidential one's title, union and status only; "-" nothing (404/403).
STATES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, "withdrawn draft", "withdrawn after submission",
          Status.CONFIRMED, Status.IN_REVIEW, Status.RECOGNISED, Status.NOT_RECOGNISED)
OVERSEER = ("-", "full", "full", "-", "full", "full", "full", "full", "full")
OTHERS = ("-", "-", "-", "-", "-", "full", "full", "full", "full")
OTHERS_CONFIDENTIAL = ("-", "-", "-", "-", "-", "summary", "summary", "summary", "summary")
TABLE = {
    "author": (("full",) * 9, ("full",) * 9),
    "officer of the union": (OVERSEER, OVERSEER),
    "federation administrator above": (OVERSEER, OVERSEER),
    "reviewer above": (OVERSEER, OVERSEER),
    "system administrator": (OVERSEER, OVERSEER),
    "member of the union": (OTHERS, OTHERS_CONFIDENTIAL),
    "officer of another union": (OTHERS, OTHERS_CONFIDENTIAL),
    "reviewer of another district": (OTHERS, OTHERS_CONFIDENTIAL),
    "visitor": (OTHERS, OTHERS_CONFIDENTIAL),
}
MEMBER = user(UNION_A)
PEOPLE = {
    "author": MEMBER,
    "officer of the union": user(UNION_A, (Role.OFFICER, UNION_A)),
    "federation administrator above": user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_A)),
    "reviewer above": user(UNION_B, (Role.REVIEWER, DISTRICT_A)),
    "system administrator": user(UNION_B, (Role.SYSTEM_ADMIN, unit("/1/"))),
    "member of the union": user(UNION_A),
    "officer of another union": user(UNION_B, (Role.OFFICER, UNION_B)),
    "reviewer of another district": user(UNION_A, (Role.REVIEWER, DISTRICT_B)),
    "visitor": ANONYMOUS,
}


def _in_state(state, confidential: bool):
    withdrawn = state in ("withdrawn draft", "withdrawn after submission")
    item = initiative(MEMBER, Status.WITHDRAWN if withdrawn else state, confidential=confidential)
    item.submitted_at = None if state in (Status.DRAFT, "withdrawn draft") else "2026-11-02"
    return item


def _seen(person, item) -> str:
    if not permissions.can_view(person, item):
        assert not permissions.can_view_full(person, item)
        return "-"
    return "full" if permissions.can_view_full(person, item) else "summary"


def test_every_cell_of_the_table_of_who_sees_an_initiative():
    for who, (plain, confidential) in TABLE.items():
        assert [_seen(PEOPLE[who], _in_state(state, False)) for state in STATES] == list(plain), who
        assert [_seen(PEOPLE[who], _in_state(state, True)) for state in STATES] == list(confidential), who


def test_only_the_authors_change_the_content_and_only_while_it_is_a_draft_or_returned():
    for who, person in PEOPLE.items():
        allowed = [state for state in STATES if permissions.can_edit(person, _in_state(state, False))]
        assert allowed == ([Status.DRAFT, Status.RETURNED] if who == "author" else []), who


def test_a_member_starts_initiatives_only_in_the_programmes_of_their_own_tree():
    ours = SimpleNamespace(owner_unit=DISTRICT_A)
    theirs = SimpleNamespace(owner_unit=DISTRICT_B)

    assert permissions.can_start_in(MEMBER, ours)
    assert not permissions.can_start_in(MEMBER, theirs)
    assert not permissions.can_start_in(ANONYMOUS, ours)
