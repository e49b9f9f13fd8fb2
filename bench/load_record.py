"""What the simulated users saw, kept for the checks after a load run (no Flask, no database).

Every answer is sorted into one of: an acknowledged change (the redirect the app gives once it has committed), a
refused request whose fate the client cannot know (no answer, a 5xx), a 503 that is the translated busy page (or
its JSON), or something no run should ever see (another 5xx, an unexpected status, a malformed 503).
"""

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# The translated title of every 503 page, and the words the JSON answer carries.
BUSY_TITLE_VI = "Hệ thống đang bận. Vui lòng thử lại sau ít phút."
CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def pdf_bytes(size: int = 16 * 1024) -> bytes:
    """Return a small file that starts and ends as a PDF does, padded to about size bytes."""
    return b"%PDF-1.4\n% " + b"x" * max(0, size - 20) + b"\n%%EOF\n"


@dataclass
class Record:
    """Everything the simulated users of one locust process saw."""

    acknowledged: list[dict] = field(default_factory=list)
    uncertain: list[dict] = field(default_factory=list)
    uploads_acknowledged: list[dict] = field(default_factory=list)
    uploads_uncertain: list[dict] = field(default_factory=list)
    unavailable: Counter = field(default_factory=Counter)
    unavailable_times: list[float] = field(default_factory=list)
    malformed_unavailable: list[dict] = field(default_factory=list)
    server_errors: list[dict] = field(default_factory=list)
    no_response: Counter = field(default_factory=Counter)
    signed_out: Counter = field(default_factory=Counter)
    unexpected: list[dict] = field(default_factory=list)
    # Submissions and uploads sent and not answered yet: the end of the run may cut them off.
    pending: dict = field(default_factory=dict)
    pending_uploads: dict = field(default_factory=dict)

    def attempt(self, token: str, title: str) -> None:
        self.pending[token] = title

    def acknowledge(self, token: str, title: str, initiative_id: int) -> None:
        self.pending.pop(token, None)
        self.acknowledged.append({"token": token, "title": title, "id": initiative_id, "at": time.time()})

    def doubt(self, token: str, title: str, *, cut: bool = False) -> None:
        self.pending.pop(token, None)
        self.uncertain.append({"token": token, "title": title, "at": time.time(), "cut_at_the_end": cut})

    def drop(self, token: str) -> None:
        """Forget a submission the app answered without submitting it (e.g. sent back as incomplete)."""
        self.pending.pop(token, None)

    def upload_sent(self, upload: dict) -> None:
        self.pending_uploads[upload["name"]] = upload

    def upload_answered(self, upload: dict, acknowledged: bool) -> None:
        self.pending_uploads.pop(upload["name"], None)
        (self.uploads_acknowledged if acknowledged else self.uploads_uncertain).append(upload)

    def finish(self) -> None:
        """Count what the end of the run cut off as uncertain: the app may or may not have committed it."""
        for token, title in list(self.pending.items()):
            self.doubt(token, title, cut=True)
        for upload in list(self.pending_uploads.values()):
            self.upload_answered(upload, acknowledged=False)

    def save(self, path: Path, stats: dict) -> None:
        """Write the record and the request statistics as one JSON file."""
        # Not dataclasses.asdict: it would rebuild each Counter from (key, count) pairs, counting the pairs.
        fields = {name: dict(value) if isinstance(value, Counter) else value for name, value in vars(self).items()}
        path.write_text(json.dumps({**fields, "stats": stats}, ensure_ascii=False))


def busy_page_problem(status: int, headers, body: str, wants_json: bool) -> str | None:
    """Return what is wrong with a 503 answer, or None when it is the translated busy page (or JSON) with
    Retry-After."""
    if status != 503:
        return None
    if not headers.get("Retry-After", "").isdigit():
        return "no Retry-After"
    if wants_json:
        try:
            answer = json.loads(body)
        except ValueError:
            return "not JSON"
        return None if answer.get("error") == BUSY_TITLE_VI else f"JSON error is {answer.get('error')!r}"
    if '<html lang="vi">' not in body or BUSY_TITLE_VI not in body:
        return "not the translated busy page"
    return None


def load_records(paths: list[Path]) -> dict:
    """Merge the records written by the locust processes."""
    merged: dict = {}
    for path in paths:
        part = json.loads(path.read_text())
        for key, value in part.items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif key in ("unavailable", "no_response", "signed_out"):
                merged.setdefault(key, Counter()).update(value)
            else:
                merged[key] = value
    return merged
