"""Backups: one archive holding a consistent snapshot of every table and of the files kept beside them.

The archive is a tar file (gzip-compressed when its name ends in .gz or .tgz), read and written front to back:

- ``manifest.json`` first: the format, when and from which engine it was taken, the schema revision, each table's
  columns and row count, and each file's size and SHA-256;
- ``tables/<table>.jsonl``, parents before children: one JSON array per row in the manifest's column order, values
  in plain JSON (times and dates in ISO 8601, decimals as strings, bytes in base64);
- ``files/<area>/<path>``: the files of each area a package keeps (attachments, uploaded workbooks).

The tables are read in one read-only transaction (REPEATABLE READ on PostgreSQL, a WAL snapshot on SQLite), so the
copy is what the database held at one instant while the app goes on writing. Files are copied after the tables: a
file is written before the row naming it commits and is never deleted, so every file the snapshot names is there.

Being plain rows, a backup taken on one engine restores into the other. A restore needs an empty database whose
schema is at the backup's revision (``flask db upgrade`` on a new instance) and empty file areas; it writes every
row in one transaction and checks every file against its checksum, so it lands whole or not at all.
"""

import base64
import contextlib
import enum
import hashlib
import io
import json
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path, PurePosixPath

from sqlalchemy import Integer, func, inspect, select, text
from sqlalchemy.types import JSON, Date, DateTime, LargeBinary, Numeric, Time

from core.blobs import as_store
from core.extensions import db
from core.hooks import file_areas
from core.timeutil import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
BATCH = 1000
CHUNK = 1024 * 1024
# Files a writer leaves while it works (renamed into place when complete) are not part of the data.


class BackupError(Exception):
    """A snapshot that cannot be taken or restored here, with the reason."""


@dataclass(frozen=True)
class Summary:
    """What an archive holds: rows per table, and the number and total size of its files."""

    rows: dict[str, int]
    files: int
    file_bytes: int
    revision: str | None


def _plain(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _reader(column) -> Callable[[object], object]:
    """Return how a plain JSON value of column turns back into what its type takes."""
    kind = column.type
    if isinstance(kind, JSON):
        return lambda value: value
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Time):
        return time.fromisoformat
    if isinstance(kind, Numeric) and kind.asdecimal:
        return Decimal
    if isinstance(kind, LargeBinary):
        return base64.b64decode
    return lambda value: value


