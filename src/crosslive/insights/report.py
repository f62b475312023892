"""What every insight answers with: named tables of rows, and their CSV form."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)

    def add(self, **cells: Cell) -> None:
        unknown = set(cells) - set(self.columns)
        if unknown:
            raise KeyError(f"{self.title}: unknown columns {sorted(unknown)}")
        self.rows.append({c: cells.get(c) for c in self.columns})

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if row[c] is None else _safe(row[c]) for c in self.columns])
        return out.getvalue()


def _safe(value: Cell) -> Cell:
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote such text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@dataclass
class Report:
    name: str
    filters: Mapping[str, Cell]
    tables: dict[str, Table]

    def as_json(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "filters": dict(self.filters),
            "tables": {key: t.as_json() for key, t in self.tables.items()},
        }
