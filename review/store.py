"""The duplicate index kept in the database, so that every app process searches the same, current index.

Indexing an initiative changes its ``dup_document`` row, its postings and the term and document counts in the
caller's transaction: the submission and its indexing commit together, and once committed every process (every
gunicorn worker, every app server over the same PostgreSQL) finds it on its next search. There is no cache to
invalidate: a search reads what it needs (a few hundred rows) and scores with the pure engine
(``review.duplicates.select_candidates`` and ``rank``), exactly as the in-memory ``DuplicateIndex`` does.

Counts change by upserts (``INSERT … ON CONFLICT DO UPDATE``) that add to the stored value, in term order, so
concurrent submissions on PostgreSQL wait for each other's rows instead of losing updates or deadlocking; on
SQLite writers take turns anyway.
"""

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import ARRAY, any_, bindparam, case, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db
from core.timeutil import utcnow
from initiatives.models import Initiative
from review.duplicates import TIE_TOLERANCE, Caps, Match, Signature, analyse, rank, select_candidates, term_weight
from review.models import DupDocument, DupPosting, DupStat, DupTerm

CAPS = Caps()
_STAT_ID = 1
_IN_CHUNK = 900  # bound parameters per IN list, well within every engine's limit
_REBUILD_BATCH = 1000


def description_of(initiative) -> str:
    """Return what describes an initiative beside its title: its solution, then its problem."""
    return f"{initiative.solution}\n{initiative.problem}"


def signature_of(initiative) -> Signature:
    """Analyse an initiative's title and description."""
    return analyse(initiative.title, description_of(initiative))


def index_initiative(initiative) -> None:
    """Index a submitted initiative, or re-index it with its current content, in the caller's transaction."""
    when = initiative.submitted_at or initiative.created_at or utcnow()
    index_signature(initiative.id, signature_of(initiative), unit_id=initiative.unit_id,
                    programme_id=initiative.programme_id, year=when.year)


def index_signature(initiative_id: int, signature: Signature, *, unit_id: int, programme_id: int, year: int) -> None:
    """Store a signature under an initiative, changing postings and counts by the difference from the last one."""
    stored = db.session.scalar(select(DupDocument.signature).where(DupDocument.initiative_id == initiative_id))
    old = Signature.loads(stored) if stored is not None else Signature(())
    new_all, old_all = signature.terms | signature.description_terms, old.terms | old.description_terms
    deltas = {term: [1, 0] for term in new_all - old_all} | {term: [-1, 0] for term in old_all - new_all}
    for term in signature.terms - old.terms:
        deltas.setdefault(term, [0, 0])[1] = 1
    for term in old.terms - signature.terms:
        deltas.setdefault(term, [0, 0])[1] = -1
    _add_term_counts(sorted((term, df, postings) for term, (df, postings) in deltas.items()))
    if added := sorted(signature.terms - old.terms):
        db.session.execute(DupPosting.__table__.insert(), [{"term": term, "initiative_id": initiative_id}
                                                            for term in added])
    if removed := sorted(old.terms - signature.terms):
        for chunk in _chunks(removed):
            db.session.execute(delete(DupPosting).where(DupPosting.initiative_id == initiative_id,
                                                        DupPosting.term.in_(chunk)))
    if dropped := [term for term, (df, _) in deltas.items() if df < 0]:
        for chunk in _chunks(sorted(dropped)):
            db.session.execute(delete(DupTerm).where(DupTerm.term.in_(chunk), DupTerm.df <= 0))
    values = {"signature": signature.dumps(), "unit_id": unit_id, "programme_id": programme_id, "year": year,
              "indexed_at": utcnow()}
    upsert = insert_for_engine(DupDocument).values(initiative_id=initiative_id, **values)
    db.session.execute(upsert.on_conflict_do_update(index_elements=["initiative_id"], set_=values))
    if stored is None:
        add_documents(1)


def add_documents(count: int) -> None:
    """Add to the number of indexed documents."""
    upsert = insert_for_engine(DupStat).values(id=_STAT_ID, documents=count)
    db.session.execute(upsert.on_conflict_do_update(index_elements=["id"],
                                                    set_={"documents": DupStat.documents + count}))


def _add_term_counts(rows: list[tuple[str, int, int]]) -> None:
    """Add (term, df, postings) to the stored counts, creating the terms not seen yet."""
    if not rows:
        return
    upsert = insert_for_engine(DupTerm).values(term=bindparam("t"), df=bindparam("d"), postings=bindparam("p"))
    upsert = upsert.on_conflict_do_update(index_elements=["term"], set_={
        "df": DupTerm.df + upsert.excluded.df, "postings": DupTerm.postings + upsert.excluded.postings})
    db.session.execute(upsert, [{"t": term, "d": df, "p": postings} for term, df, postings in rows])


