"""The demo: one command that fills an empty database with a province, its people and its programmes.

It sits above every other package and builds what each of them owns through their own services.
"""


def init_app(app) -> None:
    """Add `flask demo`."""
    from demo.cli import register_cli

    register_cli(app)
