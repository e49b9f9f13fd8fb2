"""Command-line tools of the union tree: tree import, first administrator."""

from pathlib import Path

import click

from core.errors import DomainError
from core.extensions import db
from unions import account_services, unit_services
from unions.queries import get_unit_by_code
from unions.roles import Role
from unions.tree_files import TreeFileError, read_tree_file


def register_cli(app) -> None:
    """Add the union commands to `flask`."""

    @app.cli.command("import-tree")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_tree(path: Path):
        """Import units from a CSV or XLSX file (all rows or none)."""
        try:
            rows = read_tree_file(path.name, path.read_bytes())
        except TreeFileError as error:
            raise click.ClickException(f"{path}: {error.key} {' '.join(map(str, error.params))}") from None
        result = unit_services.import_tree(None, rows)
        if not result.ok:
            db.session.rollback()
            for problem in result.problems:
                click.echo(f"row {problem.row} [{problem.column}] {problem.key} {list(problem.params)}", err=True)
            raise click.ClickException(f"{len(result.rows_with_problems())} bad rows; nothing was imported.")
        db.session.commit()
        click.echo(f"Imported {len(result.units)} units.")

    @app.cli.command("create-admin")
    @click.option("--email", required=True)
    @click.option("--name", required=True)
    @click.option("--unit", "unit_code", required=True, help="Code of the grassroots union the admin belongs to.")
    @click.option("--scope", "scope_code", required=True, help="Code of the unit the admin administers.")
    @click.password_option()
    def create_admin(email: str, name: str, unit_code: str, scope_code: str, password: str):
        """Create a system administrator account (the first account of a new installation)."""
        scope = get_unit_by_code(scope_code)
        if scope is None:
            raise click.ClickException(f"No unit has code {scope_code}.")
        try:
            user = account_services.register_member(full_name=name, email=email, phone=None, password=password,
                                                    unit=get_unit_by_code(unit_code))
            account_services.approve_member(None, user)
            account_services.grant_role(None, user, Role.SYSTEM_ADMIN, scope)
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(f"{error.field or 'input'}: {error.message}") from None
        db.session.commit()
        click.echo(f"System administrator {email} created.")
