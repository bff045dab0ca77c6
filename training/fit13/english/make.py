#!/usr/bin/env python3
"""Generate the English question sets (multi-turn + single) from the plan texts,
then verify every expected value and snippet against the plan texts.

stdlib only.  Usage:  python3 make.py   (writes files, runs the verifier, exit 1 on problems)
"""
import json
import os
import re
import sys
import unicodedata
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"
D0 = "000_1412c9d0e289725a.txt"   # 第1回点検 重点点検分野の評価の方向性（案）
D2 = "002_dc7e15a85d2a7a74.txt"   # 循環経済行動計画（案） 施策集

JA, EN, MX = "ja", "en", "mixed"


def M(id_, lang, tag, history, question, kind, doc, relevant, answer, note, absent=()):
    return dict(id=id_, lang=lang, tag=tag, history=history, question=question, kind=kind,
                doc=doc, relevant=relevant, answer_contains=answer, note=note, absent=list(absent))


# ---------------------------------------------------------------- multi-turn (final question in English)
MULTI = [
    # ---- Japanese history ------------------------------------------------
    M("en-m01", JA, "followup-slot",
      ["再資源化拠点の構築に向けた経済的支援スキームについて教えて"],
      "How much is the budget for that?", "number", D2,
      [["令和8年度予算案として379億円を計上し"]], ["379億円"],
      "budget slot of the investment-support scheme asked earlier"),
    M("en-m02", JA, "followup-slot",
      ["太陽光パネルのリサイクル法案の概要は？"],
      "If it passes, when would it take effect?", "schedule", D2,
      [["成立した場合は公布から1年半以内の施行を予定", "施行期日 公布から1年6か月以内で政令で定める日"]],
      ["1年半|1年6か月"],
      "enforcement slot of the solar-panel bill; the measure sheet says 1年半, the bill outline 1年6か月"),
    M("en-m03", JA, "followup-slot",
      ["サーキュラーエコノミーポートって何？"],
      "How many CE ports are they aiming to pick by 2030?", "target", D2,
      [["サーキュラーエコノミーポートの選定数 (2030年 22港以上)"]], ["22港"],
      "target slot of the circular-economy port measure"),
    M("en-m04", JA, "followup-subject",
      ["アルミ展伸材の再生原料の目標は？"],
      "What about copper?", "target", D2,
      [["国産電解銅の約3割を、e-scrap等の再生原料由来に"]], ["約3割"],
      "same slot (recycled-feed share target), subject switched aluminium -> copper"),
    M("en-m05", JA, "followup-subject",
      ["下水汚泥の肥料利用率の目標を教えて"],
      "And the sewage biomass recycling rate?", "target", D2,
      [["下水道バイオマスリサイクル率"]], ["45%"],
      "same slot, indicator switched to 下水道バイオマスリサイクル率"),
    M("en-m06", JA, "followup-subject",
      ["食品リサイクルの再生利用等実施率、製造業の目標は？"],
      "And for retailers?", "target", D2,
      [["卸売業75%・小売業65%"]], ["65%"],
      "same slot, sector switched manufacturing -> retail"),
    M("en-m07", JA, "narrow",
      ["リチウムイオン電池総合対策パッケージの廃棄時・処理時の対策を教えて"],
      "Which of those LIB measures does MOE handle on its own?", "which_measure", D2,
      [["廃棄物処理施設への高度選別機・検知設備の導入支援(環境)"]],
      ["高度選別機・検知設備の導入支援", "分別回収体制"],
      "narrow the disposal/treatment list to items marked (環境) only"),
    M("en-m08", JA, "narrow",
      ["第1回点検のⅢ-1（地域の循環システム）の指標を一覧で教えて"],
      "Of those, which ones have FY2027 targets?", "indicator", D0,
      [["46% (2027年度)", "100% (2027年度)"]], ["46%", "100%"],
      "narrow the Ⅲ-1 indicator list to those with 2027年度 targets"),
    M("en-m09", JA, "return",
      ["使用済紙おむつリサイクルの目標は？", "J4CEの参加企業数は？"],
      "Back to the diapers thing - when was the guideline revised?", "schedule", D2,
      [["令和8年4月に改定した紙おむつリサイクルガイドライン"]], ["令和8年4月"],
      "returns to the diaper measure over an unrelated J4CE turn"),
    M("en-m10", JA, "return",
      ["SAFの目標を教えて", "建設発生土の有効利用はどうなってる？"],
      "Going back to SAF, how big is the Asian market expected to be?", "number", D2,
      [["アジア圏におけるSAFの市場規模は約22兆円"]], ["約22兆円"],
      "returns to SAF over an unrelated construction-soil turn"),
    M("en-m11", JA, "check-true",
      ["長期優良住宅の割合の目標は？"],
      "That's by 2035, right?", "target", D2,
      [["認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)"]], ["15%", "2035年"],
      "true premise: the share target is for 2035"),
    M("en-m12", JA, "check-false",
      ["PIC手続の電子化について教えて"],
      "So the e-system goes live in FY2027?", "schedule", D2,
      [["2027年度末までに開発を完了し、2028年度から電子化を実現する"]], ["2028年度"],
      "false premise: development ends FY2027, electronic procedure starts FY2028"),
    # ---- English history -------------------------------------------------
    M("en-m13", EN, "followup-slot",
      ["What is the SIP R&D project on plastics circular economy about?"],
      "Which ministry runs it?", "ministry", D2,
      [["(内閣府SIP事業)", "PLA-NETJ"]], ["環境省", "経済産業省"],
      "owner slot; the sheet header states 環境省・経済産業省 (内閣府SIP事業)"),
    M("en-m14", EN, "followup-slot",
      ["Tell me about the Local 10,000 Project"],
      "What's the maximum grant per project?", "number", D2,
      [["融資額に応じて最大5,500万円までのかさ上げ措置あり"]], ["3,000万円", "5,500万円"],
      "grant ceiling slot: 3,000万円 in principle, up to 5,500万円"),
    M("en-m15", EN, "followup-subject",
      ["What recovery rate is the LIB recycling tech supposed to hit for lithium?"],
      "What about cobalt?", "target", D2,
      [["リチウム70%、ニッケル95%、コバルト95%以上"]], ["95%"],
      "same slot, metal switched lithium -> cobalt"),
    M("en-m16", EN, "followup-subject",
      ["How many members does Circular Partners (CPs) have?"],
      "And J4CE?", "number", D2,
      [["213社・22団体 計235"]], ["235"],
      "same slot (membership count), subject switched CPs -> J4CE (235 as of 2026年4月)"),
    M("en-m17", EN, "narrow",
      ["What are the reuse targets in the plan?"],
      "Of those, which one is about local governments?", "target", D2,
      [["リユース業者等と協働取組を行う自治体数 →600自治体"]], ["600自治体"],
      "narrow the three reuse targets to the municipality one"),
    M("en-m18", EN, "narrow",
      ["List the food recycling rate targets by sector"],
      "Which of those is the lowest?", "target", D2,
      [["外食産業50%"]], ["外食産業", "50%"],
      "narrow the sector targets to the lowest (外食産業50%)"),
    M("en-m19", EN, "narrow",
      ["What does the LIB package do at the usage stage?"],
      "Which of them falls to MLIT?", "which_measure", D2,
      [["公共交通機関における持ち込みルールの徹底及び留意事項の周知(国交)"]],
      ["公共交通機関における持ち込みルール"],
      "narrow the usage-stage list to the item marked (国交)"),
    M("en-m20", EN, "return",
      ["What's the e-scrap processing target?",
       "How many people came to the municipal resource circulation forums last year?"],
      "Back to e-scrap - what's the baseline year for that increase?", "target", D2,
      [["レアメタルを含むe-scrapのリサイクル処理量を2030年に約50万トン"]], ["2020年比"],
      "returns to the e-scrap target over an unrelated forum turn"),
    M("en-m21", EN, "return",
      ["What is the target for household clothing waste?",
       "Which ports are being designated as CE ports?"],
      "Going back to the clothing one - when was that action plan drawn up?", "schedule", D2,
      [["2026年3月に策定された「サステナブルファッションの推進に向けたアクションプラン」"]], ["2026年3月"],
      "returns to sustainable fashion over an unrelated CE-port turn"),
    M("en-m22", EN, "check-true",
      ["When is the solar panel recycling bill going to the Diet?"],
      "So it's the 221st session, right?", "schedule", D2,
      [["第221回国会に法案を提出し"]], ["第221回"],
      "true premise"),
    M("en-m23", EN, "check-true",
      ["Who set up J4CE?"],
      "So MOE and METI plus Keidanren, correct?", "ministry", D2,
      [["創設団体 : 環境省、経済産業省、経団連"]], ["環境省", "経済産業省", "経団連"],
      "true premise: founders are 環境省、経済産業省、経団連"),
    M("en-m24", EN, "check-false",
      ["What's the recycling target for permanent magnets?"],
      "That's about half of the raw materials, right?", "target", D2,
      [["永久磁石の原材料の約3割をリサイクルによって賄う"]], ["約3割"],
      "false premise: the target is about 30%, not half"),
    # ---- mixed history -----------------------------------------------------
    M("en-m25", MX, "followup-slot",
      ["再資源化事業等高度化法の認定制度について教えて", "What's the target number of certifications?"],
      "And when did the law fully come into force?", "schedule", D2,
      [["2025年11月に全面施行された再資源化事業等高度化法"]], ["2025年11月"],
      "another slot (full enforcement date) of the same measure"),
    M("en-m26", MX, "followup-slot",
      ["What's happening on resource circulation at GREEN×EXPO 2027?", "「着る循環」って何？"],
      "How many volunteers and staff will that cover?", "number", D2,
      [["会期中の1万人を超えるボランティア"]], ["1万人"],
      "another slot (scale) of the 着る循環 demonstration"),
    M("en-m27", MX, "followup-subject",
      ["鉄スクラップの高品位化の目標は？", "And copper?"],
      "And for aluminium?", "target", D2,
      [["アルミ展伸材の国内生産量の約4割"]], ["約4割"],
      "same slot, subject switched to aluminium"),
    M("en-m28", MX, "followup-subject",
      ["What's the household food loss target?", "2023年度の家庭系食品ロス量は？"],
      "And how much business-sector food loss was there?", "number", D2,
      [["事業系食品ロス 231万トン"]], ["231万トン"],
      "same slot (FY2023 estimate), subject switched household -> business"),
    M("en-m29", MX, "narrow",
      ["金属資源のリサイクル施策を一通り教えて", "Which ones have 2030 targets?"],
      "Of those, which ones aim for about 30%?", "which_measure", D2,
      [["国産電解銅の約3割を、e-scrap等の再生原料由来に"],
       ["永久磁石の原材料の約3割をリサイクルによって賄う"]],
      ["国産電解銅", "永久磁石"],
      "narrow the metal measures to the two ~3割 targets (copper, magnets)"),
    M("en-m30", MX, "narrow",
      ["Ⅲ-2の事業者間連携の分野の指標は何がある？", "Which of them have no target set?"],
      "And which ones do have a numerical target?", "indicator", D0,
      [["約200万トン (2030年度)", "約250万戸 (2030年度)"]],
      ["バイオマスプラスチック", "長期優良住宅"],
      "narrow the Ⅲ-2 indicators to those with numerical targets"),
    M("en-m31", MX, "return",
      ["ローカル10,000プロジェクトの継続事業割合の目標は？",
       "What's the CORSIA certification thing in the SAF measures?"],
      "Back to Local 10,000 - what period does that 95% cover?", "schedule", D2,
      [["継続事業の割合：95%"]], ["2025年度", "2029年度"],
      "returns to Local 10,000 over an unrelated SAF turn"),
    M("en-m32", MX, "return",
      ["AIロボットによる選別の施策は？", "What's the scrap yard regulation timeline?",
       "CEポートの目標は？"],
      "Back to the scrap yards - whose export checks are being widened?", "ministry", D2,
      [["環境大臣の輸出確認の対象を特定の使用済物品に拡大"]], ["環境大臣"],
      "returns to the scrap-yard measure (two turns back) over an unrelated CE-port turn"),
    M("en-m33", MX, "return",
      ["What's the reuse market size target?", "木材利用の指標は？"],
      "Going back to reuse: what was the latest market size in the review?", "number", D0,
      [["34,986億円 (2024年度)"]], ["34,986億円"],
      "returns to reuse over an unrelated timber turn; latest value is in the review document"),
    M("en-m34", MX, "check-true",
      ["グリーン購入法の循環性基準の導入期限は？",
       "How many product categories already have Eco Mark criteria?"],
      "And the deadline was FY2030, right?", "schedule", D2,
      [["2030年度までにグリーン購入法基本方針に位置づけられる全ての特定調達品目"]], ["2030年度"],
      "true premise"),
    M("en-m35", MX, "check-false",
      ["What's the clothing waste reduction target?", "基準年は？"],
      "So it's a 30% cut?", "target", D2,
      [["廃棄されるものを2020年度比で25%削減"]], ["25%"],
      "false premise: the cut is 25% vs FY2020"),
    M("en-m36", MX, "check-false",
      ["水際対策の施策って何がある？", "What are they doing on Basel Act enforcement?"],
      "So that's just METI's job?", "ministry", D2,
      [["環境省、経済産業省、財務省等の関係機関で共有し"]], ["環境省", "経済産業省", "財務省"],
      "false premise: shared by 環境省、経済産業省、財務省 etc."),
]

