"""The kinds of job the packages register: how each runs, what it is called, who may watch it, how its result reads."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

EXTENSION_KEY = "sangkien.jobs.kinds"


class JobFailed(Exception):
    """The job cannot finish, for a reason its starter should read: an English message (marked with N_) and its
    values, translated when shown."""

    def __init__(self, message: str, **values):
        super().__init__(message % values if values else message)
        self.message, self.values = message, values


@dataclass(frozen=True)
class JobKind:
    """A kind of job.

    run(params, progress) does the work and returns its result as JSON-ready data; it must give the same result
    however often it is started again after its worker died (it may be, from the beginning), and call progress
    only between its own transactions. can_view(user, job) says who besides the starter may watch it;
    describe(result) returns the result in words; back(job) returns the page the job belongs to.
    """

    name: str
    title: object
    run: Callable
    can_view: Callable[[object, object], bool] = lambda user, job: False
    describe: Callable[[dict], str] | None = None
    back: Callable[[object], str | None] | None = None


def add_job_kind(app, kind: JobKind) -> None:
    """Register a kind of job with app."""
    app.extensions.setdefault(EXTENSION_KEY, {})[kind.name] = kind


def job_kind(name: str) -> JobKind | None:
    """Return the kind registered under name in the current app."""
    return current_app.extensions.get(EXTENSION_KEY, {}).get(name)
