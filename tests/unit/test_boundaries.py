"""Views are thin: the boundary helpers commit, services flush, reads live in queries modules.

A view module calls no commit or rollback, starts no thread, and builds no SQL of its own.
"""

import ast
from pathlib import Path

import pytest

from app import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULES = sorted(str(path.relative_to(ROOT)) for package in PACKAGES for path in (ROOT / package).rglob("*.py")
                      if path.name == "views.py" or path.name.endswith("_views.py"))
FORBIDDEN_CALLS = {"commit", "rollback", "Thread", "select", "get_or_404"}
FORBIDDEN_MODULES = {"threading", "sqlalchemy"}


def offences(source: str) -> list[str]:
    """Return what a view module does that belongs to a service, a query or the transaction boundary."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
            if name in FORBIDDEN_CALLS:
                found.append(f"line {node.lineno}: calls {name}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"line {node.lineno}: imports {m}" for m in modules if m.split(".")[0] in FORBIDDEN_MODULES]
    return found


def test_there_are_view_modules_to_check():
    assert "initiatives/views.py" in VIEW_MODULES and "review/views.py" in VIEW_MODULES


@pytest.mark.parametrize("module", VIEW_MODULES)
def test_view_module_leaves_transactions_and_sql_to_others(module):
    assert offences((ROOT / module).read_text(encoding="utf-8")) == []


def test_a_view_that_commits_by_hand_is_caught():
    source = "from core.extensions import db\n\ndef view():\n    db.session.commit()\n"

    assert offences(source) == ["line 4: calls commit"]
