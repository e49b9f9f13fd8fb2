import re
import unicodedata
from pathlib import Path

import pytest

from bench.corpus import generate
from review.duplicates import (
    LIKELY_DUPLICATE,
    Caps,
    DuplicateIndex,
    Match,
    Signature,
    align,
    analyse,
    plan_postings,
    plan_tiebreakers,
    pool_of,
    prior_weight,
    score,
    term_weight,
)

DEV_PAIRS = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "dedup-dev.tsv"


def make_index(*titles: str) -> DuplicateIndex:
    """Index titles under keys "a", "b", … in order."""
    index = DuplicateIndex()
    for key, title in zip("abcdefgh", titles, strict=False):
        index.add(key, title)
    return index


def flagged(index: DuplicateIndex, title: str, description: str = "") -> set:
    """Return the keys a search flags as likely duplicates."""
    return {match.key for match in index.search(title, description) if match.likely_duplicate}


def strip_diacritics(text: str) -> str:
    decomposed = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFD", text))
    return decomposed.replace("đ", "d").replace("Đ", "D")


TITLE = "Một số giải pháp khoẻ hoá thuỷ lực cho máy đóng bao xi măng tại Công ty Xi măng Hoàng Thạch"
SPELLINGS = {
    "nfd": unicodedata.normalize("NFD", TITLE),
    "old tones": "Một số giải pháp khỏe hóa thủy lực cho máy đóng bao xi măng tại Công ty Xi măng Hoàng Thạch",
    "no diacritics": strip_diacritics(TITLE),
    "capitals": TITLE.upper(),
    "punctuation": "“Một số giải pháp:  khoẻ hoá - thuỷ lực, cho máy đóng bao xi măng "
                   "(tại Công ty Xi măng Hoàng Thạch)”.",
    "lookalike letters": TITLE.replace("C", "\u0421").replace("máy", "m\u0430\u0301y").replace("bao", "ba\u03bf"),
}


@pytest.mark.parametrize("variant", sorted(SPELLINGS))
def test_spelling_variants_analyse_identically_and_score_100(variant):
    assert analyse(SPELLINGS[variant]) == analyse(TITLE)
    assert make_index(TITLE).search(SPELLINGS[variant]) == [Match("a", 100.0, True)]
    assert make_index(SPELLINGS[variant]).search(TITLE) == [Match("a", 100.0, True)]


@pytest.mark.parametrize(
    ("spelt_out", "abbreviated"),
    [
        ("Nâng cao ý thức an toàn vệ sinh lao động cho người lao động", "Nâng cao ý thức ATVSLĐ cho NLĐ"),
        ("Ứng dụng công nghệ thông tin trong hoạt động của công đoàn cơ sở", "Ứng dụng CNTT trong hoạt động của CĐCS"),
        ("Tuyên truyền pháp luật cho công nhân viên chức lao động", "Tuyên truyền pháp luật cho CNVCLĐ"),
        ("Giúp giáo viên hướng dẫn học sinh lớp 5 làm thí nghiệm", "Giúp GV hướng dẫn HS lớp 5 làm thí nghiệm"),
        ("Tuyên truyền pháp luật cho người lao động", "Tuyen truyen phap luat cho NLD"),
    ],
)
def test_abbreviations_match_what_they_stand_for(spelt_out, abbreviated):
    assert analyse(abbreviated) == analyse(spelt_out)
    assert make_index(spelt_out).search(abbreviated) == [Match("a", 100.0, True)]


