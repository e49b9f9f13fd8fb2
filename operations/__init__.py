"""Operations: what the people running the service do to it as a whole — back it up and restore it.

It sits above the feature packages and knows them only through the metadata of their tables and the file areas
they register (``core.hooks.add_file_area``).
"""


def init_app(app) -> None:
    """Add `flask backup` and `flask restore`."""
    from operations.cli import register_cli

    register_cli(app)
