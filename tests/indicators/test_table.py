"""The indicator table built with the index: the join across the two documents, its precision on the
hand-labelled pairs, and `python -m assistant indicators`."""
from __future__ import annotations

import json
import subprocess
import sys

from assistant.indicators.join import conflict, key
from assistant.models import Indicator, Value
from scripts.fit_indicator_join import judged, load_pairs
from tests.helpers import ROOT


def _row(table, name):
    return next(r for r in table.rows if key(name) == key(r.name))


def test_joined_rows_carry_both_documents(assistant):
    table = assistant.indicators
    reuse = _row(table, "リユース市場規模")
    assert reuse.join == "name" and reuse.inspection and reuse.measure
    assert reuse.latest.text == "34,986億円" and reuse.measure.target.text.endswith("4.6兆円")
    assert {q.doc for q in reuse.sources} == {"000_1412c9d0e289725a.txt", "002_dc7e15a85d2a7a74.txt"}
    clothes = _row(table, "家庭から廃棄される衣類の量")
    assert clothes.join == "dense" and "衣料品" in clothes.measure.name
    # a count of houses is not a share of the housing stock: never joined
    homes = _row(table, "認定長期優良住宅のストック数")
    assert homes.measure is None


def test_join_precision_on_labelled_pairs(assistant):
    labels = {(p["inspection"], p["measure"]): p["same"] for p in load_pairs()}
    result = judged(assistant.indicators.rows, labels)
    assert result["precision"] == 1.0 and result["recall"] >= 0.8 and result["unlabelled"] == 0, result


def test_conflicting_statements_are_not_joined():
    def ind(target: Value) -> Indicator:
        return Indicator("x", "d", "measure", "p", "s", target=target)

    assert conflict(ind(Value("倍増")), ind(Value("2.1万t/年", "", 21000.0, "トン/年")))
    assert conflict(ind(Value("10%", "2030年", 10.0, "%")), ind(Value("10%", "2035年", 10.0, "%")))
    assert not conflict(ind(Value("150自治体", "", 150.0, "自治体")), ind(Value("150", "2030年度まで", 150.0, "")))


def test_cli_prints_the_table(cli_env):
    proc = subprocess.run([sys.executable, "-m", "assistant", "indicators", "--json"], capture_output=True,
                          text=True, cwd=ROOT, env=cli_env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["counts"]["joined"] >= 4 and len(data["rows"]) == data["counts"]["rows"]
    text = subprocess.run([sys.executable, "-m", "assistant", "indicators"], capture_output=True, text=True,
                          cwd=ROOT, env=cli_env, timeout=600).stdout
    assert text.splitlines()[0].startswith("区分\t指標") and "リユース市場規模" in text
