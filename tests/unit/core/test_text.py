import unicodedata

import pytest

from core.text import fold, fold_syllable, normalise, syllables


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("hóa học", "hoá học"),
        ("hoá học", "hoá học"),
        ("thủy lợi", "thuỷ lợi"),
        ("khỏe mạnh", "khoẻ mạnh"),
        ("quí báu", "quí báu"),
        ("quý báu", "quí báu"),
        ("kỹ thuật", "kĩ thuật"),
        ("lý thuyết", "lí thuyết"),
        ("tùy chọn", "tuỳ chọn"),
        ("qúa trình", "quá trình"),
        ("ngòai giờ", "ngoài giờ"),
    ],
)
def test_normalise_places_tone_marks_one_way(variant, canonical):
    assert normalise(variant) == canonical


def test_normalise_keeps_tones_on_marked_vowels_and_rhymes_with_codas():
    assert normalise("người lao động quyết toán hoàn thành khuyến khích") == (
        "người lao động quyết toán hoàn thành khuyến khích"
    )


def test_normalise_equates_nfc_and_nfd():
    title = "Cải tiến máy đóng bao xi măng tự động"
    assert normalise(unicodedata.normalize("NFD", title)) == normalise(title)
    assert normalise(title) == "cải tiến máy đóng bao xi măng tự động"


def test_normalise_lowercases_capitals():
    assert normalise("NGƯỜI LAO ĐỘNG THỦY ĐIỆN") == "người lao động thuỷ điện"


def test_normalise_turns_punctuation_and_spacing_into_single_spaces():
    assert normalise("  “Đọc thông,   viết thạo” – lớp 1 (4-5 tuổi)!!\t") == "đọc thông viết thạo lớp 1 4 5 tuổi"


def test_normalise_maps_lookalike_letters_to_latin():
    cyrillic_c, cyrillic_o, greek_omicron = "\u0421", "\u043e", "\u03bf"
    assert normalise(f"{cyrillic_c}ải tiến máy b{cyrillic_o}m nước h{greek_omicron}á chất") == (
        "cải tiến máy bom nước hoá chất"
    )


def test_normalise_maps_eth_to_d_with_stroke():
    assert normalise("\u00d0oàn viên") == "đoàn viên"


def test_normalise_removes_invisible_characters_and_fullwidth_forms():
    assert normalise("sáng\u200b kiến ｍáy") == "sáng kiến máy"


def test_normalise_drops_marks_foreign_to_vietnamese():
    assert normalise("ö ï") == "o i"


@pytest.mark.parametrize("blank", ["", "   ", "…!?", "\u200b"])
def test_normalise_blank_text_is_empty(blank):
    assert normalise(blank) == ""
    assert fold(blank) == ""


def test_fold_removes_every_diacritic_and_d_stroke():
    assert fold("Đoàn viên CĐCS thủy điện Hoà Bình") == "doan vien cdcs thuy dien hoa binh"


def test_fold_equates_text_typed_without_diacritics():
    assert fold("Cải tiến quy trình thay dầu hộp số") == fold("Cai tien qui trinh thay dau hop so")


def test_syllables_and_fold_syllable():
    assert syllables("Thủy lợi, NƯỚC") == ["thuỷ", "lợi", "nước"]
    assert fold_syllable("đường") == "duong"
