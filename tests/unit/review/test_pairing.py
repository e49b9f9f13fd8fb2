"""Pairing a stream of analysed initiatives, each against those before it, and counting the clusters."""

from review.duplicates import analyse
from review.pairing import PairFinder, count_clusters


def stream(*titles: str) -> PairFinder:
    finder = PairFinder()
    for doc, title in enumerate(titles, start=1):
        finder.add(doc, analyse(title).dumps())
    return finder


def test_identical_titles_however_spelt_pair_with_the_first_at_full_score():
    finder = stream("Cải tiến máy đóng bao xi măng tự động", "CẢI TIẾN MÁY ĐÓNG BAO XI MĂNG TỰ ĐỘNG",
                    "Cai tien may dong bao xi mang tu dong")

    assert finder.pairs == {(1, 2): 100.0, (1, 3): 100.0}


def test_a_restatement_pairs_with_its_original_and_a_look_alike_does_not():
    finder = stream("Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng",
                    "Thiết kế bộ gá khoan lỗ bích cho máy khoan cần",
                    "Thiết kế đồ gá kẹp nhanh phôi dùng cho máy phay đứng")

    assert list(finder.pairs) == [(1, 3)]
    assert finder.pairs[(1, 3)] >= 70.0


def test_a_title_with_nothing_to_compare_is_skipped():
    finder = stream("", "và của các")

    assert finder.pairs == {}


def test_clusters_are_the_groups_that_pairs_link():
    assert count_clusters([]) == 0
    assert count_clusters([(1, 2), (2, 3), (4, 5)]) == 2
    assert count_clusters([(1, 2), (3, 4), (2, 3)]) == 1
