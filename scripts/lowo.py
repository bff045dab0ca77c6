"""Leave-one-writer-out scores (issue 27): for each writer's question set, the query stage's models are
fitted without it (scripts/fit_query.py --exclude WRITER, into a folder of their own) and the set is then
answered with those models (ASSISTANT_MODELS_DIR) and scored as `python -m assistant eval` scores it. The
generated training set is two writers, its template families A and B: family B is scored with the models
fitted on family A and the gold sets. The paraphrases (rewordings of dev and dev2) are scored with models
fitted without dev, dev2 and themselves. Each set is also scored with the models fitted on everything
(in-sample), to show what fitting on a set adds to its own score.

    .venv/bin/python scripts/lowo.py [--writers dev dev2 ...] [--json bench/lowo.json] [--write BENCHMARKS.md]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.report import write_section  # noqa: E402 - after the project is on the path

EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
PY = sys.executable
# writer -> (the question files scored, the writers left out of the fit)
FOLDS = {
    "dev": ([EVAL / "dev.jsonl", EVAL / "dev_multiturn.jsonl"], ["dev"]),
    "dev2": ([EVAL / "dev2.jsonl", EVAL / "dev2_multiturn.jsonl"], ["dev2"]),
    "dev3": ([EVAL / "dev3.jsonl", EVAL / "dev3_multiturn.jsonl"], ["dev3"]),
    "blind3": ([DATA / "blind3.jsonl", DATA / "blind3_multiturn.jsonl"], ["blind3"]),
    "blind4": ([DATA / "blind4.jsonl", DATA / "blind4_multiturn.jsonl"], ["blind4"]),
    "paraphrases": ([DATA / "paraphrases.jsonl", DATA / "paraphrases_multiturn.jsonl"], ["dev", "dev2"]),
    "generated-B": ([], ["generated-B"]),
}
METRICS = ("items", "answer_accuracy", "abstention_accuracy", "citation_precision", "hit@1", "answer_in_first_line")


def generated_family(family: str, path: Path, limit: int = 600) -> Path:
    """The generated questions of one template family, as a gold file (a deterministic sample)."""
    rows = [json.loads(line) for line in (ROOT / "training" / "generated.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    rows = [r for r in rows if r["family"] == family]
    step = max(1, len(rows) // limit)
    keep = ("id", "question", "history", "kind", "doc", "relevant", "answer_contains")
    with path.open("w", encoding="utf-8") as fh:
        for r in rows[::step][:limit]:
            fh.write(json.dumps({k: r[k] for k in keep if k in r}, ensure_ascii=False) + "\n")
    return path


def fit(exclude: list[str], out: Path, models: list[str]) -> None:
    cmd = [PY, str(ROOT / "scripts" / "fit_query.py"), "--out", str(out), "--models", *models, "--exclude", *exclude]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def score(files: list[Path], models_dir: Path | None) -> dict:
    """Each file's metrics (`python -m assistant eval --json`), items pooled over the files."""
    env = dict(os.environ)
    if models_dir is not None:
        env["ASSISTANT_MODELS_DIR"] = str(models_dir)
    out = {}
    for f in files:
        done = subprocess.run([PY, "-m", "assistant", "eval", "--json", str(f)], capture_output=True, text=True,
                              env=env, cwd=ROOT, check=True)
        out[f.name] = json.loads(done.stdout)["metrics"]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", nargs="*", default=list(FOLDS))
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "lowo.json")
    ap.add_argument("--write", type=Path)
    ap.add_argument("--report-only", action="store_true")
    args = ap.parse_args(argv)
    results = json.loads(args.json.read_text(encoding="utf-8")) if args.json.exists() else {}
    if not args.report_only:
        work = Path(tempfile.mkdtemp(prefix="lowo-"))
        full = ROOT / "assistant" / "query" / "weights"
        for writer in args.writers:
            files, exclude = FOLDS[writer]
            t = time.perf_counter()
            folder = work / writer
            folder.mkdir(parents=True)
            models = ["slots", "split", "about", "relation", "decline", "rerank"]
            if writer.startswith("generated-"):
                files = [generated_family(writer[-1], work / f"{writer}.jsonl")]
                models = ["roles", "asserted", "yesno", *models]
            else:  # the role tagger, the asserted-value and the yes-or-no models are fitted on the generated
                # set alone: the same in every gold writer's fold
                for name in ("roles", "asserted", "yesno"):
                    (folder / f"{name}.json").write_text((full / f"{name}.json").read_text(encoding="utf-8"),
                                                         encoding="utf-8")
            fit(exclude, folder, models)
            held = score(files, folder)
            fitted = score(files, None)
            results[writer] = {"held_out": held, "in_sample": fitted, "excluded": exclude,
                               "seconds": round(time.perf_counter() - t)}
            print(f"{writer}: " + "; ".join(f"{k}: held-out {v['answer_accuracy']} / in-sample "
                                            f"{fitted[k]['answer_accuracy']}" for k, v in held.items()), file=sys.stderr)
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.write:
        write_lowo(args.write, results)
    return 0


def table(results: dict) -> list[str]:
    rows = ["| set (writer) | file | items | answer accuracy held-out / in-sample | abstention | citation precision | "
            "hit@1 | value in first line |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for writer, r in results.items():
        for name, held in r["held_out"].items():
            fit = r["in_sample"][name]

            def pair(key: str, held=held, fit=fit) -> str:
                a, b = held.get(key), fit.get(key)
                return f"{a} / {b}" if a is not None else "–"

            rows.append(f"| {writer} | {name} | {held['items']} | {pair('answer_accuracy')} | "
                        f"{pair('abstention_accuracy')} | {pair('citation_precision')} | {pair('hit@1')} | "
                        f"{pair('answer_in_first_line')} |")
    return rows


START, END = "<!-- lowo:start -->", "<!-- lowo:end -->"


def write_lowo(path: Path, results: dict) -> None:
    generated = ROOT / "training" / "generated.jsonl"
    n = sum(1 for line in generated.read_text(encoding="utf-8").splitlines() if line.strip())
    lines = [START, "## Leave one writer out (issue 27)", "",
             "Command: `python scripts/lowo.py --write BENCHMARKS.md`. For each writer's set, the query stage's models "
             "(roles, slots, split, about, relation, decline, rerank; `scripts/fit_query.py`) are fitted without that writer "
             "and the set is answered with them (`ASSISTANT_MODELS_DIR`); beside it, the same set answered with the "
             f"models fitted on everything. The generated training set holds {n} questions "
             "(`scripts/generate_training.py`, two template families: family B is scored with models fitted on "
             "family A and the gold sets, on a sample of 600). The paraphrases reword dev and dev2: they are scored "
             "with models fitted without dev and dev2.", "", *table(results), "", END]
    # a section the benchmark report keeps when it rewrites the file (bench/report.py)
    write_section(path, START, END, "\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
