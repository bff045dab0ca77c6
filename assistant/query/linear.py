"""The fitted models of the query stage: multinomial logistic regressions over named features, their
weights in a JSON file each (weights/<name>.json, written by scripts/fit_query.py), applied here with
NumPy so that answering needs no scikit-learn."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError

WEIGHTS = Path(__file__).with_name("weights")


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic regression: one weight vector per feature (one weight per class) and a bias."""

    name: str
    classes: tuple[str, ...]
    weights: dict[str, np.ndarray]
    bias: np.ndarray
    meta: dict = field(default_factory=dict)  # how it was fitted (samples, C, held-out scores, vocabularies)

    def scores(self, features: dict[str, float]) -> np.ndarray:
        """The log-odds of each class."""
        z = self.bias.copy()
        for key, value in features.items():
            w = self.weights.get(key)
            if w is not None and value:
                z += value * w
        return z

    def proba(self, features: dict[str, float]) -> dict[str, float]:
        """The probability of each class."""
        z = self.scores(features)
        z = np.exp(z - z.max())
        p = z / z.sum()
        return {c: float(x) for c, x in zip(self.classes, p, strict=True)}

    def predict(self, features: dict[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        p = self.proba(features)
        best = max(p, key=lambda c: p[c])
        return best, p[best]

    def yes(self, features: dict[str, float]) -> float:
        """For a two-class model: the probability of its second class ("1")."""
        return self.proba(features)[self.classes[-1]]


@lru_cache(maxsize=32)
def load(name: str, folder: str | None = None) -> LinearModel:
    """The model `name` from `folder` (default: the weights shipped with the package)."""
    path = Path(folder or WEIGHTS) / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise AssistantError(f"モデルの重みファイル {path} がありません。"
                             f"`python scripts/fit_query.py` で作成してください") from exc
    classes = tuple(data["classes"])
    weights = {k: np.asarray(v, dtype=np.float64) for k, v in data["weights"].items()}
    return LinearModel(name, classes, weights, np.asarray(data["bias"], dtype=np.float64), data.get("meta", {}))


def save(path: Path, classes: list[str], weights: dict[str, list[float]], bias: list[float], meta: dict) -> None:
    """Write a model's weights (the fitting scripts call this)."""
    clean = {k: [round(float(x), 5) for x in v] for k, v in weights.items()
             if any(abs(float(x)) > 1e-4 for x in v)}
    data = {"classes": classes, "bias": [round(float(b), 5) for b in bias], "meta": meta, "weights": clean}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def bucket(value: float, edges: tuple[float, ...]) -> int:
    """Which of the intervals split at `edges` a value falls in (a feature's bin)."""
    for i, edge in enumerate(edges):
        if value < edge:
            return i
    return len(edges)


def log1p(x: float) -> float:
    """log(1 + x) for a non-negative count or weight."""
    return math.log1p(max(0.0, x))
