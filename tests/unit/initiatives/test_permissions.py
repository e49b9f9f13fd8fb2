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
    assert permissions.can_edit(officer, initiative(member, Status.RETURNED))
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
