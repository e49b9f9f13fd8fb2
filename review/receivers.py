"""How duplicate detection reacts to what initiatives announce (connected in review.init_app)."""

from initiatives.lifecycle import Step
from review import queries, services


def on_status_changed(initiative, *, step, **_details) -> None:
    """Screen and index an initiative as it is submitted (or re-submitted after revision)."""
    if step == Step.SUBMIT:
        services.screen_submission(initiative)  # indexed in this transaction: every process finds it once committed


def on_batch_submitted(initiatives, **_details) -> None:
    """Index a batch submitted at once and queue the copies within it."""
    services.screen_batch(initiatives)


def on_submission_check(initiative, *, user, **_details) -> list[dict]:
    """Hold back a submission that looks like an initiative already submitted: return those, as user may see them."""
    return queries.get_likely_duplicates(user, initiative)
