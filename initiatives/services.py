"""Verbs that change programmes and initiatives. They flush; the caller commits once."""

from dataclasses import asdict, dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.audit import record_audit
from core.errors import DomainError, DomainErrors
from core.extensions import db
from core.text import fold
from core.timeutil import utcnow
from initiatives import notifications, signals
from initiatives.lifecycle import EDITABLE, Status, Step, transition
from initiatives.messages import problem_text
from initiatives.models import Initiative, InitiativeAuthor, InitiativeEvent, InitiativeVersion, Phase, Programme
from initiatives.rules import (
    Field,
    Problem,
    Window,
    check_benefit,
    check_contributions,
    check_first_applied,
    check_submission_window,
)
from unions.levels import JOINABLE_LEVELS


@dataclass
class AuthorInput:
    """An author as entered on a form or a spreadsheet row."""

    name: str
    share: Decimal | None
    workplace: str = ""
    user_id: int | None = None


@dataclass
class InitiativeInput:
    """The content of an initiative as entered; anything may be missing while it is a draft."""

    title: str = ""
    field: str | None = None
    problem: str = ""
    solution: str = ""
    novelty: str = ""
    first_applied_on: date | None = None
    applied_where: str = ""
    conditions: str = ""
    effect: str = ""
    benefit_vnd: int | None = None
    benefit_method: str = ""
    benefit_not_computable: bool = False
    benefit_description: str = ""
    investor: str = ""
    confidential: bool = False
    authors: list[AuthorInput] = dc_field(default_factory=list)


CONTENT_FIELDS = [name for name in InitiativeInput.__dataclass_fields__ if name != "authors"]


def programme_window(programme: Programme) -> Window:
    """Return the programme's submission window."""
    return Window(programme.opens_on, programme.closes_on)


def check_complete(programme: Programme, unit, data: InitiativeInput, today: date) -> list[Problem]:
    """Return every problem that prevents submitting data to programme today (the importer calls this too)."""
    problems = []
    if not data.title.strip():
        problems.append(Problem("title", "title_missing"))
    if not data.field:
        problems.append(Problem("field", "field_missing"))
    elif programme.fields and data.field not in programme.fields:
        problems.append(Problem("field", "field_not_accepted"))
    if not data.problem.strip():
        problems.append(Problem("problem", "problem_missing"))
    if not data.solution.strip():
        problems.append(Problem("solution", "solution_missing"))
    if unit is None:
        problems.append(Problem("unit", "unit_missing"))
    elif not unit.path.startswith(programme.owner_unit.path):
        problems.append(Problem("unit", "unit_outside"))
    problems += check_first_applied(data.first_applied_on, Window(programme.applied_from, programme.applied_until),
                                    today)
    problems += check_benefit(data.benefit_vnd, data.benefit_method, data.benefit_not_computable,
                              data.benefit_description)
    problems += check_contributions([author.share for author in data.authors])
    _, closed = check_submission_window(programme_window(programme), _phase_windows(programme), today)
    return closed + problems


def check_and_raise(initiative: Initiative, today: date) -> None:
    """Raise every problem that still prevents submitting the initiative (to show them on its form)."""
    _raise(check_complete(initiative.programme, initiative.unit, as_input(initiative), today))


def _phase_windows(programme: Programme) -> list[tuple[int, Window]]:
    return [(phase.id, Window(phase.opens_on, phase.closes_on)) for phase in programme.phases]


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise DomainErrors([DomainError(problem_text(p), p.field) for p in problems])


def _apply(initiative: Initiative, data: InitiativeInput) -> None:
    for name in CONTENT_FIELDS:
        value = getattr(data, name)
        setattr(initiative, name, value.strip() if isinstance(value, str) else value)
    initiative.field = Field(data.field) if data.field else None
    initiative.authors = [
        InitiativeAuthor(position=n, name=a.name.strip(), workplace=a.workplace.strip(), share=a.share,
                         user_id=a.user_id)
        for n, a in enumerate(data.authors, start=1) if a.name.strip()
    ]
    initiative.search_text = fold(" ".join((data.title, data.problem, data.solution, data.novelty, data.effect)))


def find_by_token(token: str | None) -> Initiative | None:
    """Return the initiative a form with this token already created, if any."""
    if not token:
        return None
    return db.session.scalar(select(Initiative).where(Initiative.submission_token == token))


def save_draft(actor, *, programme: Programme, unit, data: InitiativeInput, submitter=None,
               submission_token: str | None = None) -> Initiative:
    """Create a draft (once per form token), even half-filled; submitter defaults to actor."""
    existing = find_by_token(submission_token)
    if existing is not None:
        return existing
    if unit is None or unit.level not in JOINABLE_LEVELS:
        raise DomainError(_l("Choose the grassroots union."), "unit")
    if data.title and len(data.title) > 300:
        raise DomainError(_l("The title is too long."), "title")
    submitter = submitter or actor
    initiative = Initiative(programme=programme, unit=unit, submitter=submitter, status=Status.DRAFT,
                            entered_by=actor if actor.id != submitter.id else None,
                            submission_token=submission_token)
    _apply(initiative, data)
    db.session.add(initiative)
    db.session.flush()
    _event(initiative, actor, "create", None, Status.DRAFT)
    record_audit(actor, "initiative.create", initiative, unit=unit, title=initiative.title)
    return initiative


