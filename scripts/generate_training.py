"""The training set made from the plan itself (issue 27): thousands of questions, each with the sheet and
the line that answer it, and the labels the query stage's models are fitted on.

Every question is assembled from typed pieces, so each character's role is known: S the subject (what the
question is about), A what is asked (the slot: 目標, いつ, 所管…), V a value the question asserts (a
ministry, a year, a figure to check), F framing (an audience, chatter, a format request: never a premise,
never searched for), O the rest (particles, endings). The facts come from the catalog: every KPI line with
a figure gives target questions and checks with the right and a wrong value; every dated line when-questions
and checks with a wrong year; every owner header owner questions and checks with a wrong ministry, every
sheet without one the question whose answer is that none is stated; every enumeration its items; every
点検 table row its latest value, trend and target; pairs of sheets comparisons; pairs of questions
follow-ups (refer back, narrow a list, return to an earlier topic, a new subject); measures the plan does
not have, recombined from real parts, and years it does not give, to decline. Surface forms vary: dropped
particles, colloquial endings, audience and chatter around the question, English, the glossary's short
forms, hiragana and dropped long vowels.

The templates' wording lives here, in the generator, never in assistant/: the models learn from these
questions and are scored on question sets written by people who never saw them. Each template belongs to
one of two families (A, B) by its position in its list, so that a model can be fitted on one family's
phrasings and scored on the other's (scripts/lowo.py, the "generated-A"/"generated-B" writers).

    .venv/bin/python scripts/generate_training.py [--out training/generated.jsonl] [--seed 7]
"""
from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VERSION = 2  # 2: the dated checks (appended with --add; version 1's rows are as written then)

# ---- pieces -------------------------------------------------------------------------------------------
# A template is a list of pieces: (label, text) with placeholders filled from the facts: {S} subject,
# {S2} a second subject, {V} the asserted value, {Y} a year, {N} a count, {E} an event, {T} a topic word.


@dataclass
class Q:
    """One generated question with its labels."""

    pieces: list[tuple[str, str]]
    kind: str
    slot: str
    source: str | None = None
    line: str | None = None
    answer_contains: list[str] = field(default_factory=list)
    relevant: list[list[str]] = field(default_factory=list)
    check: str | None = None            # "yes" | "no" | "unstated" when the question is a check
    claim: dict | None = None
    parts: list[dict] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    relation: str = "new"               # new | follow | narrow | return
    return_to: int | None = None        # which earlier question a return goes back to
    answerable: bool = True
    template: str = ""
    family: str = "A"

    def text(self) -> str:
        return "".join(t for _, t in self.pieces)

    def spans(self) -> list[list]:
        out, pos = [], 0
        for label, t in self.pieces:
            if t:
                out.append([pos, pos + len(t), label])
            pos += len(t)
        return out


# ---- template wording (the generator's vocabulary; see the module docstring) -------------------------
ENDINGS = ["は？", "は何？", "を教えて", "を教えてください", "が知りたい", "はどうなってる？", "って？", "はどうなっていますか。",
           "について確認したい", "が知りたいです", "ってどう書いてある？", "は", " ", "？"]
AUDIENCE = ["局長説明用に、", "大臣レク用に", "課長に聞かれたので、", "議員レク向けに、", "部長への報告用に", "審議官に説明するので、",
            "次官ブリーフ用、", "政務向けに", "室長から頼まれたんだけど、", "上司に説明するため、", "記者対応用に、",
            "幹部会の資料用に", "国会答弁の準備で、", "自治体からの問い合わせ対応で、", "係長に確認したいと言われて、",
            "副大臣への説明に使うので", "参事官レクの準備で、", "委員会の想定問答用に、", "秘書官から聞かれたので", "理事会用に、"]
CHATTER = ["念のためなんですが、", "来月の会議で使うので、", "すみません、", "ちょっと確認したいんだけど、", "急ぎで申し訳ないですが、",
           "前に資料で見た気がするけど、", "記者から聞かれたんですが、", "隣の係の人が言ってたんだけど、", "素朴な疑問なんですが、",
           "確認させてください。", "お疲れさまです。", "今さらですが、", "資料作成中なんですが、", "明日の打合せ前に、",
           "担当が異動で不在なので、", "メモを作っているところで、", "ざっくりでいいので、", "たぶん前にも聞いたけど、"]
AFTER = ["", "", "", " よろしくお願いします。", " 急ぎです。", "（会議資料用）", " 助かります。", " 念のため。"]
FORMATS = ["3行で", "箇条書きで", "一言で", "簡潔に", "2点で", "短く", "要点だけ", "3点で"]
EN_AUDIENCE = ["For a briefing to the director-general, ", "Quick question: ", "For tomorrow's meeting, ",
               "Sorry to bother you, but ", "My boss asked me: "]

SLOT_PHRASES = {  # nouns naming what is asked, followed by an ending (「目標は？」)
    "target": ["目標", "目標値", "KPI", "取組指標", "数値目標", "目指す姿", "ゴール", "達成目標", "目標水準"],
    "date": ["スケジュール", "予定", "時期", "今後の予定", "工程", "開始時期", "期限", "実施時期", "工程表"],
    "owner": ["所管", "担当省庁", "所管省庁", "担当府省", "所管官庁", "担当部署", "所管府省", "担当", "創設団体", "実施主体",
              "事業主体", "主催"],
    "figure": ["最新値", "実績", "数値", "現状の値", "直近の値", "規模", "件数", "実績値", "予算", "費用", "金額", "参加者数",
               "会員数", "予算額"],
    "assessment": ["進捗", "評価", "傾向", "進み具合", "達成見込み", "動向", "進捗状況", "推移", "達成状況"],
    "summary": ["要点", "概要", "ポイント", "あらまし", "全体像", "まとめ", "要旨"],
    "describe": ["中身", "内容", "取組内容", "具体的な中身", "やること", "主な取組"],
    "items": ["柱", "取組内容", "項目", "取組の一覧", "内訳", "構成"],
    "reason": ["背景", "理由", "目的", "ねらい", "課題", "必要性"],
}
SLOT_ASKS = {  # whole asking phrases after the subject and a particle (「…はいつ？」)
    "target": ["何を目指してる？", "どこまでやるの？", "目標はどれくらい？", "何%を目指す？", "どのくらいを目標にしてる？"],
    "date": ["いつ？", "いつから？", "いつまで？", "いつやるの？", "何年度から始まる？", "いつ頃の予定？", "何年度まで？"],
    "owner": ["どこの省？", "どの府省がやってる？", "どこが担当？", "どこの役所の施策？", "誰がやってる？", "どの省庁の所管？",
              "どこが立ち上げた？", "誰が運営してる？", "どの団体が作った？", "実施しているのはどこ？"],
    "figure": ["今どのくらい？", "何件？", "いくら？", "どれくらいの規模？", "何%？", "何か所？", "何万人？", "何社？",
               "何団体？", "どれだけ？", "何トン？"],
    "assessment": ["順調？", "進んでる？", "うまくいってる？", "どう評価されてる？", "どう推移してる？", "目標に対してどうなってる？",
                   "目標に届きそう？", "伸びてる？"],
    "summary": ["をまとめて", "の要点を教えて", "を要約して", "の概要を説明して", "をざっくり説明して"],
    "describe": ["何をするの？", "どういう施策？", "何のための事業？", "って何？", "どんな内容？", "何が書いてある？",
                 "どんな措置がある？", "どういう取組をしてるの？", "具体的に何をやる？", "どう書かれてる？",
                 "どのような方針？", "どのように進める？", "どういう方向性？", "対象はどこ？", "どの地域でやる？",
                 "連携先はどこ？", "どの国と連携する？", "誰が対象？", "どんな団体が関わってる？"],
    "items": ["何がある？", "どんな取組が挙がってる？", "何本柱？"],
    "reason": ["なぜ必要なの？", "どうしてやるの？", "何が課題なの？"],
}
MEASURE_NOUNS = ["施策", "取組", "事業", "施策", "対策", "取り組み", "シート", "個票"]
DONE_ENDS = ["んだよね？", "んだっけ？", "んですよね？", "んでしたっけ", "って本当？", "で合ってる？", "と聞いたけど"]
# the words for a value reached so far: a check claiming one claims a figure, not a target
REACHED = ("最新値", "実績")
CHECK_ENDS = ["だよね？", "だっけ？", "で合ってる？", "で合っていますか。", "ですよね？", "という理解でいい？", "ですか？", "でしたっけ",
              "で間違いない？", "と聞いたけど本当？", "のはず", "って本当？"]
