"""The world the route matrix runs in: two provinces built alike through the product's services.

Side A is the subject: every URL of the matrix names one of its objects. Side B is the same world in another
province, so that the people placed there (a council chair, a province administrator) have real objects of their
own. Only ids and codes leave this module: the database is restored between requests, so rows would go stale.
"""

import io
from dataclasses import dataclass, field
from datetime import date, timedelta

from openpyxl import Workbook
from werkzeug.datastructures import FileStorage

from core.extensions import db
from core.spreadsheets import csv_chunks
from initiatives import attachments, import_services, services
from initiatives.export_jobs import EXPORT_JOB
from initiatives.import_rows import COLUMNS
from initiatives.lifecycle import Step
from initiatives.models import Notification
from jobs.files import chunk_writer, write_job_file
from jobs.models import JobState
from jobs.runner import Progress
from jobs.services import start_job
from quota import services as quota_services
from quota.models import TargetKind
from review import council_queries, council_services
from review import services as duplicate_services
from review.council_models import Council, CouncilMember
from review.council_roles import CouncilRole
from review.models import DuplicatePair
from review.sweep import SWEEP_JOB, start_sweep
from tests.factories import make_council, make_initiative, make_programme, make_unit, make_user
from tests.unit.initiatives.test_filetypes import make_pdf
from unions import account_services, unit_services
from unions.levels import UnitLevel
from unions.models import RoleAssignment, User, UserSession
from unions.roles import AccountStatus, Role

FULL_SCORES = {"novelty": 27, "applicability": 25, "effect": 35}
# Each side's initiatives, by state; the two sides share no title, so that what a page shows tells which side it is
# from. "copies" is submitted three times: the duplicate engine pairs them.
TITLES = {
    "A": {"draft": "Giá đỡ khuôn đúc điều chỉnh được", "submitted": "Bảng theo dõi ca làm việc bằng mã màu",
          "returned": "Hộp dụng cụ bảo trì theo ca", "withdrawn": "Phiếu giao ca điện tử",
          "in_review": "Máy cắt ống tự động theo chiều dài đặt trước",
          "decided": "Hệ thống thu hồi nhiệt khí thải lò hơi",
          "confirmed": "Quy trình bảo dưỡng băng tải theo giờ chạy",
          "copies": "Cải tiến quy trình kiểm kê kho vật tư bằng mã vạch tại phân xưởng cơ khí"},
    "B": {"draft": "Bàn thao tác nâng hạ bằng thủy lực", "submitted": "Sổ tay hướng dẫn vận hành nồi hấp tiệt trùng",
          "returned": "Xe đẩy vật liệu nhiều ngăn", "withdrawn": "Lịch trực điện thoại nội bộ",
          "in_review": "Thiết bị báo mức nước bể chứa không dây",
          "decided": "Bộ gá hàn ống đồng cho dây chuyền điều hòa",
          "confirmed": "Phần mềm nhắc lịch tiêm chủng cho trạm y tế",
          "copies": "Hệ thống nhắc lịch bảo dưỡng máy nén khí qua tin nhắn cho tổ vận hành sản xuất"},
}


@dataclass
class World:
    """Ids and codes of what the matrix's URLs and forms name, and the people who sign in."""

    ids: dict[str, int] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    logins: dict[str, str] = field(default_factory=dict)


def _attach(author, initiative, root, name: str):
    attachment = attachments.add_attachment(author, initiative, name, io.BytesIO(make_pdf()), root=root,
                                            max_bytes=10 * 1024 * 1024, max_count=5)
    db.session.commit()
    return attachment


