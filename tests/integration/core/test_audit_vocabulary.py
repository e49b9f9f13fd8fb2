"""Every action the code records in the audit trail reads as words on the audit page, in both languages."""

import ast
from pathlib import Path

from flask_babel import force_locale

import app as application
from core.hooks import audit_vocabulary
from initiatives.lifecycle import Step
from initiatives.services import COUNCIL_STEPS

ROOT = Path(__file__).resolve().parents[3]


def _recorded_actions() -> set[str]:
    actions = set()
    for package in application.PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record_audit"):
                    continue
                action = node.args[1]
                if isinstance(action, ast.JoinedStr):  # f"initiative.{step}": every step an initiative takes
                    assert ast.unparse(action) == "f'initiative.{step}'", f"{path}: {ast.unparse(action)}"
                    actions |= {f"initiative.{step}" for step in (*Step, *COUNCIL_STEPS)}
                    continue
                constants = [n.value for n in ast.walk(action) if isinstance(n, ast.Constant)
                             and isinstance(n.value, str)]
                assert constants, f"{path}:{node.lineno}: the action is not written out"
                actions |= set(constants)
    return actions


def test_every_recorded_action_has_words(app):
    recorded = _recorded_actions()
    assert len(recorded) > 40
    known = audit_vocabulary(app).actions

    assert sorted(recorded - set(known)) == []
    for language in app.config["LANGUAGES"]:
        with force_locale(language):
            assert all(str(known[action]) for action in recorded)
