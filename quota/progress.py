"""Progress against targets, as arithmetic over plain numbers (pure).

- ``percent_of(count, target)``: the count as a percentage of the target, to one decimal, rounded half up
  (1,989 against 404 → 492.3); None when there is no target (or it is 0): "no target", never a division by zero.
- ``per_hundred(count, members)``: initiatives per 100 members, to one decimal; None without members.
- ``share(part, whole)``: a part of a whole (coverage: 195 of 204), None when the whole is 0.
- ``project(...)``: where a unit will stand on the programme's closing day at its current pace.
- ``split(total, weights)``: a target split among children in proportion to their members, in whole numbers
  that add up exactly (largest remainders).
- ``cumulative(daily)``: a running total by day, for the chart.

Percentages are ``Decimal`` values in percent (492.3), so what the page shows is exactly what was computed.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
# The pace of the last days says more about the next ones than the average since the programme opened.
PACE_WINDOW_DAYS = 14


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent_of(count: int, target: int | None) -> Decimal | None:
    """Return count as a percentage of target, to one decimal; None when there is no target to measure against."""
    if not target:
        return None
    return _rounded(Decimal(count) * 100 / Decimal(target))


def per_hundred(count: int, members: int) -> Decimal | None:
    """Return the initiatives per 100 members, to one decimal; None when the units have no members on record."""
    if not members:
        return None
    return _rounded(Decimal(count) * 100 / Decimal(members))


def share(part: int, whole: int) -> Decimal | None:
    """Return part of whole as a percentage, to one decimal (coverage: unions taking part of all unions)."""
    return percent_of(part, whole)


@dataclass(frozen=True)
class Projection:
    """Where a unit will stand when the programme closes, at the pace of its recent days."""

    per_day: Decimal  # initiatives a day over the pace window
    projected: int  # the count expected on the closing day
    percent: Decimal | None  # that count against the target
    needed_per_day: Decimal | None  # what it takes a day from now on to reach the target (None when reached or over)
    at_risk: bool  # the projection falls short of the target while the programme is still open


def project(count_now: int, count_window_ago: int, *, opens: date, closes: date, today: date,
            target: int | None) -> Projection:
    """Project the count on the closing day from the pace of the last PACE_WINDOW_DAYS (or since opening).

    count_window_ago is the count at the end of the day PACE_WINDOW_DAYS before today (0 before the opening).
    """
    today = min(max(today, opens), closes)
    elapsed = min(PACE_WINDOW_DAYS, (today - opens).days + 1)
    per_day = Decimal(count_now - count_window_ago) / Decimal(elapsed) if elapsed > 0 else Decimal(0)
    remaining = (closes - today).days
    projected = count_now + int((per_day * remaining).to_integral_value(rounding=ROUND_HALF_UP))
    needed = None
    if target and count_now < target:
        needed = _rounded(Decimal(target - count_now) / Decimal(remaining)) if remaining > 0 else None
    at_risk = bool(target) and count_now < target and projected < target and remaining > 0
    return Projection(_rounded(per_day), projected, percent_of(projected, target), needed, at_risk)


def pace_window_start(today: date) -> date:
    """Return the day whose closing count the pace is measured from."""
    return today - timedelta(days=PACE_WINDOW_DAYS)


def split(total: int, weights: Mapping[object, int]) -> dict[object, int]:
    """Split total among the keys in proportion to their weights, in whole numbers that add up to total exactly.

    Each key first gets the whole part of its exact share; the units left over go one each to the largest
    fractional remainders, ties to the larger weight, then to the key that sorts first. Without any weight the
    split is even, by the same rule.
    """
    if total < 0:
        raise ValueError("a target cannot be negative")
    keys = sorted(weights, key=str)
    if not keys:
        return {}
    weight_sum = sum(max(0, weights[key]) for key in keys)
    shares = {key: (Decimal(total) * max(0, weights[key]) / weight_sum) if weight_sum else
              Decimal(total) / len(keys) for key in keys}
    result = {key: int(shares[key]) for key in keys}
    left = total - sum(result.values())
    order = sorted(keys, key=lambda key: (-(shares[key] - result[key]), -weights[key], str(key)))
    for key in order[:left]:
        result[key] += 1
    return result


def cumulative(daily: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Return the running total of (day, change) pairs, by day."""
    total, series = 0, []
    by_day: dict[date, int] = {}
    for day, change in daily:
        by_day[day] = by_day.get(day, 0) + change
    for day in sorted(by_day):
        total += by_day[day]
        series.append((day, total))
    return series
