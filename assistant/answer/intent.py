"""What a question asks for, read from its grammar: the answer's shape and the kind of evidence that
answers it (a number with the asked counter, a date, an organisation).

Counters come from SudachiPy's parts of speech, not from a table of 何港/何件…: an interrogative
numeral (何, 何万) followed by a noun or suffix asks for a number carrying that noun (何港 → 港,
何施設 → 施設, 何万トン → トン), and evidence holds it when a numeral there is followed by the same
noun (22港, 150施設, 2.1万t). The few question words that stand for a whole class of answer
(いくら → an amount of money, いつ → a date) are the language's closed set of interrogatives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.ingest.ministries import FULL_NAMES, OWNER_LABELS
from assistant.text.era import western, year_forms
from assistant.text.japanese import content_nouns, tokenize, words
from assistant.text.normalize import has_japanese, nfkc, norm

# The shape of the answer is the first aspect the question touches in this order; a list of measures
# only when nothing more specific is asked of them. A question touching several (その目標と予定は？)
# keeps them all in `aspects`.
ASPECT_ORDER = ("ministry", "summary", "schedule", "target", "number", "which_measure")
# The nouns by which the documents' units are named: a question whose asked noun (asked_head) is one
# of them asks for a list of measures (「…を対象とする施策は？」「どの事業が…」).
MEASURE_NOUNS = {"施策", "取り組み", "事業", "個票", "対策", "シート"}
# The language's cues of what is asked, one named group each: the aspects with a cue of their own
# (number and which_measure come from the grammar below), who, and the words that stand for a whole
# class of number (money, a share, any amount, a budget); 何割 and 何% are counters, read below.
CUES = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    ("ministry", r"所管|省庁|府省|(?:どこ|どの|何)(?:の)?(?:省|府省|官庁)|担当(?:省|する省)"),
    ("summary", r"まとめ|要約|要点|概要|ブリーフィング|整理して|ポイント|[0-9一二三四五]行で|説明して|レク|一言|ざっくり"),
    ("schedule", r"いつ|スケジュール|予定|時期|(?<!これ)(?<!それ)までに|期限"),  # これまでに: so far
    ("target", r"目標|KPI|指標|目指す姿|目指して|ゴール"),
    ("who", r"誰|だれ|どこ|担当"),
    ("money", r"いくら|金額|費用"),
    ("share", r"割合|比率|率は"),
    ("amount", r"どのくらい|どれくらい|どれぐらい|どのぐらい|どの程度|どれだけ|いくつ"),
    ("budget", r"予算"),
)))
# The same asked in English (staff sometimes ask so; the documents are Japanese, so the question's
# own words cannot be matched against them): English interrogatives and their nouns, a budget, and
# the years an English question writes ("in 2030", "FY2026"; a Japanese one writes 2030年, 2026年度).
ENGLISH_CUES = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in (
    ("ministry", r"\b(?:which|what) (?:ministry|ministries|agency|agencies)\b|\bin charge\b|\bresponsible\b"),
    ("summary", r"\bsummar|\boverview\b|\bbrief(?:ly|ing)?\b|\boutline\b"),
    ("schedule", r"\bwhen\b|\bschedule[ds]?\b|\bdeadline\b|\btimeline\b|\bby what year\b"),
    # the noun, not the verb: "the 2030 target for copper", not "which measures target e-scrap"
    ("target", r"\b(?:the|a|an|its|their|numerical|\d{4}) targets?\b|\btargets? (?:for|of)\b|\bgoals?\b"),
    ("number", r"\bhow (?:many|much)\b|\bwhat (?:share|percentage|proportion|amount)\b"),
    ("which_measure", r"\b(?:which|what) (?:measures?|policies|policy|programs?|programmes?|initiatives?)\b"),
    ("budget", r"\bbudget"),
    ("year", r"\b(?:FY\s?)?20\d\d\b"),
)), re.IGNORECASE)
ASPECT_CUES = ("ministry", "summary", "schedule", "target", "number", "which_measure")
# the sheets' owner labels (創設団体, 実施主体…) ask for the owner; 所管 is in the pattern above and
# 担当 alone also asks who does one task of a measure (「…の導入支援はどこが担当？」)
OWNER_ASKED = tuple(label for label in OWNER_LABELS if not label.startswith(("所管", "担当")))
# A number answers only when its counter is the asked one; these counters name the same unit.
UNIT_ALIASES = {"パーセント": "%", "割": "%", "t": "トン", "名": "人"}
NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*")
YEAR = re.compile(r"(?:19|20)\d\d年度?|令和\s*\d+\s*年度?|R\d+年?|第\s*\d+\s*[回次]|\d+\s*年\s*\d*\s*(?:か月|ヶ月|カ月|箇月)"
                  r"|\d+\s*月|\d+年代")
# a budget is money said to be budgeted (計上, 予算, 補助…), not any amount (a market size)
BUDGETED = re.compile(r"(?:予算|計上|補助|助成|交付|基金)[^。]{0,40}?[0-9０-９][0-9０-９,，.．]*\s*(?:兆|億|万)?円"
                      r"|[0-9０-９][0-9０-９,，.．]*\s*(?:兆|億|万)?円[^。]{0,20}?(?:予算|計上)")
# "いつから" wants a start, "いつまで" an end (asked in a question); the date phrase of a line says
# which it gives; an assessment is asked for (評価, 傾向は) and given (鈍化傾向, 達成見込み) alike
WHEN = re.compile(r"(?P<ask_start>いつから|何年度から|開始|始ま)|(?P<ask_end>いつまで|期限|何年度まで)"
                  r"|(?P<start>(?:年度?|月)(?:から|より|以降)|開始)|(?P<end>(?:年度?末?|月)まで)"
                  r"|(?P<evaluation>評価|傾向|見込み|達成)")


def gives(text: str, what: str) -> bool:
    """Whether a line gives `what`: a start ("start"), an end ("end") or an assessment ("evaluation")."""
    return any(m.lastgroup == what for m in WHEN.finditer(text))
# interrogative numerals: 何, 何万, 何千…
_NUMERAL_SCALES = ("", "万", "千", "百", "億", "十")
_DATE_COUNTERS = {"年", "年度", "月", "日", "年代"}
# nouns of quantity: 自治体数, 会員数 (a count of the noun before), 最新値, 目標値 (a value)
_QUANTITY_NOUNS = ("数", "値")


@dataclass(frozen=True)
class Quantity:
    """What a number answer must carry: a numeral followed by one of `names` (人, 港, 円, %), or any
    numeral when `names` is empty; a window must also name what is counted (`counted`: 来場者 of
    来場者数) and match `needs` (a budget) when they are given."""

    names: tuple[str, ...] = ()
    counted: str | None = None
    needs: re.Pattern | None = None

    def search(self, text: str, counted: bool = True) -> bool:
        """Whether `text` carries the asked number; `counted=False` leaves out the check that it names
        what is counted (a table row 「企業 685社」 under 「会員数：840者」 still answers 会員数)."""
        if self.needs is not None and not self.needs.search(text):
            return False
        if counted and self.counted:
            names = set(tokenize(self.counted))
            if not ({t for t in names if len(t) > 1} or names) & set(tokenize(text)):
                return False  # 来場者数 is not answered by a count of volunteers
        found = quantities(text)
        return bool(found) if not self.names else any(n in found for n in self.names)


def _unit(form: str) -> str:
    return UNIT_ALIASES.get(form, form)


def quantities(text: str) -> frozenset[str]:
    """The counters that follow a numeral in `text` (22港 → 港, 1万人 → 人, 379億円 → 円, 30% → %);
    a bare numeral counts as ''. Enumerators (1. ①) and dates are not quantities."""
    return _quantities(nfkc(text)[:2000])


@lru_cache(maxsize=65536)
def _quantities(text: str) -> frozenset[str]:
    ms = words(text)
    out: set[str] = set()
    for i, (surface, pos, _form) in enumerate(ms):
        if pos[1] != "数詞" or surface.startswith("何") or not any(ch.isdigit() or ch in "万億兆" for ch in surface):
            continue
        if i > 0 and ms[i - 1][0][-1:].isascii() and ms[i - 1][0][-1:].isalpha():
            continue  # a digit inside a name (J4CE, G7) counts nothing
        nxt = ms[i + 1] if i + 1 < len(ms) else None
        if nxt and nxt[1][0] in ("名詞", "接尾辞") and nxt[1][1] != "数詞":
            unit = _unit(nxt[2])
            if unit not in _DATE_COUNTERS:
                out.add(unit)
        elif not (nxt and nxt[1][0] == "補助記号" and nxt[0] in ".)）"):
            out.add("")
    return frozenset(out)


def figures(text: str) -> list[str]:
    """The figures a text states, as written: a numeral with its counter (4.6兆円, 1万人, 30%), not a
    date, not a digit inside a name, not a basis (「1件あたり」)."""
    ms = words(nfkc(text)[:2000])
    out = []
    for i, (surface, pos, _form) in enumerate(ms[:-1]):
        nxt = ms[i + 1]
        if pos[1] != "数詞" or surface.startswith("何") or not any(ch.isdigit() for ch in surface):
            continue
        if i > 0 and ms[i - 1][0][-1:].isascii() and ms[i - 1][0][-1:].isalpha():
            continue
        after = ms[i + 2][0] if i + 2 < len(ms) else ""
        if nxt[1][0] in ("名詞", "接尾辞") and _unit(nxt[2]) not in _DATE_COUNTERS and after not in ("あたり", "当たり"):
            out.append(surface + nxt[0])
    return out


def asked_counter(question: str) -> Quantity | None:
    """The number a question asks for, from its grammar; None when it asks no number."""
    ms = words(question)
    counted, value = _quantity_noun(ms)
    for i, (surface, pos, form) in enumerate(ms):
        head = None
        if surface[:1] == "何" and surface[1:] in _NUMERAL_SCALES and i + 1 < len(ms) \
                and ms[i + 1][1][0] in ("名詞", "接尾辞"):
            head = ms[i + 1][2]
        elif surface.startswith("何") and len(surface) > 1 and pos[0] == "名詞" and pos[1] != "数詞":
            head = form[1:]  # Sudachi keeps some as one word: 何人, 何回
        if head and head not in _DATE_COUNTERS:
            # 「回収拠点は何か所」 is answered by 「1万か所」 or by 「1万拠点」: the subject counts too
            # (って is the spoken は: 「自治体って何団体」)
            subject = [ms[j - 1][2] for j in range(1, i) if ms[j][0] in ("は", "が", "って") and ms[j - 1][1][0] == "名詞"]
            return Quantity(tuple(dict.fromkeys([_unit(head)] + subject[-1:])), counted)
    cues = _cues(question)
    if "budget" in cues:
        return Quantity(("円",), counted, BUDGETED)
    if "money" in cues:
        return Quantity(("円",), counted)
    if "share" in cues:
        return Quantity(("%",), counted)
    if counted == "額":
        return Quantity(("円",))
    if value or "amount" in cues:
        if counted and len(counted) == 1:
            return Quantity((_unit(counted),))  # 件数, 人数: a count in 件, in 人
        return Quantity((), counted)
    return None


def _quantity_noun(ms) -> tuple[str | None, bool]:
    """(what is counted, whether a quantity is named): 自治体数 → (自治体, True), 最新値 → (None, True)."""
    for i, (surface, pos, form) in enumerate(ms):
        if pos[0] not in ("名詞", "接尾辞") or pos[1] == "数詞":
            continue
        if form in _QUANTITY_NOUNS and i > 0 and ms[i - 1][1][0] == "名詞":
            return (ms[i - 1][0] if form == "数" else None), True
        if form in _QUANTITY_NOUNS and i > 1 and ms[i - 1][0] == "の" and ms[i - 2][1][0] == "名詞":
            return (ms[i - 2][0] if form == "数" else None), True  # 「団体の数」 is 団体数
        if len(surface) > 1 and surface[-1] in _QUANTITY_NOUNS and pos[1] == "普通名詞" and surface != "数値":
            return (surface[:-1] if surface[-1] == "数" else None), True
        if len(surface) > 1 and surface.endswith("額") and pos[0] == "名詞":
            return "額", True  # 上限額, 助成額, 予算額: an amount of money
    return None, False


ABBREVIATED = {"経産省": "経済産業省", "国交省": "国土交通省", "農水省": "農林水産省", "文科省": "文部科学省",
               "厚労省": "厚生労働省"}
_MINISTRY_NAMES = sorted(list(FULL_NAMES) + list(ABBREVIATED), key=len, reverse=True)  # longest first


def _ministry_mentions(q: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of every ministry name in the (NFKC) text, longest names first; a shorter name
    inside a longer one is not found again (経済産業省 is not also 産業省)."""
    taken: list[tuple[int, int, str]] = []
    for name in _MINISTRY_NAMES:
        for i in _find_all(q, name):
            if not any(s < i + len(name) and i < e for s, e, _ in taken):
                taken.append((i, i + len(name), name))
    return taken