def update_content(actor, initiative: Initiative, data: InitiativeInput) -> Initiative:
    """Change an initiative's content; after it was returned, the earlier version is kept first."""
    if initiative.status not in EDITABLE:
        raise DomainError(_l("This initiative can no longer be changed."))
    if initiative.status == Status.RETURNED:
        db.session.add(InitiativeVersion(initiative_id=initiative.id, version=initiative.version,
                                         content=snapshot(initiative), saved_at=utcnow()))
        initiative.version += 1
    _apply(initiative, data)
    initiative.updated_at = utcnow()
    record_audit(actor, "initiative.update", initiative, unit=initiative.unit, version=initiative.version)
    return initiative


def snapshot(initiative: Initiative) -> dict:
    """Return the content of an initiative as plain JSON values."""
    content = {name: getattr(initiative, name) for name in CONTENT_FIELDS}
    content["first_applied_on"] = initiative.first_applied_on.isoformat() if initiative.first_applied_on else None
    content["field"] = str(initiative.field) if initiative.field else None
    content["authors"] = [asdict(AuthorInput(a.name, None, a.workplace, a.user_id))
                          | {"share": None if a.share is None else str(a.share)} for a in initiative.authors]
    return content


def as_input(initiative: Initiative) -> InitiativeInput:
    """Return an initiative's content in the form services take."""
    data = InitiativeInput(**{name: getattr(initiative, name) for name in CONTENT_FIELDS})
    data.field = str(initiative.field) if initiative.field else None
    data.authors = [AuthorInput(a.name, None if a.share is None else Decimal(a.share), a.workplace, a.user_id)
                    for a in initiative.authors]
    return data


def submit(actor, initiative: Initiative, today: date) -> Initiative:
    """Send a complete initiative to its grassroots union for confirmation."""
    step = transition(initiative.status, Step.SUBMIT)
    if step is None:
        raise DomainError(_l("This initiative cannot be submitted now."))
    _raise(check_complete(initiative.programme, initiative.unit, as_input(initiative), today))
    phase_id, _ = check_submission_window(programme_window(initiative.programme),
                                          _phase_windows(initiative.programme), today)
    initiative.phase = db.session.get(Phase, phase_id) if phase_id else None
    now = utcnow()
    initiative.submitted_at = now
    return _move(actor, initiative, Step.SUBMIT, "", at=now)


def submit_many(actor, *, programme: Programme, unit, items: list[tuple[InitiativeInput, object, str]],
                today: date) -> list[Initiative]:
    """Submit many complete initiatives of one union at once (the Excel import), entered by actor.

    Each item is (content, submitter or None for actor, form token). The checks, timeline events, audit entries
    and notices are those of saving and submitting one by one; the rows reach the database in one flush.
    """
    _raise([problem for data, _, _ in items for problem in check_complete(programme, unit, data, today)])
    phase_id, _ = check_submission_window(programme_window(programme), _phase_windows(programme), today)
    phase = db.session.get(Phase, phase_id) if phase_id else None
    now = utcnow()
    initiatives = []
    for data, submitter, token in items:
        initiative = Initiative(programme=programme, unit=unit, submitter=submitter or actor, entered_by=actor,
                                status=Status.SUBMITTED, submission_token=token, phase=phase, submitted_at=now)
        _apply(initiative, data)
        initiatives.append(initiative)
    db.session.add_all(initiatives)
    db.session.flush()
    officers = notifications.officer_ids(unit)
    for initiative in initiatives:
        _event(initiative, actor, "create", None, Status.DRAFT, at=now)
        _event(initiative, actor, str(Step.SUBMIT), Status.DRAFT, Status.SUBMITTED, at=now)
        record_audit(actor, "initiative.create", initiative, unit=unit, title=initiative.title)
        record_audit(actor, "initiative.submit", initiative, unit=unit,
                     status=[str(Status.DRAFT), str(Status.SUBMITTED)], reason="")
        notifications.notify_step(actor, initiative, Step.SUBMIT, "", officers=officers)
    db.session.flush()
    signals.batch_submitted.send(initiatives, actor=actor, at=now)
    return initiatives


def take_step(actor, initiative: Initiative, step: Step, reason: str = "", *, unit=None) -> Initiative:
    """Confirm, return, review, decide or withdraw an initiative (the caller has checked who may).

    A recognition is credited to unit (the deciding council's) when given, else to the actor's deepest review scope.
    """
    if step == Step.SUBMIT:
        raise ValueError("submit() checks completeness; use it to submit")
    found = transition(initiative.status, step)
    if found is None:
        raise DomainError(_l("This step is not possible for the initiative as it stands."))
    if found[2] and not (reason or "").strip():
        raise DomainError(_l("Say why."), "reason")
    if step == Step.RECOGNISE:
        initiative.recognised_by_unit_id = unit.id if unit is not None else _deciding_unit_id(actor, initiative)
    return _move(actor, initiative, step, reason)


