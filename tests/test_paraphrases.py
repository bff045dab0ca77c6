"""The paraphrase suite (tests/data/): two rewordings of every dev and dev2 question, written by a
helper session that had not read the code, scored exactly as the gold sets are; and blind3, 60 new
questions and 10 follow-ups a helper wrote from the plan texts alone (neither the code nor the gold
sets), first measured before any change was made for them; and blind4, 99 questions and 40
conversations in the styles of the hidden sets (briefings, owner checks, terse queries, English,
near-miss premises), also first measured before any change; and blind5, 99 questions and 28
conversations written the same way before the query stage was built (issues 27 and 28), scored once at
the end and never fitted on; and blind6 to blind24, 90 questions and 22 conversations each, written the
same way at the start of the next twenty-two sessions, each scored before its session's changes and once
at its end (blind27 to blind35, the twenty-third to thirty-first sessions', at their start and at their
end). The floors are the figures measured when the suite was added, less a small margin (BENCHMARKS.md has
the figures); a change that only fits the original wording shows here first."""
from __future__ import annotations

import json

import pytest

from assistant.evaluation import after_unrelated, score
from tests.helpers import DATA, shared_eval

FLOORS = {
    "paraphrases.jsonl": {"hit@5": 0.98, "answer_accuracy": 0.80, "abstention_accuracy": 0.90,
                          "citation_precision": 0.84, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    "paraphrases_multiturn.jsonl": {"hit@1": 0.85, "answer_accuracy": 0.80, "abstention_accuracy": 0.90,
                                    "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    "blind3.jsonl": {"hit@5": 0.92, "answer_accuracy": 0.75, "abstention_accuracy": 0.85,
                     "citation_precision": 0.82, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # 10 items: one item is 0.1, so the floors leave room for one near-tied sheet reordered
    "blind3_multiturn.jsonl": {"hit@5": 0.90, "answer_accuracy": 0.75, "abstention_accuracy": 0.90,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-02 (BENCHMARKS.md, answers section): 0.99, 0.84, 0.96, 0.79
    "blind4.jsonl": {"hit@5": 0.97, "answer_accuracy": 0.80, "abstention_accuracy": 0.93,
                     "citation_precision": 0.76, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-02: hit@1 0.89, 0.84, 0.975
    "blind4_multiturn.jsonl": {"hit@1": 0.85, "answer_accuracy": 0.78, "abstention_accuracy": 0.93,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-04, once (BENCHMARKS.md, query section): 0.99, 0.74, 0.85, 0.83
    "blind5.jsonl": {"hit@5": 0.97, "answer_accuracy": 0.70, "abstention_accuracy": 0.82,
                     "citation_precision": 0.78, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-04, once: hit@1 0.67, 0.71, 0.93
    "blind5_multiturn.jsonl": {"hit@1": 0.60, "answer_accuracy": 0.65, "abstention_accuracy": 0.89,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-04 before this session's changes and once at its end: 0.99, 0.86, 0.94, 0.87
    "blind6.jsonl": {"hit@5": 0.96, "answer_accuracy": 0.80, "abstention_accuracy": 0.90,
                     "citation_precision": 0.82, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.82, 0.67, 1.0
    "blind6_multiturn.jsonl": {"hit@1": 0.72, "answer_accuracy": 0.60, "abstention_accuracy": 0.90,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-04 before the third session's changes and once at its end: 0.94, 0.78, 0.88, 0.80
    "blind7.jsonl": {"hit@5": 0.92, "answer_accuracy": 0.72, "abstention_accuracy": 0.84,
                     "citation_precision": 0.75, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.85, 0.74, 0.95
    "blind7_multiturn.jsonl": {"hit@1": 0.75, "answer_accuracy": 0.65, "abstention_accuracy": 0.90,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the fourth session's changes and once at its end: 0.975, 0.79, 0.89, 0.80
    "blind8.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.73, "abstention_accuracy": 0.85,
                     "citation_precision": 0.75, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.82, 0.71, 0.95
    "blind8_multiturn.jsonl": {"hit@1": 0.75, "answer_accuracy": 0.65, "abstention_accuracy": 0.90,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the fifth session's changes and once at its end: 0.99, 0.79 → 0.825, 0.93,
    # 0.81 → 0.87
    "blind9.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.75, "abstention_accuracy": 0.88,
                     "citation_precision": 0.77, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.86, 0.81, 0.91 → 0.95
    "blind9_multiturn.jsonl": {"hit@1": 0.80, "answer_accuracy": 0.75, "abstention_accuracy": 0.86,
                               "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the sixth session's changes and once at its end: 1.0, 0.833 → 0.846, 0.878,
    # 0.916 → 0.932
    "blind10.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.78, "abstention_accuracy": 0.84,
                      "citation_precision": 0.86, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.95, 0.95, 1.0
    "blind10_multiturn.jsonl": {"hit@1": 0.88, "answer_accuracy": 0.88, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the seventh session's changes and once at its end: 0.99 → 1.0, 0.81 → 0.86,
    # 0.91 → 0.92, 0.90 → 0.91
    "blind11.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.80, "abstention_accuracy": 0.88,
                      "citation_precision": 0.85, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.91, 0.82, 1.0
    "blind11_multiturn.jsonl": {"hit@1": 0.85, "answer_accuracy": 0.75, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the eighth session's changes and once at its end: 1.0, 0.899, 0.944,
    # 0.928 → 0.927
    "blind12.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.85, "abstention_accuracy": 0.90,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.77 → 0.82, 0.73 → 0.77, 0.95 → 1.0; abstention 0.955 at the ninth session's end, 0.909 after the
    # tenth's relation refit (a follow-up that was declined is answered)
    "blind12_multiturn.jsonl": {"hit@1": 0.75, "answer_accuracy": 0.70, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the ninth session's changes (none of which was kept): 0.99, 0.872, 0.944,
    # 0.850
    "blind13.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.83, "abstention_accuracy": 0.90,
                      "citation_precision": 0.80, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.86, 0.59, 0.95
    "blind13_multiturn.jsonl": {"hit@1": 0.80, "answer_accuracy": 0.52, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the tenth session's changes and once at its end (no answer changed): 0.99,
    # 0.899, 0.933, 0.933
    "blind14.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.90,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.73, 0.73, 0.95
    "blind14_multiturn.jsonl": {"hit@1": 0.68, "answer_accuracy": 0.68, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the eleventh session's changes and at its end (no answer changed): 1.0,
    # 0.75, 0.867, 0.869
    "blind15.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.71, "abstention_accuracy": 0.82,
                      "citation_precision": 0.83, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.82, 0.82, 0.95
    "blind15_multiturn.jsonl": {"hit@1": 0.77, "answer_accuracy": 0.77, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-05 before the twelfth session's changes (1.0, 0.861, 0.967, 0.927) and at its end:
    # 1.0, 0.873, 0.967, 0.914
    "blind16.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.83, "abstention_accuracy": 0.92,
                      "citation_precision": 0.87, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 1.0, 0.909, 1.0 (start and end alike)
    "blind16_multiturn.jsonl": {"hit@1": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the thirteenth session's changes and at its end (no answer changed): 0.975,
    # 0.838, 0.933, 0.871
    "blind17.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.80, "abstention_accuracy": 0.90,
                      "citation_precision": 0.84, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.773, 0.773, 1.0
    "blind17_multiturn.jsonl": {"hit@1": 0.72, "answer_accuracy": 0.72, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the fourteenth session's changes and at its end (singles unchanged): 1.0,
    # 0.863, 0.911, 0.935
    "blind18.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.82, "abstention_accuracy": 0.88,
                      "citation_precision": 0.90, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864, answer accuracy 0.636 at the start, 0.727 at the end, abstention 0.955
    "blind18_multiturn.jsonl": {"hit@1": 0.82, "answer_accuracy": 0.68, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the fifteenth session's changes and at its end (unchanged): 1.0, 0.888,
    # 0.922, 0.917
    "blind19.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.84, "abstention_accuracy": 0.89,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.909, answer accuracy 0.818, abstention 1.0 (unchanged)
    "blind19_multiturn.jsonl": {"hit@1": 0.86, "answer_accuracy": 0.77, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the sixteenth session's changes and at its end (answers unchanged): 1.0,
    # 0.938, 0.978, 0.908
    "blind20.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.89, "abstention_accuracy": 0.94,
                      "citation_precision": 0.87, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864, answer accuracy 0.773 at the start, 0.818 at the end, abstention 0.955
    "blind20_multiturn.jsonl": {"hit@1": 0.82, "answer_accuracy": 0.77, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the seventeenth session's changes and at its end: hit@5 0.988, answer
    # accuracy 0.825 → 0.838, abstention 0.911, citation precision 0.890
    "blind21.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.80, "abstention_accuracy": 0.88,
                      "citation_precision": 0.85, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.818, answer accuracy 0.682, abstention 0.864 (unchanged)
    "blind21_multiturn.jsonl": {"hit@1": 0.77, "answer_accuracy": 0.63, "abstention_accuracy": 0.81,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the eighteenth session's changes and at its end (unchanged): hit@5 1.0,
    # answer accuracy 0.937, abstention 0.933, citation precision 0.921
    "blind22.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.90, "abstention_accuracy": 0.90,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.909, answer accuracy 0.864, abstention 0.955 (unchanged)
    "blind22_multiturn.jsonl": {"hit@1": 0.86, "answer_accuracy": 0.81, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the nineteenth session's changes and at its end (unchanged): hit@5 1.0,
    # answer accuracy 0.85, abstention 0.944, citation precision 0.896
    "blind23.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.81, "abstention_accuracy": 0.90,
                      "citation_precision": 0.85, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864 → 0.909, answer accuracy 0.773 → 0.818, abstention 0.955
    "blind23_multiturn.jsonl": {"hit@1": 0.81, "answer_accuracy": 0.72, "abstention_accuracy": 0.90,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the twentieth session's changes and at its end: hit@5 1.0, answer accuracy
    # 0.90 → 0.90, abstention 0.956 → 0.967, citation precision 0.935 → 0.922
    "blind24.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.92,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.955, answer accuracy 0.909, abstention 1.0 (unchanged)
    "blind24_multiturn.jsonl": {"hit@1": 0.90, "answer_accuracy": 0.86, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-06 before the twenty-first session's changes and at its end (unchanged): hit@5 1.0,
    # answer accuracy 0.963, abstention 0.978, citation precision 0.918
    "blind25.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.92, "abstention_accuracy": 0.94,
                      "citation_precision": 0.87, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.773, answer accuracy 0.864, abstention 1.0 (unchanged)
    "blind25_multiturn.jsonl": {"hit@1": 0.72, "answer_accuracy": 0.81, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-second session's changes and at its end (unchanged): hit@5 1.0,
    # answer accuracy 0.899, abstention 0.967, citation precision 0.924
    "blind26.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.85, "abstention_accuracy": 0.92,
                      "citation_precision": 0.87, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864, answer accuracy 0.864, abstention 1.0 (unchanged)
    "blind26_multiturn.jsonl": {"hit@1": 0.81, "answer_accuracy": 0.81, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-third session's changes and at its end (unchanged): hit@5 1.0,
    # answer accuracy 0.888, abstention 0.944, citation precision 0.910
    "blind27.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.84, "abstention_accuracy": 0.9,
                      "citation_precision": 0.86, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.773, answer accuracy 0.762, abstention 0.955 (unchanged)
    "blind27_multiturn.jsonl": {"hit@1": 0.72, "answer_accuracy": 0.71, "abstention_accuracy": 0.9,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-fourth session's changes and at its end (the same): hit@5 0.988,
    # answer accuracy 0.863, abstention 1.0, citation precision 0.929
    "blind28.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.82, "abstention_accuracy": 0.95,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.773, answer accuracy 0.773, abstention 0.955 (the same)
    "blind28_multiturn.jsonl": {"hit@1": 0.72, "answer_accuracy": 0.72, "abstention_accuracy": 0.9,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-fifth session's changes and at its end (the same right counts):
    # hit@5 1.0, answer accuracy 0.975, abstention 0.967, citation precision 0.970
    "blind29.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.93, "abstention_accuracy": 0.93,
                      "citation_precision": 0.93, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.955, answer accuracy 0.955, abstention 0.909 (the same)
    "blind29_multiturn.jsonl": {"hit@1": 0.9, "answer_accuracy": 0.9, "abstention_accuracy": 0.86,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-sixth session's changes and at its end: hit@5 1.0, answer
    # accuracy 0.785 → 0.772, abstention 0.956, citation precision 0.923
    "blind30.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.73, "abstention_accuracy": 0.91,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 1.0, answer accuracy 0.909, abstention 1.0 (the same)
    "blind30_multiturn.jsonl": {"hit@1": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-seventh session's changes and at its end (the same): hit@5 1.0,
    # answer accuracy 0.835, abstention 0.922, citation precision 0.919
    "blind31.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.79, "abstention_accuracy": 0.88,
                      "citation_precision": 0.88, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.818, answer accuracy 0.773, abstention 0.955 (the same)
    "blind31_multiturn.jsonl": {"hit@1": 0.77, "answer_accuracy": 0.72, "abstention_accuracy": 0.9,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-eighth session's changes and at its end (the same): hit@5 1.0,
    # answer accuracy 0.911, abstention 0.933, citation precision 0.941
    "blind32.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.87, "abstention_accuracy": 0.89,
                      "citation_precision": 0.9, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864, answer accuracy 0.818, abstention 1.0 (the same)
    "blind32_multiturn.jsonl": {"hit@1": 0.82, "answer_accuracy": 0.77, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the twenty-ninth session's changes and at its end (the same): hit@5 0.988,
    # answer accuracy 0.9, abstention 0.956, citation precision 0.949
    "blind33.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.92,
                      "citation_precision": 0.91, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.955 → 0.909, answer accuracy 0.864 → 0.818, abstention 1.0
    "blind33_multiturn.jsonl": {"hit@1": 0.86, "answer_accuracy": 0.77, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-07 before the thirtieth session's changes and at its end (the same): hit@5 1.0,
    # answer accuracy 0.913, abstention 0.956, citation precision 0.895
    "blind34.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.87, "abstention_accuracy": 0.92,
                      "citation_precision": 0.86, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.864, answer accuracy 0.773, abstention 1.0 (the same)
    "blind34_multiturn.jsonl": {"hit@1": 0.82, "answer_accuracy": 0.73, "abstention_accuracy": 0.95,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # measured 2026-12-08 before the thirty-first session's changes and at its end (the same): hit@5 1.0,
    # answer accuracy 0.899, abstention 0.922, citation precision 0.958
    "blind35.jsonl": {"hit@5": 0.95, "answer_accuracy": 0.86, "abstention_accuracy": 0.88,
                      "citation_precision": 0.92, "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
    # hit@1 0.818, answer accuracy 0.682, abstention 0.864 (the same)
    "blind35_multiturn.jsonl": {"hit@1": 0.77, "answer_accuracy": 0.64, "abstention_accuracy": 0.82,
                                "quote_faithfulness": 1.0, "no_invented_ministry": 1.0},
}


def _load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def answered(assistant):
    """`answered(name)`: the set's items and their answers, each set asked once for this module."""
    done: dict[str, tuple[list[dict], list[dict]]] = {}

    def get(name: str) -> tuple[list[dict], list[dict]]:
        if name not in done:
            gold = _load(name)
            done[name] = gold, [assistant.ask(i["question"], history=i.get("history"), id=i["id"]).to_json()
                                for i in gold]
        return done[name]

    return get


def test_the_suite_rewords_every_gold_question():
    originals = {}
    for name in ("dev.jsonl", "dev2.jsonl", "dev_multiturn.jsonl", "dev2_multiturn.jsonl"):
        for line in shared_eval(name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                originals[item["id"]] = item
    para = _load("paraphrases.jsonl") + _load("paraphrases_multiturn.jsonl")
    by_source = {}
    for p in para:
        base = p["id"].rsplit("-p", 1)[0]
        by_source.setdefault(base, []).append(p)
        o = originals[base]
        assert p["question"] != o["question"]
        assert (p["kind"], p["relevant"], p["answer_contains"]) == (o["kind"], o["relevant"], o["answer_contains"])
    assert set(by_source) == set(originals) and all(len(v) == 2 for v in by_source.values())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_paraphrases_are_held_to_the_gold_metrics(assistant, answered, name):
    gold, answers = answered(name)
    metrics = score(gold, answers, {s.id: s.text for s in assistant.sheets()})["metrics"]
    low = {k: (metrics[k], floor) for k, floor in FLOORS[name].items() if metrics[k] < floor}
    assert not low, f"{name}: below the floor (measured, floor): {low}"


# issue 19: a question that stands alone gets the answer it gets alone after an unrelated one. Floors:
# the rates measured when the check was added (BENCHMARKS.md, answers section), with room for one item.
AFTER_UNRELATED = {"paraphrases.jsonl": 0.03, "blind3.jsonl": 0.02, "blind4.jsonl": 0.04, "blind5.jsonl": 0.02,
                   "blind6.jsonl": 0.02, "blind7.jsonl": 0.045,  # blind7: 3 of 90 when it was written
                   "blind8.jsonl": 0.025,  # blind8: 1 of 90 when it was written
                   "blind9.jsonl": 0.015,  # blind9: 0 of 90 when it was written
                   "blind10.jsonl": 0.045,  # blind10: 3 of 90 when it was written
                   "blind11.jsonl": 0.015,  # blind11: 1 of 90 when it was written, 0 at the session's end
                   "blind12.jsonl": 0.015,  # blind12: 1 of 90 when it was written and at the session's end
                   "blind13.jsonl": 0.015,  # blind13: 0 of 90 when it was written
                   "blind14.jsonl": 0.015,  # blind14: 0 of 90 when it was written and at the session's end
                   "blind15.jsonl": 0.015,  # blind15: 0 of 90 when it was written and at the session's end
                   "blind16.jsonl": 0.015,  # blind16: 0 of 90 when it was written and at the session's end
                   "blind17.jsonl": 0.035,  # blind17: 2 of 90 when it was written and at the session's end
                   "blind18.jsonl": 0.015,  # blind18: 0 of 90 when it was written and at the session's end
                   "blind19.jsonl": 0.015,  # blind19: 0 of 90 when it was written and at the session's end
                   "blind20.jsonl": 0.015,  # blind20: 0 of 90 when it was written and at the session's end
                   "blind21.jsonl": 0.015,  # blind21: 0 of 90 when it was written and at the session's end
                   "blind22.jsonl": 0.025,  # blind22: 1 of 90 when it was written and at the session's end
                   "blind23.jsonl": 0.025,  # blind23: 1 of 90 when it was written and at the session's end
                   "blind24.jsonl": 0.025,  # blind24: 1 of 90 when it was written and at the session's end
                   "blind25.jsonl": 0.025,  # blind25: 1 of 90 when it was written and at the session's end
                   "blind26.jsonl": 0.025,  # blind26: 1 of 90 when it was written and at the session's end
                   "blind27.jsonl": 0.025,  # blind27: 0 of 90 when it was written and at the session's end
                   "blind28.jsonl": 0.025,  # blind28: 1 of 90 when it was written and at the session's end
                   "blind29.jsonl": 0.015,  # blind29: 0 of 90 when it was written and at the session's end
                   "blind30.jsonl": 0.025,  # blind30: 1 of 90 when it was written and at the session's end
                   "blind31.jsonl": 0.035,  # blind31: 2 of 90 when it was written and at the session's end
                   "blind32.jsonl": 0.015,  # blind32: 0 of 90 when it was written and at the session's end
                   "blind33.jsonl": 0.025,  # blind33: 1 of 90 when it was written and at the session's end
                   "blind34.jsonl": 0.025,  # blind34: 1 of 90 when it was written and at the session's end
                   "blind35.jsonl": 0.015}  # blind35: 0 of 90 when it was written and at the session's end


@pytest.mark.parametrize("name", sorted(AFTER_UNRELATED))
def test_an_unrelated_earlier_question_changes_almost_no_answer(assistant, answered, name):
    gold, answers = answered(name)
    texts = {s.id: s.text for s in assistant.sheets()}
    result = after_unrelated(gold, answers, lambda q, h: assistant.ask(q, history=h).to_json(), texts)
    changed = [r["id"] for r in result["rows"] if r["changed"]]
    assert result["items"] > 0.8 * len(gold)  # nearly every item found an unrelated partner
    assert result["changed_rate"] <= AFTER_UNRELATED[name], f"{name}: changed after an unrelated question: {changed}"
    assert result["right_answer_lost"] <= 1, [r["id"] for r in result["rows"] if r["right_answer_lost"]]
