"""The simulated people other than members, and what every one of them shares: signing in, and sorting each answer
into the record (``bench.load_record``). The accounts come from LOAD_MANIFEST (``bench.load_site``)."""

import itertools
import json
import os
import random
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from locust import HttpUser, between, task

from bench.load_record import CSRF, Record, busy_page_problem

MANIFEST = json.loads(Path(os.environ["LOAD_MANIFEST"]).read_text())
RECORD = Record()
SCORES = [{"novelty": 27, "applicability": 24, "effect": 34, "dossier": 8},
          {"novelty": 22, "applicability": 20, "effect": 26, "dossier": 7}]
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


class HealthProbe(HttpUser):
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