COUNCIL_STEPS = ("forward", "recognise_above", "reject_above")


def record_council_step(actor, initiative: Initiative, step: str, reason: str = "", *, unit=None) -> Initiative:
    """Put a council's step that leaves the status as it is on the timeline, audited, and tell the authors.

    forward: sent on to the council above; recognise_above: recognised again by a higher council (credited to unit);
    reject_above: not recognised by a higher council, recognised still at the level below.
    """
    if step not in COUNCIL_STEPS:
        raise ValueError(f"not a council step: {step}")
    if step == "recognise_above":
        initiative.recognised_by_unit_id = unit.id
    now = utcnow()
    initiative.updated_at = now
    _event(initiative, actor, step, initiative.status, initiative.status, reason, at=now)
    record_audit(actor, f"initiative.{step}", initiative, unit=initiative.unit, reason=(reason or "").strip(),
                 council_unit=getattr(unit, "id", None))
    notifications.notify_step(actor, initiative, step, reason)
    db.session.flush()
    return initiative


def set_author_category(actor, author: InitiativeAuthor, category) -> InitiativeAuthor:
    """Record an author's training or position (it sets their Creative Labour threshold), audited."""
    before = author.category
    author.category = category or None
    record_audit(actor, "initiative_author.category", author, unit=author.initiative.unit,
                 initiative_id=author.initiative_id, category=[str(before) if before else None,
                                                               str(category) if category else None])
    db.session.flush()
    return author


def _deciding_unit_id(actor, initiative: Initiative) -> int | None:
    """Return the unit at which the actor's council sits: the deepest of their review scopes above the initiative."""
    scopes = [a.unit for a in actor.roles if initiative.unit.path.startswith(a.unit.path)]
    return max(scopes, key=lambda u: u.depth).id if scopes else None


def _move(actor, initiative: Initiative, step: Step, reason: str, at=None) -> Initiative:
    target, _who, _reason_needed = transition(initiative.status, step)
    before = initiative.status
    now = at or utcnow()
    initiative.status = target
    initiative.updated_at = now
    _event(initiative, actor, str(step), before, target, reason, at=now)
    record_audit(actor, f"initiative.{step}", initiative, unit=initiative.unit, status=[str(before), str(target)],
                 reason=(reason or "").strip())
    notifications.notify_step(actor, initiative, step, reason)
    db.session.flush()
    signals.status_changed.send(initiative, actor=actor, step=step, before=before, after=target, at=now)
    return initiative


def _event(initiative: Initiative, actor, step: str, before, after, reason: str = "", at=None) -> None:
    db.session.add(InitiativeEvent(initiative=initiative, actor_id=getattr(actor, "id", None), step=step,
                                   from_status=str(before) if before else None, to_status=str(after),
                                   reason=(reason or "").strip(), at=at or utcnow(),
                                   phase_id=getattr(initiative.phase, "id", None)))


@dataclass
class ProgrammeInput:
    """A programme as entered on its form."""

    name: str
    description: str
    opens_on: date
    closes_on: date
    applied_from: date | None
    applied_until: date | None
    fields: list[str]
    phases: list[tuple[str, date, date]] = dc_field(default_factory=list)


def _check_programme(data: ProgrammeInput) -> None:
    errors = []
    if not data.name.strip():
        errors.append(DomainError(_l("Enter the programme's name."), "name"))
    if data.closes_on < data.opens_on:
        errors.append(DomainError(_l("The programme must close after it opens."), "closes_on"))
    if data.applied_from and data.applied_until and data.applied_until < data.applied_from:
        errors.append(DomainError(_l("The end of the application period comes before its start."), "applied_until"))
    for name, opens, closes in data.phases:
        if closes < opens or opens < data.opens_on or closes > data.closes_on:
            errors.append(DomainError(_l("Phase %(name)s must lie within the programme's dates.", name=name),
                                      "phases"))
    if errors:
        raise DomainErrors(errors)


def save_programme(actor, *, owner, data: ProgrammeInput, programme: Programme | None = None) -> Programme:
    """Create or change a programme and its phases."""
    _check_programme(data)
    creating = programme is None
    if creating:
        programme = Programme(owner_unit=owner, created_by_id=getattr(actor, "id", None))
        db.session.add(programme)
    programme.name, programme.description = data.name.strip(), data.description.strip()
    programme.opens_on, programme.closes_on = data.opens_on, data.closes_on
    programme.applied_from, programme.applied_until = data.applied_from, data.applied_until
    programme.fields = sorted(set(data.fields))
    existing = {(p.name, p.opens_on, p.closes_on): p for p in programme.phases}
    programme.phases = [existing.get(spec) or Phase(name=spec[0], opens_on=spec[1], closes_on=spec[2])
                        for spec in data.phases]
    db.session.flush()
    record_audit(actor, "programme.create" if creating else "programme.update", programme, unit=owner,
                 name=programme.name, opens_on=str(programme.opens_on), closes_on=str(programme.closes_on))
    return programme
