"""The `flask backup` and `flask restore` commands."""

from pathlib import Path

import click

from operations.snapshot import BackupError, Summary, restore_snapshot, write_snapshot


def _report(verb: str, path: Path, summary: Summary) -> None:
    rows = sum(summary.rows.values())
    click.echo(f"{verb} {path}: {rows:,} rows in {len(summary.rows)} tables, {summary.files:,} files "
               f"({summary.file_bytes:,} bytes), schema revision {summary.revision or 'unversioned'}.")


def register_cli(app) -> None:
    """Add the backup commands to `flask`."""

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False, writable=True, path_type=Path))
    def backup(target: Path):
        """Write a consistent snapshot of the database and its files to TARGET (.tar, or .tar.gz to compress)."""
        if target.exists():
            raise click.ClickException(f"{target} exists already; choose a new file name.")
        try:
            summary = write_snapshot(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        _report("Backed up to", target, summary)

    @app.cli.command("restore")
    @click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def restore(source: Path):
        """Bring the backup SOURCE into this instance, whose database must be empty and upgraded."""
        try:
            summary = restore_snapshot(source)
        except BackupError as error:
            raise click.ClickException(str(error)) from error
        _report("Restored from", source, summary)
