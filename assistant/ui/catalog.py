"""The sheets the 施策一覧 tab shows: the catalog (the index's sheets once it is open, else one parse of the
documents), its keyword searches, and a sheet's row in the table."""
from __future__ import annotations

from assistant.ingest.ministries import FULL_NAMES
from assistant.ui import indicators as ind_ui
from assistant.ui.render import NO_OWNER, guessed
from assistant.ui.search import KeywordSearch, sheet_search


class Catalog:
    """The catalog: the index's sheets once it is open, otherwise one parse of the documents."""

    def __init__(self, assistant):
        self.a = assistant
        self._early = None
        self._glossary = None
        self._search: tuple | None = None  # (the catalog and glossary it was read from, the search)
        self._ind_search: tuple | None = None

    def all(self):
        if self.a.is_open:
            return self.a.sheets()
        if self._early is None:
            self._early = self.a.sheets()
        return self._early

    def get(self, sheet_id):
        found = self.a.sheet_map.get(sheet_id) if self.a.is_open else None
        return found or next((s for s in self.all() if s.id == sheet_id), None)

    def glossary(self):
        """The glossary (the index's once it is open, else one built from the parsed documents)."""
        if self.a.is_open:
            return self.a.glossary
        if self._glossary is None:
            from assistant.text.glossary import Glossary

            self._glossary = Glossary.of_sheets(self.all(), self.a.settings.docs_dir)
        return self._glossary

    def search(self) -> KeywordSearch:
        """The keyword search of the sheets, with the glossary's equivalents; read once per catalog
        (a rebuilt index gives a new one)."""
        sheets, glossary = self.all(), self.glossary()
        key = (id(sheets), id(glossary))
        if self._search is None or self._search[0] != key:
            self._search = (key, sheet_search(sheets, glossary))
        return self._search[1]

    def indicator_search(self, table) -> KeywordSearch:
        """The keyword search of the indicator table's rows (by name, then all they say)."""
        key = (id(table), id(self.glossary()))
        if self._ind_search is None or self._ind_search[0] != key:
            self._ind_search = (key, ind_ui.search(table, self.glossary()))
        return self._ind_search[1]


def top_section(section: str) -> str:
    return (section or "").split(" ＞ ")[0]


def names(sheet) -> list[str]:
    return list(dict.fromkeys([*sheet.stated, *(m.name for m in sheet.mentioned)]))


def ministries(sheet) -> list[str]:
    """The 府省庁 a sheet states or mentions (an organisation such as 経団連 is not one)."""
    return [n for n in names(sheet) if n in FULL_NAMES]


def sheet_cells(sheet) -> list:
    """A sheet's row in the 施策一覧 table (no id: the table's state keeps it)."""
    return [sheet.section, sheet.title + ("（推定）" if guessed(sheet) else ""),
            sheet.page if sheet.page is not None else "", "、".join(sheet.stated) or NO_OWNER,
            "、".join(m.name for m in sheet.mentioned), len(sheet.places) or 1]
