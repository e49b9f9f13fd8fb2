"""Rubrics as data: criteria with ranges, labelled bands and weights, thresholds that suggest an outcome, versions.

A rubric is plain frozen data, stored as JSON (``to_dict``/``from_dict``) by the council that uses it. A criterion
is scored in whole points from 0 to its maximum; its bands, when it has any, label ranges of those points (the
provincial sheet's novelty: entirely new 27–30, good improvement 21–26, …) and are offered as the choices. A
criterion with ``summed`` off is scored and shown but left out of the total; ``weight`` multiplies its points in
the total (0 makes it count for nothing, as in pretalx). Thresholds map a score on the 0–100 scale (the weighted
total as a share of the rubric's maximum, see ``scoring.aggregate``) to the outcome they suggest.

Versions: once a council has started scoring under a version, an edit makes the next version and leaves the old one
as it was, so every score keeps the rubric it was given under (``revise``).
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum


class Outcome(StrEnum):
    """What a council decides for an initiative (and what the thresholds suggest)."""

    NOT_RECOGNISED = "not_recognised"
    RECOGNISED = "recognised"  # recognised at this level
    FORWARDED = "forwarded"  # recognised and forwarded to the council above


@dataclass(frozen=True)
class Band:
    """A labelled range of points of one criterion, both ends included."""

    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Criterion:
    """One line of the score sheet."""

    key: str
    name: str
    max_points: int
    description: str = ""
    weight: float = 1.0
    bands: tuple[Band, ...] = ()
    summed: bool = True
    required: bool = True

    def points(self) -> list[int]:
        """Return every score the criterion accepts, lowest first."""
        return list(range(0, self.max_points + 1))

    def accepts(self, value) -> bool:
        """Tell whether value is a whole number of points within the range."""
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= self.max_points

    def band_of(self, value: int) -> Band | None:
        """Return the band holding value, if the criterion has bands."""
        return next((band for band in self.bands if band.low <= value <= band.high), None)

    def choices(self) -> list[tuple[str, list[int]]]:
        """Return the points grouped by band, highest band first (one unlabelled group when there are none)."""
        if not self.bands:
            return [("", self.points())]
        return [(band.label, list(range(band.low, band.high + 1)))
                for band in sorted(self.bands, key=lambda b: -b.high)]


@dataclass(frozen=True)
class Threshold:
    """A score on the 0–100 scale from which an outcome is suggested."""

    at_least: float
    outcome: Outcome


@dataclass(frozen=True)
class Rubric:
    """A versioned score sheet."""

    name: str
    criteria: tuple[Criterion, ...]
    thresholds: tuple[Threshold, ...] = ()
    version: int = 1

    def criterion(self, key: str) -> Criterion | None:
        """Return the criterion called key, if any."""
        return next((c for c in self.criteria if c.key == key), None)

    @property
    def summed(self) -> tuple[Criterion, ...]:
        """Return the criteria that count toward the total."""
        return tuple(c for c in self.criteria if c.summed)

    @property
    def max_total(self) -> float:
        """Return the highest weighted total the rubric allows."""
        return sum(c.max_points * c.weight for c in self.summed)

    def outcome_for(self, score: float | None) -> Outcome | None:
        """Return the outcome the thresholds suggest for a score on the 0–100 scale (None without a score)."""
        if score is None:
            return None
        reached = [t for t in self.thresholds if score >= t.at_least]
        if not reached:
            return Outcome.NOT_RECOGNISED if self.thresholds else None
        return max(reached, key=lambda t: t.at_least).outcome

    def to_dict(self) -> dict:
        """Return the rubric as JSON-ready values."""
        return {
            "name": self.name,
            "version": self.version,
            "criteria": [{"key": c.key, "name": c.name, "description": c.description, "max_points": c.max_points,
                          "weight": c.weight, "summed": c.summed, "required": c.required,
                          "bands": [{"label": b.label, "low": b.low, "high": b.high} for b in c.bands]}
                         for c in self.criteria],
            "thresholds": [{"at_least": t.at_least, "outcome": str(t.outcome)} for t in self.thresholds],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Rubric":
        """Return the rubric stored as data by to_dict."""
        return cls(
            name=data["name"], version=int(data.get("version", 1)),
            criteria=tuple(Criterion(key=c["key"], name=c["name"], description=c.get("description", ""),
                                     max_points=int(c["max_points"]), weight=float(c.get("weight", 1.0)),
                                     summed=bool(c.get("summed", True)), required=bool(c.get("required", True)),
                                     bands=tuple(Band(b["label"], int(b["low"]), int(b["high"]))
                                                 for b in c.get("bands", ())))
                           for c in data["criteria"]),
            thresholds=tuple(Threshold(float(t["at_least"]), Outcome(t["outcome"]))
                             for t in data.get("thresholds", ())),
        )


@dataclass(frozen=True)
class Problem:
    """Why a rubric cannot be used: a code, the criterion it concerns (its position, from 1), and details."""

    code: str
    position: int | None = None
    details: dict = field(default_factory=dict)


def check_rubric(rubric: Rubric) -> list[Problem]:
    """Return every problem of a rubric: names, ranges, bands within range and apart, a total to score on."""
    problems = []
    keys = [c.key for c in rubric.criteria]
    if not rubric.name.strip():
        problems.append(Problem("name_missing"))
    if not rubric.criteria:
        problems.append(Problem("no_criteria"))
    for n, c in enumerate(rubric.criteria, start=1):
        if not c.name.strip():
            problems.append(Problem("criterion_name_missing", n))
        if not c.key or keys.count(c.key) > 1:
            problems.append(Problem("criterion_key_repeated", n))
        if not 1 <= c.max_points <= 1000:
            problems.append(Problem("max_points_out_of_range", n))
        if c.weight < 0:
            problems.append(Problem("weight_negative", n))
        ordered = sorted(c.bands, key=lambda b: b.low)
        for band in ordered:
            if not band.label.strip() or not 0 <= band.low <= band.high <= c.max_points:
                problems.append(Problem("band_out_of_range", n, {"label": band.label}))
        for before, after in zip(ordered, ordered[1:], strict=False):
            if after.low <= before.high:
                problems.append(Problem("bands_overlap", n, {"label": after.label}))
    if rubric.criteria and rubric.max_total <= 0:
        problems.append(Problem("nothing_summed"))
    for t in rubric.thresholds:
        if not 0 <= t.at_least <= 100:
            problems.append(Problem("threshold_out_of_range", None, {"at_least": t.at_least}))
    return problems


def same_content(first: Rubric, second: Rubric) -> bool:
    """Tell whether two rubrics score alike (everything but the version number)."""
    return replace(first, version=0) == replace(second, version=0)


def revise(current: Rubric, edited: Rubric, *, scoring_started: bool) -> Rubric:
    """Return the edited rubric numbered as it must be stored: the next version once scoring has started under the
    current one, the same version otherwise (an unchanged rubric stays as it is)."""
    if same_content(current, edited):
        return current
    return replace(edited, version=current.version + 1 if scoring_started else current.version)


PROVINCIAL_TEMPLATE = Rubric(
    name="Phiếu chấm điểm sáng kiến (mẫu cấp tỉnh)",
    criteria=(
        Criterion("novelty", "Tính mới, tính sáng tạo", 30,
                  "So với giải pháp đã có trong cơ quan, đơn vị.",
                  bands=(Band("Hoàn toàn mới", 27, 30), Band("Cải tiến tốt", 21, 26), Band("Trung bình", 16, 20),
                         Band("Cải tiến nhỏ", 1, 15), Band("Không có tính mới hoặc sao chép", 0, 0))),
        Criterion("applicability", "Khả năng áp dụng, phạm vi ảnh hưởng", 30,
                  "Đã áp dụng hoặc áp dụng thử; có thể nhân rộng.",
                  bands=(Band("Áp dụng rộng trong toàn tỉnh, toàn ngành", 25, 30),
                         Band("Áp dụng ở nhiều đơn vị", 16, 24), Band("Áp dụng trong đơn vị", 6, 15),
                         Band("Khó áp dụng", 0, 5))),
        Criterion("effect", "Hiệu quả, lợi ích mang lại", 40,
                  "Giá trị làm lợi tính được bằng tiền, hoặc lợi ích xã hội, an toàn, môi trường.",
                  bands=(Band("Hiệu quả rất cao", 35, 40), Band("Hiệu quả cao", 25, 34),
                         Band("Hiệu quả trung bình", 15, 24), Band("Hiệu quả thấp", 1, 14),
                         Band("Không có hiệu quả", 0, 0))),
        Criterion("dossier", "Chất lượng hồ sơ (tham khảo, không cộng điểm)", 10,
                  "Trình bày đầy đủ, rõ ràng theo mẫu.", summed=False, required=False),
    ),
    thresholds=(Threshold(50, Outcome.RECOGNISED), Threshold(85, Outcome.FORWARDED)),
)