def insert_for_engine(model):
    """Return an INSERT for the session's engine that supports ON CONFLICT."""
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def _chunks(values: list, size: int = _IN_CHUNK) -> Iterable[list]:
    """Split values into lists short enough for one IN clause."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


def document_count() -> int:
    """Return the number of indexed documents."""
    return db.session.scalar(select(DupStat.documents).where(DupStat.id == _STAT_ID)) or 0


def search_similar(title: str, description: str = "", limit: int = 10, exclude_id: int | None = None) -> list[Match]:
    """Return up to ``limit`` indexed initiatives most like this text, best first; Match.key is the initiative id."""
    return search_signature(analyse(title, description), limit, exclude_id)


def search_signature(query: Signature, limit: int = 10, exclude_id: int | None = None) -> list[Match]:
    """Search the stored index for an analysed initiative."""
    documents = document_count() if limit > 0 and query else 0
    if not documents:
        return []
    weights = _StoredWeights(documents)
    counts = weights.load(query.terms | query.description_terms)
    sizes = {term: counts[term] for term in query.terms if counts.get(term)}
    stored: dict[int, str] = {}

    def gather(plan: list[tuple[str, int | None, float]], size: int, tiebreakers: list[tuple[str, float]]) -> list[int]:
        pool = _pool(plan, size, exclude_id, tiebreakers)
        stored.update(pool)
        return list(pool)

    def units_of(docs: list[int]) -> list[set[str]]:
        return [_held_units(stored[doc]) for doc in docs]

    candidates = select_candidates(query, weights.__getitem__, sizes, gather, units_of, CAPS)
    signatures = {doc: Signature.loads(stored[doc]) for doc in candidates if doc in stored}
    weights.load(set().union(*(s.terms | s.description_terms for s in signatures.values())) - weights.keys())
    return [Match(doc, value, likely)
            for doc, value, likely in rank(query, signatures, signatures.__getitem__, weights.__getitem__, limit)]


def _pool(plan: list[tuple[str, int | None, float]], size: int, exclude_id: int | None,
          tiebreakers: list[tuple[str, float]] = ()) -> dict[int, str]:
    """Pool the planned postings in SQL, as review.duplicates.pool_of does in memory, and return the pool's stored
    signatures, best first: the engine sums the weights over thousands of postings and sends back only the pool.
    When more documents than the pool holds share the top rating, the tie-breaking terms decide between them."""
    if not plan:
        return {}
    term, newest, _ = plan[0]
    if newest is not None:
        # Only a term too common for the budget is sampled, and then alone: its newest postings, equal in weight.
        newest_docs = (select(DupPosting.initiative_id).where(DupPosting.term == term)
                       .order_by(DupPosting.initiative_id.desc()).limit(newest).subquery())
        doc, rating = newest_docs.c.initiative_id, literal(0.0)
        pooled = select(doc, rating.label("rating")).order_by(doc)
    else:
        doc, weight = DupPosting.initiative_id, case({term: literal(value) for term, _, value in plan},
                                                     value=DupPosting.term)
        pooled = (select(doc, func.sum(weight).label("rating")).where(_among(DupPosting.term, [t for t, _, _ in plan]))
                  .group_by(doc).order_by(func.sum(weight).desc(), doc))
    if exclude_id is not None:
        pooled = pooled.where(doc != exclude_id)
    pool = pooled.limit(size + 1).subquery()
    rows = db.session.connection().execute(
        select(DupDocument.initiative_id, DupDocument.signature, pool.c.rating)
        .join(pool, pool.c.initiative_id == DupDocument.initiative_id)
        .order_by(pool.c.rating.desc(), DupDocument.initiative_id)).all()
    if not tiebreakers or len(rows) <= size or rows[size].rating < rows[size - 1].rating - TIE_TOLERANCE:
        return {row.initiative_id: row.signature for row in rows[:size]}
    # More documents share the rating at the cut than the pool has room for: rate each of them on the
    # tie-breaking terms it holds, after every document rated above the cut.
    cut = rows[size - 1].rating
    above = {row.initiative_id: row.signature for row in rows[:size] if row.rating > cut + TIE_TOLERANCE}
    if newest is None:
        pooled = pooled.having(func.sum(weight).between(cut - TIE_TOLERANCE, cut + TIE_TOLERANCE))
    tied = pooled.order_by(None).subquery()
    bonus_weight = case({term: literal(value) for term, value in tiebreakers}, value=DupPosting.term)
    bonus = (select(func.coalesce(func.sum(bonus_weight), 0.0))
             .where(DupPosting.initiative_id == tied.c.initiative_id,
                    _among(DupPosting.term, [term for term, _ in tiebreakers]))
             .scalar_subquery())
    rated = select(tied.c.initiative_id, bonus.label("bonus")).subquery()
    best = (select(rated).order_by(rated.c.bonus.desc(), rated.c.initiative_id).limit(size - len(above))
            .subquery())
    rows = db.session.connection().execute(
        select(DupDocument.initiative_id, DupDocument.signature)
        .join(best, best.c.initiative_id == DupDocument.initiative_id)
        .order_by(best.c.bonus.desc(), DupDocument.initiative_id)).all()
    return above | dict(rows)


def _among(column, values: list):
    """Return ``column IN values``; on PostgreSQL as one array parameter, which it plans and parses faster."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(values, ARRAY(column.type)))
    return column.in_(values)