EN = {
    "target": ["What is the target for {S}?", "What does {S} aim to achieve?", "{S}: what is the numerical target?",
               "Tell me the goal set for {S}.", "What is the {S} target?", "What's the goal of {S}?", "{S} target?",
               "What target has been set for {S}?", "How far does {S} aim to go?"],
    "date": ["When is {S} scheduled?", "What is the timeline for {S}?", "By when will {S} be done?",
             "When does {S} start?", "What is the schedule of {S}?", "{S} timeline?", "When will {S} take effect?"],
    "owner": ["Which ministry is in charge of {S}?", "Who is responsible for {S}?", "Which agency runs {S}?",
              "Which ministry handles {S}?", "Who owns {S}?", "Is {S} a METI or MOE measure?"],
    "figure": ["What is the latest value of {S}?", "How much is {S} now?", "What is the current figure for {S}?",
               "How many are there under {S}?", "What is the budget for {S}?", "How big is {S}?"],
    "summary": ["Give me an overview of {S}.", "Summarize {S} in three lines.", "Briefly explain {S}."],
    "describe": ["What is {S} about?", "What does {S} do?", "What measures does {S} include?",
                 "What kind of support does {S} provide?", "How does {S} work?", "What does the plan say about {S}?"],
    "items": ["What are the pillars of {S}?", "List the main items of {S}.", "What are the components of {S}?"],
    "measures": ["Which measures deal with {S}?", "List the measures related to {S}.", "What policies cover {S}?"],
    "assessment": ["How is {S} progressing?", "What is the trend of {S}?"],
}
EN_CHECK = {"owner": ["Is {S} run by {V}?", "{S} is under {V}, right?"],
            "target": ["The target for {S} is {V}, correct?", "Is the target of {S} {V}?"],
            "date": ["{S} starts in {V}, right?"]}
EN_FOLLOW = {"target": ["What is its target?", "And the target?", "What about its goal?"],
             "owner": ["Which ministry is in charge of it?", "Who runs it?"],
             "date": ["When does it start?", "What is its schedule?"],
             "summary": ["Can you summarize it?"], "describe": ["What does it do?", "What is it about?"]}
# English follow-ups that point back by no pronoun (scripts' own wording; {S} a thing named, {V} a value)
EN_VALUE_CHECK = ["So it's {V}?", "So the figure is {V}, right?", "{V}, correct?", "And that's {V}, isn't it?",
                  "So it was {V}?", "It's {V}, right?", "That means {V}?", "Just to confirm: {V}?"]
EN_ELLIPSIS = ["And for {S}?", "What about the {S}?", "And {S}?", "How about for {S}?", "What about {S}?",
               "And the {S}, then?", "Same for {S}?", "And what about {S}?"]
EN_ABOUT = {"date": ["When does the {S} start?", "And when is the {S} due?", "When will the {S} begin?",
                     "By when is the {S} expected?"],
            "figure": ["How many {S} are there?", "What's the maximum {S}?", "How much is the {S}?",
                       "How large is the {S}?"],
            "owner": ["Who handles the {S}?", "Which ministry runs the {S}?", "Who is in charge of the {S}?",
                      "Which agency covers the {S}?"],
            "describe": ["What does the {S} involve?", "What's planned for the {S}?", "How will the {S} work?",
                         "What is done about the {S}?"]}
# English names staff use for the plan's subjects (a question in English names them so)
EN_NAMES = {"太陽光パネル": "solar panels", "下水汚泥": "sewage sludge", "食品ロス": "food loss", "紙おむつ": "used diapers",
            "永久磁石": "permanent magnets", "電解銅": "copper", "アルミニウム": "aluminium", "鉄スクラップ": "iron scrap",
            "リチウムイオン": "lithium-ion batteries", "スクラップヤード": "scrapyards", "リユース": "the reuse market",
            "木造": "wooden buildings", "サステナブルファッション": "sustainable fashion", "港湾": "circular economy ports",
            "SAF": "SAF", "e-scrap": "e-scrap", "バーゼル": "Basel procedures", "政府調達": "green public procurement",
            "再生プラスチック": "recycled plastics", "脱炭素先行地域": "decarbonization leading areas",
            "長期優良住宅": "long-life housing", "建設発生土": "construction soil", "インフラ": "infrastructure maintenance",
            "GCP": "the Global Circularity Protocol", "J4CE": "J4CE", "EXPO": "GREEN×EXPO 2027",
            "E-waste": "e-waste in ASEAN", "担い手": "workforce development", "情報流通プラットフォーム": "the data platform",
            "CEコマース": "CE commerce", "伴走支援": "hands-on support for local businesses", "衣類": "clothing",
            "自治体フォーラム": "the municipal forum", "重要鉱物": "critical minerals", "高度化法": "the Advanced Recycling Act"}
MINISTRY_SHORT = {"経済産業省": ["経産省", "経済産業省"], "環境省": ["環境省", "環境省"], "国土交通省": ["国交省", "国土交通省"],
                  "農林水産省": ["農水省", "農林水産省"], "文部科学省": ["文科省", "文部科学省"],
                  "厚生労働省": ["厚労省", "厚生労働省"], "内閣府": ["内閣府"], "財務省": ["財務省"], "総務省": ["総務省"],
                  "外務省": ["外務省"], "消費者庁": ["消費者庁"], "林野庁": ["林野庁"], "水産庁": ["水産庁"],
                  "資源エネルギー庁": ["エネ庁", "資源エネルギー庁"], "デジタル庁": ["デジタル庁"]}
MINISTRY_EN = {"経済産業省": "METI", "環境省": "the Ministry of the Environment", "国土交通省": "MLIT",
               "農林水産省": "MAFF", "厚生労働省": "MHLW", "内閣府": "the Cabinet Office"}
RETURN_OPENERS = ["さっきの", "前に聞いた", "最初に聞いた", "話を戻して、", "さっき聞いた", "戻るけど、", "ちなみに前の"]
NARROW_OPENERS = ["そのうち", "その中で", "このうち", "その中だと", "そのなかで"]
BACK_OPENERS = ["その", "この", "それの", "当該施策の", "その施策の", "この取組の", "じゃあ", "で、", ""]
NEW_OPENERS = ["", "話変わるけど、", "別件で、", "ところで、", "あと、", "それとは別に、"]


# ---- facts from the catalog -----------------------------------------------------------------------------
def load():
    from assistant.service import Assistant

    a = Assistant.from_settings()
    a.ensure_index()
    return a


def strip_title(title: str) -> str:
    t = re.sub(r"^【[^】]*】", "", title).strip()
    t = re.sub(r"（[^）]*Ⅲ-\d[^）]*）$", "", t)
    return t.strip()


class Facts:
    """What the generator draws on: sheets, their lines, token statistics, indicators, glossary."""

    def __init__(self, a):
        from assistant.answer.evidence import LineIndex
        from assistant.text.japanese import tokenize, words

        self.a = a
        self.sheets = a.sheets()
        self.lines: LineIndex = a.lines
        self.tokenize = tokenize
        self.words = words
        self.glossary = a.glossary
        self.indicators = a.indicators
        self.n = len(self.sheets)

    def idf(self, tok: str) -> float:
        return self.lines.sheet_idf.get(tok, math.log(self.n))

    def sheets_with(self, text: str) -> list[str]:
        from assistant.text.normalize import norm

        key = norm(text)
        return [s.id for s in self.sheets if key in self.lines.norm_text(s.id)]

    def pointing(self, phrase: str, sheet) -> bool:
        """Whether a phrase picks out this sheet: its rare words are on it, and on at most 3 sheets."""
        toks = [t for t in set(self.tokenize(phrase)) if self.idf(t) >= math.log(self.n / 6)]
        if not toks:
            return False
        have = [sid for sid, st in self.lines.sheet_tokens.items() if all(t in st for t in toks)]
        return sheet.id in have and len(have) <= 3

    def noun_runs(self, text: str) -> list[str]:
        """Noun phrases of a title: runs of nouns, prefixes, suffixes (with の/・ inside)."""
        ms = self.words(text)
        runs, cur = [], ""
        for surface, pos, _ in ms:
            if pos[0] in ("名詞", "接頭辞", "接尾辞") or (surface in ("・", "の", "-") and cur):
                cur += surface
            else:
                if cur:
                    runs.append(cur.strip("の・-"))
                cur = ""
        if cur:
            runs.append(cur.strip("の・-"))
        return [r for r in runs if len(r) >= 4 or (r.isascii() and len(r) >= 3)]

    def subjects(self, sheet) -> list[str]:
        """Ways staff name a sheet: its title (the measure part after ：), shorter noun phrases of it that
        still pick it out, and the glossary's short forms of its words."""
        if sheet.kind == "inspection":
            m = re.search(r"(Ⅲ-\d)", sheet.section)
            part = m.group(1) if m else ""
            base = re.sub(r"^[①-⑳]\s*|^\(\d\)\s*", "", strip_title(sheet.title))
            base = re.sub(r"[【(（][^】)）]*[】)）]", "", base).strip()
            out = [f"点検のⅢ-{part[-1]}の{base}", f"{part}の{base}", f"点検資料{part}の{base}"] if part else [base]
            return [o for o in out if o]
        title = strip_title(sheet.title)
        whole = title.split("：")[-1].strip() if "：" in title else title
        out = [whole]
        for run in self.noun_runs(whole) + self.noun_runs(title):
            if run not in out and self.pointing(run, sheet):
                out.append(run)
        for term, eqs in self.glossary.terms.items():
            for run in list(out):
                if term in run.lower() and len(term) > 2:
                    for e in eqs:
                        alias = run.lower().replace(term, e)
                        if alias not in out and e.isascii() == term.isascii() is False:
                            out.append(alias)
        return [o for o in out if 2 < len(o) <= 60][:6]

    def field_lines(self, sheet, prefix: str) -> list[str]:
        return [ln.text for ln in self.lines.lines.get(sheet.id, []) if ln.field.startswith(prefix)]


