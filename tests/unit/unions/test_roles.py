"""Roles and their scopes."""

from unions.roles import ADMINISTRATORS, MEMBER_MANAGERS, Role, path_within


def test_a_subtree_is_a_path_prefix_that_ends_at_a_separator():
    assert path_within("/1/2/3/", "/1/2/")
    assert path_within("/1/2/", "/1/2/")
    assert not path_within("/1/20/", "/1/2/")
    assert not path_within("/1/", "/1/2/")


def test_administrators_manage_members_but_reviewers_do_not():
    assert ADMINISTRATORS < MEMBER_MANAGERS
    assert Role.REVIEWER not in MEMBER_MANAGERS