RESTATEMENTS = [
    ("Giải pháp giảm tiêu hao điện năng cho máy nén khí",
     "Một số giải pháp giảm tiêu hao điện năng cho máy nén khí tại phân xưởng cơ khí"),
    ("Một số biện pháp rèn kỹ năng viết chữ đẹp cho học sinh lớp 2", "Rèn kỹ năng viết chữ đẹp cho học sinh lớp 2"),
    ("Ứng dụng phần mềm Excel trong quản lý kho vật tư tại Công ty Than Hà Lầm",
     "Tại Công ty Than Hà Lầm, ứng dụng phần mềm Excel trong quản lý kho vật tư"),
    ("Biện pháp nâng cao chất lượng bữa ăn ca cho công nhân",
     "Giải pháp cải thiện chất lượng bữa ăn giữa ca cho công nhân"),
    ("Tổ chức tập huấn trực tuyến về an toàn điện cho công nhân",
     "Tổ chức tập huấn online về an toàn điện cho công nhân"),
    ("Lắp đặt biến tần cho bơm cấp nước lò hơi", "Lắp inverter cho bơm cấp nước lò hơi"),
    ("Xây dựng quy trình thu gom rác thải nhựa tại khu nhà ở công nhân",
     "Xây dựng qui trình thu gom chất thải nhựa ở khu nhà ở công nhân"),
    ("Rèn kỹ năng đọc cho học sinh lớp Hai", "Rèn kỹ năng đọc cho học sinh lớp 2"),
    ("Chế tạo đồ gá hàn khung xe máy", "Thiết kế bộ gá hàn khung xe máy"),
]


@pytest.mark.parametrize(("original", "restated"), RESTATEMENTS)
def test_restatements_are_flagged_both_ways(original, restated):
    assert flagged(make_index(original), restated) == {"a"}
    assert flagged(make_index(restated), original) == {"a"}


LOOKALIKES = [
    ("Một số biện pháp nâng cao chất lượng đọc cho học sinh lớp 1",
     "Một số biện pháp nâng cao chất lượng giáo dục thể chất cho học sinh lớp 1"),
    ("Thiết kế bộ gá kẹp phôi cho máy tiện", "Thiết kế bộ gá kẹp phôi cho máy phay"),
    ("Cải tiến hệ thống bôi trơn cho máy nén khí", "Cải tiến hệ thống bôi trơn cho máy cán thép"),
    ("Ứng dụng Zalo trong quản lý đoàn viên công đoàn", "Ứng dụng Zalo trong tuyên truyền pháp luật lao động"),
    ("Một số biện pháp giúp học sinh lớp 3 học tốt môn Toán",
     "Một số biện pháp giúp học sinh lớp 3 học tốt môn Tiếng Anh"),
    ("Lắp đặt hệ thống điện mặt trời cho trường Tiểu học Kim Đồng",
     "Lắp đặt hệ thống camera cho trường Tiểu học Kim Đồng"),
]


@pytest.mark.parametrize(("first", "second"), LOOKALIKES)
def test_template_lookalikes_are_not_flagged_either_way(first, second):
    assert flagged(make_index(first), second) == set()
    assert flagged(make_index(second), first) == set()


def test_lookalike_may_be_listed_as_related_with_a_low_score():
    first, second = LOOKALIKES[0]
    [match] = make_index(first).search(second)
    assert (match.key, match.likely_duplicate, match.score < LIKELY_DUPLICATE) == ("a", False, True)


def _dev_pairs() -> list[tuple[str, str, str]]:
    if not DEV_PAIRS.is_file():
        pytest.skip(f"labelled development pairs not found at {DEV_PAIRS}")
    lines = DEV_PAIRS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def test_dev_pairs_in_a_two_record_index():
    pairs = _dev_pairs()
    assert {kind for kind, _, _ in pairs} == {"dup", "neg"}
    for kind, first, second in pairs:
        expected = {"b"} if kind == "dup" else set()
        index = make_index(first)
        assert flagged(index, second) == ({"a"} if kind == "dup" else set()), (kind, first, second)
        index = make_index("Tổ chức giải bóng đá công nhân", second)
        assert flagged(index, first) & {"b"} == expected, (kind, first, second)


def test_dev_pairs_embedded_in_a_generated_corpus():
    pairs = _dev_pairs()
    index = DuplicateIndex()
    for record in generate(3000, seed=5):
        index.add(("corpus", record.key), record.title, record.description)
    for number, (_, first, _) in enumerate(pairs):
        index.add(number, first)
    for number, (kind, first, second) in enumerate(pairs):
        assert flagged(index, second) & {number} == ({number} if kind == "dup" else set()), (kind, first, second)


RESTATEMENT_PAIRS = Path(__file__).with_name("restatement_pairs.tsv")