YEAR = re.compile(r"(?:19|20)\d\d年度?|令和\s*\d+年度?|R\d+年度?")


def figures_of(line: str) -> list[str]:
    from assistant.text.figures import figures

    return [f for f in figures(line) if not YEAR.fullmatch(f)]


def wrong_figure(fig: str, rng: random.Random) -> str | None:
    m = re.match(r"^(約)?([0-9][0-9,.]*)(.*)$", fig)
    if not m:
        m2 = re.match(r"^(約)?([一二三四五六七八九十])割(.*)$", fig)
        if m2:
            kanji = "一二三四五六七八九"
            i = kanji.index(m2.group(2)) if m2.group(2) in kanji else 2
            return f"{m2.group(1) or ''}{kanji[(i + rng.choice([1, 2, 3])) % 9]}割{m2.group(3)}"
        return None
    num = float(m.group(2).replace(",", ""))
    factor = rng.choice([0.5, 2, 1.5, 3, 0.6])
    new = num * factor
    text = f"{new:g}" if new < 10 else f"{int(round(new)):,}" if "," in m.group(2) else str(int(round(new)))
    if text == m.group(2):
        return None
    return f"{m.group(1) or ''}{text}{m.group(3)}"


def wrong_year(year: str, rng: random.Random) -> str:
    m = re.search(r"(19|20)\d\d", year)
    if not m:
        return "2040年"
    y = int(m.group(0)) + rng.choice([-5, -3, -2, 2, 3, 5, 10])
    return year.replace(m.group(0), str(y))


# ---- surface variation -----------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _tokenizer():
    from sudachipy import Dictionary

    return Dictionary(dict="core").tokenizer()


def kana_of(word: str) -> str:
    """The word written in hiragana (its reading)."""
    reading = "".join(m.reading_form() for m in _tokenizer().tokenize(word))
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in reading)


