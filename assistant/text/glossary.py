"""Term equivalences for query expansion: mined from the documents' own parenthetical definitions
(持続可能な航空燃料（SAF）, e-scrap（電子スクラップ）, 地域インフラ群再生戦略マネジメント（群マネ）) plus an
editable YAML of staff vocabulary the documents may not use (ソーラーパネル -> 太陽光パネル).

All terms are stored in `normalize()`d form (NFKC, ASCII lowercased), so `saf` not `SAF`.
Expansion is one hop only: chaining synonyms drifts (古着 -> 繊維 -> ...) faster than it helps.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from assistant.config_files import read_glossary
from assistant.text.japanese import morphemes, readings, tokenize, words
from assistant.text.normalize import nfkc, normalize, unmarked

# "long form(alias)" on one line; NFKC has already turned （） into ().  The inner part has no
# nested parentheses; the left context is bounded so the Sudachi call stays small.
_PAREN = re.compile(r"\(([^()\n]{1,60})\)")
_LEFT_WINDOW = 60
_ASCII_ALIAS = re.compile(r"[A-Za-z][A-Za-z0-9&+\-]{0,14}|[0-9][A-Za-z0-9&+\-]*[A-Za-z][A-Za-z0-9&+\-]*")
_ASCII_PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9&'\-]*(?: [A-Za-z][A-Za-z0-9&'\-]*){0,7}")
_TRAILING_ASCII = re.compile(r"([A-Za-z0-9&'\- ]+)\s*$")
# Punctuation that means the parenthesis holds a list, a sentence, a note or a citation.
_NOT_A_TERM = re.compile(r"[、，,。:：;；「」『』“”\"※*<>=~〜/]|https?|閲覧|以下")
# Parentheticals that label the thing rather than name it.
_LABELS = {"案", "概要", "イメージ", "例", "参考", "附則", "仮称", "予定", "抜粋", "再掲", "続き", "詳細",
           "抄", "新設", "新規", "拡充", "一部", "全体", "補正", "当初"}
_TAG_LIMIT = 3  # an inner text seen after this many different phrases is a tag (環境, 経産), not an alias
_MAX_LONG = 30
_KATAKANA_OR_ASCII = re.compile(r"[\u30a0-\u30ffA-Za-z0-9\-・ー]+")


def _is_ascii(s: str) -> bool:
    return all(ord(c) < 128 for c in s)


def _noun_phrase_before(left: str) -> str:
    """The compound noun phrase that ends `left`: nouns, suffixes, prefixes, numbers inside, na-
    adjectives with な (持続可能な航空燃料), and ・ or - between nouns.  Stops at particles, verbs,
    punctuation and spaces, so 'SAFの供給拡大に向けた持続可能な航空燃料' gives the last phrase only."""
    ms = morphemes(left[-_LEFT_WINDOW:])
    taken: list[tuple[str, tuple[str, ...]]] = []
    i = len(ms) - 1
    while i >= 0:
        surf, pos = ms[i]
        prev_pos = ms[i - 1][1] if i > 0 else ("",)
        if pos[0] in ("名詞", "接尾辞", "接頭辞", "形状詞") or surf == "な" and pos[0] == "助動詞" and prev_pos[0] == "形状詞" and taken or surf in ("・", "-") and taken and prev_pos[0] == "名詞":
            ok = True
        else:
            ok = False
        if not ok:
            break
        taken.append((surf, pos))
        i -= 1
    taken.reverse()
    # a phrase does not start with a suffix, a joiner or a bare number ("約50万トン" -> no)
    while taken and (taken[0][1][0] == "接尾辞" or taken[0][0] in ("・", "-") or taken[0][1][1] == "数詞"):
        taken.pop(0)
    while taken and taken[-1][0] in ("等", "など"):
        taken.pop()
    if not taken:
        return ""
    phrase = "".join(s for s, _ in taken)
    content = [s for s, p in taken if p[0] in ("名詞", "形状詞")]
    # a lone common word (仕組み, 排出, 置き換え) is too generic to be defined; a lone katakana or
    # Latin name (クアッド) is fine.  "…例" announces an example, not a name.
    if len(content) < 2 and not (len(phrase) >= 4 and _KATAKANA_OR_ASCII.fullmatch(phrase)):
        return ""
    if phrase.endswith("例"):
        return ""
    return phrase if len(phrase) <= _MAX_LONG else ""


def _noun_only(text: str) -> bool:
    ms = morphemes(text)
    return bool(ms) and all(
        (p[0] in ("名詞", "接尾辞", "接頭辞") and not (p[1] == "固有名詞" and p[2] == "地名"))
        or (s == "-" and p[0] == "補助記号") for s, p in ms)


def _candidates(line: str):
    """(long form, alias) candidate pairs defined on one line (NFKC text, ASCII case kept)."""
    for m in _PAREN.finditer(line):
        inner = m.group(1).strip()
        left = line[:m.start()]
        if not inner or not left.strip() or _NOT_A_TERM.search(inner) or inner in _LABELS:
            continue
        if inner.endswith(("等", "など")) or len(inner) < 2:
            continue  # "（PETボトル等）" lists examples; one character is a reading (環（わ）) or a label
        tail = _TRAILING_ASCII.search(left)
        if tail and left.rstrip()[-1:].isascii() and left.rstrip()[-1:].isalnum():
            # An ASCII term before the parenthesis: an acronym or name explained inside
            # (e-scrap（電子スクラップ）, VLM (Vision Language Model), P-FACTS（ピーファクト）).
            run, start = tail.group(1), tail.start(1)
            if not run[0].isspace() and start > 0 and left[start - 1].isascii() \
                    and not left[start - 1].isspace():
                continue  # the ASCII run is glued to something else (a URL, a file name)
            phrase = run.strip()
            words = phrase.split()
            if not phrase or not phrase[0].isalpha() or len(words) > 6:
                continue
            if _is_ascii(inner):
                if len(words) == 1 and _ASCII_PHRASE.fullmatch(inner) and " " in inner:
                    yield phrase, inner  # VLM (Vision Language Model)
                elif len(words) > 1 and _ASCII_ALIAS.fullmatch(inner):
                    yield phrase, inner  # Japan Clean Ocean Material Alliance (CLOMA)
            elif len(words) <= 2 and 3 <= len(inner) <= _MAX_LONG and not re.search(r"\d", inner):
                yield phrase, inner  # WBCSD（持続可能な開発のための世界経済人会議）
            continue
        if left.rstrip().endswith(("」", "』")):
            q = max(left.rfind("「"), left.rfind("『"))
            long_form = left.rstrip()[q + 1:-1] if q >= 0 else ""
            if not long_form or len(long_form) > 20 or _NOT_A_TERM.search(long_form):
                continue  # a quoted title followed by its source or date
        else:
            long_form = _noun_phrase_before(left.rstrip())
        if not long_form:
            continue
        if _ASCII_ALIAS.fullmatch(inner):
            yield long_form, inner  # 持続可能な航空燃料（SAF）, 循環経済パートナーシップ（J4CE）
        elif not re.search(r"\d", inner) and "・" not in inner and len(inner) <= 15 and _noun_only(inner):
            yield long_form, inner  # 地域インフラ群再生戦略マネジメント（群マネ）, 家畜排せつ物（ふん尿）


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _siblings(a: str, b: str) -> bool:
    """Two Japanese phrases sharing a word are usually two kinds of one thing (循環利用量 (循環利用率),
    数値目標 (目標年次)), not synonyms, unless one abbreviates the other (…群再生戦略マネジメント（群マネ）)."""
    if re.search(r"[a-z]", a + b):
        return False
    if not set(tokenize(a, subtokens=False)) & set(tokenize(b, subtokens=False)):
        return False
    short, long = sorted((a, b), key=len)
    return not _subsequence(short, long)


def mine_glossary(texts: list[str]) -> dict[str, set[str]]:
    """Symmetric term -> equivalents mined from 'long form（alias）' definitions in `texts`."""
    pairs: list[tuple[str, str]] = []
    for text in texts:
        for raw in (text or "").splitlines():
            line = unmarked(nfkc(raw))
            if "(" in line:
                pairs.extend(_candidates(line))
    fronts: dict[str, set[str]] = defaultdict(set)  # alias -> the different phrases it followed
    norm_pairs = []
    for long_form, alias in pairs:
        a, b = normalize(long_form), normalize(alias)
        if a and b and a != b and a not in b and b not in a and not _siblings(a, b):
            fronts[b].add(a)
            norm_pairs.append((a, b))
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in norm_pairs:
        if len(fronts[b]) >= _TAG_LIMIT:
            continue  # （環境）（経産）after many measures: the ministry in charge, not a synonym
        out[a].add(b)
        out[b].add(a)
    return dict(out)


def kana_spellings(texts: list[str]) -> dict[str, set[str]]:
    """Each noun the texts write in kanji or katakana under its reading in hiragana (かみおむつ → 紙おむつ,
    さーきゅらーえこのみー → サーキュラーエコノミー): staff type a word in kana when they do not know or
    cannot enter its characters, and a reading is the same word, one way."""
    out: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for line in (text or "").splitlines():
            line = nfkc(line).strip()
            if not line or len(line) > _READ_LINE:
                continue
            before: tuple[str, str] | None = None
            for surface, pos, reading in readings(line):
                key = _hiragana(reading)
                spelled = pos[0] == "名詞" and _KANA.fullmatch(key) and _WRITTEN.search(surface) \
                    and not _KANA.fullmatch(surface)
                if spelled and len(key) >= _READING_CHARS:
                    out[key].add(normalize(surface))
                if spelled and before is not None and len(before[1] + key) >= _LONG_READING:
                    # two nouns written together are one word to whoever types them in kana
                    # (すくらっぷやーど → スクラップヤード, which the dictionary reads as two)
                    out[before[1] + key].add(normalize(before[0] + surface))
                before = (surface, key) if spelled else None
    return dict(out)


def _respell(text: str, spelled: list[tuple[str, list[str], int]]) -> str:
    """`text` with each kana reading, where `Glossary._spelled` found it, replaced by the first word it spells
    (the last first, so that the earlier places stay where they are)."""
    for key, found, start in sorted(spelled, key=lambda x: -x[2]):
        text = text[:start] + found[0] + text[start + len(key):]
    return text


def _hiragana(text: str) -> str:
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


# a reading this short is a word of everyday kana too (かみ, いか); one this long is a word wherever it stands;
# a line longer than this is not read (SudachiPy reads a bounded input)
_READING_CHARS = 3
_LONG_READING = 5
_READ_LINE = 2000
_KANA = re.compile(r"[ぁ-ゖー]+")
_WRITTEN = re.compile(r"[\u4e00-\u9fff\u30a1-\u30fa]")  # kanji or katakana: a word kana could spell


def load_glossary(path: str | Path) -> dict[str, set[str]]:
    """Read `{term: [synonym, ...]}` YAML; each term <-> synonym link goes both ways.  A missing
    file is an empty glossary (the curated list is optional); a malformed one is a ConfigError
    naming the term to fix (assistant/config_files.py)."""
    path = Path(path)
    if not path.is_file():
        return {}
    out: dict[str, set[str]] = defaultdict(set)
    for term, syns in read_glossary(path).items():
        t = normalize(term)
        for s in syns:
            s = normalize(s)
            if t and s and s != t:
                out[t].add(s)
                out[s].add(t)
    return dict(out)


def merge(*glossaries: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for g in glossaries:
        for k, vs in g.items():
            out[k] |= set(vs)
    return dict(out)


_ASCII_WORD = re.compile(r"[a-z0-9]")


class Glossary:
    """Mined + curated equivalences; `expand` gives the extra query terms."""

    def __init__(self, terms: dict[str, set[str]], kana: dict[str, set[str]] | None = None):
        """`kana`: the documents' nouns under their readings in hiragana (kana_spellings)."""
        self.terms = terms
        # longest first, so a query containing 電子基板スクラップ reports that before 電子基板
        self._keys = sorted(terms, key=lambda k: (-len(k), k))
        self.kana = kana or {}
        self._kana_keys = sorted(self.kana, key=lambda k: (-len(k), k))

    @classmethod
    def build(cls, texts: list[str], yaml_path: str | Path | None = None) -> Glossary:
        """Mined + curated terms.  Equivalents that never occur in `texts` are dropped: expanding
        to a word no document uses cannot find anything, and its parts (電子基板スクラップ ->
        スクラップ) only add noise; this mostly trims the reverse links of staff words
        (太陽光パネル -> ソーラーパネル) while keeping the useful direction."""
        curated = load_glossary(yaml_path) if yaml_path else {}
        terms = merge(mine_glossary(texts), curated)
        # spaces ignored: PDF-extracted text breaks lines inside words (太陽光\nパネル)
        corpus = "".join(normalize(t) for t in texts).replace(" ", "")
        if corpus:
            terms = {k: {v for v in vs if v.replace(" ", "") in corpus} for k, vs in terms.items()}
            terms = {k: vs for k, vs in terms.items() if vs}
        return cls(terms, kana_spellings(texts))

    @classmethod
    def of_sheets(cls, sheets, docs_dir: str | Path, yaml_name: str = "glossary.yaml") -> Glossary:
        """The glossary of an index: mined from its sheets' text, plus `docs_dir/glossary.yaml`."""
        return cls.build([s.text for s in sheets], Path(docs_dir) / yaml_name)

    @classmethod
    def from_dir(cls, docs_dir: str | Path, yaml_name: str = "glossary.yaml") -> Glossary:
        """Mine every .txt/.md document in `docs_dir` and add `docs_dir/glossary.yaml`."""
        docs_dir = Path(docs_dir)
        texts = [p.read_text(encoding="utf-8", errors="replace")
                 for p in sorted(docs_dir.iterdir()) if p.suffix.lower() in (".txt", ".md")]
        return cls.build(texts, docs_dir / yaml_name)

    def _occurs(self, key: str, q: str) -> bool:
        start = q.find(key)
        while start >= 0:
            end = start + len(key)
            # ASCII keys must be whole words: "saf" is not in "safety", "lib" not in "library"
            before_ok = not (_ASCII_WORD.match(key[0]) and start > 0 and _ASCII_WORD.match(q[start - 1]))
            after_ok = not (_ASCII_WORD.match(key[-1]) and end < len(q) and _ASCII_WORD.match(q[end]))
            if before_ok and after_ok:
                return True
            start = q.find(key, start + 1)
        return False

    def expand(self, query: str) -> list[str]:
        """Equivalents of the glossary terms found in `query` that the query does not already
        contain, in a stable order (longest matched term first), then the words its kana spellings spell."""
        q = normalize(query)
        out: list[str] = []
        for key in self._keys:
            if self._occurs(key, q):
                for syn in sorted(self.terms[key]):
                    if syn not in out and syn not in q:
                        out.append(syn)
        for _, spelled, _ in self._spelled(q):
            out += [w for w in spelled if w not in out and w not in q]
        return out

    def _spelled(self, q: str) -> list[tuple[str, list[str], int]]:
        """The words of the documents that kana in `q` spell, with the kana and where it stands (no two overlap):
        where a reading stands as whole words of the query, not inside one (「している」 holds the reading of 指定)
        and not a particle's or an ending's (「のうち」, 「ないよう」); a long reading anywhere (the grammar of
        kana loanwords is noise)."""
        # a word typed in katakana is read as in hiragana (カミオムツ spells 紙おむつ as かみおむつ does): the
        # readings are found in the hiragana fold, which keeps every position, and the cuts between the
        # query's words are the query's own
        folded = _hiragana(q)
        if not self.kana or not _KANA.search(folded):
            return []
        found = [key for key in self._kana_keys if key in folded]
        if not found:
            return []
        cuts, grammar = {0}, set()
        at = 0
        for surface, pos, _ in words(q):
            if pos[0] in ("助詞", "助動詞", "動詞"):
                grammar.add(at)
            at += len(surface)
            cuts.add(at)
        out: list[tuple[str, list[str], int]] = []
        taken: list[tuple[int, int]] = []
        for key in found:
            start = folded.find(key)
            while start >= 0:
                end = start + len(key)
                whole = start in cuts and end in cuts and not any(start <= s < end for s in grammar)
                if (whole or len(key) >= _LONG_READING) and not any(a < end and start < b for a, b in taken):
                    out.append((key, sorted(self.kana[key]), start))
                    taken.append((start, end))
                    break
                start = folded.find(key, start + 1)
        return out

    def respelled(self, text: str) -> str:
        """`text` with each word typed in kana written as the documents write it, where they write it one
        way (すくらっぷやーど → スクラップヤード): the question read in the documents' words."""
        return _respell(text, [x for x in self._spelled(text) if len(x[1]) == 1])

    def variants(self, word: str) -> list[str]:
        """`word` normalised, then the word with each glossary term it holds replaced by each of the
        term's equivalents (CEポート → サーキュラーエコノミーポート; 電子基板の輸入 → e-scrapの輸入), and with
        its kana spellings written as the documents write them (かみおむつ → 紙おむつ): the same thing in the
        documents' words, whole, where `expand` gives the equivalents alone."""
        q = normalize(word)
        out = [q] if q else []
        for key in self._keys:
            if self._occurs(key, q):
                for syn in sorted(self.terms[key]):
                    variant = q.replace(key, syn)
                    if variant not in out:
                        out.append(variant)
        spelled = self._spelled(q)
        if spelled:
            variant = _respell(q, spelled)
            if variant not in out:
                out.append(variant)
        return out

    def __len__(self) -> int:
        return len(self.terms)
