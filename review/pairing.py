"""Find the likely duplicate pairs within a stream of analysed initiatives, each against those before it (pure).

Used by sweeps over the stored index and by batches submitted at once (the Excel import). Initiatives whose title
analyses identically to an earlier one's are the same title however spelt (score 100): they are paired with the
first of them and not searched again, which spares most of the work in a history full of copies. The others are
searched in an in-memory ``DuplicateIndex`` with tighter work caps: only likely duplicates are wanted.
"""

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
        title_key = stored[:stored.rindex("\t")]
        first = self._first_with_title.get(title_key)
        if first is not None:
            self.pairs[(first, doc)] = 100.0
            return
        signature = Signature.loads(stored)
        if not signature:
            return
        self._first_with_title[title_key] = doc
        for match in self._index.search_signature(signature, MATCHES_PER_DOCUMENT):
            if match.likely_duplicate:
                self.pairs[(match.key, doc)] = match.score
        self._index.add_signature(doc, signature)


def count_clusters(pairs) -> int:
    """Return how many groups of two or more documents the pairs link together (union-find)."""
    parent: dict[int, int] = {}

    def root(doc: int) -> int:
        parent.setdefault(doc, doc)
        while parent[doc] != doc:
            parent[doc] = parent[parent[doc]]
            doc = parent[doc]
        return doc

    for first, second in pairs:
        parent[root(first)] = root(second)
    return len({root(doc) for doc in parent})
