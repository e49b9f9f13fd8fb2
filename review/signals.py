"""What duplicate review announces, so that the packages above it can react (sent in the change's transaction)."""

from blinker import Namespace

_signals = Namespace()

duplicate_judged = _signals.signal("duplicate-judged")
"""A suspected pair was judged or its judgement undone: sender is the pair; keywords actor, at (naive UTC), before
and after (the id of the initiative judged the copy before and after the change, or None)."""
