"""Simulated people of the demo province: members, officers, federations, reviewers, and a health probe.

Members sign in, save drafts, attach files, run the similar check and submit (confirming when the app holds a
look-alike back), and read their lists and search; officers and federations read dashboards and lists; reviewers
save score sheets. Every answer is sorted by ``bench.load_record``; at the end the record and the per-request
figures are written to LOAD_RESULTS. The accounts come from LOAD_MANIFEST (``bench.load_site``).
"""

import itertools
import json
import os
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

from locust import HttpUser, between, events, task

from bench.load_record import CSRF, Record, busy_page_problem, pdf_bytes
from demo import titles

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
RECORD = Record()
TOKEN = re.compile(r'name="submission_token"[^>]*?value="([^"]+)"')
SHOWN = re.compile(r"^/initiatives/(\d+)$")
HELD_BACK = re.compile(r"^/initiatives/(\d+)/edit\?duplicates=1$")
DRAFT = re.compile(r"^/initiatives/(\d+)/edit$")
SCORES = [{"novelty": 27, "applicability": 24, "effect": 34, "dossier": 8},
          {"novelty": 22, "applicability": 20, "effect": 26, "dossier": 7}]
_numbers = itertools.count(1)
_accounts = {role: itertools.cycle(MANIFEST[role]) for role in ("members", "officers", "federations", "reviewers")}


class Person(HttpUser):
    """Someone with an account: signs in first, and reads every answer the same way."""

    abstract = True
    role = "members"
    wait_time = between(0.5, 2.0)

    def on_start(self):
        self.account = next(_accounts[self.role])
        self.csrf = ""
        self.signed_in = False
        self.login()

    def call(self, method: str, path: str, name: str, *, wants_json: bool = False, **kwargs):
        """Send a request; return the response when it is a 2xx/3xx, else sort it into the record and return None."""
        headers = {"Accept": "application/json"} if wants_json else {}
        with self.client.request(method, path, name=name, headers=headers, allow_redirects=False,
                                 catch_response=True, **kwargs) as response:
            status = response.status_code
            if 300 <= status < 400 and urlsplit(response.headers.get("Location", "")).path == "/login":
                # Signed out (an earlier sign-in was refused during an outage): nothing was done; sign in again.
                self.signed_in = False
                RECORD.signed_out[name] += 1
                response.success()
                return None
            if 200 <= status < 400:
                match = CSRF.search(response.text) if "text/html" in response.headers.get("Content-Type", "") else None
                if match:
                    self.csrf = match.group(1)
                response.success()
                return response
            if not status:
                RECORD.no_response[name] += 1
                response.failure(f"no answer: {response.error}")
            elif status == 503:
                problem = busy_page_problem(status, response.headers, response.text, wants_json)
                RECORD.unavailable[name] += 1
                RECORD.unavailable_times.append(time.time())
                if problem:
                    RECORD.malformed_unavailable.append({"name": name, "problem": problem})
                response.failure(f"503: {problem or 'busy page'}")
            elif status >= 500:
                RECORD.server_errors.append({"name": name, "status": status, "path": path})
                response.failure(f"{status}")
            else:
                RECORD.unexpected.append({"name": name, "status": status, "path": path})
                response.failure(f"{status}")
            return None

    def login(self) -> None:
        if self.call("GET", "/login", "form: login") is None:
            return
        answer = self.call("POST", "/login", "login", data={"csrf_token": self.csrf, "login": self.account["login"],
                                                            "password": MANIFEST["password"]})
        self.signed_in = answer is not None and answer.status_code == 302

    def ready(self) -> bool:
        """Sign in again when signed out; tell whether the person is signed in."""
        if not self.signed_in:
            self.login()
        return self.signed_in

    @task(1)
    def sign_in_again(self):
        if self.call("GET", "/account", "account") is not None:
            self.call("POST", "/logout", "logout", data={"csrf_token": self.csrf})
        self.login()


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
            RECORD.unexpected.append({"name": name, "status": response.status_code, "path": where})

    @task(4)
    def submit_new(self):
        if not self.ready():
            return
        token = self._new_form()
        if token is None:
            return
        title = self._title()
        self.call("GET", f"/initiatives/similar.json?programme={MANIFEST['programme_id']}&title={quote(title)}",
                  "similar check (JSON)", wants_json=True)
        response = self.call("POST", f"/programmes/{MANIFEST['programme_id']}/initiatives/new", "submit: new",
                             data=self._form(title, token, "submit"))
        self._settle(response, token, title, "submit: new")

    @task(3)
    def save_draft(self):
        if not self.ready():
            return
        token = self._new_form()
        if token is None:
            return
        title = self._title()
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
        response = self.call("POST", f"/initiatives/{draft['id']}/attachments", "upload attachment",
                             data={"csrf_token": self.csrf}, files={"file": (name, pdf_bytes(), "application/pdf")})
        if response is None:
            RECORD.uploads_uncertain.append(upload)
        elif SHOWN.match(urlsplit(response.headers.get("Location", "")).path):
            RECORD.uploads_acknowledged.append(upload)
        else:
            RECORD.unexpected.append({"name": "upload attachment", "status": response.status_code, "path": name})

    @task(2)
    def submit_draft(self):
        if not self.ready():
            return
        if not self.drafts:
            return
        draft = self.drafts.pop(random.randrange(len(self.drafts)))
        if self.call("GET", f"/initiatives/{draft['id']}", "initiative page") is None:
            RECORD.doubt(draft["token"], draft["title"])
            return
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


