"""Build the whole demo in the caller's transaction."""

from demo.councils import build_councils
from demo.programmes import build_programme
from demo.tree import build_tree
from unions.queries import get_unit_by_code


def build_demo() -> list[tuple[str, str, str]]:
    """Write the demo tree, accounts and programme; returns (login, name, role) for every demo account."""
    accounts = build_tree()
    build_programme(get_unit_by_code("HD-LDLD"))
    accounts += build_councils(get_unit_by_code("HD-LDLD"))
    return accounts