# ---------------------------------------------------------------- single English questions
SINGLE = [
    M("en-001", None, "single-target", None,
      "What's the SAF target for Japanese airlines in 2030?", "target", D2,
      [["本邦エアラインによる燃料使用量の10%をSAFに置き換える", "燃料使用量10%をSAFに置き換え"]], ["10%"],
      "two SAF sheets state the same 10% target"),
    M("en-002", None, "single-target", None,
      "How many farm/fishery circular economy areas does the plan want by FY2030?", "target", D2,
      [["全国で100件創出"]], ["100件"], "農林漁業循環経済の構築に取り組む地域"),
    M("en-003", None, "single-target", None,
      "What's the target for domestic timber use in construction?", "target", D2,
      [["建築用材等の国産材利用量 2600万m³"]], ["2600万m³"], "timber indicator"),
    M("en-004", None, "single-target", None,
      "What's the 2030 target for using sewage sludge as fertiliser?", "target", D2,
      [["下水汚泥肥料利用率"]], ["30%"], "下水汚泥肥料利用率 15% -> 30%"),
    M("en-005", None, "single-target", None,
      "How big is the CE-related business market supposed to be by 2030?", "target", D0,
      [["2030年までに循環経済関連ビジネスの市場規模を80兆円以上"]], ["80兆円"],
      "stated in the review document (Ⅲ-2 policy direction)"),
    M("en-006", None, "single-schedule", None,
      "When does the amended Resource Effective Utilization Act kick in?", "schedule", D2,
      [["改正資源有効利用促進法が令和8年4月より施行"]], ["令和8年4月"], "enforcement date"),
    M("en-007", None, "single-schedule", None,
      "By when should municipalities and operators be ready for the new scrap yard rules?", "schedule", D2,
      [["2027年度末までに自治体・事業者の円滑な制度開始に向けた準備を進め"]], ["2027年度末"],
      "scrap-yard permit system preparation deadline"),
    M("en-008", None, "single-schedule", None,
      "When was the LIB comprehensive package put together?", "schedule", D2,
      [["令和7年12月22日リチウムイオン電池総合対策関係省庁連絡会議"]], ["令和7年12月22日"],
      "date of the liaison meeting"),
    M("en-009", None, "single-ministry", None,
      "Which ministries and agencies are behind the lithium-ion battery package?", "ministry", D2,
      [["(消費者庁、総務省消防庁、経済産業省、国土交通省、環境省)"]],
      ["消費者庁", "消防庁", "経済産業省", "国土交通省", "環境省"], "liaison meeting members"),
    M("en-010", None, "single-ministry", None,
      "Which ministry runs the regional value co-creation platform listed in the review?", "ministry", D0,
      [["地域価値共創プラットフォーム"]], ["国土交通省"], "参考表 in Ⅲ-2"),
    M("en-011", None, "single-ministry", None,
      "Who is looking at FS support for AI sorting at municipal recycling facilities?", "ministry", D2,
      [["環境省による自治体等のリサイクル施設を対象としたFS事業"]], ["環境省"],
      "AI/robot measure, target line names 環境省"),
    M("en-012", None, "single-number", None,
      "What was the latest per-capita waste incineration figure in the review?", "number", D0,
      [["662g/人日"]], ["662g/人日"], "latest value vs 約580g/人日 target"),
    M("en-013", None, "single-number", None,
      "How many people attended the municipal resource circulation forums in FY2025?", "number", D2,
      [["計2,250名参加"]], ["2,250名"], "資源循環自治体フォーラム FY2025 results"),
    M("en-014", None, "single-number", None,
      "How many CE diagnoses and model projects were supported in FY2025?", "number", D2,
      [["CE診断・ビジョン作成43件、モデル実証事業15件"]], ["43件", "15件"], "伴走支援 FY2025 results"),
    M("en-015", None, "single-measure", None,
      "What measures does the plan have on permanent magnets?", "which_measure", D2,
      [["国内磁石リサイクルのスキーム確立"]], ["磁石リサイクル"], "permanent magnet sheet"),
    M("en-016", None, "single-measure", None,
      "What is being done to stop scrap metal leaking overseas?", "which_measure", D2,
      [["金属スクラップ等の国内資源循環促進のための海外流出抑制策、水際対策、バーゼル法運用強化"]],
      ["バーゼル法", "水際対策"], "outflow-prevention sheet"),
    M("en-017", None, "single-summary", None,
      "Can you give me a quick summary of the solar panel recycling bill?", "summary", D2,
      [["第221回国会に法案を提出し", "施行期日 公布から1年6か月以内で政令で定める日"]],
      ["第221回", "義務化|義務付け"], "bill outline / measure sheet"),
    M("en-018", None, "check-true", None,
      "The household food loss target is a 50% cut from FY2000, right?", "target", D2,
      [["家庭系 50%減早期達成"]], ["50%"], "true premise"),
    M("en-019", None, "check-true", None,
      "Is the lithium recovery target for battery recycling 70%?", "target", D2,
      [["リチウム70%、ニッケル95%、コバルト95%以上"]], ["70%"], "true premise"),
    M("en-020", None, "check-false", None,
      "The paper diaper target is 100 municipalities by 2030, correct?", "target", D2,
      [["自治体数を150とする"]], ["150"], "false premise: 150"),
    M("en-021", None, "check-false", None,
      "The recycled plastic supply target for cars is 5,000 t a year by 2030, isn't it?", "target", D2,
      [["2030年までに2.1万t/年"]], ["2.1万t/年"], "false premise: 2.1万t/年"),
    M("en-022", None, "decline", None,
      "What's MAFF's budget for the farm and fishery circular economy areas?", "unanswerable", None,
      [], [], "no budget amount and no ministry stated for this measure",
      absent=["農林水産省"]),
    M("en-023", None, "decline", None,
      "What penalty will unlicensed scrap yards face?", "unanswerable", None,
      [], [], "penalties are not described", absent=["罰"]),
    M("en-024", None, "decline", None,
      "What's the collection target for small home appliances?", "unanswerable", None,
      [], [], "small home appliances are not covered", absent=["小型家電"]),
]


