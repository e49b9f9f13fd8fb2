"""The `flask demo` command."""

import click
from flask import current_app
from sqlalchemy import select

from core.extensions import db
from demo.build import build_demo
from demo.tree import DEMO_PASSWORD
from unions.models import Unit


def register_cli(app) -> None:
    """Add the demo command to `flask`."""

    @app.cli.command("demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database already has units.")
    def demo(if_empty: bool):
        """Fill an empty database with a realistic demo province and demo accounts."""
        if db.session.scalar(select(Unit.id).limit(1)) is not None:
            if if_empty:
                click.echo("The database already has data; demo not loaded.")
                return
            raise click.ClickException("The database already has units; the demo needs an empty database.")
        accounts = build_demo()
        db.session.commit()
        click.echo(f"Demo loaded into {current_app.config['SQLALCHEMY_DATABASE_URI']}")
        click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for login, name, role in accounts:
            click.echo(f"  {login:<22} {role:<18} {name}")
