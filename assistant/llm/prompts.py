"""Prompt templates for LLM mode, kept as plain files in ``prompts/`` (``name.md`` or ``name.txt``)
so that they can be read and edited without touching code, and read into LangChain's
``PromptTemplate`` (f-string format: variables are ``{name}``, a literal brace is ``{{`` or ``}}``).

Filling is one pass: a value that itself contains ``{question}`` is never expanded again (sources and
questions are untrusted text). A variable the template uses but the caller does not supply, or a
template LangChain cannot read, is an error that names the file, never a silently empty prompt."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.prompts import PromptTemplate as LangChainPrompt

from assistant.errors import ConfigError

SUFFIXES = (".md", ".txt")


class PromptError(ConfigError):
    """A prompt template is missing, unreadable or was filled without one of its variables."""


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    path: Path
    text: str
    prompt: LangChainPrompt = field(compare=False, repr=False)

    @property
    def variables(self) -> list[str]:
        """The variables the template uses."""
        return list(self.prompt.input_variables)

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
    return template.prompt.format(**{v: values[v] for v in template.variables})


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
            text = text.strip() + "\n"
            try:
                prompt = LangChainPrompt.from_template(text)
            except ValueError as exc:
                raise PromptError(f"prompt template {path} cannot be read ({exc}); variables are {{name}}, "
                                  "a literal brace is written {{ or }}") from None
            return PromptTemplate(name, path, text, prompt)
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
