"""Extension points: how a package adds to pages and lists it does not own, without being imported by them.

Each package's ``init_app`` registers what it brings, and the lower package's templates render whatever was
registered (Indico's template hooks follow the same idea):

- **navigation**: ``add_nav(app, area, label, endpoint, visible)`` puts a link in the top bar; links of one area
  share a menu, an area with a single link shows it directly;
- **slots**: ``add_to_slot(app, name, template, context)`` renders ``template`` where a page calls
  ``{{ slot(name, **page_context) }}``; ``context(**page_context)`` returns the template's variables, or None to
  leave the slot out for this page (the home page's panels, a unit page's sidebar, the initiative form);
- **schema objects** that the models do not describe (a search index) and that migrations must leave alone;
- **personal data**: ``add_personal_data(app, name, provider)``: ``provider(user)`` returns what the package holds
  about that person, as JSON-ready data, for the copy of their own data a member downloads;
- **file areas**: ``add_file_area(app, name, root)``: ``root()`` returns a folder of files the package keeps beside
  the database (attachments, uploaded workbooks), which a backup copies with it.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, render_template
from markupsafe import Markup

EXTENSION_KEY = "sangkien.hooks"

# The areas of the top bar, in the order they appear; a package may add an area of its own at the end.
AREAS = ("initiatives", "review", "progress", "members", "administration")


@dataclass(frozen=True)
class NavItem:
    """A link in the top bar, shown to the users for whom visible(user) holds."""

    area: str
    label: object
    endpoint: str
    visible: Callable[[object], bool]
    order: int = 100
    icon: str = ""


@dataclass(frozen=True)
class SlotEntry:
    """A template rendered into a named place of another package's page."""

    template: str
    context: Callable[..., dict | None] | None
    order: int = 100


@dataclass
class Hooks:
    """What the packages of one app registered."""

    nav: list[NavItem] = field(default_factory=list)
    area_labels: dict[str, object] = field(default_factory=dict)
    slots: dict[str, list[SlotEntry]] = field(default_factory=lambda: defaultdict(list))
    unmanaged_schema: list[Callable[[str | None, str], bool]] = field(default_factory=list)
    personal_data: dict[str, Callable[[object], object]] = field(default_factory=dict)
    file_areas: dict[str, Callable[[], object]] = field(default_factory=dict)


def hooks(app=None) -> Hooks:
    """Return the registry of app (the current app by default)."""
    app = app or current_app
    return app.extensions.setdefault(EXTENSION_KEY, Hooks())


def add_area(app, area: str, label) -> None:
    """Name a menu of the top bar."""
    hooks(app).area_labels[area] = label


def add_nav(app, area: str, label, endpoint: str, visible: Callable[[object], bool], *, order: int = 100,
            icon: str = "") -> None:
    """Add a link to the top bar's menu of area."""
    hooks(app).nav.append(NavItem(area, label, endpoint, visible, order, icon))


def add_to_slot(app, name: str, template: str, context: Callable[..., dict | None] | None = None, *,
                order: int = 100) -> None:
    """Render template in the slot called name, with the variables context(**page_context) returns."""
    entries = hooks(app).slots[name]
    entries.append(SlotEntry(template, context, order))
    entries.sort(key=lambda entry: entry.order)


def add_unmanaged_schema(app, predicate: Callable[[str | None, str], bool]) -> None:
    """Tell migrations to leave alone the tables and indexes for which predicate(name, type) holds."""
    hooks(app).unmanaged_schema.append(predicate)


def is_unmanaged(app, name: str | None, type_: str) -> bool:
    """Tell whether a reflected table or index belongs to a package's own schema objects."""
    return any(predicate(name, type_) for predicate in hooks(app).unmanaged_schema)


def add_personal_data(app, name: str, provider: Callable[[object], object]) -> None:
    """Add the section name, provider(user), to the copy of a person's own data."""
    hooks(app).personal_data[name] = provider


def personal_data(user) -> dict[str, object]:
    """Return every package's section of what the app holds about user."""
    return {name: provider(user) for name, provider in hooks().personal_data.items()}


def add_file_area(app, name: str, root: Callable[[], object]) -> None:
    """Name a folder of files kept beside the database; root() returns it (inside an app context)."""
    hooks(app).file_areas[name] = root


def file_areas() -> dict[str, Callable[[], object]]:
    """Return every package's folders of files, by name."""
    return dict(hooks().file_areas)


def navigation(user) -> list[tuple[str, object, list[NavItem]]]:
    """Return the top bar for user: (area, its label, its visible links), areas in order, empty ones left out."""
    registry = hooks()
    by_area: dict[str, list[NavItem]] = defaultdict(list)
    for item in registry.nav:
        if item.visible(user):
            by_area[item.area].append(item)
    ordered = [area for area in AREAS if area in by_area] + sorted(set(by_area) - set(AREAS))
    return [(area, registry.area_labels.get(area, area), sorted(by_area[area], key=lambda item: item.order))
            for area in ordered]


def render_slot(name: str, **page_context) -> Markup:
    """Render every entry of the slot called name for this page."""
    parts = []
    for entry in hooks().slots.get(name, ()):
        variables = dict(page_context)
        if entry.context is not None:
            extra = entry.context(**page_context)
            if extra is None:
                continue
            variables.update(extra)
        parts.append(render_template(entry.template, **variables))
    return Markup("".join(parts))



@dataclass
class AuditVocabulary:
    """How the audit trail reads in the user's language: what each action, object and detail is called."""

    actions: dict[str, object] = field(default_factory=dict)
    objects: dict[str, tuple[object, Callable]] = field(default_factory=dict)
    keys: dict[str, object] = field(default_factory=dict)
    values: dict[str, dict] = field(default_factory=lambda: defaultdict(dict))


def audit_vocabulary(app=None) -> AuditVocabulary:
    """Return what the packages of the app said their audit entries mean."""
    app = app or current_app
    return app.extensions.setdefault(EXTENSION_KEY + ".audit", AuditVocabulary())


def add_audit_vocabulary(app, *, actions: dict | None = None, objects: dict | None = None, keys: dict | None = None,
                         values: dict | None = None) -> None:
    """Name a package's audit actions ({action: verb phrase}), objects ({type: (noun, describe(ids) -> {id: (text,
    url or None), or None when the reader may not see the object}), detail keys ({key: label}) and detail values
    ({key: {stored value: label}}, merged with other packages' labels for the same key)."""
    vocabulary = audit_vocabulary(app)
    vocabulary.actions.update(actions or {})
    vocabulary.objects.update(objects or {})
    vocabulary.keys.update(keys or {})
    for key, labels in (values or {}).items():
        vocabulary.values[key].update({str(value): label for value, label in labels.items()})
