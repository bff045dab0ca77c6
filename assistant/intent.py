"""What a question asks for, from its own wording: the answer's shape follows from it."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ministry", re.compile(r"所管|省庁|府省|どこの省|どの省|担当(?:省|し|して)|創設団体|立ち上げ|どこが|"
                            r"連携して|関係省庁|どこの(?:事業|組織)|主体")),
    ("summary", re.compile(r"まとめ|要約|要点|概要|ブリーフィング|整理して|どんな意見|ポイント")),
    ("schedule", re.compile(r"いつ|スケジュール|予定|時期|タイミング|何年度から|までに|期限|施行|提出")),
    ("target", re.compile(r"目標|KPI|kpi|指標|目指す姿|目指して")),
    ("number", re.compile(r"いくら|何[%％割件人名か箇ヶカ港社団体万億円tト]|何パーセント|どのくらい|どれくらい|"
                          r"どれだけ|数は|割合|予算|金額|規模|上限|最新値|いくつ|何分野|何品目|何自治体|何港")),
    ("which_measure", re.compile(r"施策はどれ|施策は[？?]?$|施策を(?:すべて|全て)?挙げ|施策はあります|どの施策|"
                                 r"取組はどれ|ありますか|扱っている|施策.*(?:教えて|知りたい)")),
]
MONEY = re.compile(r"[0-9０-９,，.．]+\s*(?:兆|億|万)?円|[0-9,]+億|[0-9,]+兆")
PERCENT = re.compile(r"[0-9０-９.．]+\s*[%％]|[0-9０-９一二三四五六七八九十]+割")
NUMBER = re.compile(r"[0-9０-９][0-9０-９,，.．]*")
YEAR = re.compile(r"(?:19|20)\d\d年度?|令和\s*\d+\s*年度?|R\d+年?|第\s*\d+\s*回|\d+\s*年\s*\d*\s*(?:か月|ヶ月|カ月|箇月)")

UNIT_OF_QUESTION: list[tuple[re.Pattern, re.Pattern]] = [
    # a budget is money said to be budgeted (計上, 予算, 補助…), not any amount (a market size)
    (re.compile(r"予算"), re.compile(r"(?:予算|計上|補助|助成|交付|基金)[^。]{0,40}?[0-9０-９][0-9０-９,，.．]*\s*(?:兆|億|万)?円"
                                     r"|[0-9０-９][0-9０-９,，.．]*\s*(?:兆|億|万)?円[^。]{0,20}?(?:予算|計上)")),
    (re.compile(r"いくら|金額|費用|円|助成上限|上限額"), MONEY),
    (re.compile(r"何[%％]|何パーセント|割合|率"), PERCENT),
    (re.compile(r"何件"), re.compile(r"\d+\s*件")),
    (re.compile(r"何人|何名|参加者数"), re.compile(r"\d[\d,]*\s*(?:人|名)")),
    (re.compile(r"何港"), re.compile(r"\d+\s*港")),
    (re.compile(r"何自治体"), re.compile(r"\d+\s*(?:自治体)?")),
    (re.compile(r"何か所|何箇所|何ヶ所|何カ所|拠点数"), re.compile(r"(?:\d|万)\s*(?:か所|箇所|ヶ所|カ所|拠点)")),
    (re.compile(r"何トン|何万トン|何t"), re.compile(r"\d[\d,.]*\s*(?:万)?\s*(?:トン|t)")),
    (re.compile(r"何分野|何品目"), re.compile(r"\d+\s*(?:分野|品目)")),
    (re.compile(r"何社|会員数|企業数"), re.compile(r"\d[\d,]*\s*(?:社|者|団体)")),
]
# "いつから" wants a start, "いつまで" an end: the date phrase in the answer says which
WHEN_ASKED = [(re.compile(r"いつから|何年度から|開始|始ま"), re.compile(r"(?:年度?|月)(?:から|より|以降)|開始")),
              (re.compile(r"いつまで|期限|何年度まで"), re.compile(r"(?:年度?末?|月)まで"))]
EVALUATION = re.compile(r"評価|傾向|見込み|達成")


ABBREVIATED = {"経産省": "経済産業省", "国交省": "国土交通省", "農水省": "農林水産省", "文科省": "文部科学省",
               "厚労省": "厚生労働省"}
OWNER_ASKS = re.compile(r"(?:が|の)\s*(?:所管|担当|実施|主導|担う|行う|進める|関わる)?\s*(?:する|している|となる)?\s*"
                        r"(?:施策|取組|取り組み|事業|個票)")


def owner_asked(question: str) -> str | None:
    """The ministry whose measures are asked for (経済産業省が所管する施策は？), as a full name."""
    from .ministries import FULL_NAMES

    q = unicodedata.normalize("NFKC", question)
    names = sorted(list(FULL_NAMES) + list(ABBREVIATED), key=len, reverse=True)
    for name in names:
        i = q.find(name)
        if i >= 0 and OWNER_ASKS.match(q, i + len(name)):
            return ABBREVIATED.get(name, name)
    return None


@dataclass
class Intent:
    kind: str                 # the answer's shape
    unit: re.Pattern | None   # what a number answer must contain, when the question says
    aspects: tuple[str, ...] = ()  # every kind the question touches (あわせて… asks two things)
    evaluation: bool = False  # asks for an assessment (評価, 傾向) as well
    when: re.Pattern | None = None  # the date phrase a schedule answer should hold
    owner: str | None = None  # a ministry whose measures are asked for


def detect(question: str) -> Intent:
    q = unicodedata.normalize("NFKC", question)
    aspects = tuple(name for name, pattern in _PATTERNS if pattern.search(q))
    kind = aspects[0] if aspects else "general"
    unit = None
    for asks, pattern in UNIT_OF_QUESTION:
        if asks.search(q):
            unit = pattern
            break
    when = next((want for asks, want in WHEN_ASKED if asks.search(q)), None)
    owner = owner_asked(q)
    if owner:
        kind = "owner_measures"
    return Intent(kind, unit, aspects, bool(EVALUATION.search(q)), when, owner)


def qualifiers(question: str) -> list[str]:
    """Specific anchors in a question (years, fiscal years, 'per panel'…) that evidence must share."""
    q = unicodedata.normalize("NFKC", question)
    found = [re.sub(r"\s+", "", m.group(0)) for m in YEAR.finditer(q)]
    found += [m.group(0) for m in re.finditer(r"\d+\s*(?:枚|台|個|本)あたり|1人1日当たり", q)]
    return found
