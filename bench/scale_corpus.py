"""Plan-like distractor text for the scale benchmark, grown from the real sheets.

    .venv/bin/python bench/scale_corpus.py OUT_DIR --factor 10 [--docs docs_source] [--seed 0]

OUT_DIR becomes a documents folder (``ASSISTANT_DOCS_DIR``) holding the real plan texts unchanged plus
synthetic documents, so that the real sheets are still there to be found and everything else is a
distractor. The synthetic text totals (factor - 1) × the characters of the real sheets.

How a synthetic sheet is made (deterministic for a given seed):

* it starts from a real sheet (round robin over all of them) and keeps its field structure
  (【事業概要】, 【今後の予定】, …) and roughly its length;
* each field's sentences are drawn half from that sheet and half from the same field of other
  sheets, so no synthetic sheet repeats a real one and related topics compete with each other;
* every sentence is reworded: interchangeable phrases (推進/促進/進める, 事業者/企業, …) are swapped
  at random, and every number is changed (years shifted by a few years, other figures scaled by
  0.6–1.6), so near-duplicate detection or an embedding cache keyed on content cannot collapse them;
* titles are reworded the same way and prefixed with a region, as in a regional plan.

The synthetic sheets are written as ``text`` documents (``## title`` headings), one document per
multiple of the corpus ("地域循環経済計画 第k集"), so a 10× corpus is a prefix of the 100× corpus for
the same seed."""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.ingest.catalog import load_catalog  # noqa: E402
from assistant.models import Sheet  # noqa: E402

# Phrases that can stand for each other in plan prose; each occurrence picks one at random.
SYNONYMS = [
    ("推進する", "促進する", "進める"),
    ("取組", "取り組み", "施策"),
    ("事業者", "企業", "民間事業者"),
    ("支援", "後押し", "助成"),
    ("強化", "拡充", "充実"),
    ("構築", "整備", "形成"),
    ("検討", "検証", "調査"),
    ("拡大", "増加", "伸長"),
    ("実施", "実行", "展開"),
    ("目指す", "目標とする"),
    ("重要", "不可欠", "肝要"),
    ("図る", "目指す"),
    ("リサイクル", "再資源化", "再生利用"),
    ("回収", "収集"),
    ("技術開発", "研究開発"),
    ("実証", "実証試験"),
    ("普及", "浸透"),
    ("地方公共団体", "自治体"),
    ("関係省庁", "関係府省"),
    ("国内", "域内"),
    ("促進", "推進"),
    ("向上", "改善"),
    ("確保", "調達"),
    ("活用", "利活用", "利用"),
    ("導入", "採用"),
    ("周知", "広報"),
    ("連携", "協力"),
    ("必要", "求められる"),
]
REGIONS = ["北海道", "東北", "関東", "北陸", "中部", "近畿", "中国", "四国", "九州", "沖縄", "首都圏",
           "東海", "甲信越", "山陰", "瀬戸内"]
NUMBER_RE = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")
YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")
SENTENCE_RE = re.compile(r"[^。\n]+(?:。|\n|$)")
FIELD_RE = re.compile(r"^【[^】]+】$")
_SYN_RE = re.compile("|".join(sorted({re.escape(p) for g in SYNONYMS for p in g}, key=len, reverse=True)))
_SYN_OF = {p: g for g in SYNONYMS for p in g}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def reword(text: str, rng: random.Random) -> str:
    """The same sentence with interchangeable phrases swapped and every number changed."""
    text = _SYN_RE.sub(lambda m: rng.choice(_SYN_OF[m.group(0)]), text)
    return NUMBER_RE.sub(lambda m: _new_number(m.group(0), rng), text)