def _restatement_pairs() -> list[tuple[str, str, str, str]]:
    lines = RESTATEMENT_PAIRS.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def test_restatement_pairs_cover_every_kind_both_ways():
    pairs = _restatement_pairs()
    kinds = {(label, kind) for label, kind, _, _ in pairs}
    every = {"purpose", "head", "label", "quotes", "spelling", "abbreviation", "modifier", "place"}
    assert kinds == {(label, kind) for label in ("dup", "neg") for kind in every}


@pytest.mark.parametrize(("label", "kind", "first", "second"), _restatement_pairs())
def test_restatements_score_at_least_the_flag_and_lookalikes_clearly_below(label, kind, first, second):
    for stored, query in ((first, second), (second, first)):
        [match] = make_index(stored).search(query) or [Match("a", 0.0, False)]
        if label == "dup":
            assert (match.key, match.likely_duplicate) == ("a", True), (kind, stored, query, match.score)
        else:
            assert match.score <= LIKELY_DUPLICATE - 10, (kind, stored, query, match.score)


def test_restatement_pairs_embedded_in_a_generated_corpus():
    pairs = _restatement_pairs()
    index = DuplicateIndex()
    for record in generate(3000, seed=7):
        index.add(("corpus", record.key), record.title, record.description)
    for number, (_, _, first, _) in enumerate(pairs):
        index.add(number, first)
    for number, (label, kind, first, second) in enumerate(pairs):
        expected = {number} if label == "dup" else set()
        assert flagged(index, second) & {number} == expected, (kind, first, second)


def test_align_rewrites_only_what_is_spelt_otherwise():
    joined = analyse("Cải tiến xilanh thuỷ lực của máy ép gạch")
    assert align(analyse("Cải tiến xi-lanh thủy lực của máy ép gạch"), joined) == joined
    spelt_out = analyse("Tập huấn sơ cứu cho nhân viên bảo vệ")
    assert align(analyse("Tập huấn sơ cứu cho NV bảo vệ"), spelt_out) == spelt_out
    other = analyse("Cải tiến bơm thủy lực của máy ép gạch")
    assert align(joined, other) is joined


def test_a_tie_across_the_cut_of_the_pool_is_broken_by_the_tie_breaking_lists():
    planned = [(range(10), 1.0)]
    assert pool_of(planned, 3) == [0, 1, 2]
    assert pool_of(planned, 3, [([7, 8], 0.5), ([8, 50], 0.25)]) == [8, 7, 0]
    # No tie across the cut: the tie-breaking lists are not read.
    assert pool_of([(range(10), 1.0), ([4, 5, 6], 1.0)], 3, [([9], 5.0)]) == [4, 5, 6]
    # A tie across the cut: those above it stay, the tied ones are chosen by the tie-breaking lists.
    assert pool_of([(range(10), 1.0), ([4, 5], 1.0)], 3, [([9], 5.0)]) == [4, 5, 9]


def test_tie_breakers_are_the_next_rarest_terms_within_their_budget():
    sizes = {"a": 5, "b": 8, "c": 20, "d": 30, "e": 500}
    caps = Caps(postings_budget=13, tiebreak_budget=60, tiebreak_terms=3)
    plan = plan_postings(sizes, caps.postings_budget)
    assert plan == [("a", None), ("b", None)]
    assert plan_tiebreakers(sizes, plan, caps) == ["c", "d"]


def test_adding_an_existing_key_replaces_it():
    index = make_index("Cải tiến máy đóng bao xi măng tự động")
    index.add("a", "Lắp đặt hệ thống chống sét cho nhà điều hành")
    assert len(index) == 1
    assert index.search("Cải tiến máy đóng bao xi măng tự động") == []
    assert index.search("Lắp đặt hệ thống chống sét cho nhà điều hành") == [Match("a", 100.0, True)]


def test_remove_forgets_a_key_and_ignores_unknown_keys():
    index = make_index("Cải tiến máy đóng bao xi măng tự động", "Cải tiến máy đóng bao xi măng")
    index.remove("a")
    index.remove("never added")
    assert ("a" in index, len(index)) == (False, 1)
    assert [match.key for match in index.search("Cải tiến máy đóng bao xi măng tự động")] == ["b"]