def named_ministries(question: str) -> list[str]:
    """The ministries the question names, as full names, in the order of the longest names first."""
    return list(dict.fromkeys(ABBREVIATED.get(name, name) for _, _, name in _ministry_mentions(nfkc(question))))


def owner_asked(question: str) -> str | None:
    """The ministry whose measures are asked for (経済産業省が所管する施策は？, 国交省の取組を教えて):
    the question asks for measures and names a ministry as their subject (が) or owner (の), not a
    check of one measure's owner (「…は環境省の事業という理解で合っていますか」 asks for a 理解)."""
    if asked_head(question) not in MEASURE_NOUNS:
        return None
    q = nfkc(question)
    if len(named_ministries(q)) > 1:
        return None  # 「AとBのどちらの事業か」 asks to choose an owner
    for name in _MINISTRY_NAMES:
        i = q.find(name)
        if i >= 0 and q[i + len(name):i + len(name) + 1] in ("が", "の"):
            return ABBREVIATED.get(name, name)
    return None


@dataclass
class Intent:
    """What a question asks: the answer's shape (kind), the unit a number must carry, every aspect it
    touches, qualifiers, an owner ministry, a count asked for, a briefing length."""

    kind: str                 # the answer's shape
    unit: Quantity | None      # what a number answer must contain, when the question asks a number
    aspects: tuple[str, ...] = ()  # every kind the question touches (あわせて… asks two things)
    evaluation: bool = False  # asks for an assessment (評価, 傾向) as well
    when: str | None = None   # a schedule answer should give its "start" or its "end"
    owner: str | None = None  # a ministry whose measures are asked for
    who: bool = False         # asks for a body (誰, どこ, どの部局)
    qualifiers: list[str] = field(default_factory=list)  # dates the evidence must hold
    places: list[str] = field(default_factory=list)      # places the question names (中国, 神戸市)


