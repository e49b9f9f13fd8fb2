"""Who may do what in a council, and the conflicts of interest from the tree and the record."""

from types import SimpleNamespace

from review import council_permissions as perms
from review.conflicts import Conflict, conflict_of, grassroots_path
from review.council_roles import CouncilRole
from tests.unit.plain import ANONYMOUS, unit, user
from unions.levels import UnitLevel
from unions.roles import Role

PROVINCE = unit("/1/2/", UnitLevel.PROVINCE_FEDERATION)
DISTRICT_A = unit("/1/2/3/", UnitLevel.DISTRICT_FEDERATION)
DISTRICT_B = unit("/1/2/4/", UnitLevel.DISTRICT_FEDERATION)
UNION_A = unit("/1/2/3/5/")
GROUP_A = unit("/1/2/3/5/9/", UnitLevel.UNION_GROUP)
UNION_B = unit("/1/2/4/6/")


def initiative(*, in_unit=UNION_A, submitter=None, authors=()):
    return SimpleNamespace(unit=in_unit, submitter_id=getattr(submitter, "id", -1), entered_by_id=None,
                           authors=[SimpleNamespace(user_id=a.id) for a in authors])


def council(*seats, blind=False, open_=True, administered=True):
    return SimpleNamespace(unit=DISTRICT_A, blind=blind, is_open=open_, conflict_administered=administered,
                           members=[SimpleNamespace(user_id=person.id, role=role) for person, role in seats])


def item(on, of=None, assignments=(), decision=None):
    return SimpleNamespace(council=on, initiative=of or initiative(), assignments=list(assignments),
                           decision=decision)


def assignment(reviewer, entry, *, submitted=False, declined=False, conflict=False):
    found = SimpleNamespace(reviewer_id=reviewer.id, item=entry, is_active=not declined, is_submitted=submitted,
                            conflict_declared=conflict)
    entry.assignments.append(found)
    return found


def test_conflicts_come_from_the_record_the_union_and_the_units_administered():
    author, coauthor = user(UNION_B), user(UNION_B)
    colleague, group_member = user(UNION_A), user(GROUP_A)
    officer = user(UNION_B, (Role.OFFICER, UNION_A))
    federation = user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_A))
    reviewer = user(UNION_B, (Role.REVIEWER, DISTRICT_A))
    written = initiative(submitter=author, authors=[coauthor])

    assert conflict_of(author, written, administered=True) == Conflict.AUTHOR
    assert conflict_of(coauthor, written, administered=True) == Conflict.AUTHOR
    assert conflict_of(colleague, written, administered=False) == Conflict.OWN_UNION
    assert conflict_of(group_member, written, administered=False) == Conflict.OWN_UNION
    assert conflict_of(officer, written, administered=True) == Conflict.ADMINISTERS
    assert conflict_of(federation, written, administered=True) == Conflict.ADMINISTERS
    assert conflict_of(federation, written, administered=False) is None
    assert conflict_of(reviewer, written, administered=True) is None
    assert conflict_of(reviewer, written, administered=True, declared=True) == Conflict.DECLARED
    assert grassroots_path(GROUP_A) == UNION_A.path


def test_council_pages_are_for_its_members_and_its_units_administrators_only():
    chair, member = user(UNION_B), user(UNION_B)
    on = council((chair, CouncilRole.CHAIR), (member, CouncilRole.MEMBER))
    administrator = user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_A))

    assert perms.can_view_council(chair, on) and perms.can_view_council(member, on)
    assert perms.can_view_council(administrator, on)
    assert perms.can_manage_council(administrator, on) and perms.can_manage_council(chair, on)
    assert not perms.can_manage_council(member, on)
    for outsider in (user(UNION_A), user(UNION_A, (Role.OFFICER, UNION_A)), user(UNION_B, (Role.REVIEWER, PROVINCE)),
                     user(UNION_B, (Role.FEDERATION_ADMIN, DISTRICT_B)), ANONYMOUS):
        assert not perms.can_view_council(outsider, on)
    assert perms.can_create_council(administrator, DISTRICT_A)
    assert not perms.can_create_council(administrator, DISTRICT_B)


