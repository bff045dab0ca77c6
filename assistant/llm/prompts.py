"""Prompt templates for LLM mode, kept as plain files in ``prompts/`` (``name.md`` or ``name.txt``)
so that they can be read and edited without touching code.

A template names its variables as ``{name}`` (an identifier in single braces); every other brace is
literal text. Filling is one pass: a value that itself contains ``{question}`` is never expanded
again (sources and questions are untrusted text). A variable the template uses but the caller does
not supply is an error that names the file and the variable, never a silently empty prompt."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError

VARIABLE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
SUFFIXES = (".md", ".txt")


class PromptError(ConfigError):
    """A prompt template is missing, unreadable or was filled without one of its variables."""


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    path: Path
    text: str

    @property
    def variables(self) -> list[str]:
        """The variables the template uses, in order of first use."""
        seen: list[str] = []
        for m in VARIABLE.finditer(self.text):
            if m.group(1) not in seen:
                seen.append(m.group(1))
        return seen

    def fill(self, **values: object) -> str:
        return fill(self, **values)


def fill(template: PromptTemplate, **values: object) -> str:
    """The template with every ``{name}`` replaced by ``values[name]`` (one pass). Raises
    PromptError naming the file and the variables when the template uses one that is not given."""
    missing = [v for v in template.variables if v not in values]
    if missing:
        names = ", ".join(f"{{{v}}}" for v in missing)
        given = ", ".join(sorted(values)) or "none"
        raise PromptError(f"prompt template {template.path}: variable {names} is used but was not "
                          f"supplied (supplied: {given}); fix the template or the code that fills it")
    return VARIABLE.sub(lambda m: str(values[m.group(1)]), template.text)


def load_prompt(prompts_dir: Path | str, name: str) -> PromptTemplate:
    """``prompts_dir/name.md`` (or ``.txt``), read as UTF-8."""
    base = Path(prompts_dir)
    for suffix in SUFFIXES:
        path = base / f"{name}{suffix}"
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise PromptError(f"prompt template {path} cannot be read ({exc}); it must be UTF-8 "
                                  "text") from exc
            if not text.strip():
                raise PromptError(f"prompt template {path} is empty")
            return PromptTemplate(name, path, text.strip() + "\n")
    raise PromptError(f"prompt template {name!r} not found: expected {base / (name + '.md')} or "
                      f"{base / (name + '.txt')} (setting prompts_dir / ASSISTANT_PROMPTS_DIR)")


def load_prompts(prompts_dir: Path | str, names: list[str] | tuple[str, ...] | None = None
                 ) -> dict[str, PromptTemplate]:
    """Every template in the directory (or only `names`, each required), keyed by file stem."""
    base = Path(prompts_dir)
    if names is not None:
        return {n: load_prompt(base, n) for n in names}
    if not base.is_dir():
        raise PromptError(f"prompts directory {base} does not exist (setting prompts_dir)")
    stems = sorted({p.stem for p in base.iterdir() if p.suffix in SUFFIXES and p.is_file()})
    return {n: load_prompt(base, n) for n in stems}