def detect(question: str) -> Intent:
    """What the question asks, read from its cues (Japanese and English), figures and grammar."""
    q = nfkc(question)
    english = not is_japanese(q)
    cues = _cues(q) | (_cues(q, ENGLISH_CUES) if english else set())
    found = cues & set(ASPECT_CUES)
    if any(label in q for label in OWNER_ASKED):
        found.add("ministry")
    if asked_head(q) in MEASURE_NOUNS:
        found.add("which_measure")
    unit = asked_counter(q)
    if unit is None and english and "budget" in cues:
        unit = Quantity(("円",), None, BUDGETED)
    if unit is None and "number" in found:
        unit = Quantity()  # asked in English: a number, in whatever unit the sheet counts
    if unit is not None:
        found.add("number")
    owner = owner_asked(q)
    if not owner and named_ministries(q):
        found.add("ministry")  # a ministry named beside a measure: the measure's ownership is asked
    # a list of measures is the shape only when nothing more specific is asked of them
    aspects = tuple(name for name in ASPECT_ORDER if name in found)
    kind = "owner_measures" if owner else aspects[0] if aspects else "general"
    asked = {m.lastgroup for m in WHEN.finditer(q)}
    when = "start" if "ask_start" in asked else "end" if "ask_end" in asked else None
    return Intent(kind, unit, aspects, "evaluation" in asked, when, owner,
                  "who" in cues, qualifiers(q), places(q))