def test_the_secretary_runs_the_council_the_chair_decides_members_score():
    chair, secretary, member = user(UNION_B), user(UNION_B), user(UNION_B)
    on = council((chair, CouncilRole.CHAIR), (secretary, CouncilRole.SECRETARY), (member, CouncilRole.MEMBER))
    entry = item(on)

    assert [perms.can_run_council(p, on) for p in (chair, secretary, member)] == [True, True, False]
    assert [perms.can_decide(p, entry) for p in (chair, secretary, member)] == [True, False, False]
    assert perms.can_assign_by_hand(chair, entry)
    assert not perms.can_assign_by_hand(chair, item(on, decision="recognised"))
    assert not perms.can_decide(chair, item(council((chair, CouncilRole.CHAIR), open_=False)))


def test_a_conflicted_chair_neither_decides_nor_sees_the_scores():
    chair = user(UNION_A)
    entry = item(council((chair, CouncilRole.CHAIR)))

    assert not perms.can_decide(chair, entry)
    assert not perms.can_see_scores(chair, entry)


def test_a_reviewer_scores_only_their_own_standing_assignment_of_an_open_council_without_a_conflict():
    reviewer, other = user(UNION_B), user(UNION_B)
    on = council((reviewer, CouncilRole.MEMBER), (other, CouncilRole.MEMBER))
    mine = assignment(reviewer, item(on))

    assert perms.can_score(reviewer, mine)
    assert not perms.can_score(other, mine)
    assert not perms.can_score(reviewer, assignment(reviewer, item(on), submitted=True))
    assert not perms.can_score(reviewer, assignment(reviewer, item(on), declined=True))
    closed = council((reviewer, CouncilRole.MEMBER), open_=False)
    assert not perms.can_score(reviewer, assignment(reviewer, item(closed)))
    assert not perms.can_score(reviewer, assignment(reviewer, item(on, decision="recognised")))
    colleague = user(UNION_A)
    assert not perms.can_score(colleague, assignment(colleague, item(council((colleague, CouncilRole.MEMBER)))))
    secretary = user(UNION_B)
    assert not perms.can_score(secretary, assignment(secretary, item(council((secretary, CouncilRole.SECRETARY)))))
    assert perms.can_decline(reviewer, mine) and not perms.can_decline(other, mine)


def test_others_scores_show_once_ones_own_is_submitted_and_to_the_chair_and_secretary():
    early, late, bystander, chair, secretary = (user(UNION_B) for _ in range(5))
    on = council((early, CouncilRole.MEMBER), (late, CouncilRole.MEMBER), (bystander, CouncilRole.MEMBER),
                 (chair, CouncilRole.CHAIR), (secretary, CouncilRole.SECRETARY))
    entry = item(on)
    assignment(early, entry, submitted=True)
    assignment(late, entry)

    assert [perms.can_see_scores(p, entry) for p in (early, late, bystander, chair, secretary)] == [
        True, False, False, True, True]
    assert not perms.can_see_scores(user(UNION_B, (Role.FEDERATION_ADMIN, PROVINCE)), item(council()))


def test_blind_review_hides_the_authors_from_the_reviewers_not_from_the_secretary():
    member, secretary = user(UNION_B), user(UNION_B)
    blind = item(council((member, CouncilRole.MEMBER), (secretary, CouncilRole.SECRETARY), blind=True))

    assert not perms.can_see_authors(member, blind)
    assert perms.can_see_authors(secretary, blind)
    assert perms.can_see_authors(member, item(council((member, CouncilRole.MEMBER))))


def test_a_duplicate_judgement_is_undone_by_the_chair_of_a_council_above_its_later_initiative():
    judged = SimpleNamespace(status="same", b=SimpleNamespace(unit=UNION_A))

    assert perms.can_undo_judgement(user(UNION_B), judged, [DISTRICT_A.path])
    assert not perms.can_undo_judgement(user(UNION_B), judged, [DISTRICT_B.path])
    assert not perms.can_undo_judgement(user(UNION_B), SimpleNamespace(status="open", b=judged.b), [DISTRICT_A.path])
    assert perms.can_undo_judgement(user(UNION_B, (Role.SYSTEM_ADMIN, PROVINCE)), judged, [])