class Officer(Person):
    """A grassroots officer: the union's dashboard and its list."""

    weight = 2
    role = "officers"

    @task(3)
    def dashboard(self):
        if not self.ready():
            return
        self.call("GET", f"/quota/programmes/{MANIFEST['programme_id']}/units/{self.account['unit_id']}",
                  "dashboard (quota)")

    @task(2)
    def union_list(self):
        if not self.ready():
            return
        self.call("GET", "/initiatives?status=submitted", "list: union")
        self.call("GET", f"/initiatives?q={quote(random.choice(MANIFEST['search_words']))}", "list: search")


class Federation(Officer):
    """A federation administrator: the province's or the district's dashboard and lists."""

    weight = 1
    role = "federations"


class Reviewer(Person):
    """A council member: the assignments, a score sheet, its draft scores saved."""

    weight = 1
    role = "reviewers"

    @task(4)
    def score(self):
        if not self.ready():
            return
        if self.call("GET", "/assignments", "assignments") is None or not self.account["assignment_ids"]:
            return
        assignment = random.choice(self.account["assignment_ids"])
        if self.call("GET", f"/assignments/{assignment}", "score sheet") is None:
            return
        scores = {f"score_{key}": str(value) for key, value in random.choice(SCORES).items()}
        self.call("POST", f"/assignments/{assignment}", "save scores",
                  data={"csrf_token": self.csrf, "action": "save", "comment": "Đề xuất công nhận.", **scores})


class Probe(HttpUser):
    """The trivial endpoint, measured in the same run as a baseline."""

    weight = 1
    wait_time = between(0.2, 0.5)

    @task
    def health(self):
        with self.client.get("/healthz", name="healthz", headers={"Accept": "application/json"},
                             catch_response=True) as response:
            if response.status_code == 200:
                response.success()
            elif response.status_code == 503:
                RECORD.unavailable["healthz"] += 1
                problem = busy_page_problem(503, response.headers, response.text, True)
                if problem:
                    RECORD.malformed_unavailable.append({"name": "healthz", "problem": problem})
                response.failure("503")
            elif not response.status_code:
                RECORD.no_response["healthz"] += 1
                response.failure("no answer")
            else:
                kind = RECORD.server_errors if response.status_code >= 500 else RECORD.unexpected
                kind.append({"name": "healthz", "status": response.status_code, "path": "/healthz"})
                response.failure(str(response.status_code))


def _figures(entry) -> dict:
    return {"requests": entry.num_requests, "failures": entry.num_failures, "rps": round(entry.total_rps, 2),
            "p50_ms": entry.get_response_time_percentile(0.5), "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99)}


@events.quitting.add_listener
def _write_record(environment, **_kwargs):
    stats = {name: _figures(entry) for (name, _method), entry in environment.stats.entries.items()
             if entry.num_requests}
    stats["all"] = _figures(environment.stats.total)
    RECORD.save(Path(os.environ["LOAD_RESULTS"]), stats)