def is_japanese(text: str) -> bool:
    """Whether the text is written in Japanese (holds kana or kanji)."""
    return has_japanese(text)


def _cues(text: str, table: re.Pattern = CUES) -> set[str]:
    """The names of the cues (CUES, ENGLISH_CUES) the text holds."""
    return {m.lastgroup for m in table.finditer(text) if m.lastgroup}


def aspect_spans(question: str) -> list[tuple[int, int]]:
    """Where the (NFKC) question says what it asks rather than what about: the aspect cues (目標,
    所管, いつ…), a date it pins, an interrogative numeral with its counter (何件, 何%), money, share
    and amount words, the owner labels, and in English the English cues."""
    q = nfkc(question)
    patterns = [CUES, WHEN, YEAR] + ([] if is_japanese(q) else [ENGLISH_CUES])
    spans = [m.span() for p in patterns for m in p.finditer(q)]
    spans += [(i, i + len(label)) for label in OWNER_ASKED for i in _find_all(q, label)]
    pos = 0
    ms = words(q)
    for i, (surface, _pos, _form) in enumerate(ms):
        start = q.find(surface, pos)
        pos = start + len(surface) if start >= 0 else pos
        if start >= 0 and _pos[0] == "名詞" and len(surface) > 1 and surface[-1] in _QUANTITY_NOUNS:
            spans.append((start, pos))  # 数値, 件数, 最新値: a quantity asked for, not a subject
        if surface.startswith("何") and start >= 0:  # 何件, 何港, 何%: the counter says what is asked
            end = pos + (len(ms[i + 1][0]) if i + 1 < len(ms) and ms[i + 1][1][0] in ("名詞", "接尾辞") else 0)
            spans.append((start, end))
    return spans


