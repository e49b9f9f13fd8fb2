"""Pure modules import no web or database framework, directly or through the project's own modules.

A module is pure when its docstring's first line says so ("(pure…"), and every module of a pure package is.
"""

import ast
import re
from pathlib import Path

import pytest

from app import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
PURE_PACKAGES = {"scoring"}
PURE_MARK = re.compile(r"\(pure\b")
FRAMEWORKS = {"flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_babel", "flask_migrate", "sqlalchemy",
              "wtforms", "werkzeug", "alembic", "blinker"}


def _modules(package: str) -> list[Path]:
    return sorted(path for path in (ROOT / package).rglob("*.py") if path.name != "__init__.py")


def _declared_pure(path: Path) -> bool:
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return bool(PURE_MARK.search(docstring.split("\n", 1)[0]))


PURE_MODULES = [str(path.relative_to(ROOT)) for package in PACKAGES for path in _modules(package)
                if package in PURE_PACKAGES or _declared_pure(path)]


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


def test_the_modules_known_to_be_pure_are_declared_so():
    assert {"core/text.py", "review/duplicates.py", "review/lexicon.py", "review/pairing.py", "unions/levels.py",
            "unions/roles.py", "unions/tree.py", "unions/identity.py", "unions/permissions.py",
            "initiatives/rules.py", "initiatives/lifecycle.py", "initiatives/permissions.py",
            "initiatives/filetypes.py", "initiatives/storage.py", "initiatives/import_rows.py",
            "review/permissions.py", "quota/indicators.py", "quota/permissions.py"} - set(PURE_MODULES) == set()


@pytest.mark.parametrize("module", PURE_MODULES)
def test_pure_module_imports_no_framework(module):
    imported_roots = {name.split(".")[0] for name in _closure(ROOT / module)}

    assert imported_roots & FRAMEWORKS == set()