def vary_subject(s: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.08 and "ー" in s:
        return re.sub(r"ー(?=[^ァ-ヴー]|$)", "", s, count=1)      # バッテリー → バッテリ
    if r < 0.14:
        return s.replace("の", "", 1)                         # particles dropped
    if r < 0.18:
        kanji = re.findall(r"[一-龥]{2,4}", s)
        if kanji:
            w = rng.choice(kanji)
            return s.replace(w, kana_of(w), 1)                 # written in hiragana
    if r < 0.21:
        return s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return s


def frame(q: Q, rng: random.Random, p: float = 0.35) -> Q:
    """Wrap a question in an audience, chatter or a format request, or none."""
    r = rng.random()
    if r < p * 0.4:
        q.pieces = [("F", rng.choice(AUDIENCE))] + q.pieces
    elif r < p * 0.8:
        q.pieces = [("F", rng.choice(CHATTER))] + q.pieces
    elif r < p:
        q.pieces = [("F", rng.choice(CHATTER)), ("F", rng.choice(AUDIENCE))] + q.pieces
    if rng.random() < 0.12:
        q.pieces = q.pieces + [("F", rng.choice(AFTER))]
    return q


def ending(rng: random.Random) -> list[tuple[str, str]]:
    return [("O", rng.choice(ENDINGS))]


# ---- generators per fact --------------------------------------------------------------------------------
class Gen:
    def __init__(self, facts: Facts, seed: int):
        self.f = facts
        self.rng = random.Random(seed)
        self.out: list[Q] = []
        self.counter = Counter()

    def fam(self, name: str, i: int) -> str:
        return f"{name}.{i}", "AB"[i % 2]

    def add(self, q: Q, name: str, i: int) -> Q:
        q.template, q.family = self.fam(name, i)
        self.out.append(q)
        return q

    def subj(self, sheet) -> str:
        return vary_subject(self.rng.choice(self.f.subjects(sheet)), self.rng)

    def en_subj(self, sheet) -> str:
        names = [en for ja, en in EN_NAMES.items() if ja in sheet.title]
        return self.rng.choice(names) if names and self.rng.random() < 0.75 else self.subj(sheet)

    # -- the slot of one measure --------------------------------------------------------------------------
    def slot_question(self, sheet, slot: str, answer: list[str], line: str | None, kind: str,
                      english: bool = False, qualifier: str | None = None) -> Q:
        rng = self.rng
        s = self.subj(sheet)
        rel = [[snippet(line or sheet.text)]]
        if english and slot in EN:
            s = self.en_subj(sheet)
            i = rng.randrange(len(EN[slot]))
            tmpl = EN[slot][i]
            year = re.search(r"(20\d\d)", " ".join(YEAR.findall(line or "")))
            if year and not qualifier and slot == "target" and rng.random() < 0.5:
                qualifier = year.group(1)
            if qualifier and slot == "target" and re.search(r"(20\d\d)", qualifier):
                y = re.search(r"(20\d\d)", qualifier).group(1)
                pieces = [("O", "What is the "), ("A", y), ("O", " "), ("A", "target"), ("O", rng.choice([" for ", " of "])),
                          ("S", s), ("O", "?")]
                return self.add(Q(pieces, kind, slot, sheet.id, line, answer, rel), "en.year", 0)
            pre, post = tmpl.split("{S}")
            a_word = next((w for w in ("target", "goal", "timeline", "When", "ministry", "responsible", "agency",
                                       "latest value", "overview", "Summarize", "measures", "policies", "progress",
                                       "trend", "How much", "current figure", "schedule", "about", "explain")
                           if w in tmpl), "")
            pieces = split_asked(pre, a_word) + [("S", s)] + split_asked(post, a_word)
            if rng.random() < 0.2:
                pieces = [("F", rng.choice(EN_AUDIENCE))] + pieces
            return self.add(Q(pieces, kind, slot, sheet.id, line, answer, rel), f"en.{slot}", i)
        i = rng.randrange(12)
        phrase = rng.choice(SLOT_PHRASES.get(slot, ["内容"]))
        if rng.random() < 0.3 and slot in SLOT_ASKS and not qualifier:
            j = rng.randrange(len(SLOT_ASKS[slot]))
            ask = SLOT_ASKS[slot][j]
            if ask[0] in "をの":
                pieces = [("S", s), ("O", ask[0]), ("A", ask[1:])]
            else:
                pieces = [("S", s), ("O", rng.choice(["は", "って", "、", "は"])), ("A", ask)]
            return self.add(frame(Q(pieces, kind, slot, sheet.id, line, answer, rel), rng), f"ask.{slot}", j)
        join = rng.choice(["の", "の", "って", "、", " ", "は"])
        if slot == "measures":
            raise ValueError
        if qualifier and rng.random() < 0.7:
            pieces = [("S", s), ("O", "の"), ("A", qualifier), ("O", "の"), ("A", phrase)] + ending(rng)
        elif i % 4 == 0:
            pieces = [("S", s), ("O", join), ("A", phrase)] + ending(rng)
        elif i % 4 == 1:
            pieces = [("S", s), ("O", "について、"), ("A", phrase)] + ending(rng)
        elif i % 4 == 2:
            pieces = [("A", phrase), ("O", "を知りたい。"), ("S", s)] if slot in ("summary", "target") else \
                [("S", s), ("O", "の"), ("A", phrase), ("O", "、どうなってる？")]
        else:
            pieces = [("S", s), ("O", " "), ("A", phrase)]
        if slot in ("summary", "describe") and rng.random() < 0.35:
            # the measure named with its noun (「…の施策」「…って何をする事業？」): a measure asked about, not listed
            noun = rng.choice(MEASURE_NOUNS[:6])
            forms = [[("S", s), ("O", "の" + noun), ("O", rng.choice(["を", "、"])), ("F", rng.choice(FORMATS)),
                      ("O", rng.choice(["", "。", "まとめて", "整理して", "教えて"]))],
                     [("S", s), ("O", "って"), ("A", rng.choice(["何をする", "どういう", "どんな"])), ("O", noun + "？")],
                     [("S", s), ("O", "の" + noun + "の"), ("A", rng.choice(SLOT_PHRASES["summary"])), ("O", "を教えて")]]
            pieces = rng.choice(forms)
            slot = "summary" if pieces[-1][1] == "を教えて" or pieces[2][0] == "O" else "describe"
        elif slot == "summary" and rng.random() < 0.4 and i % 4 != 2:
            pieces = pieces[:-1] + [("O", "を"), ("F", rng.choice(FORMATS))] + [("O", rng.choice(["", "。", "まとめて"]))]
        return self.add(frame(Q(pieces, kind, slot, sheet.id, line, answer, rel), rng), slot, i)

    def check_question(self, sheet, slot: str, value: str, truth: str, answer: list[str], line: str | None,
                       kind: str, english: bool = False) -> Q:
        rng = self.rng
        s = self.subj(sheet)
        claim = {"slot": slot, "value": value, "true": truth == "yes"}
        rel = [[snippet(line or sheet.text)]]
        if english and slot in EN_CHECK:
            s = self.en_subj(sheet)
            i = rng.randrange(len(EN_CHECK[slot]))
            tmpl = EN_CHECK[slot][i]
            shown = MINISTRY_EN.get(value, value) if slot == "owner" else value
            pieces = fill_en(tmpl, s, shown)
            return self.add(Q(pieces, kind, slot, sheet.id, line, answer, rel, truth, claim), f"en.check.{slot}", i)
        i = rng.randrange(8)
        end = ("O", rng.choice(CHECK_ENDS))
        shown = rng.choice(MINISTRY_SHORT.get(value, [value])) if slot == "owner" else value
        if slot == "owner":
            forms = [[("S", s), ("O", "の"), ("A", rng.choice(["所管", "担当", "所管省庁"])), ("O", "は"), ("V", shown), end],
                     [("S", s), ("O", "って"), ("V", shown), ("O", "の"), ("A", rng.choice(["取組", "施策", "事業", "所管"])), end],
                     [("S", s), ("O", "は"), ("V", shown), ("A", "所管"), end],
                     [("V", shown), ("O", "が"), ("A", rng.choice(["所管している", "担当している", "やっている"])), ("O", "のが"),
                      ("S", s), end]]
        elif slot == "date":
            forms = [[("S", s), ("O", "は"), ("V", value), ("O", rng.choice(["から", "までに", "に"])), ("A", "開始"), end],
                     [("S", s), ("O", "の"), ("A", rng.choice(["予定", "スケジュール", "期限"])), ("O", "は"), ("V", value), end],
                     [("S", s), ("O", "って"), ("V", value), ("O", "まで"), end]]
        else:
            forms = [[("S", s), ("O", "の"), ("A", rng.choice(["目標", "目標値", "数値目標", "KPI"])), ("O", "は"), ("V", value), end],
                     [("S", s), ("O", "って"), ("V", value), ("O", "が"), ("A", "目標"), end],
                     [("S", s), ("O", "は"), ("V", value), ("O", "を"), ("A", "目指す"), end],
                     [("S", s), ("O", "の"), ("A", "実績"), ("O", "は"), ("V", value), end]]
        pieces = forms[i % len(forms)]
        if any(label == "A" and text in REACHED for label, text in pieces):
            # a value claimed as reached (実績) is a figure's, whatever line it was taken from
            slot, claim = "figure", {**claim, "slot": "figure"}
        return self.add(frame(Q(pieces, kind, slot, sheet.id, line, answer, rel, truth, claim), rng), f"check.{slot}", i)

    def dated_checks(self) -> None:
        """Checks of when something was done or is due, as staff recall it: the date written beside an
        event (「…は2026年2月開催だよね」「…の策定は令和7年3月だっけ」), true or misremembered by a year or a
        month, the event named by the verbal noun the line writes after the date."""
        rng = self.rng
        for sheet in self.f.sheets:
            done = 0
            for line in self.f.field_lines(sheet, ""):
                for m in DATED.finditer(line):
                    event = verbal_noun(line[m.end():m.end() + 14])
                    if event is None or done >= 3:
                        continue
                    done += 1
                    date = re.sub(r"\s+", "", m.group(0))
                    quoted = re.findall(r"「([^」]{4,30})」", line)
                    # the event done (「…を開催し」「…が策定され」), or only named (「2030年度目標」)
                    done_verb = re.search(re.escape(event) + "(?:さ|し|する)", line) is not None
                    for true in (True, False):
                        value = date if true else misremembered(date, rng)
                        if value is None or not true and value in line:
                            continue
                        s = rng.choice(quoted) if quoted and rng.random() < 0.5 else self.subj(sheet)
                        end = ("O", rng.choice(CHECK_ENDS))
                        forms = [[("S", s), ("O", rng.choice(["って", "は", "、"])), ("V", value), ("A", event), end],
                                 [("S", s), ("O", "の"), ("A", event), ("O", "は"), ("V", value), end]]
                        if done_verb:
                            forms += [[("S", s), ("O", "が"), ("A", event + "された"), ("O", "のは"), ("V", value), end],
                                      [("S", s), ("O", "、"), ("V", value), ("O", "に"), ("A", event + "された"),
                                       ("O", rng.choice(DONE_ENDS))]]
                        i = rng.randrange(len(forms))
                        claim = {"slot": "date", "value": value, "true": true}
                        q = Q(forms[i], "schedule", "date", sheet.id, line, [date], [[snippet(line)]],
                              "yes" if true else "no", claim)
                        self.add(frame(q, rng), "check.dated", i)
            # the contrast: a year that only says which value is meant (「2030年度の…は50%だよね」「…の最新値、
            # 15万トン（2022年度）で合ってる？」) qualifies; the figure is what is checked
            for line in self.f.field_lines(sheet, "")[:40]:
                figs, found = figures_of(line), YEAR.findall(line)
                if not figs or not found or done >= 5:
                    continue
                done += 1
                true = rng.random() < 0.5
                value = figs[0] if true else wrong_figure(figs[0], rng)
                if value is None or not true and value in line:
                    continue
                s = self.subj(sheet)
                noun = rng.choice(["目標", "最新値", "実績", "数値目標", "指標"])
                end = ("O", rng.choice(CHECK_ENDS))
                forms = [[("A", found[0]), ("O", "の"), ("S", s), ("O", rng.choice(["は", "、", "って"])), ("V", value), end],
                         [("S", s), ("O", "の"), ("A", found[0]), ("O", "の"), ("A", noun), ("O", "は"), ("V", value), end],
                         [("S", s), ("O", "の"), ("A", noun), ("O", "、"), ("V", value), ("O", "（"), ("A", found[0]),
                          ("O", "）"), end]]
                i = rng.randrange(len(forms))
                slot = "figure" if i > 0 and noun in REACHED else "target"  # (「最新値」「実績」 name a value reached)
                claim = {"slot": slot, "value": value, "true": true}
                q = Q(forms[i], "target", slot, sheet.id, line, [figs[0]], [[snippet(line)]],
                      "yes" if true else "no", claim)
                self.add(frame(q, rng), "check.qualified", i)

    def english_followups(self) -> None:
        """English follow-ups shaped as staff type them, not only by a pronoun: an ellipsis naming a thing in
        English ("And for X?"), a value checked with no subject at all ("So it's 25%?"), a question about a
        thing of the topic's sheet named in English ("When does the X start?"). Each X is an English gloss
        (JMdict, text/english.py) of a noun: one the topic's sheet writes makes a follow-up; one the topic's
        sheet never writes, and few sheets do, makes a new question of the same shape."""
        rng = self.rng
        firsts = Gen(self.f, rng.randrange(10 ** 6))
        for sheet in self.f.sheets:
            firsts.sheet_questions(sheet)
        by_sheet = defaultdict(list)
        for q in firsts.out:
            if q.source and not q.history and q.answerable and q.check is None and not q.parts \
                    and q.slot in ("target", "date", "owner", "figure", "summary", "describe"):
                by_sheet[q.source].append(q)
        glosses = defaultdict(list)  # a plan noun -> its English glosses of one or two words that name it alone
        for gloss, nouns in self.f.a.retriever.bridge.glosses.items():
            noun = next(iter(nouns))
            if len(nouns) == 1 and len(noun) > 1 and re.fullmatch(r"[a-z]{4,}(?: [a-z]{3,})?", gloss):
                glosses[noun].append(gloss)
        tokens = self.f.lines.sheet_tokens
        rare = math.log(self.f.n / 6)

        def named(sid: str, on: bool) -> tuple[str, str] | None:
            """A noun with an English gloss: one the sheet writes (`on`), or one few sheets write and it does not."""
            pool = [w for w in glosses if self.f.idf(w) >= rare and (w in tokens.get(sid, set())) == on]
            if not pool:
                return None
            w = rng.choice(sorted(pool))
            return w, rng.choice(glosses[w])

        sheets = sorted(by_sheet)
        for _ in range(900):
            sid = rng.choice(sheets)
            first = rng.choice(by_sheet[sid])
            shape = rng.random()
            if shape < 0.3:  # a value checked of the topic, right or misremembered, with no subject
                values = [v for v in first.answer_contains if any(ch.isdigit() for ch in v)]
                if not values:
                    continue
                true = rng.random() < 0.5
                value = values[0] if true else (wrong_year(values[0], rng) if YEAR.fullmatch(values[0])
                                                else wrong_figure(values[0], rng))
                if value is None:
                    continue
                # a year as English writes it (FY2030, 2030)
                value = re.sub(r"((?:19|20)\d\d)年度", r"FY\1", re.sub(r"((?:19|20)\d\d)年$", r"\1", value))
                j = rng.randrange(len(EN_VALUE_CHECK))
                pieces = fill_en(EN_VALUE_CHECK[j], "", value)
                claim = {"slot": first.slot, "value": value, "true": true}
                q = Q(pieces, first.kind, first.slot, sid, first.line, first.answer_contains, first.relevant,
                      "yes" if true else "no", claim, history=[first.text()], relation="follow")
                self.add(q, "en.follow.check", j)
                continue
            on = rng.random() < 0.55
            found = named(sid, on)
            if found is None:
                continue
            word, gloss = found
            where = sid if on else rng.choice(sorted(s for s, t in tokens.items() if word in t))
            line = next((ln.text for ln in self.f.lines.lines.get(where, []) if word in self.f.tokenize(ln.text)),
                        None)
            rel = [[snippet(line)]] if line else []
            if shape < 0.65:  # an ellipsis: it asks what the first question asked, of the thing named
                j = rng.randrange(len(EN_ELLIPSIS))
                pieces = fill_en(EN_ELLIPSIS[j], gloss, None)
                name, slot = "en.ellipsis", first.slot
            else:
                slot = rng.choice(sorted(EN_ABOUT))
                j = rng.randrange(len(EN_ABOUT[slot]))
                pieces = fill_en(EN_ABOUT[slot][j], gloss, None)
                name = f"en.about.{slot}"
            q = Q(pieces, first.kind if on else "summary", slot, where, line, [], rel,
                  history=[first.text()], relation="follow" if on else "new")
            self.add(q, name + (".on" if on else ".off"), j)

    # -- per sheet ---------------------------------------------------------------------------------------------
    def sheet_questions(self, sheet) -> None:
        rng = self.rng
        f = self.f
        # targets and checks of them
        kpi = [ln for ln in f.field_lines(sheet, "目指す姿") if figures_of(ln)]
        for line in kpi[:3]:
            figs = figures_of(line)
            years = YEAR.findall(line)
            for _ in range(3):
                self.slot_question(sheet, "target", [figs[0]], line, "target", english=rng.random() < 0.2,
                                   qualifier=years[0] if years and rng.random() < 0.4 else None)
            self.check_question(sheet, "target", figs[0], "yes", [figs[0]], line, "target", rng.random() < 0.1)
            wrong = wrong_figure(figs[0], rng)
            if wrong and not f.sheets_with(wrong):
                self.check_question(sheet, "target", wrong, "no", [figs[0]], line, "target", rng.random() < 0.1)
            if years:
                bad = wrong_year(years[0], rng)
                if not any(bad in ln for ln in f.field_lines(sheet, "")):
                    q = self.slot_question(sheet, "target", [], None, "unanswerable", qualifier=bad)
                    q.answerable = False
                    q.relevant = []
        # schedule
        dated = [ln for ln in f.field_lines(sheet, "") if YEAR.search(ln) and len(ln) > 12 and planned(ln)]
        for line in dated[:2]:
            year = YEAR.search(line).group(0)
            self.slot_question(sheet, "date", [year], line, "schedule", english=rng.random() < 0.1)
            if rng.random() < 0.5:
                self.check_question(sheet, "date", wrong_year(year, rng), "no", [year], line, "schedule")
            else:
                self.check_question(sheet, "date", year, "yes", [year], line, "schedule")
        # owner
        stated = [m for m in sheet.stated if m.endswith(("省", "府", "庁"))]
        for _ in range(2):
            if stated:
                self.slot_question(sheet, "owner", [stated[0]], sheet.text.splitlines()[1] if sheet.text else None,
                                   "ministry", english=rng.random() < 0.15)
            elif sheet.kind == "measure":
                self.slot_question(sheet, "owner", [], None, "ministry_unstated", english=rng.random() < 0.15)
        if sheet.kind == "measure":
            # who set it up or runs it, asked in a verb (「…を立ち上げた団体は？」)
            s = self.subj(sheet)
            verb = rng.choice(["立ち上げた", "発足させた", "設立した", "作った", "運営している", "主催している", "進めている"])
            noun = rng.choice(["団体", "組織", "ところ", "機関", "主体", "省庁"])
            q = Q([("S", s), ("O", "を"), ("A", verb + noun), ("O", rng.choice(["は？", "はどこ？", "を教えて", "って？"]))],
                  "ministry" if stated else "ministry_unstated", "owner", sheet.id, None,
                  [sheet.stated[0]] if sheet.stated else [], [[snippet(sheet.text)]])
            self.add(frame(q, rng), "owner.verb", rng.randrange(4))
        pool = list(MINISTRY_SHORT)
        if stated:
            self.check_question(sheet, "owner", rng.choice(stated), "yes", [stated[0]], None, "ministry", rng.random() < 0.15)
            wrong = rng.choice([m for m in pool if m not in stated])
            self.check_question(sheet, "owner", wrong, "no", [stated[0]], None, "ministry", rng.random() < 0.15)
        elif sheet.kind == "measure":
            value = rng.choice([m.name for m in sheet.mentioned] or pool)
            self.check_question(sheet, "owner", value, "unstated", [], None, "ministry_unstated", rng.random() < 0.15)
        # summary, reason, items
        body = f.field_lines(sheet, "事業概要") or f.field_lines(sheet, "本文") or f.field_lines(sheet, "")
        if body:
            for slot in ("summary", "describe", "describe"):
                self.slot_question(sheet, slot, [], body[0], "summary", english=rng.random() < 0.2)
            if rng.random() < 0.5:
                self.slot_question(sheet, "reason", [], body[0], "summary")
        for items in enumerations(f, sheet)[:3]:
            heads = [re.sub(r"^[\s・●○①-⑳0-9.．)）(（]+", "", it)[:8] for it in items[:2]]
            self.slot_question(sheet, "items", heads, items[0], "summary", english=rng.random() < 0.2)
            n = len(items)
            noun = rng.choice(["柱", "取組", "項目", "分野", "類型", "ポイント", "措置"])
            shown = rng.choice([str(n), "一二三四五六七八"[n - 1] if n <= 8 else str(n)])
            forms = [[("S", self.subj(sheet)), ("O", "の"), ("A", f"{shown}つの{noun}"), ("O", rng.choice(["は？", "を教えて", "って何？"]))],
                     [("S", self.subj(sheet)), ("O", "の"), ("A", noun), ("O", "を"), ("A", f"{shown}つ"), ("A", "挙げて")],
                     [("S", self.subj(sheet)), ("O", "で"), ("A", f"{noun}は何がある？")]]
            for i in rng.sample(range(3), 2):
                self.add(frame(Q(forms[i], "summary", "items", sheet.id, items[0], heads, [[snippet(items[0])]]), rng),
                         "items", i)

    # -- indicators (点検 table rows and the 施策集's quantified KPIs) ----------------------------------------
    def indicator_questions(self) -> None:
        rng = self.rng
        for row in self.f.indicators.rows:
            name = re.sub(r"\s*[(（][^)）]*[)）]\s*", "", row.name).strip()
            if len(name) < 4:
                continue
            src = row.inspection or row.measure
            quote = src.quotes[0].quote if src and src.quotes else None
            sheet = next((s for s in self.f.sheets if src and s.id == src.quotes[0].sheet_id), None) if src and src.quotes else None
            if sheet is None:
                continue
            rel = [[snippet(quote or name)]]
            if row.latest is not None and row.latest.text:
                for i in range(2):
                    phrase = rng.choice(["最新値", "直近の値", "実績", "今の値", "現状", "足元の数字"])
                    pieces = [("S", vary_subject(name, rng)), ("O", rng.choice(["の", "って", " "])), ("A", phrase)] + ending(rng)
                    self.add(frame(Q(pieces, "indicator", "figure", sheet.id, quote, [row.latest.text], rel), rng), "ind.latest", i)
                for k in range(3):
                    if k < 2:
                        pieces = [("S", vary_subject(name, rng)), ("O", rng.choice(["の", "は", "って"])),
                                  ("A", rng.choice(SLOT_PHRASES["assessment"]))] + ending(rng)
                    else:
                        pieces = [("S", vary_subject(name, rng)), ("O", rng.choice(["は", "って"])),
                                  ("A", rng.choice(SLOT_ASKS["assessment"]))]
                    self.add(frame(Q(pieces, "indicator", "assessment", sheet.id, quote, [], rel), rng), "ind.trend", k)
            if row.target is not None and row.target.text:
                pieces = [("S", vary_subject(name, rng)), ("O", "の"), ("A", rng.choice(["目標", "目標値", "目標年"]))] + ending(rng)
                self.add(frame(Q(pieces, "target", "target", sheet.id, quote, [row.target.text], rel), rng), "ind.target", 1)
            if row.inspection is not None and row.measure is not None and row.target and rng.random() < 0.8:
                pieces = [("S", name), ("O", "の"), ("A", "目標"), ("O", "、"), ("S", "施策集"), ("O", "と"), ("S", "点検"),
                          ("O", rng.choice(["で同じ？", "で違う？", "でそれぞれ何？"]))]
                self.add(Q(pieces, "target", "target", sheet.id, quote, [row.target.text], rel,
                           parts=[{"subject": "施策集", "slot": "target"}, {"subject": "点検", "slot": "target"}]),
                         "ind.compare", 0)

    # -- lists of measures ----------------------------------------------------------------------------------
    def measure_questions(self) -> None:
        rng = self.rng
        f = self.f
        measures = [s for s in f.sheets if s.kind == "measure"]

        def about(sheet) -> str:
            body = f.field_lines(sheet, "事業概要")
            return strip_title(sheet.title) + " " + (body[0][:200] if body else "")

        nouns = Counter()
        for s in measures:
            for w, pos, _ in f.words(strip_title(s.title)):
                if pos[0] == "名詞" and pos[1] in ("普通名詞", "固有名詞") and len(w) >= 2 and not w.isdigit():
                    nouns[w] += 1
        words = []
        for word in nouns:
            holders = [s for s in measures if word in about(s)]
            if 2 <= len(holders) <= 5 or (len(holders) == 1 and rng.random() < 0.25):
                words.append((word, holders))
        rng.shuffle(words)
        for j, (word, holders) in enumerate(words[:150]):
            i = rng.randrange(10)
            noun = rng.choice(MEASURE_NOUNS)
            forms = [[("S", word), ("O", "を対象とする"), ("A", noun), ("O", "は？")],
                     [("S", word), ("O", "に関係する"), ("A", noun), ("O", "をすべて挙げて")],
                     [("S", word), ("O", "関連の"), ("A", noun), ("O", "って何がある？")],
                     [("A", "どの" + noun), ("O", "が"), ("S", word), ("O", "を扱ってる？")],
                     [("S", word), ("O", "の"), ("A", noun), ("O", "一覧")],
                     [("S", word), ("O", "について書かれた"), ("A", noun), ("O", "を教えて")],
                     [("S", word), ("O", "に取り組む"), ("A", noun), ("O", "ってある？")]]
            pieces = forms[i % len(forms)]
            rel = [[snippet(strip_title(h.title))] for h in holders[:5]]
            q = Q(pieces, "which_measure", "measures", holders[0].id, None, [], rel)
            if rng.random() < 0.1:
                en = rng.randrange(len(EN["measures"]))
                q.pieces = fill_en(EN["measures"][en], word, None)
            self.add(frame(q, rng), "measures", i)
            if len(holders) >= 2:
                self.narrowing(q, holders, j)

    def narrowing(self, listed: Q, holders, j: int) -> None:
        rng = self.rng
        f = self.f
        for h in rng.sample(holders, len(holders)):
            others = " ".join(strip_title(o.title) + o.text[:300] for o in holders if o.id != h.id)
            own = [w for w, pos, _ in f.words(strip_title(h.title))
                   if pos[0] == "名詞" and len(w) >= 2 and w not in others and not w.isdigit()]
            if not own:
                continue
            word = rng.choice(own)
            opener = rng.choice(NARROW_OPENERS)
            if rng.random() < 0.2:
                m = rng.choice(list(MINISTRY_SHORT))
                word = rng.choice(MINISTRY_SHORT[m])
            forms = [[("O", opener), ("S", word), ("O", rng.choice(["に関するのは？", "が入っているのは？", "のはどれ？", "を扱うのは？",
                                                                     "で進めるものは？", "向けのものは？", "関係のはどれ？",
                                                                     "に関係するものだけ教えて"]))],
                     [("O", opener + "、"), ("S", word), ("O", "の話が出てくる"), ("A", "施策"), ("O", "は？")],
                     [("O", "Among those, which one is about "), ("S", word), ("O", "?")]]
            pieces = forms[j % 3] if rng.random() < 0.9 else forms[2]
            q = Q(pieces, "which_measure", "measures", h.id, None, [], [[snippet(strip_title(h.title))]],
                  history=[listed.text()], relation="narrow")
            self.add(q, "narrow", j)
            break

    def owner_measures(self) -> None:
        """A ministry's measures: the ministry is the subject (「経産省が所管する施策は？」)."""
        rng = self.rng
        for i, m in enumerate(list(MINISTRY_SHORT) * 8):
            shown = rng.choice(MINISTRY_SHORT[m] + [m])
            forms = [[("S", shown), ("O", "が"), ("A", rng.choice(["所管する", "担当する", "やっている"])), ("A", rng.choice(MEASURE_NOUNS)),
                      ("O", rng.choice(["は？", "を全部教えて", "の一覧", "ってどれ？"]))],
                     [("S", shown), ("O", "の"), ("A", rng.choice(MEASURE_NOUNS)), ("O", rng.choice(["を一覧で", "は？", "を挙げて", "って何がある？"]))],
                     [("O", "Which measures is "), ("S", MINISTRY_EN.get(m, m)), ("O", " "), ("A", "responsible for"), ("O", "?")]]
            holders = [s for s in self.f.sheets if m in s.stated]
            rel = [[snippet(strip_title(h.title))] for h in holders[:4]]
            q = Q(forms[i % 3], "which_measure", "measures", holders[0].id if holders else None, None, [], rel)
            self.add(frame(q, rng), "owner.measures", i)

    # -- figures in a measure's text -------------------------------------------------------------------
    def figure_questions(self) -> None:
        rng = self.rng
        f = self.f
        for sheet in f.sheets:
            for ln in f.field_lines(sheet, "")[:60]:
                figs = [x for x in figures_of(ln) if not x.endswith(("章", "節", "項", "頁", "条", "回"))]
                if not figs or "\t" in ln:
                    continue
                fig = figs[0]
                before = ln.split(fig)[0]
                runs = f.noun_runs(before)
                if not runs or rng.random() < 0.6:
                    continue
                noun = runs[-1][-12:]
                counter = re.sub(r"^[約0-9,.万億兆千百]+", "", fig)
                s = self.subj(sheet)
                forms = [[("S", s), ("O", "の"), ("A", noun), ("O", "は？")],
                         [("S", s), ("O", "で"), ("A", noun), ("O", "は"), ("A", "何" + counter if counter else "いくつ"), ("O", "？")],
                         [("S", s), ("O", "、"), ("A", noun), ("O", "はどのくらい？")],
                         [("S", s), ("O", "は"), ("A", "何" + counter if counter else "どれくらい"),
                          ("O", rng.choice(["の予定？", "を見込んでる？", "を目指す？", "になる見込み？", "ある？"]))]]
                i = rng.randrange(4)
                q = Q(forms[i], "number", "figure", sheet.id, ln, [fig], [[snippet(ln)]])
                self.add(frame(q, rng), "figure", i)

    # -- two parts ---------------------------------------------------------------------------------------------
    def two_part_questions(self) -> None:
        rng = self.rng
        f = self.f
        with_target = []
        for s in f.sheets:
            kpi = [ln for ln in f.field_lines(s, "目指す姿") if figures_of(ln)]
            if kpi:
                with_target.append((s, kpi[0], figures_of(kpi[0])[0]))
        for i in range(min(160, len(with_target) * 4)):
            (s1, l1, f1), (s2, l2, f2) = rng.sample(with_target, 2)
            if s1.title == s2.title:
                continue
            a1, a2 = self.subj(s1), self.subj(s2)
            forms = [[("S", a1), ("O", "と"), ("S", a2), ("O", "の"), ("A", "目標"), ("O", "をそれぞれ教えて")],
                     [("S", a1), ("O", "と"), ("S", a2), ("O", "、"), ("A", "目標値"), ("O", "はどっちが高い？")],
                     [("S", a1), ("O", "の"), ("A", "目標"), ("O", "と、"), ("S", a2), ("O", "の"), ("A", "目標"), ("O", "は？")],
                     [("S", a1), ("O", "と"), ("S", a2), ("O", "の"), ("A", "KPI"), ("O", "を比べたい")],
                     [("S", a1), ("O", "と"), ("S", a2), ("O", "、それぞれの"), ("A", "目標"), ("O", "は？")],
                     [("S", a1), ("O", "と"), ("S", a2), ("O", "で"), ("A", "目標"), ("O", "はどう違う？")],
                     [("O", "Compare the "), ("A", "targets"), ("O", " of "), ("S", a1), ("O", " and "), ("S", a2), ("O", ".")]]
            pieces = forms[i % len(forms)]
            q = Q(pieces, "target", "target", s1.id, l1, [f1, f2], [[snippet(l1)], [snippet(l2)]],
                  parts=[{"subject": a1, "slot": "target", "source": s1.id}, {"subject": a2, "slot": "target", "source": s2.id}])
            self.add(frame(q, rng), "two.subjects", i)
        for i, s in enumerate(f.sheets):
            kpi = [ln for ln in f.field_lines(s, "目指す姿") if figures_of(ln)]
            dated = [ln for ln in f.field_lines(s, "") if YEAR.search(ln)]
            stated = [m for m in s.stated if m.endswith(("省", "府", "庁"))]
            if not kpi or s.kind != "measure":
                continue
            sub = self.subj(s)
            second = rng.choice(["owner", "date"] if dated else ["owner"])
            a2 = rng.choice(SLOT_PHRASES[second][:4])
            pieces = [("S", sub), ("O", "の"), ("A", rng.choice(["目標", "KPI", "目標値"])), ("O", rng.choice(["と", "、それと", "と、あと"])),
                      ("A", a2)] + ending(rng)
            answer = [figures_of(kpi[0])[0]]
            if second == "owner" and stated:
                answer.append(stated[0])
            if second == "date":
                answer.append(YEAR.search(dated[0]).group(0))
            q = Q(pieces, "target", "target", s.id, kpi[0], answer, [[snippet(kpi[0])]],
                  parts=[{"subject": sub, "slot": "target"}, {"subject": sub, "slot": second}])
            self.add(frame(q, rng), "two.slots", i)

    def coordinated_single(self) -> None:
        """One subject written as a coordination (「回収や適正解体」「食品ロス削減、食品リサイクル」): one part."""
        rng = self.rng
        f = self.f
        made = 0
        for sheet in rng.sample(f.sheets, len(f.sheets)):
            for ln in f.field_lines(sheet, "")[:30]:
                ms = f.words(ln[:200])
                for i in range(1, len(ms) - 1):
                    if ms[i][0] not in ("と", "や", "、", "及び", "・") or ms[i - 1][1][0] != "名詞" or ms[i + 1][1][0] != "名詞":
                        continue
                    left = "".join(m[0] for m in ms[max(0, i - 2):i] if m[1][0] in ("名詞", "接尾辞", "接頭辞"))
                    right = "".join(m[0] for m in ms[i + 1:i + 3] if m[1][0] in ("名詞", "接尾辞", "接頭辞"))
                    if len(left) < 2 or len(right) < 2:
                        continue
                    phrase = left + ms[i][0] + right
                    if phrase not in ln or rng.random() < 0.7:
                        continue
                    slot = rng.choice(["summary", "target", "date", "owner"])
                    pieces = [("S", phrase), ("O", rng.choice(["の", "って", "について、"])),
                              ("A", rng.choice(SLOT_PHRASES[slot][:4]))] + ending(rng)
                    kind = {"summary": "summary", "target": "target", "date": "schedule", "owner": "ministry"}[slot]
                    q = Q(pieces, kind, slot, sheet.id, ln, [], [[snippet(ln)]])
                    self.add(frame(q, rng), "coordinated", made)
                    made += 1
                    break
                if made >= 200:
                    return

    # -- conversations ---------------------------------------------------------------------------------------------
    def conversations(self) -> None:
        rng = self.rng
        singles = [q for q in self.out if not q.history and q.answerable and q.slot in ("target", "date", "owner", "summary",
                                                                                         "describe")
                   and q.check is None and not q.parts and q.source]
        by_sheet = defaultdict(list)
        for q in singles:
            by_sheet[q.source].append(q)
        sheets = [sid for sid in by_sheet if len(by_sheet[sid]) >= 2]
        for i in range(min(700, len(sheets) * 10)):
            sid = rng.choice(sheets)
            first, second = rng.sample(by_sheet[sid], 2)
            if first.slot == second.slot:
                continue
            r = rng.random()
            if r < 0.15 and second.slot in EN_FOLLOW:
                j = rng.randrange(len(EN_FOLLOW[second.slot]))
                text = EN_FOLLOW[second.slot][j]
                pieces = [("A", text)]
            else:
                opener = rng.choice(BACK_OPENERS)
                ask = rng.choice(SLOT_ASKS[second.slot])
                if rng.random() < 0.3 and ask[0] in "をの":
                    pieces = [("O", rng.choice(["それ", "これ", "その施策"]) + ask[0]), ("A", ask[1:])]
                elif rng.random() < 0.3:
                    pieces = [("O", rng.choice(["それは", "それって", "これは", "その施策は", "で、", "じゃあ"])), ("A", ask)]
                else:
                    pieces = [("O", opener), ("A", rng.choice(SLOT_PHRASES[second.slot][:5]))] + ending(rng)
            q = Q(pieces, second.kind, second.slot, sid, second.line, second.answer_contains, second.relevant,
                  history=[first.text()], relation="follow")
            self.add(q, "follow", i)
            # a new subject after it, and a return to the first over it
            other = rng.choice([s for s in sheets if s != sid])
            new = rng.choice(by_sheet[other])
            opener = rng.choice(NEW_OPENERS)
            q2 = Q([("O", opener)] + new.pieces, new.kind, new.slot, other, new.line, new.answer_contains, new.relevant,
                   history=[first.text()], relation="new")
            self.add(q2, "new", i)
            # an owner checked of the topic (「経産省も関わってる？」「所管は国交省？」)
            if rng.random() < 0.4:
                sheet_a = next(s for s in self.f.sheets if s.id == sid)
                stated = [m for m in sheet_a.stated if m in MINISTRY_SHORT]
                m = rng.choice(stated) if stated and rng.random() < 0.5 else rng.choice(list(MINISTRY_SHORT))
                shown = rng.choice(MINISTRY_SHORT[m])
                forms = [[("V", shown), ("O", rng.choice(["も", "が", "は"])), ("A", rng.choice(["関わってる", "担当してる", "所管してる", "絡んでる", "入ってる"])),
                          ("O", rng.choice(["？", "の？", "んだっけ？"]))],
                         [("A", "所管"), ("O", "は"), ("V", shown), ("O", rng.choice(["？", "だよね？", "で合ってる？"]))],
                         [("V", shown), ("O", "の"), ("A", rng.choice(["担当", "所管", "事業", "取組"])), ("O", rng.choice(["？", "だっけ？", "ですか"]))],
                         [("O", "Is "), ("V", MINISTRY_EN.get(m, shown)), ("O", " "), ("A", "in charge"), ("O", "?")]]
                truth = "yes" if m in sheet_a.stated else ("no" if stated else "unstated")
                qo = Q(rng.choice(forms), "ministry" if stated else "ministry_unstated", "owner", sid, None,
                       [sheet_a.stated[0]] if stated else [], second.relevant, truth,
                       {"slot": "owner", "value": m, "true": truth == "yes"}, history=[first.text()], relation="follow")
                self.add(qo, "owner.follow", i)
            # a new subject alone (「木材は？」): asks what the first question asked, of another measure
            same = [q for q in by_sheet[other] if q.slot == first.slot]
            if same and rng.random() < 0.6:
                target = rng.choice(same)
                sheet_b = next(s for s in self.f.sheets if s.id == other)
                # staff name the new subject by one word of it as often as by its title (「木材は？」)
                nouns = [w for w, pos, _ in self.f.words(strip_title(sheet_b.title))
                         if pos[0] == "名詞" and len(w) >= 2 and self.f.idf(w) >= math.log(self.f.n / 4)]
                r = rng.random()
                short = rng.choice(nouns) if nouns and r < 0.5 else self.subj(sheet_b) if r < 0.9 else self.en_subj(sheet_b)
                if short.isascii() and rng.random() < 0.7:
                    pieces = [("O", rng.choice(["What about ", "And ", "How about "])), ("S", short), ("O", "?")]
                else:
                    pieces = [("O", rng.choice(["", "じゃあ", "では", "それなら"])), ("S", short),
                              ("O", rng.choice(["は？", "のほうは？", "だと？", "は", "はどう？", "も？"]))]
                q4 = Q(pieces, target.kind, first.slot, other, target.line, target.answer_contains, target.relevant,
                       history=[first.text()], relation="new")
                self.add(q4, "bare", i)
            if rng.random() < 0.5:
                sheet = next(s for s in self.f.sheets if s.id == sid)
                short = self.subj(sheet)
                ret = rng.choice([q for q in by_sheet[sid] if q.slot != first.slot] or [second])
                pieces = [("O", rng.choice(RETURN_OPENERS)), ("S", short), ("O", rng.choice(["の", "の件だけど、", "、"])),
                          ("A", rng.choice(SLOT_PHRASES[ret.slot][:4]))] + ending(rng)
                q3 = Q(pieces, ret.kind, ret.slot, sid, ret.line, ret.answer_contains, ret.relevant,
                       history=[first.text(), new.text()], relation="return", return_to=0)
                self.add(q3, "return", i)

    # -- to decline --------------------------------------------------------------------------------------------
    def declines(self) -> None:
        rng = self.rng
        f = self.f
        runs = []
        for s in f.sheets:
            if s.kind == "measure":
                runs += [(r, s.id) for r in f.noun_runs(strip_title(s.title)) if f.pointing(r, s)]
        made = 0
        tries = 0
        while made < 260 and tries < 5000:
            tries += 1
            (a, sa), (b, sb) = rng.sample(runs, 2)
            if sa == sb:
                continue
            ta = {t for t in f.tokenize(a) if f.idf(t) >= math.log(f.n / 4)}
            tb = {t for t in f.tokenize(b) if f.idf(t) >= math.log(f.n / 4)}
            if not ta or not tb:
                continue
            if any(ta & st and tb & st for st in f.lines.sheet_tokens.values()):
                continue  # some sheet holds both: it might answer
            nouns = [w for w, pos, _ in f.words(a) if pos[0] == "名詞" and len(w) >= 2]
            if not nouns:
                continue
            fake = rng.choice(nouns) + rng.choice(["の", "の", "向けの", ""]) + b
            slot = rng.choice(["target", "date", "summary", "owner", "figure"])
            phrase = rng.choice(SLOT_PHRASES[slot][:5])
            pieces = [("S", fake), ("O", rng.choice(["の", "って", "、"])), ("A", phrase)] + ending(rng)
            q = Q(pieces, "unanswerable", slot, None, None, [], [], answerable=False)
            self.add(frame(q, rng), "decline.recombined", made)
            made += 1


# a date written to the month (2026年2月, 令和8年4月): what staff recall an event by
DATED = re.compile(r"(?:(?:19|20)\d\d|令和\s*\d+)\s*年\s*\d{1,2}\s*月|(?:19|20)\d\d年度?")


def verbal_noun(text: str) -> str | None:
    """The first verbal noun (SudachiPy サ変可能: 開催, 策定, 施行) written just after a date, if any."""
    for m in _tokenizer().tokenize(text):
        pos = m.part_of_speech()
        if pos[0] == "名詞" and pos[2] == "サ変可能" and len(m.surface()) > 1:
            return m.surface()
        if pos[0] in ("動詞", "補助記号") and m.surface() not in ("、",):
            return None
    return None


def misremembered(date: str, rng: random.Random) -> str | None:
    """The date a year or a month off (a month only where one is written)."""
    m = re.match(r"^(令和|)(\d+)(年度?)(?:(\d{1,2})月)?$", date)
    if not m:
        return None
    era, year, suffix, month = m.groups()
    if month and rng.random() < 0.5:
        new = int(month) + rng.choice([-2, -1, 1, 2])
        if not 1 <= new <= 12:
            return None
        return f"{era}{year}{suffix}{new}月"
    return f"{era}{int(year) + rng.choice([-2, -1, 1])}{suffix}" + (f"{month}月" if month else "")


def planned(line: str) -> bool:
    """A date the plan sets (from 2024 on), not one of the background."""
    years = [int(m) for m in re.findall(r"(20\d\d)", line)]
    return bool(years) and max(years) >= 2024


def split_asked(text: str, word: str) -> list[tuple[str, str]]:
    if word and word in text:
        a, b = text.split(word, 1)
        return [p for p in (("O", a), ("A", word), ("O", b)) if p[1]]
    return [("O", text)] if text else []


def fill_en(tmpl: str, s: str, v: str | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for part in re.split(r"(\{S\}|\{V\})", tmpl):
        if part == "{S}":
            out.append(("S", s))
        elif part == "{V}":
            out.append(("V", v or ""))
        elif part:
            out.append(("O", part))
    return out


def snippet(text: str) -> str:
    t = text.strip().split("\t")[0]
    return t[:30]


def enumerations(f: Facts, sheet) -> list[list[str]]:
    """Every run of numbered or bulleted lines of one field (2 to 8 items)."""
    marker = re.compile(r"^\s*(?:[①-⑳]|[0-9]{1,2}[.．]|・)")
    lines = f.lines.lines.get(sheet.id, [])
    runs: list[list[str]] = []
    run: list[str] = []
    field_name = None
    for ln in lines:
        if marker.match(ln.text) and (not run or ln.field == field_name):
            run.append(ln.text)
            field_name = ln.field
        else:
            runs.append(run)
            run = [ln.text] if marker.match(ln.text) else []
            field_name = ln.field
    runs.append(run)
    return [r for r in runs if 2 <= len(r) <= 8]


def enumeration(f: Facts, sheet) -> list[str]:
    found = enumerations(f, sheet)
    return max(found, key=len) if found else []


def to_json(q: Q, i: int) -> dict:
    return {
        "id": f"gen-{i:05d}", "question": q.text(), **({"history": q.history} if q.history else {}),
        "kind": q.kind, "doc": q.source.split(":")[0] + ".txt" if q.source else None,
        "relevant": q.relevant if q.answerable else [], "answer_contains": q.answer_contains if q.answerable else [],
        "source": q.source, "line": q.line,
        "labels": {"slot": q.slot, "check": q.check, "claim": q.claim, "parts": q.parts, "relation": q.relation,
                   "return_to": q.return_to, "answerable": q.answerable, "about": True},
        "spans": q.spans(), "template": q.template, "family": q.family, "version": VERSION,
    }


# families added after version 1 (each run on its own random stream, appended with --add)
ADDED = ("dated_checks", "english_followups")


def append(facts: Facts, out: Path, families: list[str], seed: int) -> int:
    """Append the named families' questions to an existing file: its rows stay as they are (a full
    regeneration reads today's catalog and words differently, and every model fitted on the file would
    have to be refitted), new ones follow with the next ids."""
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip()]
    seen = {(r["question"], tuple(r.get("history") or [])) for r in rows}
    added = 0
    with out.open("a", encoding="utf-8") as fh:
        for name in families or ADDED:
            gen = Gen(facts, seed * 1000 + ADDED.index(name) + 1)
            getattr(gen, name)()
            for q in gen.out:
                key = (q.text(), tuple(q.history))
                if key in seen or not q.text().strip():
                    continue
                seen.add(key)
                fh.write(json.dumps(to_json(q, len(rows) + added), ensure_ascii=False) + "\n")
                added += 1
    print(f"{added} questions appended -> {out}", file=sys.stderr)
    return 0


def relabel(out: Path) -> int:
    """Correct the stored rows' labels where the generator's labelling has since been corrected (its rows'
    questions stay as written): a check that claims a value reached (「…の実績は○○だよね」) claims a figure,
    not a target (the first version labelled such checks target). Running it again changes nothing."""
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines() if ln.strip()]
    changed = 0
    for r in rows:
        asked = [r["question"][s:e] for s, e, label in r["spans"] if label == "A"]
        labels = r["labels"]
        if r["template"].startswith("check.") and labels["slot"] == "target" and any(a in REACHED for a in asked):
            labels["slot"] = "figure"
            if labels.get("claim"):
                labels["claim"]["slot"] = "figure"
            changed += 1
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{changed} rows relabelled -> {out}", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "training" / "generated.jsonl")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--add", nargs="*", choices=ADDED, default=None,
                    help="append these families to --out instead of writing it anew (the models fitted on the "
                         "file keep their questions)")
    ap.add_argument("--relabel", action="store_true",
                    help="correct the labels of --out's rows where the labelling has since been corrected")
    args = ap.parse_args(argv)
    if args.relabel:
        return relabel(args.out)
    facts = Facts(load())
    if args.add is not None:
        return append(facts, args.out, args.add, args.seed)
    gen = Gen(facts, args.seed)
    for sheet in facts.sheets:
        gen.sheet_questions(sheet)
    gen.indicator_questions()
    gen.measure_questions()
    gen.figure_questions()
    gen.owner_measures()
    gen.two_part_questions()
    gen.coordinated_single()
    gen.declines()
    gen.conversations()
    seen = set()
    rows = []
    for q in gen.out:
        key = (q.text(), tuple(q.history))
        if key in seen or not q.text().strip():
            continue
        seen.add(key)
        rows.append(to_json(q, len(rows)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = Counter((r["labels"]["slot"], r["labels"]["relation"]) for r in rows)
    print(f"{len(rows)} questions -> {args.out}", file=sys.stderr)
    for k, v in sorted(counts.items()):
        print(f"  {k}: {v}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