def owner_spans(question: str) -> list[tuple[int, int]]:
    """Where the (NFKC) question names a ministry as the owner it asks about (「所管は国交省？」): that is
    what is asked of a measure, not what it is about. 「経産省が所管する施策は？」 asks for that ministry's
    measures: there the ministry is the subject, and no span is given. (The premise check still reads
    the named ministry: it must be in the evidence.)"""
    if owner_asked(question) is not None:
        return []
    return [(start, end) for start, end, _ in _ministry_mentions(question)]


def subject_terms(question: str, names: bool = False) -> list:
    """The nouns that name what the question is about: its content nouns outside the spans that say
    what is asked (目標, 所管, いつ, 何件…; intent.aspect_spans) and outside the asked noun itself
    (「…施策は？」), as index tokens. 「目標は？」 has none; 「J4CEの創設団体は？」 has J4CE, 創設, 団体."""
    q = nfkc(question)
    for start, end in sorted(aspect_spans(q) + owner_spans(q), reverse=True):
        q = q[:start] + " " + q[end:]
    # the asked noun frames the question only when it is a measure noun (「…施策は？」); 「銅は？」 asks
    # about copper
    frame = {n for n in frame_nouns(question)
             if n in MEASURE_NOUNS or n != asked_head(question)}
    found = [(t, name) for t, name in dict.fromkeys(content_nouns(q, names=True)) if t not in frame]
    return found if names else list(dict.fromkeys(t for t, _ in found))


def _find_all(text: str, sub: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(sub), text)]


def aspect_words(question: str) -> str:
    """The words by which a question says what it asks (「アルミの2030年の目標は？」 → 2030年 目標),
    to ask the same of another subject."""
    q = nfkc(question)
    return " ".join(q[s:e] for s, e in sorted(set(aspect_spans(q))))


def carry(own: Intent, earlier: Intent) -> Intent:
    """A question that names only a new subject (「銅は？」) asks what the earlier one asked: its shape,
    aspects, a number, dates and assessment, but not the earlier subject's counter or what it counted
    (会員, 者) nor its places."""
    unit = earlier.unit
    if unit is not None:  # another subject counts in its own units (会員 840者, 参加企業・団体 235)
        unit = Quantity((), None, unit.needs)
    return Intent(earlier.kind, unit, earlier.aspects, earlier.evaluation, earlier.when,
                  own.owner or earlier.owner, earlier.who, list(dict.fromkeys(own.qualifiers + earlier.qualifiers)),
                  own.places)


