"""Find the likely duplicate pairs within a stream of analysed initiatives, each against those before it (pure).

Used by sweeps over the stored index and by batches submitted at once (the Excel import). Initiatives whose title
analyses identically to an earlier one's are the same title however spelt (score 100): they are paired with the
first of them and not searched again, which spares most of the work in a history full of copies. The others are
searched in an in-memory ``DuplicateIndex`` with tighter work caps: only likely duplicates are wanted.
"""

from collections.abc import Sequence

from review.duplicates import Caps, DuplicateIndex, Signature

MATCHES_PER_DOCUMENT = 5  # earlier documents a document may be paired with; clusters link the rest


class _PairingIndex(DuplicateIndex):
    """A duplicate index with the work caps of a search for likely duplicates only, a million times over."""

    CAPS = Caps(postings_budget=2000, pool=60, rerank=8, tiebreak_budget=12_000)


class PairFinder:
    """Take documents in order; collect each one's likely duplicates among those taken before it."""

    def __init__(self) -> None:
        self._index = _PairingIndex()
        self._first_with_title: dict[str, int] = {}
        self.pairs: dict[tuple[int, int], float] = {}  # (earlier, later) -> score

    def add(self, doc: int, stored: str) -> None:
        """Take a document by id and stored signature (``Signature.dumps()``)."""
        signature = self._take(doc, stored, pair=True)
        if signature is None:
            return
        for match in self._index.search_signature(signature, MATCHES_PER_DOCUMENT):
            if match.likely_duplicate:
                self.pairs[(match.key, doc)] = match.score
        self._index.add_signature(doc, signature)

    def prime(self, doc: int, stored: str) -> None:
        """Take a document as ``add`` does but pair it with nothing: the finder is left exactly as ``add`` leaves
        it, so that the documents after it are paired as in one pass over all of them."""
        signature = self._take(doc, stored, pair=False)
        if signature is not None:
            self._index.add_signature(doc, signature)

    def _take(self, doc: int, stored: str, *, pair: bool) -> Signature | None:
        """Note a title's first occurrence (pair a repeated one with it); return the signature to search and index,
        None when there is none."""
        title_key = stored[:stored.rindex("\t")]
        first = self._first_with_title.get(title_key)
        if first is not None:
            if pair:
                self.pairs[(first, doc)] = 100.0
            return None
        signature = Signature.loads(stored)
        if not signature:
            return None
        self._first_with_title[title_key] = doc
        return signature


def split_ids(ids: Sequence[int], chunks: int) -> list[tuple[int, int]]:
    """Split ascending positive ids into at most ``chunks`` runs of as equal sizes as can be: (after, last) each, the
    run holding the ids above after up to last (the first run's after is 0)."""
    chunks = min(chunks, len(ids))
    bounds, after = [], 0
    for part in range(1, chunks + 1):
        last = ids[part * len(ids) // chunks - 1]
        bounds.append((after, last))
        after = last
    return bounds


def count_clusters(pairs) -> int:
    """Return how many groups of two or more documents the pairs link together (union-find)."""
    groups = _Groups()
    for first, second in pairs:
        groups.join(first, second)
    return len({groups.root(doc) for doc in groups})


def spanning_links(pairs) -> list[tuple[int, int]]:
    """Return the pairs that link their documents into the same groups with none to spare (a spanning forest):
    the union of several such lists links the same groups as the union of their pairs, in fewer pairs."""
    groups = _Groups()
    return [(first, second) for first, second in pairs if groups.join(first, second)]


class _Groups(dict):
    """Union-find over document ids: each maps to its parent."""

    def root(self, doc: int) -> int:
        self.setdefault(doc, doc)
        while self[doc] != doc:
            self[doc] = self[self[doc]]
            doc = self[doc]
        return doc

    def join(self, first: int, second: int) -> bool:
        """Put two documents in one group; tell whether they were apart."""
        top, other = self.root(first), self.root(second)
        self[top] = other
        return top != other
