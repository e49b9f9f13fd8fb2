"""Which passwords a person may choose."""

import pytest

from unions.passwords import password_problem


@pytest.mark.parametrize(("password", "problem"), [
    ("abc12", "short"),
    ("12345678", "common"),
    ("Matkhau123", "common"),
    ("Mật khẩu 123", "common"),
    ("P@ssw0rd", "common"),
    ("anh.yeu.em", "common"),
    ("congdoan123", "common"),
    ("aaaaaaaaaa", "repetitive"),
    ("abababababab", "repetitive"),
    ("0988123456", "personal"),
    ("0988123456a", "personal"),
    ("lan.nguyen", "personal"),
    ("Nguyễn Thị Lan", "personal"),
])
def test_guessable_passwords_are_refused_for_a_reason(password, problem):
    personal = ("Nguyễn Thị Lan", "lan.nguyen@example.vn", "0988123456")
    assert password_problem(password, personal) == problem


@pytest.mark.parametrize("password", [
    "correct horse battery", "cong doan truong le loi 2026", "Xuân này con không về", "t7#kLq2!Vz",
    "lan yêu hoa sen trắng",
])
def test_a_phrase_or_a_random_password_will_do(password):
    assert password_problem(password, ("Nguyễn Thị Lan", "lan.nguyen@example.vn", "0912345678")) is None