def _new_number(raw: str, rng: random.Random) -> str:
    plain = raw.translate(_FULLWIDTH)
    if YEAR_RE.match(plain):
        return str(int(plain) + rng.choice([-3, -2, -1, 1, 2, 3, 4, 5]))
    value = float(plain) * rng.uniform(0.6, 1.6)
    if "." in plain:
        return f"{value:.{len(plain.split('.')[1])}f}"
    new = max(1, round(value))
    return str(new + 1 if str(new) == plain else new)


def _units(sheet: Sheet) -> list[tuple[str, list[str]]]:
    """A sheet as (field header, sentences) pairs; text before any 【field】 has header ''."""
    units: list[tuple[str, list[str]]] = [("", [])]
    for line in sheet.text.splitlines():
        line = line.strip()
        if not line:
            continue
        if FIELD_RE.match(line):
            units.append((line, []))
        else:
            units[-1][1].extend(s.strip() for s in SENTENCE_RE.findall(line) if s.strip())
    return [(h, s) for h, s in units if h or s]


def synthetic_sheet(base: Sheet, pool: dict[str, list[str]], region: str, rng: random.Random) -> str:
    """One synthetic sheet (heading line and body) modelled on ``base``."""
    lines = [f"## {region}　{reword(base.title, rng)}"]
    for header, sentences in _units(base):
        if header:
            lines.append(header)
        others = pool.get(header) or sentences
        for i, sentence in enumerate(sentences):
            picked = sentence if i % 2 == 0 else rng.choice(others)
            lines.append(reword(picked, rng))
    return "\n".join(lines)


def sentence_pool(sheets: list[Sheet]) -> dict[str, list[str]]:
    pool: dict[str, list[str]] = {}
    for sheet in sheets:
        for header, sentences in _units(sheet):
            pool.setdefault(header, []).extend(sentences)
    return pool


def real_chars(sheets: list[Sheet]) -> int:
    return sum(len(s.text) for s in sheets)


def generate(out_dir: Path, factor: int, docs_dir: Path = ROOT / "docs_source", seed: int = 0) -> dict:
    """Write the real documents and (factor - 1) synthetic documents of the same size to ``out_dir``."""
    if factor < 1:
        raise ValueError("factor must be 1 or more")
    catalog = load_catalog(docs_dir)
    sheets = [s for s in catalog.sheets if s.text.strip()]
    if not sheets:
        raise ValueError(f"{docs_dir}: no sheets to grow a corpus from")
    out_dir.mkdir(parents=True, exist_ok=True)
    registry = yaml.safe_load((docs_dir / "registry.yaml").read_text(encoding="utf-8")) or {}
    entries = list(registry.get("documents", []))
    for entry in entries:
        shutil.copy2(docs_dir / entry["file"], out_dir / entry["file"])
    for extra in ("glossary.yaml",):
        if (docs_dir / extra).exists():
            shutil.copy2(docs_dir / extra, out_dir / extra)
    pool = sentence_pool(sheets)
    budget = real_chars(sheets)
    written = 0
    for k in range(1, factor):
        rng = random.Random(f"{seed}:{k}")  # one stream per copy: the 10× corpus is a prefix of 100×
        region = REGIONS[(k - 1) % len(REGIONS)]
        title = f"{region}地域循環経済計画 第{k}集（令和{rng.randint(7, 12)}年度）"
        parts, chars, i = [f"# {title}"], 0, 0
        while chars < budget:
            text = synthetic_sheet(sheets[i % len(sheets)], pool, region, rng)
            parts.append(text)
            chars += len(text)
            i += 1
        name = f"synthetic_{k:03d}.txt"
        (out_dir / name).write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        entries.append({"file": name, "title": title, "kind": "text"})
        written += chars
    registry["documents"] = entries
    (out_dir / "registry.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    return {"factor": factor, "real_chars": budget, "synthetic_chars": written,
            "documents": len(entries), "dir": str(out_dir)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out_dir", type=Path)
    p.add_argument("--factor", type=int, default=10)
    p.add_argument("--docs", type=Path, default=ROOT / "docs_source")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    print(generate(args.out_dir, args.factor, args.docs, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