def _revision(connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _snapshot_connection():
    """Return a connection whose transaction sees the database as of one instant and writes nothing."""
    connection = db.engine.connect()
    if connection.dialect.name == "postgresql":
        return connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return connection.execution_options(snapshot=True)


def _measure(store, key: str) -> tuple[int, str]:
    """Return the size and SHA-256 of one stored file, read through its store (a folder or a bucket)."""
    digest, size = hashlib.sha256(), 0
    with contextlib.closing(store.open(key)) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, source, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(utcnow().timestamp()), 0o600
    archive.addfile(info, source)


def write_snapshot(target: Path) -> Summary:
    """Write a backup of the database and its file areas to target (a new file)."""
    target = Path(target)
    tables = db.metadata.sorted_tables
    with tempfile.TemporaryDirectory() as scratch, _snapshot_connection() as connection, connection.begin():
        revision = _revision(connection)
        table_entries = {}
        for table in tables:
            columns = [column.name for column in table.columns]
            dump = Path(scratch) / f"{table.name}.jsonl"
            count = 0
            with dump.open("w", encoding="utf-8") as out:
                rows = connection.execution_options(yield_per=BATCH).execute(
                    select(table).order_by(*table.primary_key.columns))
                for row in rows:
                    out.write(json.dumps(list(row), default=_plain, ensure_ascii=False, separators=(",", ":")))
                    out.write("\n")
                    count += 1
            table_entries[table.name] = {"columns": columns, "rows": count}
        connection.rollback()
        files = {}
        for area, root in file_areas().items():
            store = as_store(root())
            for key in store.names():
                size, sha256 = _measure(store, key)
                files[f"files/{area}/{key}"] = {"size": size, "sha256": sha256, "store": store, "key": key}
        manifest = {"format": FORMAT, "taken_at": utcnow().isoformat(), "engine": connection.dialect.name,
                    "revision": revision, "tables": table_entries,
                    "files": {name: {"size": f["size"], "sha256": f["sha256"]} for name, f in files.items()}}
        mode = "w:gz" if target.name.endswith((".gz", ".tgz")) else "w"
        with tarfile.open(target, mode, format=tarfile.PAX_FORMAT) as archive:
            encoded = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            _add_bytes(archive, MANIFEST, io.BytesIO(encoded), len(encoded))
            for table in tables:
                dump = Path(scratch) / f"{table.name}.jsonl"
                with dump.open("rb") as source:
                    _add_bytes(archive, f"tables/{table.name}.jsonl", source, dump.stat().st_size)
            for name, entry in files.items():
                with contextlib.closing(entry["store"].open(entry["key"])) as source:
                    _add_bytes(archive, name, source, entry["size"])
    return _summary(manifest)


def _summary(manifest: dict) -> Summary:
    return Summary(rows={name: entry["rows"] for name, entry in manifest["tables"].items()},
                   files=len(manifest["files"]), file_bytes=sum(f["size"] for f in manifest["files"].values()),
                   revision=manifest["revision"])


def _check_target(manifest: dict, roots: dict[str, Path]) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup has format {manifest.get('format')!r}; this version reads format {FORMAT}.")
    revision = _revision(db.session.connection())
    if manifest["revision"] and revision and manifest["revision"] != revision:
        raise BackupError(f"The backup's schema is at revision {manifest['revision']} and this database at "
                          f"{revision}: restore into a database upgraded to the backup's revision.")
    unknown = sorted(set(manifest["tables"]) - set(db.metadata.tables))
    if unknown:
        raise BackupError(f"This version has no table {', '.join(unknown)}.")
    filled = [table.name for table in db.metadata.sorted_tables
              if db.session.scalar(select(func.count()).select_from(table))]
    if filled:
        named = ", ".join(filled[:3]) + (f" and {len(filled) - 3} more tables" if len(filled) > 3 else "")
        raise BackupError(f"The database is not empty ({named} hold rows): restore into a new instance.")
    for area in {PurePosixPath(name).parts[1] for name in manifest["files"]}:
        if area not in roots:
            raise BackupError(f"This version keeps no files called {area!r}.")
        if roots[area].names():
            raise BackupError(f"The storage {roots[area].describe()} already holds files: restore into a new "
                              "instance.")


def _insert_rows(table, columns: list[str], lines) -> int:
    readers = [_reader(table.columns[name]) for name in columns]
    count, batch = 0, []
    for line in lines:
        values = json.loads(line)
        batch.append({name: None if value is None else read(value)
                      for name, read, value in zip(columns, readers, values, strict=True)})
        if len(batch) == BATCH:
            db.session.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        db.session.execute(table.insert(), batch)
        count += len(batch)
    return count


def _restart_sequences() -> None:
    """Make PostgreSQL's id sequences continue after the ids restored (SQLite takes the next id from the rows)."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    quote = db.session.get_bind().dialect.identifier_preparer.quote
    for table in db.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                     {"table": table.name, "column": keys[0].name})
        if sequence:
            column = quote(keys[0].name)
            db.session.execute(text(f"SELECT setval(:sequence, COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) "
                                    f"FROM {quote(table.name)}"), {"sequence": sequence})


def _extract_file(member: tarfile.TarInfo, archive: tarfile.TarFile, manifest: dict, roots: dict,
                  written: list) -> None:
    expected = manifest["files"].get(member.name)
    parts = PurePosixPath(member.name).parts
    if expected is None or len(parts) < 3 or any(part in ("..", "") for part in parts):
        raise BackupError(f"The archive holds {member.name!r}, which its manifest does not list.")
    store, key = roots[parts[1]], "/".join(parts[2:])
    written.append((store, key))
    with archive.extractfile(member) as source:
        size, sha256 = store.put(key, source)
    if sha256 != expected["sha256"] or size != expected["size"]:
        raise BackupError(f"{member.name} does not match its checksum: the archive is damaged.")


def restore_snapshot(source: Path) -> Summary:
    """Bring a backup into this empty instance: every row in one transaction, every file checked."""
    roots = {area: as_store(root()) for area, root in file_areas().items()}
    written: list = []
    try:
        with tarfile.open(source, "r|*") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST:
                raise BackupError("This file is not a backup of this application (it has no manifest first).")
            manifest = json.load(archive.extractfile(first))
            _check_target(manifest, roots)
            restored, seen = {}, set()
            while (member := archive.next()) is not None:
                if member.name.startswith("tables/") and member.name.endswith(".jsonl"):
                    name = member.name.removeprefix("tables/").removesuffix(".jsonl")
                    if name not in manifest["tables"]:
                        raise BackupError(f"The archive holds table {name!r}, which its manifest does not list.")
                    lines = iter(archive.extractfile(member).readline, b"")
                    restored[name] = _insert_rows(db.metadata.tables[name], manifest["tables"][name]["columns"],
                                                  lines)
                elif member.isfile():
                    _extract_file(member, archive, manifest, roots, written)
                    seen.add(member.name)
            expected_rows = {name: entry["rows"] for name, entry in manifest["tables"].items()}
            if restored != expected_rows:
                raise BackupError("The archive's tables do not hold the rows its manifest counts: it is damaged.")
            if seen != set(manifest["files"]):
                raise BackupError("The archive lacks files its manifest lists: it is damaged.")
        _restart_sequences()
        db.session.commit()
    except (tarfile.TarError, EOFError, OSError, ValueError, KeyError) as error:
        db.session.rollback()
        _remove(written, roots)
        raise BackupError(f"The backup cannot be read: {error}") from error
    except BaseException:
        db.session.rollback()
        _remove(written, roots)
        raise
    return _summary(manifest)


def _remove(written: list, roots: dict) -> None:
    """Take away the files a failed restore wrote, leaving the areas as empty as they were."""
    for store, key in written:
        store.remove(key)
    for store in roots.values():
        root = getattr(store, "root", None)
        if root is not None and root.is_dir():
            for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
                if not any(folder.iterdir()):
                    folder.rmdir()
