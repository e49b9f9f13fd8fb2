"""What initiatives announce, so that the packages above them can react without being called by name.

Every signal is sent inside the transaction of the change, after the change was flushed: a receiver's writes commit
or roll back with it. Senders are initiatives (or a list of them); receivers subscribe in their package's init_app.
"""

from blinker import Namespace

_signals = Namespace()

status_changed = _signals.signal("initiative-status-changed")
"""An initiative took a step, one at a time: sender is the initiative; keywords actor, step, before, after (states)
and at (the naive UTC time recorded on its timeline)."""

batch_submitted = _signals.signal("initiatives-batch-submitted")
"""Many initiatives of one union were submitted at once (the Excel import): sender is the list; keywords actor and
at. No status_changed is sent for them one by one."""

submission_check = _signals.signal("initiative-submission-check")
"""A member is about to submit: sender is the saved initiative, keyword user; each receiver returns a list of reasons
to hold the submission back until the member confirms it (similar initiatives already submitted)."""


def submission_warnings(user, initiative) -> list:
    """Return every reason the receivers of submission_check give to hold this submission back."""
    return [warning for _receiver, found in submission_check.send(initiative, user=user) for warning in found or ()]
