"""Award levels and the benefit thresholds of the Creative Labour certificate (Bằng Lao động sáng tạo).

The certificate's thresholds depend on the author's category: one or more solutions worth at least 80 million VND
(or at least 120 million over three years) for workers trained up to college level, 150 million for university
graduates, 200 million for managers. Co-authors' shares carry through: an author is credited with the benefit of
each of their recognised initiatives times their share of it. "One year" counts the initiatives of the programme's
year; "three years" that year and the two before. An initiative whose benefit cannot be computed adds nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class AuthorCategory(StrEnum):
    """An author's training or position, which sets their Creative Labour threshold."""

    WORKER = "worker"  # a worker trained up to college level
    GRADUATE = "graduate"  # a university graduate
    MANAGER = "manager"  # a manager


class AwardLevel(StrEnum):
    """The awards a council proposes, lowest first."""

    CERTIFICATE = "certificate"  # Giấy khen: from a grassroots or upper-level union
    MERIT = "merit"  # Bằng khen: from a province federation or the confederation
    CREATIVE_LABOUR = "creative_labour"  # Bằng Lao động sáng tạo: national, with benefit thresholds


ONE_YEAR_VND = {AuthorCategory.WORKER: 80_000_000, AuthorCategory.GRADUATE: 150_000_000,
                AuthorCategory.MANAGER: 200_000_000}
THREE_YEARS_VND = {AuthorCategory.WORKER: 120_000_000}
YEARS_COUNTED = 3


@dataclass(frozen=True)
class Contribution:
    """An author's part in one recognised initiative: its year, its benefit (None if not computable), their share."""

    year: int
    benefit_vnd: int | None
    share: Decimal | None  # percent

    @property
    def credited_vnd(self) -> int:
        """Return the benefit credited to the author: the benefit times their share, in whole dong."""
        if self.benefit_vnd is None or self.share is None:
            return 0
        return int(Decimal(self.benefit_vnd) * Decimal(self.share) / 100)


@dataclass(frozen=True)
class Eligibility:
    """Whether an author reaches the Creative Labour thresholds, and the figures that say why."""

    eligible: bool | None  # None while the author's category is not recorded
    reason: str  # no_category | one_year | three_years | below
    category: AuthorCategory | None
    one_year_vnd: int
    one_year_threshold: int | None
    three_years_vnd: int
    three_years_threshold: int | None


def creative_labour(category: AuthorCategory | None, contributions: Iterable[Contribution],
                    year: int) -> Eligibility:
    """Tell whether an author with these recognised contributions reaches the certificate's thresholds in year."""
    contributions = list(contributions)
    one_year = sum(c.credited_vnd for c in contributions if c.year == year)
    three_years = sum(c.credited_vnd for c in contributions if year - YEARS_COUNTED < c.year <= year)
    if category is None:
        return Eligibility(None, "no_category", None, one_year, None, three_years, None)
    category = AuthorCategory(category)
    one_threshold, three_threshold = ONE_YEAR_VND[category], THREE_YEARS_VND.get(category)
    if one_year >= one_threshold:
        reason = "one_year"
    elif three_threshold is not None and three_years >= three_threshold:
        reason = "three_years"
    else:
        reason = "below"
    return Eligibility(reason != "below", reason, category, one_year, one_threshold, three_years, three_threshold)
