"""Pairing a stream of analysed initiatives, each against those before it, and counting the clusters; a stream
split into chunks, each primed with the documents before it, pairs exactly as the whole stream does."""

from review.duplicates import analyse
from review.pairing import PairFinder, count_clusters, spanning_links, split_ids

WORKS = ("máy đóng bao xi măng", "băng tải than", "lò hơi đốt trấu", "hệ thống chiếu sáng phân xưởng", "bơm nước thải",
         "máy nghiền đá vôi", "dây chuyền sơn tĩnh điện", "cầu trục nhà kho", "máy ép gạch không nung", "bể lắng bùn")
FORMS = ("Cải tiến {}", "CẢI TIẾN {}", "Cải tiến {} tại phân xưởng", "Tự động hoá {}", "Ứng dụng cảm biến cho {}",
         "Cai tien {}", "Giải pháp cải tiến {} nhằm giảm hao hụt")


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


def history() -> list[tuple[int, str]]:
    """Signatures of 70 initiatives, ids with gaps, each work restated and copied far apart in the stream."""
    titles = [form.format(work) for form in FORMS for work in WORKS]
    return [(3 * doc + 1, analyse(title).dumps()) for doc, title in enumerate(titles, start=1)]


def chunked(documents: list[tuple[int, str]], chunks: int) -> dict[tuple[int, int], float]:
    """Pair the documents chunk by chunk, each chunk in a finder of its own primed with every document before it."""
    pairs = {}
    for after, last in split_ids([doc for doc, _ in documents], chunks):
        finder = PairFinder()
        for doc, stored in documents:
            if doc <= after:
                finder.prime(doc, stored)
            elif doc <= last:
                finder.add(doc, stored)
        assert set(pairs).isdisjoint(finder.pairs)
        pairs.update(finder.pairs)
    return pairs


def test_ids_split_into_runs_of_equal_counts_bounded_by_ids():
    assert split_ids([], 3) == []
    assert split_ids([5], 3) == [(0, 5)]
    assert split_ids([2, 4, 6, 8, 10, 12], 1) == [(0, 12)]
    assert split_ids([2, 4, 6, 8, 10, 12], 2) == [(0, 6), (6, 12)]
    assert split_ids([2, 4, 6, 8, 10, 12, 14], 3) == [(0, 4), (4, 8), (8, 14)]
    assert split_ids([3, 9, 10], 5) == [(0, 3), (3, 9), (9, 10)]


def test_a_primed_document_is_indexed_but_paired_with_nothing():
    titles = ("Thiết kế bộ gá kẹp phôi nhanh cho máy phay đứng", "THIẾT KẾ BỘ GÁ KẸP PHÔI NHANH CHO MÁY PHAY ĐỨNG",
              "Thiết kế đồ gá kẹp nhanh phôi dùng cho máy phay đứng", "THIẾT KẾ BỘ GÁ KẸP PHÔI NHANH CHO MÁY PHAY ĐỨNG")
    primed = PairFinder()
    for doc, title in enumerate(titles[:2], start=1):
        primed.prime(doc, analyse(title).dumps())
    assert primed.pairs == {}

    for doc, title in enumerate(titles[2:], start=3):
        primed.add(doc, analyse(title).dumps())
    assert set(primed.pairs) == {(1, 3), (1, 4)}
    assert primed.pairs == {pair: value for pair, value in stream(*titles).pairs.items() if pair[1] > 2}


def test_chunks_primed_with_what_comes_before_them_pair_exactly_as_one_pass():
    documents = history()
    whole = PairFinder()
    for doc, stored in documents:
        whole.add(doc, stored)

    assert len(whole.pairs) >= 50
    assert any(first <= 70 * 3 // 2 < second for first, second in whole.pairs)  # pairs across the chunks' border
    for chunks in (2, 3, 7):
        assert chunked(documents, chunks) == whole.pairs


def test_spanning_links_link_the_same_clusters_with_no_pair_to_spare():
    pairs = [(1, 2), (2, 3), (1, 3), (4, 5), (5, 4), (6, 7), (3, 6)]

    assert spanning_links(pairs) == [(1, 2), (2, 3), (4, 5), (6, 7), (3, 6)]
    assert count_clusters(spanning_links(pairs[:3]) + spanning_links(pairs[3:])) == count_clusters(pairs) == 2
