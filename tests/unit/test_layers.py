"""The packages form one-way layers: each imports only the packages listed before it in app.PACKAGES.

Every import counts, at module level or inside a function. A pure package (scoring) imports at most core.
"""

import ast
from pathlib import Path

import pytest

from app import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
PURE_PACKAGE_MAY_IMPORT = {"scoring": {"core"}}


def imported_packages(path: Path) -> list[tuple[int, str]]:
    """Return (line, top-level package) for every import of one of the app's packages in a file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in PACKAGES]
    return found


def layer_violations(package: str) -> list[str]:
    """Return every import in package of a package not allowed below it."""
    allowed = set(PACKAGES[:PACKAGES.index(package) + 1])
    if package in PURE_PACKAGE_MAY_IMPORT:
        allowed &= PURE_PACKAGE_MAY_IMPORT[package] | {package}
    return [f"{path.relative_to(ROOT)}:{line} imports {target}"
            for path in sorted((ROOT / package).rglob("*.py"))
            for line, target in imported_packages(path) if target not in allowed]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_the_layers_below_it(package):
    assert layer_violations(package) == []


def test_an_import_against_the_layers_is_caught(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.unit.test_layers.ROOT", tmp_path)
    (tmp_path / "unions").mkdir()
    (tmp_path / "unions" / "views.py").write_text("def f():\n    from review.queries import get_similar\n")

    assert layer_violations("unions") == ["unions/views.py:2 imports review"]


def test_every_package_plugs_itself_in():
    for package in PACKAGES:
        tree = ast.parse((ROOT / package / "__init__.py").read_text(encoding="utf-8"))
        assert "init_app" in {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}, package