def _workbook(contact: str) -> bytes:
    """Return a one-row import workbook laid out as the template."""
    row = {"title": "Sổ tay an toàn điện cho tổ bảo trì", "field": "safety", "problem": "Thiếu hướng dẫn.",
           "solution": "Biên soạn sổ tay bỏ túi.", "novelty": "Lần đầu có tại đơn vị.",
           "applied_where": "Tổ bảo trì", "effect": "Không còn sự cố do thao tác sai.",
           "benefit_vnd": 15_000_000, "benefit_method": "Chi phí sự cố tránh được.",
           "benefit_not_computable": "không", "author_1_name": "Lê Văn Cường", "author_1_workplace": "Tổ bảo trì",
           "author_1_share": 100, "first_applied_on": date.today() - timedelta(days=20),
           "submitter_contact": contact}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sáng kiến")
    sheet.append([f"Cột {code}" for code in COLUMNS])
    sheet.append(list(COLUMNS))
    sheet.append([row.get(code) for code in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _side(world: World, root, key: str, upload_root) -> dict:
    """Build one province with its people, programme, initiatives in every state, council, targets and pairs.

    Returns the rows the caller needs to place the matrix's people; records every id and code in world under key.
    """
    ids, codes, logins = world.ids, world.codes, world.logins
    province = make_unit(UnitLevel.PROVINCE_FEDERATION, root, code=f"P{key}", name=f"LĐLĐ tỉnh {key}")
    units = {"province": province}
    for d in (1, 2):
        district = make_unit(UnitLevel.DISTRICT_FEDERATION, province, code=f"D{key}{d}", name=f"LĐLĐ huyện {key}{d}")
        units[f"district{d}"] = district
        for g in (1, 2):
            units[f"union{d}{g}"] = make_unit(UnitLevel.GRASSROOTS, district, code=f"G{key}{d}{g}",
                                              name=f"Công đoàn Nhà máy {key}{d}{g}", members=40)
    for name, unit in units.items():
        ids[f"{key}.{name}"], codes[f"{key}.{name}"] = unit.id, unit.code
    home, district, titles = units["union11"], units["district1"], TITLES[key]
    programme = make_programme(province, name=f"1 triệu sáng kiến — tỉnh {key}")
    ids[f"{key}.programme"] = programme.id

    def person(name, unit, *roles, **kwargs):
        user = make_user(unit, email=f"{name}.{key.lower()}@example.vn", name=f"{name} {key}", roles=roles, **kwargs)
        ids[f"{key}.{name}"], logins[f"{key}.{name}"] = user.id, user.email
        return user

    author = person("author", home)
    officer = person("officer", home, (Role.OFFICER, home))
    chair = person("chair", units["union22"])
    secretary = person("secretary", units["union22"])
    reviewers = [person(f"reviewer{n}", units[f"union{u}"]) for n, u in ((1, "21"), (2, "21"), (3, "22"))]
    person("pending", home, status=AccountStatus.PENDING)
    person("target", home)
    person("deactivated", home, status=AccountStatus.DEACTIVATED)
    ids[f"{key}.officer_role"] = db.session.scalar(
        db.select(RoleAssignment.id).where(RoleAssignment.user_id == officer.id))

    # Initiatives of the home union, one in each state, two with attachments.
    draft = make_initiative(author, programme, titles["draft"], submit=False)
    ids[f"{key}.draft"] = draft.id
    ids[f"{key}.draft_attachment"] = _attach(author, draft, upload_root, "ban-ve-gia-do.pdf").id
    submitted = make_initiative(author, programme, titles["submitted"], submit=False)
    ids[f"{key}.submitted_attachment"] = _attach(author, submitted, upload_root, "bang-theo-doi.pdf").id
    services.submit(author, submitted, date.today())
    db.session.commit()
    ids[f"{key}.submitted"] = submitted.id
    returned = make_initiative(author, programme, titles["returned"])
    services.take_step(officer, returned, Step.RETURN, "Bổ sung cách tính")
    db.session.commit()
    ids[f"{key}.returned"] = returned.id
    withdrawn = make_initiative(author, programme, titles["withdrawn"])
    services.take_step(author, withdrawn, Step.WITHDRAW, "Nộp nhầm đợt")
    db.session.commit()
    ids[f"{key}.withdrawn"] = withdrawn.id

    council = make_council(district, programme, chair=chair, secretary=secretary, members=tuple(reviewers),
                           reviewers_per_item=2)
    ids[f"{key}.council"] = council.id
    in_review = make_initiative(author, programme, titles["in_review"], submit=False)
    ids[f"{key}.review_attachment"] = _attach(author, in_review, upload_root, "may-cat-ong.pdf").id
    services.submit(author, in_review, date.today())
    services.take_step(officer, in_review, Step.CONFIRM)
    decided = make_initiative(author, programme, titles["decided"],
                              steps=((officer, Step.CONFIRM),))
    council_services.assign_reviewers(secretary, council)
    db.session.commit()
    item_review = council_queries.get_item(council.id, in_review.id)
    item_decided = council_queries.get_item(council.id, decided.id)
    ids[f"{key}.in_review"], ids[f"{key}.decided"] = in_review.id, decided.id
    ids[f"{key}.item_review"], ids[f"{key}.item_decided"] = item_review.id, item_decided.id
    scored = {}
    for item in (item_review, item_decided):
        assignment = next(a for a in item.assignments if a.is_active)
        council_services.save_score_sheet(db.session.get(User, assignment.reviewer_id), assignment, FULL_SCORES,
                                          f"Nhận xét riêng của giám khảo {key}", submit=True)
        scored[item.id] = assignment
    open_assignment = next(a for a in item_review.assignments if a.is_active and not a.is_submitted)
    ids[f"{key}.scored_assignment"] = scored[item_review.id].id
    ids[f"{key}.open_assignment"] = open_assignment.id
    council_services.decide_item(chair, item_decided, "recognised", "Hiệu quả rõ")
    council_services.propose_award(secretary, item_decided, "certificate", "")
    db.session.commit()
    ids[f"{key}.decided_author"] = decided.authors[0].id
    confirmed = make_initiative(author, programme, titles["confirmed"],
                                steps=((officer, Step.CONFIRM),))
    ids[f"{key}.confirmed"] = confirmed.id
    ids[f"{key}.reviewer3_seat"] = db.session.scalar(db.select(CouncilMember.id).where(
        CouncilMember.council_id == council.id, CouncilMember.user_id == reviewers[2].id))

    # Two pairs of copies in the duplicate queue: one open, one judged.
    copies = [make_initiative(author, programme, titles["copies"] + suffix) for suffix in ("", " ", ".")]
    pairs = list(db.session.scalars(db.select(DuplicatePair).where(
        DuplicatePair.b_id.in_([c.id for c in copies])).order_by(DuplicatePair.id)))
    assert len(pairs) >= 2, "the duplicate engine no longer pairs copies of one title"
    duplicate_services.decide_pair(reviewers[0], pairs[1], "different", "Hai việc khác nhau")
    db.session.commit()
    ids[f"{key}.open_pair"], ids[f"{key}.judged_pair"] = pairs[0].id, pairs[1].id

    # Targets: the province gives the district one, the union sets its own; progress is public.
    quota_services.set_target(None, programme, district, TargetKind.ASSIGNED, 40)
    quota_services.set_target(None, programme, home, TargetKind.SELF_SET, 12)
    quota_services.save_setting(None, programme, counts_from="confirmed", public=True)
    bloc = unit_services.create_bloc(None, owner=district, name=f"Khối nhà máy {key}", kind="bloc",
                                     units=[home, units["union12"]])
    db.session.commit()
    ids[f"{key}.bloc"] = bloc.id

    # An import waiting for its officer's decision, an open invitation, a notice for the author.
    batch = import_services.start_import(officer, programme=programme, unit=home,
                                         upload=FileStorage(io.BytesIO(_workbook(author.email)),
                                                            filename="sang-kien.xlsx"))
    _invitation, token = account_services.invite_member(officer, unit=home, full_name=f"Người được mời {key}",
                                                        email=f"invited.{key.lower()}@example.vn", phone=None)
    db.session.commit()
    codes[f"{key}.import"], codes[f"{key}.invitation"] = batch.token, token
    ids[f"{key}.notice"] = db.session.scalar(db.select(Notification.id).where(
        Notification.user_id == author.id).order_by(Notification.id))

    # Jobs, queued and never run: a sweep of the programme by a council member, the officer's import.
    sweep = start_sweep(reviewers[0], programme)
    ids[f"{key}.sweep_job"] = start_job(reviewers[0], SWEEP_JOB, {"sweep_id": sweep.id}).id
    ids[f"{key}.import_job"] = start_job(officer, import_services.IMPORT_JOB, {"batch_id": batch.id}).id
    # And an export the officer's worker finished, its file written.
    export = start_job(officer, EXPORT_JOB, {"args": {}, "extension": "csv", "name": "sang-kien.csv"})
    export.state, export.finished_at = JobState.DONE, export.created_at
    export.result = write_job_file(export.id, Progress(export.id, 0, None), "sang-kien.csv", [["Xuất thử"]],
                                   chunk_writer(lambda rows: csv_chunks(["Tên"], rows)))
    ids[f"{key}.export_job"] = export.id
    db.session.commit()
    return units


def build_world(upload_root) -> World:
    """Build both sides and the people the matrix signs in as."""
    world = World()
    root = make_unit(UnitLevel.CONFEDERATION, code="TLD", name="Tổng Liên đoàn Lao động Việt Nam")
    world.ids["root"] = root.id
    a = _side(world, root, "A", upload_root)
    b = _side(world, root, "B", upload_root)

    def person(name, unit, *roles):
        user = make_user(unit, email=f"{name}@example.vn", name=name, roles=roles)
        world.ids[name], world.logins[name] = user.id, user.email
        return user

    person("member", a["union11"])
    person("other_officer", a["union12"], (Role.OFFICER, a["union12"]))
    reviewer = person("unassigned_reviewer", a["union21"], (Role.REVIEWER, a["district1"]))
    council_services.add_member(None, _council(world, "A"), reviewer, CouncilRole.MEMBER)
    other_chair = db.session.get(User, world.ids["B.chair"])
    world.ids["other_chair"], world.logins["other_chair"] = other_chair.id, other_chair.email
    person("other_district_admin", a["union21"], (Role.FEDERATION_ADMIN, a["district2"]))
    person("province_admin", a["union22"], (Role.FEDERATION_ADMIN, a["province"]))
    person("other_province_admin", b["union22"], (Role.FEDERATION_ADMIN, b["province"]))
    person("system_admin", b["union21"], (Role.SYSTEM_ADMIN, root))
    for role, name in (("author", "A.author"), ("officer", "A.officer"), ("chair", "A.chair")):
        world.ids[role], world.logins[role] = world.ids[name], world.logins[name]
    db.session.commit()
    return world


def _council(world: World, key: str) -> Council:
    return db.session.get(Council, world.ids[f"{key}.council"])


def session_of(user_id: int) -> int:
    """Return the id of the newest signed-in browser of a user."""
    return db.session.scalar(db.select(UserSession.id).where(UserSession.user_id == user_id)
                             .order_by(UserSession.id.desc()))