def _held_units(text: str) -> set[str]:
    """Return the title, place and purpose units of a stored signature without rebuilding it."""
    return set(text[:text.rindex("\t")].split())


class _StoredWeights(dict):
    """Term weights from the stored document frequencies, loaded in batches before they are needed."""

    def __init__(self, documents: int) -> None:
        super().__init__()
        self._documents = documents

    def load(self, terms: Iterable[str]) -> dict[str, int]:
        """Weigh terms from their stored counts; return the posting counts of those found."""
        postings: dict[str, int] = {}
        frequencies = dict.fromkeys(terms, 0)
        for chunk in _chunks(sorted(frequencies)):
            for term, df, count in db.session.connection().execute(
                    select(DupTerm.term, DupTerm.df, DupTerm.postings).where(_among(DupTerm.term, chunk))):
                frequencies[term], postings[term] = df, count
        for term, df in frequencies.items():
            self[term] = term_weight(term, df, self._documents)
        return postings

    def __missing__(self, term: str) -> float:
        # Only a term indexed after the batch was loaded gets here; weigh it as unseen.
        return term_weight(term, 0, self._documents)


def submitted_initiatives(batch_size: int = 1000) -> Iterable:
    """Yield every initiative ever submitted, in id order, a page at a time (only the columns indexing needs)."""
    columns = (Initiative.id, Initiative.title, Initiative.problem, Initiative.solution, Initiative.unit_id,
               Initiative.programme_id, Initiative.submitted_at, Initiative.created_at)
    last = 0
    while True:
        rows = db.session.execute(select(*columns).where(Initiative.submitted_at.is_not(None), Initiative.id > last)
                                  .order_by(Initiative.id).limit(batch_size)).all()
        yield from rows
        if len(rows) < batch_size:
            return
        last = rows[-1].id


def count_submitted() -> int:
    """Return how many initiatives were ever submitted."""
    return db.session.scalar(select(func.count()).select_from(Initiative).where(Initiative.submitted_at.is_not(None)))


def rebuild(initiatives: Iterable, on_progress=None) -> int:
    """Replace the whole index by the given initiatives, in the caller's transaction; return how many."""
    for model in (DupPosting, DupTerm, DupDocument, DupStat):
        db.session.execute(delete(model))
    frequencies: Counter = Counter()
    postings: Counter = Counter()
    count = 0
    batch: list = []
    for initiative in initiatives:
        batch.append(initiative)
        if len(batch) == _REBUILD_BATCH:
            count += len(_load(batch, frequencies, postings))
            batch = []
            if on_progress:
                on_progress(_REBUILD_BATCH)
    count += len(_load(batch, frequencies, postings))
    if on_progress and batch:
        on_progress(len(batch))
    rows = [{"term": term, "df": df, "postings": postings[term]} for term, df in sorted(frequencies.items())]
    for start in range(0, len(rows), _REBUILD_BATCH):
        db.session.execute(DupTerm.__table__.insert(), rows[start:start + _REBUILD_BATCH])
    add_documents(count)
    return count


def index_new(initiatives: list) -> list[tuple[int, str]]:
    """Index in bulk initiatives never indexed before, in the caller's transaction; return (id, stored signature)."""
    frequencies: Counter = Counter()
    postings: Counter = Counter()
    stored = _load(initiatives, frequencies, postings)
    _add_term_counts(sorted((term, df, postings[term]) for term, df in frequencies.items()))
    add_documents(len(stored))
    return stored


def _load(batch: list, frequencies: Counter, postings: Counter) -> list[tuple[int, str]]:
    """Insert a batch of documents and their postings; count their terms; return (id, stored signature)."""
    if not batch:
        return []
    now = utcnow()
    documents, posting_rows = [], []
    for initiative in batch:
        signature = signature_of(initiative)
        when = initiative.submitted_at or initiative.created_at
        documents.append({"initiative_id": initiative.id, "signature": signature.dumps(), "year": when.year,
                          "unit_id": initiative.unit_id, "programme_id": initiative.programme_id, "indexed_at": now})
        posting_rows.extend({"term": term, "initiative_id": initiative.id} for term in signature.terms)
        frequencies.update(signature.terms | signature.description_terms)
        postings.update(signature.terms)
    db.session.execute(DupDocument.__table__.insert(), documents)
    db.session.execute(DupPosting.__table__.insert(), posting_rows)
    return [(row["initiative_id"], row["signature"]) for row in documents]
