"""The indicator table: built once per index build (``build``), saved beside the index
(``indicators.json``) and read back with it. Rows are ``IndicatorRow``s: a 点検 indicator with the 施策集
indicator it joins, or either alone."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from assistant.indicators.extract import extract
from assistant.indicators.join import Embed, join, similarities
from assistant.models import IndicatorRow, Sheet

log = logging.getLogger(__name__)
INDICATORS_VERSION = "2"  # bump when extraction or the join change: the index is then rebuilt
FILE = "indicators.json"


@dataclass
class IndicatorTable:
    rows: list[IndicatorRow] = field(default_factory=list)
    threshold: float = 0.0  # the join's cosine threshold the table was built with
    # the inverse frequency of each bigram among the names, made on first use (answer/indicator_answer.py)
    bigram_idf: dict[str, float] | None = field(default=None, repr=False, compare=False)
    # each part's title (Ⅲ-1 → its heading's words), read from the sheets on first use (answer/indicator_answer.py)
    part_titles: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def counts(self) -> dict:
        """How many indicators each document gave, and how many rows joined both."""
        per_doc: dict[str, int] = {}
        for r in self.rows:
            for ind in (r.inspection, r.measure):
                if ind:
                    per_doc[ind.doc] = per_doc.get(ind.doc, 0) + 1
        return {"rows": len(self.rows), "per_document": per_doc,
                "joined": sum(1 for r in self.rows if r.inspection and r.measure),
                "joined_by": {how: sum(1 for r in self.rows if r.join == how) for how in ("name", "dense")}}

    def to_json(self) -> dict:
        return {"version": INDICATORS_VERSION, "threshold": self.threshold,
                "rows": [r.to_json() for r in self.rows]}

    @classmethod
    def from_json(cls, data: dict) -> IndicatorTable:
        return cls([IndicatorRow.from_json(r) for r in data.get("rows", [])], float(data.get("threshold", 0.0)))

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> IndicatorTable:
        """The saved table, or an empty one when the build has none (the index stays usable)."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("no indicator table at %s (%s)", path, type(exc).__name__)
            return cls()
        if not isinstance(data, dict) or data.get("version") != INDICATORS_VERSION:
            return cls()
        return cls.from_json(data)


def build(sheets: list[Sheet], embed: Embed | None, threshold: float) -> IndicatorTable:
    """Every indicator of the sheets, the 点検 draft's joined with the 施策集's."""
    found = extract(sheets)
    inspection = [i for i in found if i.kind != "measure"]
    measures = [i for i in found if i.kind == "measure"]
    rows = join(inspection, measures, similarities(inspection, measures, embed), threshold)
    stated = {s.id: s.stated for s in sheets}
    for r in rows:
        names: list[str] = []
        for ind in (r.inspection, r.measure):
            for name in stated.get(ind.sheet_id, []) if ind else []:
                if name not in names:
                    names.append(name)
        r.ministries = names
    return IndicatorTable(rows, threshold)
