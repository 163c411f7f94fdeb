"""Plain-text tables, the one renderer of the instructor's reports (``report.table``,
``coordinator.summary``): columns as wide as their widest value, two spaces apart."""

from __future__ import annotations

from collections.abc import Sequence


def render(rows: Sequence[Sequence[str]], align: str, header: bool = False) -> str:
    """The rows as aligned text, one line each (trailing spaces removed).

    ``align``: one letter per column, ``l`` (left) or ``r`` (right); a row may not have more
    columns than ``align`` has letters. ``header``: a rule of dashes under the first row.
    """
    if any(a not in "lr" for a in align):
        raise ValueError(f"align must hold only 'l' and 'r', not {align!r}")
    if any(len(row) > len(align) for row in rows):
        raise ValueError(f"a row has more columns than align {align!r} has letters")
    widths = [max((len(row[i]) for row in rows if i < len(row)), default=0) for i in range(len(align))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) if a == "l" else v.rjust(w) for v, w, a in zip(row, widths, align)).rstrip()

    lines = [line(row) for row in rows]
    if header and rows:
        lines.insert(1, line(["-" * w for w in widths[: len(rows[0])]]))
    return "\n".join(lines)
