"""The audit trail as sentences in the user's language: "Vũ Văn Nam gửi sáng kiến #3: Bản nháp → Đã gửi".

Each package names its actions, objects and details (``core.hooks.add_audit_vocabulary``); an entry whose action
nobody named still reads, with its code.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _

from core.hooks import audit_vocabulary


@dataclass
class AuditLine:
    """One audit entry as it reads: who did what to which object, where, and what changed."""

    entry: object
    actor: str
    action: str
    object_text: str
    object_url: str | None
    unit: str
    changes: list[tuple[str, str]] = field(default_factory=list)
    # The reader may not see the object (a member's draft): the line names it by its number alone.
    withheld: bool = False


def _value(key: str, value, labels: dict) -> str:
    """Return a detail's value as text: a change as "before → after", named values by their labels."""
    if isinstance(value, list) and len(value) == 2:
        return f"{_one(value[0], labels.get(key, {}))} → {_one(value[1], labels.get(key, {}))}"
    if isinstance(value, list):
        return ", ".join(_one(item, labels.get(key, {})) for item in value)
    return _one(value, labels.get(key, {}))


def _one(value, labels: dict) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(labels.get(str(value), value))


def describe(entries) -> list[AuditLine]:
    """Return the entries as sentences, naming their objects with one lookup per kind of object."""
    vocabulary = audit_vocabulary()
    wanted = defaultdict(set)
    for entry in entries:
        if entry.object_id is not None and entry.object_type in vocabulary.objects:
            wanted[entry.object_type].add(entry.object_id)
    named = {kind: vocabulary.objects[kind][1](ids) for kind, ids in wanted.items()}
    lines = []
    for entry in entries:
        noun = vocabulary.objects.get(entry.object_type, (entry.object_type, None))[0]
        found = named.get(entry.object_type, {}).get(entry.object_id, (None, None))
        withheld = found is None
        text, url = (None, None) if withheld else found
        object_text = f"{noun} #{entry.object_id}" if entry.object_id is not None else ""
        if text:
            object_text = f"{object_text} {text}"
        changes = [] if withheld else [
            (str(vocabulary.keys.get(key, key)), _value(key, value, vocabulary.values))
            for key, value in (entry.details or {}).items()
            if value not in (None, "", []) and not (key in vocabulary.keys and vocabulary.keys[key] is None)]
        lines.append(AuditLine(entry, entry.actor.full_name if entry.actor else _("The system"),
                               str(vocabulary.actions.get(entry.action, entry.action)), object_text, url,
                               entry.unit.name if entry.unit else "", changes, withheld))
    return lines