def test_many_replacements_keep_results_right():
    index = DuplicateIndex()
    for round_ in range(1500):
        index.add("same", f"Sáng kiến số {round_} cải tiến máy dập thuỷ lực")
    index.add("other", "Cải tiến máy dập thuỷ lực")
    assert len(index) == 2
    assert [match.key for match in index.search("Sáng kiến số 1499 cải tiến máy dập thuỷ lực")] == ["same", "other"]


@pytest.mark.parametrize("blank", ["", "   ", "…", "tại, cho, của"])
def test_blank_queries_find_nothing(blank):
    index = make_index("Cải tiến máy đóng bao xi măng tự động")
    assert index.search(blank) == []


def test_blank_titles_are_indexed_but_never_found():
    index = make_index("", "Cải tiến máy đóng bao xi măng tự động")
    assert len(index) == 2
    assert [match.key for match in index.search("Cải tiến máy đóng bao xi măng tự động")] == ["b"]


def test_limit_caps_the_results():
    index = make_index(*["Thu gom và phân loại rác thải nhựa tại khu dân cư"] * 5)
    assert [match.key for match in index.search("Thu gom và phân loại rác thải nhựa tại khu dân cư", limit=3)] == [
        "a", "b", "c"]
    assert index.search("Thu gom và phân loại rác thải nhựa tại khu dân cư", limit=0) == []


def test_results_come_best_first():
    index = make_index(
        "Một số biện pháp nâng cao chất lượng giáo dục thể chất cho học sinh lớp 1",
        "Biện pháp nâng cao chất lượng đọc cho học sinh lớp 1 tại trường Tiểu học Kim Đồng",
        "Một số biện pháp nâng cao chất lượng đọc cho học sinh lớp 1",
    )
    results = index.search("Một số biện pháp nâng cao chất lượng đọc cho học sinh lớp 1")
    assert [(match.key, match.likely_duplicate) for match in results] == [("c", True), ("b", True), ("a", False)]
    assert [match.score for match in results] == sorted((match.score for match in results), reverse=True)


def test_description_adds_evidence_but_a_title_alone_works():
    original = "Giải pháp giảm thời gian chờ lấy mẫu xét nghiệm cho người bệnh ngoại trú"
    restated = "Giảm thời gian chờ của bệnh nhân khi lấy máu làm xét nghiệm"
    description = ("Bố trí thêm bàn lấy mẫu, cấp số thứ tự qua mã QR và nhắn tin trả kết quả qua Zalo, "
                   "thời gian chờ trung bình giảm từ 45 xuống 15 phút.")
    index = DuplicateIndex()
    index.add("a", original, description)
    [without] = index.search(restated)
    [with_description] = index.search(restated, description)
    assert (without.likely_duplicate, with_description.likely_duplicate) == (False, True)
    assert with_description.score > without.score


def test_different_descriptions_do_not_hide_a_copied_title():
    index = DuplicateIndex()
    index.add("a", "Cải tiến máy đóng bao xi măng tự động", "Thay cơ cấu cấp bao bằng xi lanh khí nén.")
    assert index.search("Cải tiến máy đóng bao xi măng tự động", "Lắp cảm biến đếm bao và màn hình.") == [
        Match("a", 100.0, True)]


def test_signature_round_trips_through_text():
    signature = analyse("Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng tại phân xưởng cơ khí",
                        "Gá kẹp bằng khí nén, thay phôi trong 10 giây.")
    assert Signature.loads(signature.dumps()) == signature
    assert signature.dumps() == (
        "che_tao ga kep phoi nhanh may phay dung\txuong co khi\t\tga kep bang khi nen thay phoi 10 giay"
    )
    assert "may phay" in signature.terms


def test_purpose_clause_is_stored_apart_and_three_part_signatures_still_load():
    signature = analyse("Cải tiến máy nén khí nhằm giảm tiêu hao điện tại phân xưởng cơ khí")
    assert signature.dumps() == "cai_tien may_nen_khi\txuong co khi\tgiam tieu hao dien\t"
    assert Signature.loads(signature.dumps()) == signature
    assert Signature.loads("cai_tien may_nen_khi\txuong co khi\tkhi nen") == Signature(
        ("cai_tien", "may_nen_khi"), ("xuong", "co", "khi"), ("khi", "nen"))


