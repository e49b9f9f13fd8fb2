"""How the councils react to what initiatives announce (connected in review.init_app)."""

from initiatives.lifecycle import Step
from review import council_services


def on_status_changed(initiative, *, step, actor=None, **_details) -> None:
    """Queue a newly confirmed initiative at the nearest council above its union."""
    if step == Step.CONFIRM:
        council_services.queue_confirmed(actor, initiative)
