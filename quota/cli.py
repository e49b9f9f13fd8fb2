"""Command-line tools of the quota: recompute every figure from the initiatives, or check the live ones against it."""

import click
from sqlalchemy import select

from core.extensions import db
from initiatives.models import Initiative, Programme
from jobs.queue import dispatch
from quota.rebuild import rebuild, snapshot
from quota.rebuild_job import queue_rebuild


def register_cli(app) -> None:
    """Add the `quota` command group to `flask`."""
    group = click.Group("quota", help="Quota: targets and the live counters behind every figure.")
    app.cli.add_command(group)

    @group.command("rebuild")
    @click.option("--programme", "programme_id", type=int, help="Only this programme (by id).")
    @click.option("--check", is_flag=True, help="Only compare: report every figure the live counters have wrong, "
                                               "and change nothing.")
    @click.option("--queue", "queued", is_flag=True, help="Leave the rebuild to a worker (`flask worker`): record "
                                                          "it as a job and print its id.")
    def rebuild_command(programme_id: int | None, check: bool, queued: bool):
        """Recompute every quota figure from the initiatives' history (one transaction)."""
        programmes = [programme_id] if programme_id is not None else list(db.session.scalars(select(Programme.id)))
        if programme_id is not None and db.session.get(Programme, programme_id) is None:
            raise click.ClickException(f"No programme has id {programme_id}.")
        if queued:
            if check:
                raise click.UsageError("--check runs here; it cannot be queued.")
            job = queue_rebuild(None, programme_id)
            db.session.commit()
            dispatch(job)
            click.echo(f"Queued the rebuild as job {job.id}.")
            return
        live = {programme: snapshot(programme) for programme in programmes} if check else {}
        total = db.session.query(Initiative).filter(Initiative.programme_id.in_(programmes)).count()
        with click.progressbar(length=total, label="Replaying", show_pos=True) as bar:
            for programme in programmes:
                rebuild(programme, on_progress=bar.update)
        if not check:
            db.session.commit()
            click.echo(f"Rebuilt the figures of {len(programmes)} programme(s) from {total} initiatives.")
            return
        differences = 0
        for programme in programmes:
            rebuilt = snapshot(programme)
            for table, rows in rebuilt.items():
                for key in sorted(set(rows) | set(live[programme][table]), key=str):
                    if rows.get(key) != live[programme][table].get(key):
                        differences += 1
                        click.echo(f"programme {programme} {table} {key}: live {live[programme][table].get(key)}, "
                                   f"rebuilt {rows.get(key)}")
        db.session.rollback()
        if differences:
            raise click.ClickException(f"{differences} figure(s) differ; run without --check to repair them.")
        click.echo("The live figures agree with the initiatives' history.")
