"""Fits the query stage's models (assistant/query/weights/*.json) on the training questions: the generated
set (training/generated.jsonl, scripts/generate_training.py), the off-topic pool (training/offtopic.jsonl)
and the gold and own question sets, leaving out the writers named with --exclude (leave-one-writer-out:
scripts/lowo.py). Each model is a logistic regression over named features (assistant/query/features.py; the
decline model's in assistant/answer/decline.py, the reranker's in assistant/retrieve/rerank.py); its
regularisation is chosen by cross-validation over the training writers.

    .venv/bin/python scripts/fit_query.py [--models all | roles slots ...] [--fresh] [--exclude dev3] [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
DATA = ROOT / "tests" / "data"
TRAINING = ROOT / "training"
# each writer's files (one writer a set); the generated set is two writers, its template families
WRITERS = {
    "dev": [EVAL / "dev.jsonl", EVAL / "dev_multiturn.jsonl"],
    "dev2": [EVAL / "dev2.jsonl", EVAL / "dev2_multiturn.jsonl"],
    "dev3": [EVAL / "dev3.jsonl", EVAL / "dev3_multiturn.jsonl"],
    "blind3": [DATA / "blind3.jsonl", DATA / "blind3_multiturn.jsonl"],
    "blind4": [DATA / "blind4.jsonl", DATA / "blind4_multiturn.jsonl"],
}
GENERATED = TRAINING / "generated.jsonl"
OFFTOPIC = TRAINING / "offtopic.jsonl"
CS = (0.03, 0.1, 0.3, 1.0, 3.0)


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def generated(families=("A", "B")) -> list[dict]:
    rows = [json.loads(line) for line in GENERATED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["family"] in families]


def gold(writers) -> list[dict]:
    out = []
    for w in writers:
        for path in WRITERS[w]:
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        item = json.loads(line)
                        item["writer"] = w
                        out.append(item)
    return out


def normalised_spans(row: dict) -> tuple[str, list[tuple[int, int, str]]]:
    """The question NFKC-folded piece by piece, with its role spans moved along."""
    text, spans = "", []
    for s, e, label in row["spans"]:
        piece = nfkc(row["question"][s:e])
        spans.append((len(text), len(text) + len(piece), label))
        text += piece
    return text, spans


# ---- roles ---------------------------------------------------------------------------------------------
def role_samples(rows, vocab):
    from assistant.query.features import token_features
    from assistant.query.tokens import tokens

    X, y, groups = [], [], []
    for r in rows:
        text, spans = normalised_spans(r)
        toks = tokens(text)
        feats = token_features(toks, vocab)
        for t, f in zip(toks, feats, strict=True):
            label = next((lab for s, e, lab in spans if s <= t.start < e), "O")
            X.append(f)
            y.append(label)
            groups.append(r["family"])
    return X, y, groups


def fit_logistic(X, y, C: float, class_weight=None):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    M = vec.fit_transform(X)
    clf = LogisticRegression(C=C, max_iter=3000, class_weight=class_weight)
    clf.fit(M, y)
    return vec, clf


def to_weights(vec, clf) -> tuple[list[str], dict[str, list[float]], list[float]]:
    classes = [str(c) for c in clf.classes_]
    names = vec.get_feature_names_out()
    coef = clf.coef_
    if len(classes) == 2:  # one vector: the second class's log-odds
        import numpy as np

        coef = np.vstack([np.zeros_like(coef[0]), coef[0]])
        bias = [0.0, float(clf.intercept_[0])]
    else:
        bias = [float(b) for b in clf.intercept_]
    weights = {str(n): [float(coef[k][j]) for k in range(len(classes))] for j, n in enumerate(names)}
    return classes, weights, bias


def accuracy(vec, clf, X, y) -> float:
    if not X:
        return float("nan")
    pred = clf.predict(vec.transform(X))
    return sum(p == t for p, t in zip(pred, y, strict=True)) / len(y)


def choose_c(X, y, groups, held_out=None) -> tuple[float, dict]:
    """The C with the best mean held-out score over the groups (each group held out in turn): accuracy, or
    `held_out(vec, clf, indices)` of the held-out samples."""
    scores = {}
    kinds = sorted(set(groups))
    for C in CS:
        accs = []
        for g in kinds:
            tr = [i for i, x in enumerate(groups) if x != g]
            te = [i for i, x in enumerate(groups) if x == g]
            if not tr or not te:
                continue
            vec, clf = fit_logistic([X[i] for i in tr], [y[i] for i in tr], C)
            accs.append(held_out(vec, clf, te) if held_out else accuracy(vec, clf, [X[i] for i in te], [y[i] for i in te]))
        scores[C] = sum(accs) / len(accs) if accs else 0.0
    best = max(scores, key=lambda c: scores[c])
    return best, scores


# ---- slots, split, about ----------------------------------------------------------------------------------
# the gold kinds that say which slot is asked (a "summary" may ask for a briefing or for what a measure does:
# those are left to the generated questions; a "number" asks a figure but now and then a date)
KIND_SLOT = {"target": "target", "schedule": "date", "ministry": "owner", "ministry_unstated": "owner",
             "which_measure": "measures", "number": "figure"}
# a gold "summary" says only that no value is asked: its label is whichever of these the model fitted on the
# other questions finds likelier (a partial label), so that writers' summaries teach the model too
CONTENT_SLOTS = ("summary", "describe", "reason", "assessment")
# the regularisation of that preliminary model: the middle of CS (it only ranks four slots, not chosen by CV)
PRELIMINARY_C = 0.3


class Reading:
    """Tags questions with the fitted role model (once each)."""

    def __init__(self, a, vocab, folder):
        from assistant.query.linear import load

        self.a = a
        self.vocab = vocab
        self.roles = load("roles", str(folder))
        self.cache = {}

    def tagged(self, question: str):
        from assistant.query.roles import tag
        from assistant.query.slots import asking
        from assistant.query.tokens import tokens

        q = nfkc(question).strip()
        if q not in self.cache:
            self.cache[q] = asking(tag(tokens(q), self.vocab, self.roles))
        return self.cache[q]


def slot_samples(rows, gold_rows, reading):
    from assistant.query.slots import slot_features

    X, y, groups = [], [], []
    for r in rows:
        if not r["labels"]["answerable"] or r["labels"]["parts"] or not any(lab == "A" for _, _, lab in r["spans"]):
            continue  # (a question asking nothing of its own takes its slot from the conversation)
        X.append(slot_features(reading.tagged(r["question"])))
        y.append(r["labels"]["slot"])
        groups.append("gen-" + r["family"])
    for g in gold_rows:
        slot = KIND_SLOT.get(g["kind"])
        if slot == "figure" and any(w in g["question"] for w in ("いつ", "何年", "when", "When")):
            continue  # a "number" asked of a date
        if slot:
            X.append(slot_features(reading.tagged(g["question"])))
            y.append(slot)
            groups.append(g["writer"])
    content = [g for g in gold_rows if g["kind"] == "summary"]
    if content:
        vec, clf = fit_logistic(X, y, PRELIMINARY_C)
        classes = [str(c) for c in clf.classes_]
        feats = [slot_features(reading.tagged(g["question"])) for g in content]
        for g, f, p in zip(content, feats, clf.predict_proba(vec.transform(feats)), strict=True):
            X.append(f)
            y.append(max(CONTENT_SLOTS, key=lambda c: p[classes.index(c)] if c in classes else -1.0))
            groups.append(g["writer"])
    return X, y, groups


def asserted_samples(rows, reading):
    """Each date or figure of a generated question that asks with no question word: asserted (inside a
    span the generator labelled V) or not."""
    from assistant.query.asserted import span_features, value_spans
    from assistant.query.slots import interrogative

    X, y, groups = [], [], []
    for r in rows:
        text, spans = normalised_spans(r)
        toks = reading.tagged(text)
        if any(interrogative(t) for t in toks):
            continue
        for start, end in value_spans(toks):
            label = any(lab == "V" and s <= t.start < e for t in toks[start:end] for s, e, lab in spans)
            X.append(span_features(toks, start, end))
            y.append(int(label))
            groups.append("gen-" + r["family"])
    return X, y, groups


def yesno_samples(rows, reading):
    """Each generated question that asks with no question word: a check (it asks yes or no) or not."""
    from assistant.query.slots import interrogative
    from assistant.query.yesno import yes_no_features
    from assistant.text.normalize import has_japanese

    X, y, groups = [], [], []
    for r in rows:
        toks = reading.tagged(r["question"])
        if any(interrogative(t) for t in toks):
            continue
        X.append(yes_no_features(toks, not has_japanese(r["question"])))
        y.append(int(r["labels"]["check"] is not None))
        groups.append("gen-" + r["family"])
    return X, y, groups


def split_samples(rows, reading):
    """Coordinated subjects, as the gold spans give them: two subject spans joined by a coordinator (two
    parts), and one subject span with a coordinator inside (one name), cut at that coordinator."""
    from dataclasses import replace

    from assistant.query.parts import _coordinated, _runs, is_coordinator, split_features
    from assistant.query.tokens import tokens

    X, y, groups = [], [], []
    for r in rows:
        text, spans = normalised_spans(r)
        toks = [replace(t, role=next((lab for s, e, lab in spans if s <= t.start < e), "O")) for t in tokens(text)]
        subjects = {p["subject"] for p in r["labels"]["parts"]}
        two = len(r["labels"]["parts"]) > 1 and len(subjects) > 1
        if not two:  # a coordinator inside one subject span: cut there, as the tagger might
            toks = [replace(t, role="O") if t.role == "S" and is_coordinator(t) else t for t in toks]
        runs = _runs(toks, "S")
        if len(runs) < 2 or not _coordinated(toks, runs):
            continue
        X.append(split_features(toks, runs, reading.top, reading.written))
        y.append(int(two))
        groups.append("gen-" + r["family"])
    return X, y, groups


def about_samples(rows, gold_rows, reading, rng):
    import random as _random

    from assistant.query.about import about_features

    pool = [json.loads(line) for line in OFFTOPIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(p["text"], bool(p["about"]), "pool-" + str(i % 2)) for i, p in enumerate(pool)]
    gen = [r for r in rows if not r.get("history")]
    _random.Random(rng).shuffle(gen)
    items += [(r["question"], True, "gen-" + r["family"]) for r in gen[:900]]
    items += [(g["question"], True, g["writer"]) for g in gold_rows if g["kind"] != "unanswerable"]
    X, y, groups = [], [], []
    for text, about, group in items:
        q = nfkc(text).strip()
        found = reading.a.retriever.retrieve(q)
        X.append(about_features(reading.tagged(q), reading.vocab, found.closeness))
        y.append(int(about))
        groups.append(group)
    return X, y, groups


def relation_samples(rows, gold_rows, reading, a):
    """Questions after earlier ones: the generated conversations (labelled as made), the gold follow-ups
    (labelled by where their relevant sheet is: the latest topic's, an earlier one's, or neither), and
    every gold single-turn question after an unrelated one of its set (new)."""
    from assistant.evaluation import unrelated_partner
    from assistant.query.conversation import Earlier, relation_features
    from assistant.retrieve.followup import search_text
    from assistant.text.normalize import norm

    queries = reading.queries
    texts = {s.id: norm(s.text) for s in a.sheets()}

    def earlier_of(history):
        out = []
        for q in history:  # read alone (the generated histories are), with what a list answer listed
            req = queries.read_alone(q)
            e = Earlier(q, req, a.retriever.retrieve(search_text(req)), req.about)
            if req.slot == "measures" and e.retrieval.hits:
                e.listed = a.reader.listing(e)
            out.append(e)
        return out

    def features(question, history):
        req = queries.read_alone(question)
        own = a.retriever.retrieve(search_text(req))
        earlier = earlier_of(history)
        return relation_features(req, own, earlier, a.lines.sheet_tokens, a.lines.sheet_idf, a.reader.words), earlier

    X, y, groups = [], [], []
    for r in rows:
        if r.get("history"):
            f, _ = features(r["question"], r["history"])
            X.append(f)
            y.append(r["labels"]["relation"])
            groups.append("gen-" + r["family"])
    for g in gold_rows:
        if not g.get("history") or not g.get("relevant"):
            continue
        f, earlier = features(g["question"], g["history"])
        relevant = {sid for sid, t in texts.items() for group in g["relevant"][:1] for snip in group if norm(snip) in t}
        topics = [e.topic for e in earlier]
        if topics and topics[-1] in relevant:
            label = "follow"
        elif any(t in relevant for t in topics[:-1]):
            label = "return"
        else:
            label = "new"
        X.append(f)
        y.append(label)
        groups.append(g["writer"])
    singles = [g for g in gold_rows if not g.get("history")]
    by_writer = {}
    for g in singles:
        by_writer.setdefault(g["writer"], []).append(g)
    for w, items in by_writer.items():
        for i, g in enumerate(items):
            partner = unrelated_partner(items, i, {k: v for k, v in ((s.id, s.text) for s in a.sheets())})
            if partner is None:
                continue
            f, _ = features(g["question"], [partner["question"]])
            X.append(f)
            y.append("new")
            groups.append(w)
    # a generated question asked after an unrelated one (about another sheet) is new, as the gold singles
    # are: the situation `eval --after-unrelated` measures, in the generated set's many phrasings (English
    # among them, whose follow-ups the set also holds)
    import random as _random

    pick = _random.Random(RELATION_SEED)
    singles = [r for r in rows if not r.get("history") and r["labels"]["answerable"] and r.get("source")
               and not r["labels"].get("parts")]
    for r in pick.sample(singles, min(UNRELATED_SAMPLES, len(singles))):
        partner = pick.choice(singles)
        if partner["source"] == r["source"]:
            continue
        f, _ = features(r["question"], [partner["question"]])
        X.append(f)
        y.append("new")
        groups.append("gen-" + r["family"])
    # a message of the off-topic pool after a generated conversation is new: one not about the plan is no
    # follow-up of it, and one about it (a look-alike question with a subject of its own) starts a topic; a
    # follow-up is read as one by what it says, not because something came before it
    histories = [r["history"] for r in rows if r.get("history")]
    pool = [json.loads(line) for line in OFFTOPIC.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i, p in enumerate(pool):
        if not histories:
            break
        f, _ = features(p["text"], pick.choice(histories))
        X.append(f)
        y.append("new")
        groups.append("pool-" + str(i % 2))
    return X, y, groups


RELATION_SEED = 11
UNRELATED_SAMPLES = 800  # generated singles asked after an unrelated one (about as many as the gold sets give)


def decline_samples(rows, gold_rows, a, rng):
    """The decline model's features at the composer's decision, for every gold question and a sample of
    the generated ones, labelled by whether the plan answers them."""
    import random as _random

    from assistant.answer import decline

    items = [(g["question"], g.get("history"), g["kind"] == "unanswerable", g["writer"]) for g in gold_rows]
    gen = [r for r in rows if not r.get("history")]
    _random.Random(rng).shuffle(gen)
    declined = [r for r in gen if not r["labels"]["answerable"]]
    answered = [r for r in gen if r["labels"]["answerable"]][:900]
    items += [(r["question"], None, not r["labels"]["answerable"], "gen-" + r["family"]) for r in declined + answered]
    X, y, groups = [], [], []
    for question, history, unanswerable, group in items:
        with decline.recording() as seen:
            a.ask(question, history=history)
        if seen:
            X.append(seen[0])
            y.append(int(unanswerable))
            groups.append(group)
    return X, y, groups


def rerank_samples(rows, gold_rows, a):
    """The rerank model's features of each of the first sheets retrieval finds for a question, labelled by
    whether the sheet answers it: the generated question's own sheet, a gold question's relevant sheets
    (a sheet holding one of a group's snippets)."""
    from assistant.evaluation import relevant_sheets
    from assistant.retrieve.followup import search_text
    from assistant.retrieve.rerank import features
    from assistant.text.normalize import norm

    texts = {s.id: norm(s.text) for s in a.sheets()}
    items = [(r["question"], {r["source"]}, "gen-" + r["family"]) for r in rows
             if not r.get("history") and r["labels"]["answerable"] and r.get("source")]
    items += [(g["question"], relevant_sheets(g, texts), g["writer"]) for g in gold_rows
              if not g.get("history") and g["kind"] != "unanswerable" and g.get("relevant")]
    X, y, groups, asked = [], [], [], []
    reader = a.reader
    for k, (question, relevant, group) in enumerate(items):
        req = reader.queries.read_alone(question)
        hits = reader.retrieve(search_text(req)).hits
        for h, f in zip(hits, features(req, req.parts[0], hits, reader.sheet_tokens, reader.idf), strict=False):
            X.append(f)
            y.append(int(h.sheet.id in relevant))
            groups.append(group)
            asked.append(k)
    return X, y, groups, asked


def first_right(vec, clf, X, y, asked) -> float:
    """The share of questions whose likeliest sheet (the first of fusion's order on a tie) answers them."""
    p = clf.predict_proba(vec.transform(X))[:, list(clf.classes_).index(1)]
    best: dict[int, tuple[float, int]] = {}
    for i, k in enumerate(asked):
        if k not in best or p[i] > best[k][0]:
            best[k] = (p[i], y[i])
    return sum(v for _, v in best.values()) / max(1, len(best))


def fit_rerank(X, y, groups, asked, out, meta):
    """The rerank model, its C chosen by the share of questions whose first sheet is right, each group
    held out in turn (what reranking is for, rather than the accuracy over every candidate)."""
    from assistant.query.linear import save

    C, scores = choose_c(X, y, groups, lambda vec, clf, te: first_right(
        vec, clf, [X[i] for i in te], [y[i] for i in te], [asked[i] for i in te]))
    vec, clf = fit_logistic(X, y, C)
    classes, weights, bias = to_weights(vec, clf)
    # fusion's first sheet, scored as the held-out figures are (the mean over the groups)
    firsts = [(groups[i], y[i]) for i, f in enumerate(X) if "rank=0" in f]
    fused = sum(sum(v for g2, v in firsts if g2 == g) / sum(1 for g2, _ in firsts if g2 == g)
                for g in set(groups)) / len(set(groups))
    save(out / "rerank.json", classes, weights, bias,
         {"samples": len(y), "questions": len(set(asked)), "C": C, "first_right_cv": scores,
          "first_right_fusion": round(fused, 4),
          "groups": dict(Counter(groups)), **meta})
    print(f"rerank: {len(set(asked))} questions, C={C}, first sheet right: fusion {fused:.4f}, held-out by C "
          f"{scores}", file=sys.stderr)


def fit_and_save(name, X, y, groups, out, meta=None, class_weight=None):
    from assistant.query.linear import save

    C, scores = choose_c(X, y, groups)
    vec, clf = fit_logistic(X, y, C, class_weight)
    classes, weights, bias = to_weights(vec, clf)
    save(out / f"{name}.json", classes, weights, bias,
         {"samples": len(y), "C": C, "cv": scores, "labels": {str(k): v for k, v in Counter(y).items()},
          "groups": dict(Counter(groups)), **(meta or {})})
    print(f"{name}: {len(y)} samples, C={C}, held-out accuracy by C {scores}", file=sys.stderr)


# the order the models are fitted in: each reads questions with the ones fitted before it (the slot model
# reads the role tagger's tags, the reranker the whole reading, the relation model the reranked earlier
# turns, the decline model everything), so fitting them in this order from the bootstrap is a function of
# the code and the training data alone
ORDER = ("roles", "asserted", "yesno", "slots", "split", "about", "rerank", "relation", "decline")


def bootstrap(out: Path, fresh: bool) -> None:
    """Weights for every model not yet in `out`: the shipped ones, or (fresh) one class each ("new"
    relation, not declined, nothing reranked), which the fits below replace in order."""
    from assistant.query.linear import save
    from assistant.query.read import MODELS

    out.mkdir(parents=True, exist_ok=True)
    for name in MODELS:
        if (out / f"{name}.json").exists():
            continue
        src = ROOT / "assistant" / "query" / "weights" / f"{name}.json"
        if src.exists() and not fresh:
            (out / f"{name}.json").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            save(out / f"{name}.json", ["new" if name == "relation" else "0"], {}, [0.0], {"bootstrap": True})


def serving(out: Path):
    """An assistant answering with the models in `out` as they are now (read afresh: a model fitted a
    moment ago is what the next one's samples are read with), and a Reading over it."""
    from assistant.query.features import Vocabulary
    from assistant.query.linear import load
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from assistant.text.normalize import norm

    load.cache_clear()
    a = Assistant(load_settings().model_copy(update={"models_dir": out}))
    a.ensure_index()
    vocab = Vocabulary(a.lines.sheet_idf, len(a.lines.sheets))
    reading = Reading(a, vocab, out)
    reading.top = lambda qs: [[(h.sheet.id, h.score) for h in a.retriever.retrieve(nfkc(q)).hits[:5]] for q in qs]
    reading.written = lambda phrase: any(norm(phrase) in a.lines.norm_text(s.id) for s in a.sheets())
    reading.queries = a.reader.queries
    return a, reading


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="*", default=["roles"], help=f"any of {' '.join(ORDER)}, or all")
    ap.add_argument("--exclude", nargs="*", default=[])
    ap.add_argument("--out", type=Path, default=ROOT / "assistant" / "query" / "weights")
    ap.add_argument("--fresh", action="store_true",
                    help="start every model not fitted here from nothing rather than from the shipped weights")
    args = ap.parse_args(argv)
    from assistant.query.linear import save

    wanted = ORDER if "all" in args.models else tuple(m for m in ORDER if m in args.models)
    unknown = set(args.models) - set(ORDER) - {"all"}
    if unknown:
        ap.error(f"unknown model(s): {' '.join(sorted(unknown))}; choose from {' '.join(ORDER)} or all")
    if args.fresh:  # every model, fitted from nothing: the bootstrap weights of a fresh folder
        for name in ORDER:
            (args.out / f"{name}.json").unlink(missing_ok=True)
    bootstrap(args.out, args.fresh)
    fams = [f for f in ("A", "B") if f"generated-{f}" not in args.exclude]
    writers = [w for w in WRITERS if w not in args.exclude]
    gold_rows = gold(writers)
    rows = generated(fams)
    for name in wanted:
        a, reading = serving(args.out)
        if name == "roles":
            # the tagger is fitted on the first version's questions: fitted on the dated checks as well, it read
            # a date before a particle (「2031年から」) as framing, and lost answers on the gold sets
            X, y, groups = role_samples([r for r in rows if r.get("version", 1) == 1], reading.vocab)
            C, scores = choose_c(X, y, groups) if len(fams) > 1 else (0.3, {})
            vec, clf = fit_logistic(X, y, C)
            classes, weights, bias = to_weights(vec, clf)
            save(args.out / "roles.json", classes, weights, bias,
                 {"samples": len(y), "C": C, "cv": scores, "labels": dict(Counter(y)), "families": fams})
            print(f"roles: {len(y)} words, C={C}, held-out family accuracy {scores}", file=sys.stderr)
        elif name == "asserted":
            fit_and_save("asserted", *asserted_samples(rows, reading), args.out)
        elif name == "yesno":
            fit_and_save("yesno", *yesno_samples(rows, reading), args.out)
        elif name == "slots":
            fit_and_save("slots", *slot_samples(rows, gold_rows, reading), args.out, {"writers": writers})
        elif name == "split":
            fit_and_save("split", *split_samples(rows, reading), args.out)
        elif name == "about":
            fit_and_save("about", *about_samples(rows, gold_rows, reading, 5), args.out, {"writers": writers})
        elif name == "rerank":
            fit_rerank(*rerank_samples(rows, gold_rows, a), args.out, {"writers": writers})
        elif name == "relation":
            fit_and_save("relation", *relation_samples(rows, gold_rows, reading, a), args.out, {"writers": writers})
        elif name == "decline":
            fit_and_save("decline", *decline_samples(rows, gold_rows, a, 11), args.out, {"writers": writers})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