# ---------------------------------------------------------------- output
def gold(item):
    out = {"id": item["id"]}
    if item["history"] is not None:
        out["history"] = item["history"]
    out.update(question=item["question"], kind=item["kind"], doc=item["doc"],
               relevant=item["relevant"], answer_contains=item["answer_contains"],
               note=item["note"] + ("" if item["lang"] is None else f" [history: {item['lang']}]"))
    return out


def write():
    for name, items in (("english_multiturn.jsonl", MULTI), ("english.jsonl", SINGLE)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(gold(it), ensure_ascii=False) + "\n")
    tags = {it["id"]: it["tag"] for it in MULTI + SINGLE}
    with open(os.path.join(HERE, "tags.json"), "w", encoding="utf-8") as f:
        json.dump(tags, f, ensure_ascii=False, indent=1)
        f.write("\n")


# ---------------------------------------------------------------- verifier
def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")
NOPE = {"はい", "いいえ", "yes", "no"}


def verify():
    raw = {d: open(os.path.join(PLAN_DIR, d), encoding="utf-8").read() for d in (D0, D2)}
    nrm = {d: norm(t) for d, t in raw.items()}
    problems = []

    def p(i, msg):
        problems.append(f"{i}: {msg}")

    # re-read what was written
    files = {}
    for name in ("english_multiturn.jsonl", "english.jsonl"):
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            files[name] = [json.loads(l) for l in f if l.strip()]
    tags = json.load(open(os.path.join(HERE, "tags.json"), encoding="utf-8"))
    multi, single = files["english_multiturn.jsonl"], files["english.jsonl"]

    if [o["id"] for o in multi] != [f"en-m{i:02d}" for i in range(1, 37)]:
        p("multi", "ids are not en-m01..en-m36 in order")
    if [o["id"] for o in single] != [f"en-{i:03d}" for i in range(1, 25)]:
        p("single", "ids are not en-001..en-024 in order")
    ids = [o["id"] for o in multi + single]
    if len(set(ids)) != len(ids):
        p("all", "duplicate ids")
    for i in ids:
        if not tags.get(i):
            p(i, "no tag")
    for k in tags:
        if k not in ids:
            p(k, "tag for unknown id")

    kinds = {"which_measure", "target", "number", "schedule", "ministry", "ministry_unstated",
             "indicator", "summary", "unanswerable"}
    src = {it["id"]: it for it in MULTI + SINGLE}
    for o in multi + single:
        i = o["id"]
        if o["kind"] not in kinds:
            p(i, f"bad kind {o['kind']}")
        if CJK.search(o["question"]):
            p(i, "final question is not English")
        for a in o["answer_contains"]:
            for alt in a.split("|"):
                if alt.strip().lower() in NOPE:
                    p(i, f"yes/no style expected answer {alt!r}")
        if o["kind"] == "unanswerable":
            if o["doc"] is not None or o["relevant"] or o["answer_contains"]:
                p(i, "unanswerable item must have doc null, no groups, no answers")
            for w in src[i]["absent"]:
                if any(norm(w) in t for t in nrm.values()):
                    p(i, f"decline item but {w!r} occurs in the plan texts")
            continue
        d = o["doc"]
        if d not in raw:
            p(i, f"unknown doc {d}")
            continue
        if not o["relevant"] or not o["answer_contains"]:
            p(i, "answerable item needs groups and answers")
        snip_pos = []
        for g in o["relevant"]:
            if not 1 <= len(g) <= 3:
                p(i, "group must have 1-3 snippets")
            for s in g:
                if s not in raw[d]:
                    p(i, f"snippet not verbatim in {d}: {s!r}")
                ns = norm(s)
                if ns not in nrm[d]:
                    p(i, f"snippet not found after normalisation: {s!r}")
                snip_pos += [(m.start(), m.start() + len(ns)) for m in re.finditer(re.escape(ns), nrm[d])]
        for a in o["answer_contains"]:
            alts = a.split("|")
            for alt in alts:
                if alt not in raw[d]:
                    p(i, f"answer not verbatim in {d}: {alt!r}")
            # the value must sit near a relevant snippet (same sheet proxy)
            near = False
            for alt in alts:
                na = norm(alt)
                for m in re.finditer(re.escape(na), nrm[d]):
                    if any(s - 800 <= m.start() <= e + 800 for s, e in snip_pos):
                        near = True
            if not near:
                p(i, f"answer {a!r} not within 800 chars of any relevant snippet")

    # multi-turn shape and history mix
    def hlang(h):
        return "ja" if CJK.search(h) and not re.search(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}", h) else "en"

    lang_count = Counter()
    for o in multi:
        i, h = o["id"], o.get("history")
        if not h:
            p(i, "multi-turn item without history")
            continue
        langs = {hlang(x) for x in h}
        lang = "mixed" if len(langs) > 1 else langs.pop()
        lang_count[lang] += 1
        if lang != src[i]["lang"]:
            p(i, f"history language is {lang}, declared {src[i]['lang']}")
        if lang == "mixed" and not 2 <= len(h) <= 3:
            p(i, "mixed history must have 2-3 turns")
        if tags.get(i) == "return" and len(h) < 2:
            p(i, "return item needs >= 2 history turns")
    if lang_count != Counter({"ja": 12, "en": 12, "mixed": 12}):
        p("multi", f"history mix {dict(lang_count)} != 12/12/12")
    for o in single:
        if "history" in o:
            p(o["id"], "single item has history")

    mt = Counter(tags.get(o["id"], "?") for o in multi)
    st = Counter(tags.get(o["id"], "?") for o in single)
    if st["check-true"] + st["check-false"] != 4 or st["check-false"] != 2:
        p("single", "need 4 checks with 2 false")
    if st["decline"] != 3:
        p("single", "need 3 decline items")
    shapes = [mt[t] for t in ("followup-slot", "followup-subject", "narrow", "return")] + \
             [mt["check-true"] + mt["check-false"]]
    if max(shapes) - min(shapes) > 1:
        p("multi", f"shapes not spread evenly: {shapes}")
    abbr = ["METI", "MOE", "MLIT", "MAFF", "CE", "LIB", "SAF", "e-scrap"]
    finals = " ".join(o["question"] for o in multi + single)
    for a in abbr:
        if not re.search(r"(?<![A-Za-z])" + re.escape(a) + r"(?![A-Za-z])", finals):
            p("all", f"abbreviation {a} never used in a final question")
    return problems, mt, st, lang_count


if __name__ == "__main__":
    write()
    problems, mt, st, lc = verify()
    print(f"english_multiturn.jsonl: {len(MULTI)} items; history {dict(lc)}")
    print(f"  tags: {dict(sorted(mt.items()))}")
    print(f"english.jsonl: {len(SINGLE)} items")
    print(f"  tags: {dict(sorted(st.items()))}")
    print(f"tags.json: {len(MULTI) + len(SINGLE)} ids")
    if problems:
        print(f"VERIFIER: {len(problems)} problem(s)")
        for x in problems:
            print("  -", x)
        sys.exit(1)
    print("VERIFIER: OK (all values and snippets found in the plan texts, every id tagged)")
