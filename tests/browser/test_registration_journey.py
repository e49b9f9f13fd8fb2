"""A member registers on a phone, the officer approves on a desktop, the member signs in."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from tests.browser.conftest import release_database
from tests.factories import PASSWORD, make_tree, make_user
from unions.models import User
from unions.roles import AccountStatus, Role

pytestmark = pytest.mark.browser


def test_register_get_approved_and_sign_in(live_server, new_page):
    units = make_tree()
    officer = make_user(units["grassroots_A1"], roles=((Role.OFFICER, units["grassroots_A1"]),),
                        email="canbo@example.vn")
    officer_login = officer.email
    release_database()

    member = new_page()
    member.goto(f"{live_server}/register")
    member.get_by_label("Họ và tên").fill("Đỗ Thị Hương")
    member.get_by_label("Công đoàn cơ sở của bạn").fill("tieu hoc a1")
    # Unions with alike names are told apart by the unit above them, in the suggestion and once chosen.
    expect(member.get_by_role("option", name=re.compile("Công đoàn Trường Tiểu học A1"))).to_contain_text(
        "LĐLĐ huyện A")
    member.get_by_role("option", name=re.compile("Công đoàn Trường Tiểu học A1")).click()
    expect(member.locator("#unit-chosen")).to_have_text("Công đoàn Trường Tiểu học A1 — LĐLĐ huyện A")
    member.get_by_label("Số điện thoại").fill("0987 654 321")
    member.get_by_label("Mật khẩu", exact=True).fill("huong-mat-khau")
    member.get_by_label("Nhập lại mật khẩu").fill("huong-mat-khau")
    member.get_by_role("button", name="Đăng ký").click()
    expect(member.get_by_role("status")).to_contain_text("Công đoàn Trường Tiểu học A1 — LĐLĐ huyện A")

    officer_page = new_page(viewport={"width": 1280, "height": 800})
    sign_in(officer_page, live_server, officer_login, PASSWORD)
    officer_page.goto(f"{live_server}/members/pending")
    officer_page.get_by_role("button", name=re.compile("Đỗ Thị Hương")).click()
    expect(officer_page.get_by_role("alert")).to_contain_text("Đỗ Thị Hương")

    sign_in(member, live_server, "0987654321", "huong-mat-khau")
    expect(member.get_by_role("heading", level=1)).to_contain_text("Đỗ Thị Hương")
    db.session.close()
    assert db.session.scalar(select(User.status).where(User.phone == "0987654321")) == AccountStatus.ACTIVE


def sign_in(page, base: str, login_name: str, password: str) -> None:
    """Fill in and send the login form."""
    page.goto(f"{base}/login")
    page.get_by_label("Email hoặc số điện thoại").fill(login_name)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
