"""Login names and phone numbers reach one canonical form."""

import pytest

from unions.identity import normalise_email, normalise_login, normalise_phone


@pytest.mark.parametrize("text", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"])
def test_phone_numbers_reach_one_national_form(text):
    assert normalise_phone(text) == "0912345678"


@pytest.mark.parametrize("text", ["12345", "09123456789012", "abc"])
def test_non_phone_numbers_are_refused(text):
    with pytest.raises(ValueError):
        normalise_phone(text)


def test_blank_contact_is_none():
    assert normalise_phone("  ") is None
    assert normalise_email(" ") is None


def test_login_names_are_canonical():
    assert normalise_login(" Lan@Example.VN ") == "lan@example.vn"
    assert normalise_login("+84 912-345-678") == "0912345678"
