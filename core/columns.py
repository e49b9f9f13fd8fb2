"""Column types shared by every package's tables."""

from core.extensions import db


def enum_column(enum_cls, length=32):
    """Return a column type storing an enum by its values, checked in Python on both engines."""
    return db.Enum(enum_cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e],
                   validate_strings=True)
