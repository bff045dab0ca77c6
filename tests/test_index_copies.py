"""Copies of a live index for tests and benchmarks (bench/app_process.py) hold every cached vector."""
from __future__ import annotations

import shutil
import sqlite3

from bench.app_process import copy_index, copy_sqlite


def _live_wal_db(path):
    """A WAL-mode database with rows that are, so far, only in its -wal file (the connection stays open)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)")
    db.executemany("INSERT INTO t VALUES (?, ?)", [(str(i), b"x" * 100) for i in range(500)])
    db.commit()
    return db


def _rows(path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT count(*) FROM t").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
    finally:
        db.close()


def test_a_file_copy_loses_what_the_wal_holds_and_copy_sqlite_does_not(tmp_path):
    live = _live_wal_db(tmp_path / "live.sqlite")
    try:
        shutil.copyfile(tmp_path / "live.sqlite", tmp_path / "plain.sqlite")
        assert _rows(tmp_path / "plain.sqlite") < 500  # the reason for copy_sqlite
        assert _rows(copy_sqlite(tmp_path / "live.sqlite", tmp_path / "whole" / "c.sqlite")) == 500
    finally:
        live.close()


def test_copy_index_copies_builds_as_they_are_and_the_cache_whole(tmp_path):
    src = tmp_path / "index"
    (src / "builds" / "b1").mkdir(parents=True)
    (src / "builds" / "b1" / "sheets.json").write_text("[]", encoding="utf-8")
    (src / "CURRENT").write_text("b1", encoding="utf-8")
    (src / ".CURRENT.123").write_text("half-written pointer", encoding="utf-8")
    (src / "cache").mkdir()
    live = _live_wal_db(src / "cache" / "embeddings.sqlite")
    try:
        out = copy_index(src, tmp_path / "copy")
    finally:
        live.close()
    assert (out / "CURRENT").read_text(encoding="utf-8") == "b1"
    assert (out / "builds" / "b1" / "sheets.json").read_text(encoding="utf-8") == "[]"
    assert not (out / ".CURRENT.123").exists()
    assert not list((out / "cache").glob("embeddings.sqlite-*"))  # one file, no stale -wal beside it
    assert _rows(out / "cache" / "embeddings.sqlite") == 500
