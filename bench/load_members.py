"""Simulated members: drafts, attachments, the similar check, submissions (confirmed when held back as look-alikes),
their own list and search."""

import itertools
import random
import re
from datetime import date, timedelta
from urllib.parse import quote, urlsplit

from locust import task

from bench.load_people import MANIFEST, RECORD, Person
from bench.load_record import pdf_bytes
from demo import titles

TOKEN = re.compile(r'name="submission_token"[^>]*?value="([^"]+)"')
SHOWN = re.compile(r"^/initiatives/(\d+)$")
HELD_BACK = re.compile(r"^/initiatives/(\d+)/edit\?duplicates=1$")
DRAFT = re.compile(r"^/initiatives/(\d+)/edit$")
_numbers = itertools.count(1)


class Member(Person):
    """A member: drafts, attachments, the similar check, submissions, own list and search."""

    weight = 6
    role = "members"

    def on_start(self):
        self.drafts: list[dict] = []
        self.number = next(_numbers)
        self.attempt = 0
        super().on_start()

    def _title(self) -> str:
        self.attempt += 1
        # Half look like an initiative already submitted (the app holds them back until confirmed), half are new.
        if random.random() < 0.5:
            base = random.choice(MANIFEST["seed_titles"])
        else:
            field = random.choice(titles.fields())
            base = titles.title(random, field, set())
        return f"{base} (tổ {self.number}, lần {self.attempt})"

    def _form(self, title: str, token: str, action: str) -> dict:
        applied = (date.today() - timedelta(days=random.randint(10, 200))).isoformat()
        return {"csrf_token": self.csrf, "submission_token": token, "action": action, "title": title,
                "field": "technical", "problem": "Máy cũ chạy chậm, hao hụt vật tư.",
                "solution": "Lắp cảm biến và bộ điều khiển mới.", "novelty": "Tự ngắt khi đủ khối lượng.",
                "first_applied_on": applied, "applied_where": "Phân xưởng 2", "conditions": "",
                "effect": "Giảm hao hụt 2%.", "benefit_vnd": str(random.randint(1, 90) * 1_000_000),
                "benefit_method": "Hao hụt giảm × giá × sản lượng", "benefit_description": "", "investor": "",
                "authors-0-name": "Người thử tải", "authors-0-workplace": "Phân xưởng 2", "authors-0-share": "100"}

    def _new_form(self):
        page = self.call("GET", f"/programmes/{MANIFEST['programme_id']}/initiatives/new", "form: new initiative")
        match = TOKEN.search(page.text) if page is not None else None
        return match.group(1) if match else None

    def _settle(self, response, token: str, title: str, name: str) -> None:
        """Sort the answer to a submission: acknowledged, held back as a look-alike (then confirmed), or unknown."""
        if response is None:
            RECORD.doubt(token, title)
            return
        target = urlsplit(response.headers.get("Location", ""))
        where = target.path + (f"?{target.query}" if target.query else "")
        if shown := SHOWN.match(where):
            RECORD.acknowledge(token, title, int(shown.group(1)))
        elif held := HELD_BACK.match(where):
            initiative_id = held.group(1)
            if self.call("GET", where, "form: held back as a look-alike") is None:
                RECORD.doubt(token, title)
                return
            confirmed = self.call("POST", f"/initiatives/{initiative_id}/submit", "submit: confirm not a duplicate",
                                  data={"csrf_token": self.csrf, "confirm_duplicate": "y"})
            self._settle(confirmed, token, title, name)
        else:
            RECORD.drop(token)
            RECORD.unexpected.append({"name": name, "status": response.status_code, "path": where})

    def _fresh_form(self):
        """Return (form token, a new title) for a new initiative, or None when this user cannot start one now."""
        if not self.ready():
            return None
        token = self._new_form()
        return None if token is None else (token, self._title())

    @task(4)
    def submit_new(self):
        started = self._fresh_form()
        if started is None:
            return
        token, title = started
        self.call("GET", f"/initiatives/similar.json?programme={MANIFEST['programme_id']}&title={quote(title)}",
                  "similar check (JSON)", wants_json=True)
        RECORD.attempt(token, title)
        response = self.call("POST", f"/programmes/{MANIFEST['programme_id']}/initiatives/new", "submit: new",
                             data=self._form(title, token, "submit"))
        self._settle(response, token, title, "submit: new")

    @task(3)
    def save_draft(self):
        started = self._fresh_form()
        if started is None:
            return
        token, title = started
        response = self.call("POST", f"/programmes/{MANIFEST['programme_id']}/initiatives/new", "save draft",
                             data=self._form(title, token, "save"))
        saved = DRAFT.match(urlsplit(response.headers.get("Location", "")).path) if response is not None else None
        if saved:
            self.drafts.append({"id": int(saved.group(1)), "token": token, "title": title, "files": 0})
        elif response is not None:
            RECORD.unexpected.append({"name": "save draft", "status": response.status_code, "path": "new"})

    @task(2)
    def attach(self):
        if not self.ready():
            return
        drafts = [d for d in self.drafts if d["files"] < 3]
        if not drafts:
            return
        draft = random.choice(drafts)
        if self.call("GET", f"/initiatives/{draft['id']}", "initiative page") is None:
            return
        name = f"ban-ve-{self.number}-{self.attempt}-{draft['files']}.pdf"
        draft["files"] += 1
        upload = {"initiative_id": draft["id"], "name": name}
        RECORD.upload_sent(upload)
        response = self.call("POST", f"/initiatives/{draft['id']}/attachments", "upload attachment",
                             data={"csrf_token": self.csrf}, files={"file": (name, pdf_bytes(), "application/pdf")})
        if response is None:
            RECORD.upload_answered(upload, acknowledged=False)
        elif SHOWN.match(urlsplit(response.headers.get("Location", "")).path):
            RECORD.upload_answered(upload, acknowledged=True)
        else:
            RECORD.upload_answered(upload, acknowledged=False)
            RECORD.unexpected.append({"name": "upload attachment", "status": response.status_code, "path": name})

    @task(2)
    def submit_draft(self):
        if not self.ready():
            return
        if not self.drafts:
            return
        draft = self.drafts.pop(random.randrange(len(self.drafts)))
        if self.call("GET", f"/initiatives/{draft['id']}", "initiative page") is None:
            self.drafts.append(draft)
            return
        RECORD.attempt(draft["token"], draft["title"])
        response = self.call("POST", f"/initiatives/{draft['id']}/submit", "submit: draft",
                             data={"csrf_token": self.csrf})
        self._settle(response, draft["token"], draft["title"], "submit: draft")

    @task(3)
    def lists(self):
        if not self.ready():
            return
        self.call("GET", "/initiatives/mine", "list: mine")
        word = random.choice(MANIFEST["search_words"])
        self.call("GET", f"/initiatives?q={quote(word)}", "list: search")