def test_score_is_pure_and_matches_the_index():
    first = analyse("Cải tiến quy trình thay dầu hộp số xe tải")
    second = analyse("Cải tiến qui trình thay dầu hộp số cho xe tải")
    assert score(first, second, prior_weight) == (100.0, True)
    assert score(first, analyse("Cải tiến quy trình vá lốp xe tải"), prior_weight)[1] is False
    assert score(first, analyse(""), prior_weight) == (0.0, False)


def test_template_words_weigh_less_than_distinctive_ones():
    assert prior_weight("bien_phap") < prior_weight("hoc_sinh") < prior_weight("4") < prior_weight("ngon")
    assert prior_weight("the chat") == 1.0
    assert prior_weight("nang_cao chat_luong") == prior_weight("bien_phap")


def test_corpus_rarity_refines_the_prior_as_the_corpus_grows():
    assert term_weight("ngon", 0, 0) == prior_weight("ngon")
    assert term_weight("ngon", 1, 1_000_000) > term_weight("ngon", 100_000, 1_000_000)
    assert term_weight("ngon", 1, 2) == pytest.approx(1.0, abs=0.01)



def test_a_label_before_a_colon_is_not_part_of_the_title():
    assert analyse("Tên giải pháp: Lắp van một chiều cho bồn nước") == analyse("Lắp van một chiều cho bồn nước")
    assert analyse("ĐỀ TÀI:  Lắp van một chiều cho bồn nước") == analyse("Lắp van một chiều cho bồn nước")
    # No space after the colon (a time), a long opening, or a single word after it: no label.
    assert analyse("Đổi ca lúc 5:30 cho tổ bảo vệ") != analyse("30 cho tổ bảo vệ")
    long_opening = "Phần mềm quản lý văn bản điện tử: ứng dụng tại trường"
    assert analyse(long_opening) != analyse("ứng dụng tại trường")
    assert analyse("Sáng kiến: Kaizen") != analyse("Kaizen")


def test_a_place_clause_opening_the_title_reads_as_if_it_closed_it():
    assert analyse("Tại kho vật tư, sắp xếp hàng hóa theo mã vạch") == analyse(
        "Sắp xếp hàng hóa theo mã vạch tại kho vật tư")
    # "Tai nạn" (an accident) opens no place clause, whatever the diacritics.
    assert analyse("Tai nạn lao động, nguyên nhân và cách phòng tránh").title[:2] == ("tai_nan", "lao_dong")
    assert analyse("Tai nan lao dong, nguyen nhan va cach phong tranh").title[:2] == ("tai_nan", "lao_dong")
    # An opening of function words alone is no place clause.
    assert analyse("Và các, cải tiến máy bơm nước") == analyse("cải tiến máy bơm nước")


def test_the_plan_reads_the_heaviest_terms_first_and_skips_what_the_budget_cannot_hold():
    sizes = {"label": 5, "rare": 8, "name": 9, "big": 30, "small": 2}
    weights = {"label": 0.5, "rare": 3.0, "name": 2.0, "big": 4.0, "small": 1.0}
    assert plan_postings(sizes, 20, weights) == [("rare", None), ("name", None), ("small", None)]
    # Nothing fits: the rarest term's newest postings.
    assert plan_postings({"a": 50, "b": 40}, 20, {"a": 2.0, "b": 1.0}) == [("b", 20)]


def test_tie_breakers_are_words_the_plan_does_not_hold_already():
    sizes = {"x y": 3, "x": 5, "y": 6, "z": 7, "w z": 2, "v": 9}
    caps = Caps(postings_budget=3, tiebreak_budget=100, tiebreak_terms=2)
    plan = plan_postings(sizes, caps.postings_budget)
    assert plan == [("w z", None)]
    assert plan_tiebreakers(sizes, plan, caps) == ["x", "y"]
    assert plan_tiebreakers(sizes, [("x y", None)], caps) == ["z", "v"]
