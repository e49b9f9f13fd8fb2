"""Pure modules import no web or database framework, directly or through the project's own modules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_MODULES = ["core/text.py", "review/duplicates.py", "unions/levels.py", "unions/roles.py",
                "unions/tree.py", "unions/identity.py", "unions/permissions.py", "initiatives/rules.py",
                "initiatives/lifecycle.py", "initiatives/permissions.py", "initiatives/filetypes.py",
                "initiatives/storage.py", "initiatives/import_rows.py", "review/signals.py",
                "review/permissions.py", "review/pairing.py", "review/lexicon.py"]
FRAMEWORKS = {"flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_babel", "flask_migrate", "sqlalchemy",
              "wtforms", "werkzeug", "alembic"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _closure(path: Path) -> set[str]:
    """Return every module name imported by path, following the project's own modules."""
    seen_files, found, todo = set(), set(), [path]
    while todo:
        current = todo.pop()
        if current in seen_files:
            continue
        seen_files.add(current)
        for name in _imports(current):
            found.add(name)
            local = ROOT / (name.replace(".", "/") + ".py")
            if local.exists():
                todo.append(local)
    return found


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_framework(module):
    imported_roots = {name.split(".")[0] for name in _closure(ROOT / module)}

    assert imported_roots & FRAMEWORKS == set()
