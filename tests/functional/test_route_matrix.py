"""Every route of the app, as every kind of user: the exact answer, and a refused request changes nothing.

The routes come from the app's URL map, so a new route fails `test_every_route_has_an_expectation` until the table
below says what each role gets from it. Every URL names an object of province A (see matrix_world), a few
mixed with one of province B's; the roles are placed so that, apart from the author, the union's officer, the
council's chair and the administrators of province A and of the system, that object lies outside their scope.
One world is built per module; after any request that changed it, the database is put back as it was, so every row
of the table starts from the same world.

For a new route: add its rows with what each role should get, and check them against the permission predicates.
ROUTE_MATRIX_RECORD=path runs the matrix without asserting and writes what each request answered (status, tables
changed, markers shown), one line each, to compare with.
"""

import hashlib
import io
import json
import os
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass

import pytest
from flask import url_for
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.pool import NullPool

from api.models import PersonalAccessToken, TokenScope
from api.services import create_token
from app import create_app
from core.extensions import db
from tests.conftest import CSRF_FIELD, POSTGRES_URL, FreshContextClient, _app_config, _engine_url
from tests.factories import PASSWORD
from tests.functional.matrix_world import TITLES, build_world, session_of
from tests.unit.initiatives.test_filetypes import make_pdf
from unions.models import User

# The columns of the table, in order.
ROLES = ("anonymous", "member", "author", "officer", "other_officer", "chair", "unassigned_reviewer", "other_chair",
         "other_district_admin", "province_admin", "other_province_admin", "system_admin")
REFUSED = frozenset({403, 404})
NO_LIMITS = {name: "100000 per minute" for name in ("login", "register", "password", "submit", "similar",
                                                     "invitation", "api")}
# Columns that a plain visit may move (a signed-in browser's last visit, a token's last use), left out of "nothing
# changed".
VOLATILE = {"user_session": {"last_seen_at"}, "personal_access_token": {"last_used_at"}}


@dataclass(frozen=True)
class Case:
    """One request: an endpoint (a variant label when one route is tried on several objects), its method, the
    arguments of its URL, the form it posts, and the status expected for each role. An inert request (one that
    mixes objects of two councils, programmes or initiatives) must change nothing, whoever sends it."""

    endpoint: str
    method: str
    args: dict
    data: object
    expected: str
    label: str = ""
    inert: bool = False

    @property
    def name(self) -> str:
        return f"{self.method} {self.endpoint}" + (f"[{self.label}]" if self.label else "")

    def status_for(self, role: str) -> int:
        codes = self.expected.split()
        assert len(codes) == len(ROLES), f"{self.name}: {len(codes)} statuses for {len(ROLES)} roles"
        return int(codes[ROLES.index(role)])


def get(endpoint, expected, label="", **args):
    return Case(endpoint, "GET", args, None, expected, label)


def post(endpoint, expected, data=None, label="", *, inert=False, **args):
    return Case(endpoint, "POST", args, data or {}, expected, label, inert)


def tree_upload():
    return {"file": (io.BytesIO(b"code,name,level,parent_code,members\nGIMP,Cong doan nhap,grassroots,DA1,3\n"),
                     "cay.csv")}


def pdf_upload():
    return {"file": (io.BytesIO(make_pdf()), "bo-sung.pdf")}


