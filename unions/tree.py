"""Check a union-tree import before anything is written (pure: no Flask, no database).

Rows come from a CSV or XLSX file; units already in the database are given as a mapping code -> level.
Every problem is reported against its row, and rows are returned parents-first for insertion.
"""

import re
from dataclasses import dataclass, field

from unions.levels import UnitLevel, may_contain, parse_level

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
MAX_NAME = 255


@dataclass
class TreeRow:
    """One row of a tree file as read, before checking (row is the 1-based line in the file)."""

    row: int
    code: str
    name: str
    level: str
    parent_code: str = ""
    members: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A problem on one row: a message key and its parameters, translated by the caller."""

    row: int
    column: str
    key: str
    params: tuple = ()


@dataclass
class CheckedUnit:
    """A row that passed every check, ready to insert."""

    row: int
    code: str
    name: str
    level: UnitLevel
    parent_code: str | None
    members: int


@dataclass
class TreeCheck:
    """The outcome of checking a file: problems per row, and the units in parents-first order."""

    problems: list[RowProblem] = field(default_factory=list)
    units: list[CheckedUnit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Tell whether the whole file may be written."""
        return not self.problems

    def rows_with_problems(self) -> list[int]:
        """Return the numbers of the rows that have problems, in order."""
        return sorted({problem.row for problem in self.problems})


def _check_fields(row: TreeRow, problems: list[RowProblem]) -> tuple[UnitLevel | None, int]:
    code, name = row.code.strip(), row.name.strip()
    if not code:
        problems.append(RowProblem(row.row, "code", "code_missing"))
    elif not CODE_PATTERN.match(code):
        problems.append(RowProblem(row.row, "code", "code_invalid", (code,)))
    if not name:
        problems.append(RowProblem(row.row, "name", "name_missing"))
    elif len(name) > MAX_NAME:
        problems.append(RowProblem(row.row, "name", "name_too_long", (MAX_NAME,)))
    level = parse_level(row.level)
    if level is None:
        problems.append(RowProblem(row.row, "level", "level_unknown", (row.level.strip(),)))
    members_text = str(row.members).strip().replace(".", "").replace(",", "").replace(" ", "")
    members = 0
    if members_text:
        if members_text.isdigit():
            members = int(members_text)
        else:
            problems.append(RowProblem(row.row, "members", "members_invalid", (str(row.members).strip(),)))
    return level, members


def check_tree(rows: list[TreeRow], existing: dict[str, UnitLevel], may_attach=None) -> TreeCheck:
    """Check rows against each other and the existing units; nothing may be written unless the result is ok.

    may_attach(parent_code or None) tells whether the importing user may add units under an existing unit
    (None: as a new root); by default anything may be attached.
    """
    result = TreeCheck()
    problems = result.problems
    first_row: dict[str, int] = {}
    parsed: dict[str, tuple[TreeRow, UnitLevel | None, int]] = {}
    for row in rows:
        level, members = _check_fields(row, problems)
        code = row.code.strip()
        if not code:
            continue
        if code in first_row:
            problems.append(RowProblem(row.row, "code", "code_duplicate", (code, first_row[code])))
            continue
        if code in existing:
            problems.append(RowProblem(row.row, "code", "code_exists", (code,)))
        first_row[code] = row.row
        parsed[code] = (row, level, members)

    for code, (row, level, _members) in parsed.items():
        parent_code = row.parent_code.strip()
        if not parent_code:
            if level is not None and not may_contain(None, level):
                problems.append(RowProblem(row.row, "parent_code", "parent_missing"))
            elif may_attach is not None and not may_attach(None):
                problems.append(RowProblem(row.row, "parent_code", "root_forbidden"))
            continue
        if parent_code == code:
            problems.append(RowProblem(row.row, "parent_code", "parent_self"))
            continue
        if parent_code in parsed:
            parent_level = parsed[parent_code][1]
        elif parent_code in existing:
            parent_level = existing[parent_code]
            if may_attach is not None and not may_attach(parent_code):
                problems.append(RowProblem(row.row, "parent_code", "parent_forbidden", (parent_code,)))
                continue
        else:
            problems.append(RowProblem(row.row, "parent_code", "parent_unknown", (parent_code,)))
            continue
        if level is not None and parent_level is not None and not may_contain(parent_level, level):
            problems.append(RowProblem(row.row, "level", "level_order", (str(level), parent_code, str(parent_level))))

    for code in _cycle_members(parsed):
        problems.append(RowProblem(parsed[code][0].row, "parent_code", "cycle", (code,)))

    problems.sort(key=lambda p: (p.row, p.column, p.key))
    if not problems:
        result.units = _parents_first(parsed)
    return result


def _cycle_members(parsed: dict[str, tuple[TreeRow, UnitLevel | None, int]]) -> list[str]:
    """Return the codes that lie on a parent loop within the file."""
    parent_of = {code: row.parent_code.strip() for code, (row, _, _) in parsed.items()}
    state: dict[str, int] = {}  # 1: on the current chain, 2: known to reach a root
    on_cycle: set[str] = set()
    for start in parent_of:
        chain: list[str] = []
        code = start
        while code in parent_of and code not in state:
            state[code] = 1
            chain.append(code)
            code = parent_of[code]
        if state.get(code) == 1:  # the chain ran into itself: everything from code onwards loops
            on_cycle.update(chain[chain.index(code):])
        for visited in chain:
            state[visited] = 2
    return sorted(on_cycle, key=lambda c: parsed[c][0].row)


def _parents_first(parsed: dict[str, tuple[TreeRow, UnitLevel | None, int]]) -> list[CheckedUnit]:
    """Order the checked rows so that every unit comes after its parent."""
    depth: dict[str, int] = {}

    def depth_of(code: str) -> int:
        chain = []
        while code in parsed and code not in depth:
            chain.append(code)
            code = parsed[code][0].parent_code.strip()
        base = depth.get(code, -1) if code in parsed else -1
        for item in reversed(chain):
            base += 1
            depth[item] = base
        return depth[chain[0]] if chain else depth[code]

    units = []
    for code, (row, level, members) in parsed.items():
        units.append((depth_of(code), row.row, CheckedUnit(row.row, code, row.name.strip(), level,
                                                            row.parent_code.strip() or None, members)))
    units.sort(key=lambda item: (item[0], item[1]))
    return [unit for _, _, unit in units]
