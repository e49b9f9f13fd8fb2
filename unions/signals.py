"""What the union tree announces, so that the packages above it can react (sent in the change's transaction)."""

from blinker import Namespace

_signals = Namespace()

unit_moved = _signals.signal("unit-moved")
"""A unit moved, with its subtree, under a new parent: sender is the unit; keywords actor, old_path and new_path
(its materialised path before and after)."""