# Statuses per role, in the order of ROLES:
#   anonymous · member of the union · the author · officer of another union · reviewer not assigned · chair of
#   another council · administrator of another district · administrator of the province · administrator of another
#   province · system administrator
# "@name" in arguments and forms is the id of a row of the world, "#name" its code or token, "~name" a login,
# "@@state" the title of province A's initiative in that state; other arguments go to the query string.
MATRIX: dict[str, list[Case]] = {
    "core": [
        get("core.index", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("core.health", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("core.metrics", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("core.set_language", "302 302 302 302 302 302 302 302 302 302 302 302", code="en"),
        get("static", "200 200 200 200 200 200 200 200 200 200 200 200", filename="css/app.css"),
    ],
    "jobs": [
        get("jobs.index", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("jobs.show", "302 404 404 404 404 404 200 404 200 200 200 200", "a sweep", job_id="@A.sweep_job"),
        get("jobs.state", "302 404 404 404 404 404 200 404 200 200 200 200", "a sweep", job_id="@A.sweep_job"),
        get("jobs.show", "302 404 404 200 404 404 404 404 404 404 404 404", "an import", job_id="@A.import_job"),
        get("jobs.state", "302 404 404 200 404 404 404 404 404 404 404 404", "an import", job_id="@A.import_job"),
        get("jobs.show", "302 404 404 200 404 404 404 404 404 404 404 404", "an export", job_id="@A.export_job"),
        get("jobs.file", "302 404 404 200 404 404 404 404 404 404 404 404", "an export", job_id="@A.export_job"),
        get("jobs.file", "302 404 404 404 404 404 404 404 404 404 404 404", "an import", job_id="@A.import_job"),
    ],
    "unions": [
        get("auth.login", "200 302 302 302 302 302 302 302 302 302 302 302"),
        post("auth.login", "302 302 302 302 302 302 302 302 302 302 302 302",
             {"login": "~member", "password": PASSWORD}),
        post("auth.logout", "302 302 302 302 302 302 302 302 302 302 302 302"),
        get("auth.register", "200 200 200 200 200 200 200 200 200 200 200 200"),
        post("auth.register", "200 200 200 200 200 200 200 200 200 200 200 200",
             {"full_name": "Đoàn Văn Mới", "email": "moi@example.vn", "unit": "#A.union11",
              "password": "mat khau rat dai 2026", "confirm": "mat khau rat dai 2026"}),
        get("auth.accept_invitation", "200 200 200 200 200 200 200 200 200 200 200 200", token="#A.invitation"),
        post("auth.accept_invitation", "302 302 302 302 302 302 302 302 302 302 302 302",
             {"password": "mat khau rat dai 2026", "confirm": "mat khau rat dai 2026"}, token="#A.invitation"),
        get("auth.account", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("auth.my_data", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("auth.change_password", "302 200 200 200 200 200 200 200 200 200 200 200"),
        post("auth.change_password", "302 302 302 302 302 302 302 302 302 302 302 302",
             {"current_password": PASSWORD, "new_password": "mat khau moi rat dai", "confirm": "mat khau moi rat dai"}),
        post("auth.end_session", "302 302 302 302 302 302 302 302 302 302 302 302", session_id="@author_session"),
        post("auth.end_other_sessions", "302 302 302 302 302 302 302 302 302 302 302 302"),
        get("members.pending", "302 403 403 200 200 403 403 403 200 200 200 200"),
        post("members.approve", "302 403 403 302 403 403 403 403 403 302 403 302", user_id="@A.pending"),
        post("members.reject", "302 403 403 302 403 403 403 403 403 302 403 302", {"reason": "Không phải đoàn viên"},
             user_id="@A.pending"),
        get("members.index", "302 403 403 200 403 403 403 403 403 200 403 200", "union A11", unit="#A.union11"),
        get("members.index", "302 403 403 200 200 403 403 403 200 200 200 200"),
        get("members.create", "302 403 403 200 200 403 403 403 200 200 200 200"),
        post("members.create", "302 403 403 200 200 403 403 403 200 200 200 200",
             {"unit": "#A.union11", "full_name": "Trần Văn Thêm", "phone": "0987654321"}),
        get("members.invite", "302 403 403 200 200 403 403 403 200 200 200 200"),
        post("members.invite", "302 403 403 200 200 403 403 403 200 200 200 200",
             {"unit": "#A.union11", "full_name": "Lê Thị Mời", "phone": "0987654322"}),
        get("members.show", "302 403 403 200 403 403 403 403 403 200 403 200", user_id="@A.target"),
        post("members.reset_password", "302 403 403 200 403 403 403 403 403 200 403 200", user_id="@A.target"),
        post("members.deactivate", "302 403 403 302 403 403 403 403 403 302 403 302", {"reason": "Nghỉ việc"},
             user_id="@A.target"),
        post("members.reactivate", "302 403 403 302 403 403 403 403 403 302 403 302", user_id="@A.deactivated"),
        post("members.grant_role", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"role": "officer", "unit": "#A.union11"},
             user_id="@A.target"),
        post("members.revoke_role", "302 403 403 403 403 403 403 403 403 302 403 302", assignment_id="@A.officer_role"),
        get("units.search", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("units.index", "302 403 403 200 200 403 403 403 200 200 200 200"),
        get("units.by_code", "302 302 302 302 302 302 302 302 302 302 302 302", code="#A.union11"),
        get("units.show", "302 200 200 200 403 403 200 403 403 200 403 200", unit_id="@A.union11"),
        get("units.create_child", "302 403 403 403 403 403 403 403 403 200 403 200", unit_id="@A.district1"),
        post("units.create_child", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"code": "GNEW", "name": "Công đoàn Mới", "level": "grassroots", "member_count": "5"},
             unit_id="@A.district1"),
        get("units.edit", "302 403 403 403 403 403 403 403 403 200 403 200", unit_id="@A.union11"),
        post("units.edit", "302 403 403 403 403 403 403 403 403 302 403 302", {"name": "Tên mới", "member_count": "41"},
             unit_id="@A.union11"),
        get("units.move", "302 403 403 403 403 403 403 403 403 200 403 200", unit_id="@A.union11"),
        post("units.move", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"new_parent": "#A.district2", "reason": "Sáp nhập"},
             unit_id="@A.union11"),
        get("units.import_tree", "302 403 403 403 403 403 403 403 200 200 200 200"),
        post("units.import_tree", "302 403 403 403 403 403 403 403 400 200 400 200",
             tree_upload),
        get("units.blocs", "302 403 403 403 403 403 403 403 200 200 200 200"),
        get("units.create_bloc", "302 403 403 403 403 403 403 403 403 200 403 200", unit_id="@A.district1"),
        post("units.create_bloc", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"name": "Cụm mới", "kind": "cluster", "units": "#A.union12"}, unit_id="@A.district1"),
        get("units.edit_bloc", "302 403 403 403 403 403 403 403 403 200 403 200", bloc_id="@A.bloc"),
        post("units.edit_bloc", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"units": "#A.union11"}, bloc_id="@A.bloc"),
        get("units.audit", "302 403 403 403 403 403 403 403 200 200 200 200"),
        get("units.audit", "302 403 403 403 403 403 403 403 400 200 400 200", "union A11", unit="#A.union11"),
        get("units.export_audit", "302 403 403 403 403 403 403 403 200 200 200 200", extension="csv"),
    ],
    "initiatives": [
        get("programmes.index", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("programmes.create", "302 403 403 403 403 403 403 403 200 200 200 200"),
        post("programmes.create", "302 403 403 403 403 403 403 403 200 200 200 200", {"name": ""}),
        get("programmes.edit", "302 403 403 403 403 403 403 403 403 200 403 200", programme_id="@A.programme"),
        post("programmes.edit", "302 403 403 403 403 403 403 403 403 200 403 200",
             {"name": ""}, programme_id="@A.programme"),
        get("initiatives.mine", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("initiatives.create", "302 200 200 200 200 200 200 403 200 200 403 403", programme_id="@A.programme"),
        post("initiatives.create", "302 302 302 302 302 302 302 403 302 302 403 403", {"title": "Bản nháp mới"},
             programme_id="@A.programme"),
        get("initiatives.show", "302 403 200 403 403 403 403 403 403 403 403 403", "draft", initiative_id="@A.draft"),
        get("initiatives.show", "302 403 200 200 403 403 200 403 403 200 403 200",
            "submitted", initiative_id="@A.submitted"),
        get("initiatives.show", "302 403 200 200 403 403 200 403 403 200 403 200",
            "returned", initiative_id="@A.returned"),
        get("initiatives.show", "302 403 200 200 403 403 200 403 403 200 403 200",
            "withdrawn", initiative_id="@A.withdrawn"),
        get("initiatives.show", "302 200 200 200 200 200 200 200 200 200 200 200",
            "in review", initiative_id="@A.in_review"),
        get("initiatives.show", "302 200 200 200 200 200 200 200 200 200 200 200",
            "decided", initiative_id="@A.decided"),
        get("initiatives.edit", "302 403 200 403 403 403 403 403 403 403 403 403", "draft", initiative_id="@A.draft"),
        get("initiatives.edit", "302 403 403 403 403 403 403 403 403 403 403 403",
            "submitted", initiative_id="@A.submitted"),
        post("initiatives.edit", "302 403 302 403 403 403 403 403 403 403 403 403", {"title": "Tên đã sửa"}, "draft",
             initiative_id="@A.draft"),
        post("initiatives.submit", "302 403 302 403 403 403 403 403 403 403 403 403", initiative_id="@A.draft"),
        post("initiatives.take_step", "302 403 403 302 403 403 403 403 403 302 403 302", label="confirm",
             initiative_id="@A.submitted", step="confirm"),
        post("initiatives.take_step", "302 403 403 302 403 403 403 403 403 302 403 302", {"reason": "Thiếu số liệu"},
             "return", initiative_id="@A.submitted", step="return"),
        post("initiatives.take_step", "302 403 302 403 403 403 403 403 403 403 403 403",
             {"reason": "Rút lại"}, "withdraw",
             initiative_id="@A.submitted", step="withdraw"),
        post("initiatives.take_step", "302 403 403 403 403 403 403 403 403 403 403 403", label="recognise",
             initiative_id="@A.in_review", step="recognise"),
        post("attachments.upload", "302 403 302 403 403 403 403 403 403 403 403 403",
             pdf_upload, initiative_id="@A.draft"),
        post("attachments.withdraw", "302 403 302 403 403 403 403 403 403 403 403 403",
             attachment_id="@A.draft_attachment"),
        get("attachments.download", "302 403 200 403 403 403 403 403 403 403 403 403", "draft",
            attachment_id="@A.draft_attachment"),
        get("attachments.download", "302 403 200 200 403 403 200 403 403 200 403 200", "submitted",
            attachment_id="@A.submitted_attachment"),
        get("attachments.download", "302 200 200 200 200 200 200 200 200 200 200 200", "in review",
            attachment_id="@A.review_attachment"),
        get("initiative_lists.index", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("initiative_lists.index", "302 200 200 200 200 200 200 200 200 200 200 200",
            "every scope, union A11", scope="all", unit="#A.union11"),
        get("initiative_lists.index", "302 403 403 200 200 403 200 403 200 200 200 200",
            "union scope, searched", scope="union", q="theo"),
        get("initiative_lists.export_csv", "302 200 200 200 200 200 200 200 200 200 200 200",
            "every scope, union A11", scope="all", unit="#A.union11"),
        get("initiative_lists.export_xlsx", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("initiative_lists.export_csv", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("initiative_import.enter", "302 403 403 200 200 403 403 403 200 200 403 403", programme_id="@A.programme"),
        post("initiative_import.enter", "302 403 403 302 200 403 403 403 200 200 403 403",
             {"unit": "#A.union11", "title": ""},
             programme_id="@A.programme"),
        get("initiative_import.upload", "302 403 403 200 200 403 403 403 200 200 403 403", programme_id="@A.programme"),
        post("initiative_import.upload", "302 403 403 200 200 403 403 403 200 200 403 403", {"unit": "#A.union11"},
             programme_id="@A.programme"),
        get("initiative_import.template", "302 403 403 200 200 403 403 403 200 200 403 403",
            programme_id="@A.programme"),
        get("initiative_import.preview", "302 403 403 200 403 403 403 403 403 200 403 200", programme_id="@A.programme",
            token="#A.import"),
        get("initiative_import.preview", "302 404 404 404 404 404 404 404 404 404 404 404",
            "another programme", programme_id="@B.programme",
            token="#A.import"),
        post("initiative_import.decide", "302 403 403 303 403 403 403 403 403 303 403 303", {"choice": "cancel"},
             programme_id="@A.programme", token="#A.import"),
        post("initiative_import.decide", "302 404 404 404 404 404 404 404 404 404 404 404",
             {"choice": "save_valid"}, "another programme", inert=True,
             programme_id="@B.programme", token="#A.import"),
        get("initiative_import.report", "302 403 403 200 403 403 403 403 403 200 403 200", programme_id="@A.programme",
            token="#A.import"),
        get("notifications.index", "302 200 200 200 200 200 200 200 200 200 200 200"),
        post("notifications.read_all", "302 302 302 302 302 302 302 302 302 302 302 302"),
        get("notifications.open_notice", "302 403 302 403 403 403 403 403 403 403 403 403", notice_id="@A.notice"),
        get("posters.poster", "302 403 403 200 403 403 403 403 403 200 403 200", unit_id="@A.union11"),
    ],
    "review": [
        get("review.similar", "302 200 200 200 200 200 200 200 200 200 200 200", "a draft's title", title="@@draft"),
        get("review.similar", "302 200 200 200 200 200 200 200 200 200 200 200",
            "an unconfirmed title", title="@@submitted"),
        get("review.similar", "302 200 200 200 200 200 200 200 200 200 200 200", "a copy's title", title="@@copies"),
        get("review.similar", "302 200 200 200 200 200 200 200 200 200 200 200"),
        get("review.queue", "302 403 403 403 403 403 200 403 200 200 200 200"),
        get("review.pair", "302 403 403 403 403 403 200 403 403 200 403 200", pair_id="@A.open_pair"),
        post("review.decide", "302 403 403 403 403 403 302 403 403 302 403 302",
             {"status": "different"}, pair_id="@A.open_pair"),
        post("review.undo", "302 403 403 403 403 302 403 403 403 403 403 302", pair_id="@A.judged_pair"),
        post("review.sweep", "302 403 403 403 403 403 302 403 302 302 403 302", {"programme": "@A.programme"}),
        get("councils.index", "302 403 403 403 403 200 200 200 200 200 200 200"),
        get("councils.create", "302 403 403 403 403 403 403 403 200 200 200 200"),
        post("councils.create", "302 403 403 403 403 403 403 403 403 302 200 302",
             {"name": "Hội đồng huyện 2", "programme": "@A.programme", "unit_code": "#A.province",
              "reviewers_per_item": "3", "disagreement_above": "20", "conflict_administered": "y"}),
        get("councils.show", "302 403 403 403 403 200 200 403 403 200 403 200", council_id="@A.council"),
        get("councils.settings", "302 403 403 403 403 200 403 403 403 200 403 200", council_id="@A.council"),
        post("councils.settings", "302 403 403 403 403 302 403 403 403 302 403 302",
             {"name": "Hội đồng đổi tên", "reviewers_per_item": "2", "disagreement_above": "15"},
             council_id="@A.council"),
        post("councils.add_member", "302 403 403 403 403 302 403 403 403 302 403 302",
             {"login": "~A.target", "role": "member"},
             council_id="@A.council"),
        post("councils.remove_member", "302 403 403 403 403 302 403 403 403 302 403 302", council_id="@A.council",
             member_id="@A.reviewer3_seat"),
        post("councils.remove_member", "302 403 403 403 403 302 403 403 403 302 403 302",
             label="another council's seat", inert=True,
             council_id="@A.council", member_id="@B.reviewer3_seat"),
        get("councils.rubric", "302 403 403 403 403 200 403 403 403 403 403 403", council_id="@A.council"),
        post("councils.rubric", "302 403 403 403 403 200 403 403 403 403 403 403", council_id="@A.council"),
        post("councils.assign", "302 403 403 403 403 302 403 403 403 403 403 403", council_id="@A.council"),
        post("councils.close", "302 403 403 403 403 302 403 403 403 403 403 403", council_id="@A.council"),
        post("councils.reopen", "302 403 403 403 403 302 403 403 403 403 403 403", council_id="@A.council"),
        get("councils.item", "302 403 403 403 403 200 200 403 403 200 403 200", council_id="@A.council",
            item_id="@A.item_review"),
        get("councils.item", "302 404 404 404 404 404 404 404 404 404 404 404",
            "another council's item", council_id="@A.council",
            item_id="@B.item_review"),
        post("councils.decide", "302 403 403 403 403 302 403 403 403 403 403 403",
             {"decision": "recognised", "reason": "Đủ điều kiện công nhận cấp huyện"},
             council_id="@A.council", item_id="@A.item_review"),
        post("councils.decide", "302 404 404 404 404 404 404 404 404 404 404 404",
             {"decision": "not_recognised", "reason": "Trùng"},
             "another council's item", inert=True, council_id="@A.council", item_id="@B.item_review"),
        post("councils.assign_by_hand", "302 403 403 403 403 302 403 403 403 403 403 403", {"reviewer": "@A.reviewer3"},
             council_id="@A.council", item_id="@A.item_review"),
        post("councils.withdraw", "302 403 403 403 403 302 403 403 403 403 403 403", council_id="@A.council",
             assignment_id="@A.open_assignment"),
        post("councils.withdraw", "302 404 404 404 404 404 404 404 404 404 404 404",
             label="another council's assignment", inert=True,
             council_id="@A.council", assignment_id="@B.open_assignment"),
        get("councils.decisions", "302 403 403 403 403 200 403 403 403 403 403 403", council_id="@A.council"),
        get("council_reports.awards", "302 403 403 403 403 200 403 403 403 403 403 403", council_id="@A.council"),
        post("council_reports.propose", "302 403 403 403 403 302 403 403 403 403 403 403", {"level": "merit"},
             council_id="@A.council", item_id="@A.item_decided"),
        post("council_reports.propose", "302 403 403 403 403 404 403 403 403 403 403 403",
             {"level": "merit"}, "another council's item", inert=True,
             council_id="@A.council", item_id="@B.item_decided"),
        post("council_reports.withdraw", "302 403 403 403 403 302 403 403 403 403 403 403", council_id="@A.council",
             item_id="@A.item_decided"),
        post("council_reports.author_category", "302 403 403 403 403 302 403 403 403 403 403 403",
             {"category": "worker"},
             council_id="@A.council", item_id="@A.item_decided", author_id="@A.decided_author"),
        post("council_reports.author_category", "302 403 403 403 403 302 403 403 403 403 403 403",
             {"category": "manager"},
             "another initiative's author", inert=True, council_id="@A.council", item_id="@A.item_decided",
             author_id="@B.decided_author"),
        get("council_reports.export_scores", "302 403 403 403 403 200 403 403 403 403 403 403",
            council_id="@A.council"),
        get("council_reports.export_decisions", "302 403 403 403 403 200 403 403 403 403 403 403",
            council_id="@A.council"),
        get("council_reports.export_awards", "302 403 403 403 403 200 403 403 403 403 403 403",
            council_id="@A.council"),
        get("council_reports.print_decisions", "302 403 403 403 403 200 403 403 403 403 403 403",
            council_id="@A.council"),
        get("council_reports.print_awards", "302 403 403 403 403 200 403 403 403 403 403 403", council_id="@A.council"),
        get("council_reports.funnel", "302 403 403 403 403 200 200 403 200 200 403 200", programme_id="@A.programme"),
        get("scoring.mine", "302 403 403 403 403 200 200 200 403 403 403 403"),
        get("scoring.score", "302 403 403 403 403 403 403 403 403 403 403 403",
            "open", assignment_id="@A.open_assignment"),
        get("scoring.score", "302 403 403 403 403 200 403 403 403 403 403 403", "submitted",
            assignment_id="@A.scored_assignment"),
        post("scoring.score", "302 403 403 403 403 403 403 403 403 403 403 403", {"action": "save", "novelty": "20"},
             assignment_id="@A.open_assignment"),
        post("scoring.decline", "302 403 403 403 403 403 403 403 403 403 403 403", assignment_id="@A.open_assignment"),
    ],
    "quota": [
        get("quota.index", "302 403 403 200 200 403 200 403 200 200 200 200"),
        get("quota.show", "302 403 403 403 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        get("quota.show", "302 404 404 404 404 404 404 404 404 404 404 404",
            "a unit outside the programme", programme_id="@A.programme",
            unit_id="@B.district1"),
        get("quota.export", "302 403 403 403 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1", extension="csv"),
        get("quota.report", "302 403 403 403 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        get("quota.counted", "302 403 403 200 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.union11"),
        get("quota.targets", "302 403 403 403 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        post("quota.targets", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"action": "own", "own-self_set": "50"},
             "self-set", programme_id="@A.programme", unit_id="@A.district1"),
        post("quota.targets", "302 404 404 404 404 404 404 404 404 404 404 404",
             {"action": "own", "own-self_set": "9"}, "a unit outside the programme",
             inert=True, programme_id="@A.programme", unit_id="@B.district1"),
        post("quota.targets", "302 403 403 403 403 403 403 403 403 302 403 302",
             {"action": "own", "own-assigned": "45"},
             "assigned", programme_id="@A.programme", unit_id="@A.district1"),
        get("quota.targets_template", "302 403 403 403 403 403 403 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        get("quota.settings", "302 403 403 403 403 403 403 403 403 200 403 200", programme_id="@A.programme"),
        post("quota.settings", "302 403 403 403 403 403 403 403 403 302 403 302", {"counts_from": "submitted"},
             programme_id="@A.programme"),
        get("quota.public_index", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("quota.public_programme", "302 302 302 302 302 302 302 302 302 302 302 302", programme_id="@A.programme"),
        get("quota.public_unit", "200 200 200 200 200 200 200 200 200 200 200 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        get("quota.signals", "302 403 403 403 403 403 403 403 200 200 200 200"),
    ],
    # The API answers a token, never a signed-in browser: every role calls it with a read-and-write token of its
    # own, the anonymous column with none.
    "api": [
        post("api_tokens.create", "302 201 201 201 201 201 201 201 201 201 201 201",
             {"name": "Báo cáo tự động", "scope": "read"}),
        post("api_tokens.revoke", "302 302 302 302 302 302 302 302 302 302 302 302", token_id="@author_token"),
        get("api-docs.openapi_json", "200 200 200 200 200 200 200 200 200 200 200 200"),
        get("api.programmes", "401 200 200 200 200 200 200 200 200 200 200 200"),
        get("api.programme", "401 200 200 200 200 200 200 403 200 200 403 200", programme_id="@A.programme"),
        get("api.initiatives", "401 200 200 200 200 200 200 200 200 200 200 200"),
        get("api.initiatives", "401 403 403 200 200 403 200 403 200 200 200 200",
            "union scope, searched", scope="union", q="theo"),
        get("api.initiative", "401 403 200 403 403 403 403 403 403 403 403 403", "draft", initiative_id="@A.draft"),
        get("api.initiative", "401 403 200 200 403 403 200 403 403 200 403 200",
            "submitted", initiative_id="@A.submitted"),
        get("api.initiative", "401 200 200 200 200 200 200 200 200 200 200 200",
            "in review", initiative_id="@A.in_review"),
        post("api.create_initiative", "401 201 201 201 201 201 201 403 201 201 403 403", {"title": "Bản nháp mới"},
             programme_id="@A.programme"),
        post("api.submit", "401 403 200 403 403 403 403 403 403 403 403 403", initiative_id="@A.draft"),
        get("api.similar", "401 200 200 200 200 200 200 200 200 200 200 200", "a draft's title", title="@@draft"),
        get("api.similar", "401 200 200 200 200 200 200 200 200 200 200 200", "a copy's title", title="@@copies"),
        get("api.units", "401 200 200 200 200 200 200 200 200 200 200 200", q="Công đoàn"),
        get("api.unit", "401 200 200 200 403 403 200 403 403 200 403 200", unit_id="@A.union11"),
        get("api.progress", "401 403 403 403 403 403 200 403 403 200 403 200", programme_id="@A.programme",
            unit_id="@A.district1"),
        get("api.progress", "401 404 404 404 404 404 404 404 404 404 404 404",
            "a unit outside the programme", programme_id="@A.programme", unit_id="@B.district1"),
    ],
}
# Things of province A that only some may read, and who they are: no page or file shows them to anyone else (the
# invitation's page shows its invitee to whoever holds its link).
SCREENED = ("author", "officer", "unassigned_reviewer", "province_admin", "system_admin")
MEMBER_MANAGERS = ("officer", "province_admin", "system_admin")
MARKERS = {
    "draft": (TITLES["A"]["draft"], ("author",)),
    "submitted": (TITLES["A"]["submitted"], SCREENED),
    "returned": (TITLES["A"]["returned"], SCREENED),
    "copies": (TITLES["A"]["copies"], SCREENED),
    "pending member": ("pending A", MEMBER_MANAGERS),
    "member": ("target A", MEMBER_MANAGERS),
    "invitee": ("Người được mời A", MEMBER_MANAGERS + ("auth.accept_invitation",)),
    "score comment": ("Nhận xét riêng của giám khảo A", ("chair",)),
    "council": ("Hội đồng sáng kiến LĐLĐ huyện A1", ("chair", "unassigned_reviewer", "province_admin", "system_admin")),
}
CASES = [case for cases in MATRIX.values() for case in cases]


class Matrix:
    """The module's app and world, the signed-in browsers of every role, and the database's saved state."""

    def __init__(self, app, world, work, saved):
        self.app, self.world, self._work, self._saved = app, world, work, saved
        self.cookies: dict[str, dict] = {}
        self.tokens: dict[str, str] = {}
        self.api_secrets: dict[str, str] = {}
        self.client = app.test_client()
        self.baseline: dict[str, str] = {}

    def resolve(self, value):
        if callable(value):
            value = value()
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, str) and value.startswith("@@"):
            return TITLES["A"][value[2:]]
        if isinstance(value, str) and value[:1] in "@#~" and len(value) > 1:
            table = {"@": self.world.ids, "#": self.world.codes, "~": self.world.logins}[value[0]]
            return table[value[1:]]
        return value

    def sign_in(self, role: str) -> None:
        """Open a browser for role (signed in unless anonymous) and keep its cookies and CSRF token."""
        self.client._cookies.clear()
        if role != "anonymous":
            page = self.client.get("/login")
            token = CSRF_FIELD.search(page.get_data(as_text=True)).group(1)
            answer = self.client.post("/login", data={"csrf_token": token, "login": self.world.logins[role],
                                                      "password": PASSWORD})
            assert answer.status_code == 302, f"{role} cannot sign in"
        page = self.client.get("/account" if role != "anonymous" else "/login")
        self.tokens[role] = CSRF_FIELD.search(page.get_data(as_text=True)).group(1)
        self.cookies[role] = dict(self.client._cookies)

    def as_role(self, role: str):
        self.client._cookies.clear()
        self.client._cookies.update(self.cookies[role])
        return self.client

    def save(self) -> None:
        """Keep the database as it is now: every case starts from here."""
        self._leave_database()
        self._saved()
        self.baseline = fingerprint()

    def restore(self) -> None:
        """Put the database back as it was saved."""
        self._leave_database()
        self._work()

    @staticmethod
    def _leave_database():
        db.session.remove()
        db.engine.dispose()


def fingerprint() -> dict[str, str]:
    """Return a digest of every table's rows (but the columns a visit may move)."""
    tables = [(table, [c for c in table.columns if c.name not in VOLATILE.get(table.name, ())])
              for table in db.metadata.sorted_tables]
    if db.engine.dialect.name == "postgresql":
        # One round trip: the server digests each table.
        parts = [select(text(f"'{table.name}'"), text(
            "md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), ''))")).select_from(
            select(*columns).subquery("r")) for table, columns in tables]
        digests = dict(db.session.execute(parts[0].union_all(*parts[1:])).all())
    else:
        digests = {}
        for table, columns in tables:
            rows = sorted(repr(tuple(row)) for row in db.session.execute(select(*columns)))
            digests[table.name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    db.session.rollback()
    return digests


def _sqlite_storage(tmp):
    work, saved = tmp / "matrix.sqlite3", tmp / "saved.sqlite3"

    def copy(source, target):
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            dst.execute("PRAGMA synchronous = OFF")  # a test's copy need not survive a power cut
            src.backup(dst)

    return f"sqlite:///{work}", (lambda: copy(saved, work)), (lambda: copy(work, saved)), (lambda: None)


def _postgres_storage():
    """Return a database of the matrix's own, and how to save and restore its rows.

    The rows are saved into a schema beside the tables and put back in one transaction; as the server's superuser,
    the restore runs with the triggers asleep (session_replication_role), the audit trail's guard among them.
    Copying whole databases instead would wait on the server's checkpoints at every restore.
    """
    name = f"matrix_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_engine_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(_engine_url(POSTGRES_URL)).set(database=name).render_as_string(hide_password=False)
    work = create_engine(url, poolclass=NullPool)

    def tables(conn) -> list[str]:
        return list(conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")))

    def save():
        with work.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS matrix_saved CASCADE; CREATE SCHEMA matrix_saved"))
            for table in tables(conn):
                conn.execute(text(f'CREATE TABLE matrix_saved."{table}" AS TABLE public."{table}"'))

    def restore():
        with work.begin() as conn:
            # A test database need not wait for the disk; deleting a few rows costs less than truncating.
            conn.execute(text("SET LOCAL session_replication_role = replica; SET LOCAL synchronous_commit = off"))
            names = tables(conn)
            for table in names:
                conn.execute(text(f'DELETE FROM public."{table}"'))
            for table in names:
                conn.execute(text(f'INSERT INTO public."{table}" OVERRIDING SYSTEM VALUE '
                                  f'SELECT * FROM matrix_saved."{table}"'))

    def drop():
        work.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, restore, save, drop


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("matrix")
    url, restore_work, save, drop = _postgres_storage() if POSTGRES_URL else _sqlite_storage(tmp)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSTANCE_PATH", str(tmp / "instance"))
        app = create_app({**_app_config(url), "RATE_LIMITS": NO_LIMITS})
        app.test_client_class = FreshContextClient
        with app.app_context():
            db.create_all()
            world = build_world(tmp / "instance" / "uploads")
            found = Matrix(app, world, restore_work, save)
            for role in ROLES:
                found.sign_in(role)
            world.ids["author_session"] = session_of(world.ids["author"])
            for role in ROLES[1:]:
                token, found.api_secrets[role] = create_token(db.session.get(User, world.ids[role]), "Ma trận",
                                                              TokenScope.READ_WRITE)
            world.ids["author_token"] = db.session.scalar(select(PersonalAccessToken.id).where(
                PersonalAccessToken.user_id == world.ids["author"]))
            db.session.commit()
            found.save()
            yield found
            db.session.remove()
            db.engine.dispose()
    drop()


def test_every_route_has_an_expectation(matrix):
    covered = {(case.endpoint, case.method) for case in CASES}
    rules = {(rule.endpoint, method): rule.rule for rule in matrix.app.url_map.iter_rules()
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    routes = set(rules)
    missing = sorted(f"{method} {endpoint} ({rules[endpoint, method]})" for endpoint, method in routes - covered)
    unknown = sorted(f"{method} {endpoint}" for endpoint, method in covered - routes)
    assert (missing, unknown) == ([], []), f"routes without an expectation: {missing}; unknown: {unknown}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_route(matrix, case, role):
    client = matrix.as_role(role)
    with matrix.app.test_request_context():
        path = url_for(case.endpoint, **matrix.resolve(case.args))
    if case.endpoint.startswith("api."):
        # A cookie-less caller with the role's token: the API never reads the browser's session.
        client._cookies.clear()
        headers = {"Authorization": f"Bearer {matrix.api_secrets[role]}"} if role != "anonymous" else {}
        response = client.open(path, method=case.method, headers=headers,
                               json=matrix.resolve(case.data) if case.method == "POST" else None)
    elif case.method == "GET":
        response = client.get(path)
    else:
        data = {key: value if isinstance(value, tuple) else str(value)
                for key, value in {"csrf_token": matrix.tokens[role], **matrix.resolve(case.data)}.items()}
        response = client.post(path, data=data, content_type="multipart/form-data")
    status = response.status_code
    body = response.get_data(as_text=True) if response.mimetype.startswith(("text/", "application/json")) else ""
    if response.mimetype == "application/json":  # read as text, not as \u escapes
        body = json.dumps(json.loads(body), ensure_ascii=False)
    response.close()
    seen = sorted(name for name, (marker, _readers) in MARKERS.items() if marker in body)
    after = fingerprint()
    changed = sorted(name for name, digest in after.items() if matrix.baseline[name] != digest)
    if changed:
        matrix.restore()
    refused = status in REFUSED or status == 401 or (role == "anonymous" and status == 302
                                     and response.headers["Location"].startswith("/login"))
    if os.environ.get("ROUTE_MATRIX_RECORD"):
        with open(os.environ["ROUTE_MATRIX_RECORD"], "a") as out:
            out.write(f"{case.name}\t{role}\t{status}\t{','.join(changed)}\t{','.join(seen)}\n")
        return
    writes = (case.method == "POST" and not case.inert) or getattr(
        matrix.app.view_functions[case.endpoint], "writes_on_get", False)
    assert (status, changed if refused or not writes else []) == (case.status_for(role), []), \
        f"{case.name} as {role}: {status}, changed {changed}"
    shown = [name for name in seen if role not in MARKERS[name][1] and case.endpoint not in MARKERS[name][1]]
    assert shown == [], f"{case.name} shows {role} what is not theirs: {shown}"
