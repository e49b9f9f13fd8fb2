"""One person checking, while a fault lasts and after it, what the app tells them: a page and its JSON twin."""

import requests

from bench.load_record import CSRF, busy_page_problem, pdf_bytes


class Probe:
    """A signed-in member with a draft, asking for pages, JSON and uploads, and noting each answer."""

    def __init__(self, base_url: str, account: dict, password: str):
        self.base_url, self.account, self.password = base_url, account, password
        self.session = requests.Session()
        self.answers: list[dict] = []

    def _csrf(self, path: str) -> str:
        page = self.session.get(self.base_url + path, timeout=30)
        match = CSRF.search(page.text)
        return match.group(1) if match else ""

    def sign_in(self) -> None:
        token = self._csrf("/login")
        self.session.post(self.base_url + "/login", data={"csrf_token": token, "login": self.account["login"],
                                                          "password": self.password}, timeout=30,
                          allow_redirects=False)

    def _note(self, when: str, what: str, response, wants_json: bool) -> None:
        self.answers.append({"when": when, "what": what, "status": response.status_code,
                             "problem": busy_page_problem(response.status_code, response.headers, response.text,
                                                          wants_json)})

    def read(self, when: str) -> None:
        """Ask for the health check (JSON) and the member's list (a page)."""
        for path, wants_json in (("/healthz", True), ("/initiatives", False), ("/initiatives", True)):
            headers = {"Accept": "application/json"} if wants_json else {}
            response = self.session.get(self.base_url + path, headers=headers, timeout=30, allow_redirects=False)
            self._note(when, f"GET {path}{' (JSON)' if wants_json else ''}", response, wants_json)

    def upload(self, when: str, *, as_json_too: bool = True) -> None:
        """Attach a small PDF to the draft, as a page (and as JSON)."""
        draft = self.account["draft_id"]
        token = self._csrf(f"/initiatives/{draft}")
        for wants_json in (False, True) if as_json_too else (False,):
            headers = {"Accept": "application/json"} if wants_json else {}
            response = self.session.post(f"{self.base_url}/initiatives/{draft}/attachments", headers=headers,
                                         data={"csrf_token": token}, timeout=30, allow_redirects=False,
                                         files={"file": ("kiem-tra.pdf", pdf_bytes(), "application/pdf")})
            self._note(when, f"upload{' (JSON)' if wants_json else ''}", response, wants_json)