QUOTATIVE = ("と", "という", "って")
# the verbs of Japanese compound particles of topic: について, に関して, に関する, に対する
ABOUT_VERBS = {"つく", "関する", "対する"}


def asked_head(question: str) -> str | None:
    """The noun the question asks for, from its end: 「…を対象とする施策はどれですか」 → 施策. Reading
    back from the end, the first noun after the interrogative, verbs and particles is what the
    answer lists, not what it is about."""
    ms = words(nfkc(question))
    for i, (surface, _pos, _form) in enumerate(ms[:-1]):
        if surface in ("どの", "どんな", "どういう") and ms[i + 1][1][0] == "名詞":
            return ms[i + 1][2]  # どの施策が…
    right = ""  # the morpheme to the right of the one being read
    for i in range(len(ms) - 1, -1, -1):
        surface, pos, form = ms[i]
        if pos[0] == "動詞" and form in ABOUT_VERBS:
            return None  # 「…の取組について教えて」 asks about one thing, not for a list of them
        if pos[0] == "名詞" and pos[1] != "数詞" and pos[2] != "副詞可能":  # すべて, 全部 modify the verb
            if right == "に" and i + 2 < len(ms) and ms[i + 2][2] == "為る":
                right = surface  # 「施策を一覧にして」: the form asked for; what is listed comes before
                continue
            # 「…環境省の事業と考えてよいですか」 quotes a premise to check; it asks for no 事業
            return None if right in QUOTATIVE else form
        if pos[0] not in ("助詞", "助動詞", "補助記号", "代名詞", "動詞", "形容詞", "空白", "接尾辞", "感動詞", "副詞",
                          "名詞"):
            return None
        right = surface
    return None


def frame_nouns(question: str) -> list[str]:
    """Nouns that frame the question rather than name its subject: the complement of 「AをBとする」
    (「e-scrapを対象とする施策」 is about e-scrap, 対象 says how) and the asked noun itself."""
    ms = words(nfkc(question))
    out = [ms[i][0] for i in range(len(ms) - 2)
           if ms[i][1][0] == "名詞" and ms[i + 1][0] == "と" and ms[i + 2][2] == "為る"]
    head = asked_head(question)
    return out + ([head] if head else [])


def qualifiers(question: str) -> list[str]:
    """Dates the question pins (a year, a fiscal year, a session) that the evidence must share: a
    figure for 2030 does not answer a question about 2040."""
    q = nfkc(question)
    found = ["".join(m.group(0).split()) for m in YEAR.finditer(q)]
    if not is_japanese(q):
        years = [m.group(0)[-4:] for m in ENGLISH_CUES.finditer(q) if m.lastgroup == "year"]
        found += [y for y in years if y not in found]
    return found


def places(question: str) -> list[str]:
    """Place names of the question (SudachiPy's 固有名詞・地名): a figure of China's policy is not
    answered by a sheet that never names China. None for a question in English: its place names are
    not the documents' words (Japan is 日本, 我が国 there), so they cannot be looked up in a sheet."""
    q = nfkc(question)
    if not is_japanese(q):
        return []
    return list(dict.fromkeys(surface for surface, pos, _ in words(q) if pos[:3] == ("名詞", "固有名詞", "地名")))


_ERA = re.compile(r"^(?:(?P<western>(?:19|20)\d\d)|(?P<era>令和|平成|R|H)(?P<year>\d+))(?P<suffix>年度?|)$")


def holds(text: str, qualifier: str) -> bool:
    """Whether `text` states the qualifier, in either calendar (2026年度 = 令和8年度 = R8年度)."""
    t = norm(text)
    q = norm(qualifier)
    forms = {q}
    if m := _ERA.match(q):
        year = int(m.group("western")) if m.group("western") else western(m.group("era"), m.group("year"))
        forms |= year_forms(year, m.group("suffix"))
    return any(f in t for f in forms)
