"""The `flask attachments` commands."""

import click

from core.blobs import LocalStore


def register_cli(app) -> None:
    """Add `flask attachments migrate`."""
    group = click.Group("attachments", help="Manage the stored attachments.")

    @group.command("migrate")
    def migrate():
        """Copy every attachment from the local folder into the bucket STORAGE_URL names, verifying each copy."""
        from initiatives.attachment_views import attachment_store, upload_root
        from initiatives.storage_migration import migrate_attachments

        target = attachment_store()
        if isinstance(target, LocalStore):
            raise click.ClickException("STORAGE_URL names no object store (s3://bucket): there is nowhere to copy to.")
        report = migrate_attachments(LocalStore(upload_root()), target)
        click.echo(f"Into {target.describe()}: {report.copied} copied, {report.already_there} already there, "
                   f"{len(report.missing_locally)} missing locally, {len(report.mismatches)} checksum mismatches.")
        for name in report.missing_locally:
            click.echo(f"missing locally: {name}", err=True)
        for name in report.mismatches:
            click.echo(f"checksum mismatch: {name}", err=True)
        if report.failed:
            raise SystemExit(1)

    app.cli.add_command(group)
