"""The hand-edited YAML files in docs_source/ and what they must hold: ``registry.yaml`` (the documents,
read by assistant/ingest/documents.py) and ``glossary.yaml`` (staff vocabulary, read by
assistant/text/glossary.py). Each is read into a pydantic model; a file that does not fit its model
(bad YAML, a duplicate key, a wrong type, a missing or unknown key) is one ``ConfigError`` line naming
the file, the entry and what to fix, which the CLI prints without a traceback."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, field_validator

from assistant.errors import ConfigError

Text = Annotated[str, Field(min_length=1)]


# ---- registry.yaml ------------------------------------------------------------------------------
class RegistryEntry(BaseModel):
    """One document of docs_source/."""

    model_config = ConfigDict(extra="forbid")

    file: Text = Field(description="the document's file name in docs_source/ (.txt, .md or .pdf)")
    title: Text | None = Field(None, description="the title shown for it; its first line when absent")
    kind: Literal["measures", "inspection", "text", "pdf"] | None = Field(
        None, description="the parser: measures (施策集), inspection (点検), text; pdf is set for PDFs; "
        "detected from the text when absent")


class RegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[RegistryEntry] = Field(default_factory=list, description="in the order they are shown")

    @field_validator("documents", mode="before")
    @classmethod
    def _empty_list(cls, value: Any) -> Any:
        return [] if value is None else value  # `documents:` with nothing under it: no documents yet


# ---- glossary.yaml ------------------------------------------------------------------------------
class GlossaryFile(RootModel[dict[Text, Annotated[list[Text], Field(min_length=1)]]]):
    """``term: [synonym, ...]`` (a single synonym may be written without the brackets)."""

    @field_validator("root", mode="before")
    @classmethod
    def _one_synonym(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value


# ---- reading ------------------------------------------------------------------------------------
M = TypeVar("M", bound=BaseModel)


def read_registry(path: Path) -> RegistryFile:
    return _read(path, RegistryFile, _registry_error, "a mapping with a `documents:` list")


def read_glossary(path: Path) -> dict[str, list[str]]:
    return _read(path, GlossaryFile, _glossary_error, "a mapping of term: [synonym, ...]").root


class _UniqueKeys(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys; in a hand-edited file the first is then silently lost."""

    def construct_mapping(self, node, deep=False):
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}: merge the two entries", key_node.start_mark)
            if isinstance(key, (str, int, float, bool)):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path, model: type[M], explain, shape: str) -> M:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeys)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({_yaml_problem(exc)}); fix that line") from None
    if data is None:  # an empty file (or comments only)
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected {shape}, found {_kind(data)}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = list(dict.fromkeys(explain(e, data) for e in exc.errors()))
        raise ConfigError(f"{path}: " + "; ".join(problems)) from None


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    return f"line {mark.line + 1}, column {mark.column + 1}: {problem}" if mark else problem


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _registry_error(err: dict, data: dict) -> str:
    loc, kind, got = err["loc"], err["type"], err.get("input")
    if not loc or loc[0] != "documents":  # a top-level key
        return f"unknown key {loc[0]!r} at the top; the file holds only `documents:`" \
            if kind == "extra_forbidden" else f"`documents:` must be a list of entries, found {_kind(got)}"
    if len(loc) == 1:
        return f"`documents:` must be a list of entries (- file: …), found {_kind(got)}"
    n = loc[1]
    entry = (data.get("documents") or [None] * (n + 1))[n]
    where = f"documents entry {n + 1}"
    if isinstance(entry, dict) and isinstance(entry.get("file"), str) and entry["file"]:
        where += f" (file: {entry['file']})"
    if len(loc) == 2:
        return f"{where}: must be a mapping of file, title and kind, found {_kind(got)}"
    key = loc[2]
    allowed = ", ".join(RegistryEntry.model_fields)
    if kind == "extra_forbidden":
        return f"{where}: unknown key {key!r}; the keys are {allowed}"
    if kind == "missing":
        return f"{where}: `{key}:` is missing; add the document's file name"
    if kind == "literal_error":
        return f"{where}: kind {got!r} is not one of {err['ctx']['expected']}; use one of them or leave kind out"
    if kind == "string_too_short":
        fix = "give the document's file name" if key == "file" else "give it a value or leave it out"
        return f"{where}: `{key}:` is empty; {fix}"
    return f"{where}: `{key}:` must be text, found {_kind(got)}; quote it"


def _glossary_error(err: dict, data: dict) -> str:
    loc, kind, got = err["loc"], err["type"], err.get("input")
    term = loc[0] if loc else None
    if len(loc) == 2 and loc[1] == "[key]":
        if kind == "string_too_short":
            return "an empty term (\"\": […]); remove it"
        return f"term {term!r} must be text, found {_kind(got)}; quote it"
    where = f"term {term!r}"
    if len(loc) == 1:
        if kind == "too_short" or got is None:
            return f"{where} lists no synonym; write {term}: [synonym, ...] or remove it"
        return f"{where}: synonyms must be a list like {term}: [synonym, ...], found {_kind(got)}"
    n = loc[1]
    if kind == "string_too_short":
        return f"{where}: synonym {n + 1} is empty; remove it"
    return f"{where}: synonym {n + 1} must be text, found {_kind(got)}; quote it"
