#!/usr/bin/env python3
"""Build the fit15 'decline' set: contrastive answerable/unanswerable pairs + fake measures.

Writes
  /work/fit15/decline/decline.jsonl  (100 items, gold format of /work/shared/eval)
  /work/fit15/decline/tags.json      (id -> {"shape": ..., "pair": N|null})
and then verifies the output (run: python3 make.py). stdlib only.
"""
import json
import os
import random
import re
import unicodedata

PLAN_DIR = "/work/shared/plan_texts"
OUT_DIR = os.path.dirname(os.path.abspath(__file__))
DOC_TENKEN = "000_1412c9d0e289725a.txt"   # 点検 draft
DOC_SHISAKU = "002_dc7e15a85d2a7a74.txt"  # 施策集


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


TEXT = {}
for fn in (DOC_TENKEN, DOC_SHISAKU):
    with open(os.path.join(PLAN_DIR, fn), encoding="utf-8") as f:
        TEXT[fn] = norm(f.read())

# ---------------------------------------------------------------------------
# Source regions (one sheet / one section or table), located by anchors in the
# normalised text: start = first occurrence of `start` (searched after `after`
# if given), end = first occurrence of `end` after start (None = end of doc).
# ---------------------------------------------------------------------------
REGIONS = {
    "S_keizai": (DOC_SHISAKU, "投資促進のための多角的な経済的支援スキームの構築①", "グリーン鉄生産に向けたメタルリサイクル", None),
    "S_tetsu": (DOC_SHISAKU, "グリーン鉄生産に向けたメタルリサイクル【事業概要】", "低炭素アルミニウム生産に向けたメタルリサイクル", None),
    "S_dou": (DOC_SHISAKU, "国産電解銅の再生原料比率の向上に向けたe-scrap等の処理量増加-", "永久磁石の安定供給確保に資する資源循環", None),
    "S_jishaku": (DOC_SHISAKU, "永久磁石の安定供給確保に資する資源循環1.", "リチウムイオン蓄電池に係る重要鉱物の国内循環システムの構築", None),
    "S_lib_kobutsu": (DOC_SHISAKU, "リチウムイオン蓄電池に係る重要鉱物の国内循環システムの構築1.", "○循環経済拠点港湾", None),
    "S_ceport": (DOC_SHISAKU, "○循環経済拠点港湾", "1.認定事業の創出", None),
    "S_kodoka": (DOC_SHISAKU, "1.認定事業の創出", "容器包装を由来とした高品質な再生プラスチック供給に向けた", None),
    "S_saiseipla": (DOC_SHISAKU, "1.容器包装を由来とした高品質な再生プラスチック供給に向けた", "「自動車向け再生プラスチック市場構築のための産官学コンソーシアム」", None),
    "S_jidosha": (DOC_SHISAKU, "「自動車向け再生プラスチック市場構築のための産官学コンソーシアム」(2024年11月設立)", "情報流通プラットフォームの構築", None),
    "S_jouhou": (DOC_SHISAKU, "情報流通プラットフォームの構築1.再生資源", "産官学連携によるサーキュラーエコノミーの加速化", None),
    "S_sip": (DOC_SHISAKU, "プラスチックに着目したサーキュラーエコノミーシステム構築に係る研究開発実証環境省", "廃棄物・資源循環分野は、資源循環の社会的要請", None),
    "S_airobo": (DOC_SHISAKU, "廃棄物・資源循環分野は、資源循環の社会的要請", "1.資源循環分野における高度人材育成・確保", None),
    "S_jinzai": (DOC_SHISAKU, "1.資源循環分野における高度人材育成・確保", "不適正スクラップヤードへの規制強化に向けた制度構築", None),
    "S_yard": (DOC_SHISAKU, "1.スクラップヤード事業の許可制度導入・開始に向けた調査・分析", "バーゼル法運用強化【事業概要】", None),
    "S_ryushutsu": (DOC_SHISAKU, "バーゼル法において規制対象物である金属資源", "再生プラスチック等の需給拡大に向けた支援・ルール整備【再掲】", None),
    "S_greenkounyu": (DOC_SHISAKU, "政府調達における循環性基準の導入によるマーケットの創出支援1.", "産官学連携によるサーキュラーエコノミーの加速化【再掲】", None),
    "S_taiyoko": (DOC_SHISAKU, "2030年代後半以降に大量廃棄が見込まれる", "太陽電池廃棄物の再資源化等の推進に関する法律案概要", None),
    "S_libpkg": (DOC_SHISAKU, "リチウムイオン電池は、火災の発生を防止するとともに", "e-scrap等を同志国間・同志国内において適切に循環", None),
    "S_doshikoku": (DOC_SHISAKU, "e-scrap等を同志国間・同志国内において適切に循環", "2023年の日ASEAN環境気候変動閣僚級対話において合意", None),
    "S_asean": (DOC_SHISAKU, "2023年の日ASEAN環境気候変動閣僚級対話において合意", "特定有害廃棄物等の輸出入に係るバーゼル条約において", None),
    "S_pic": (DOC_SHISAKU, "特定有害廃棄物等の輸出入に係るバーゼル条約において", "地域の資源循環ビジネスの創出等のための伴走支援", None),
    "S_bansou": (DOC_SHISAKU, "地域の資源循環ビジネスの創出等のための伴走支援3.", "再資源化が困難な地域資源の再資源化を推進するための", None),
    "S_konnan": (DOC_SHISAKU, "再資源化が困難な地域資源の再資源化を推進するための技術実証", "脱炭素先行地域等の実現と横展開", None),
    "S_chihososei": (DOC_SHISAKU, "地域循環資源の徹底活用による地域活性化に向けた地方公共団体が行う意欲的な取組", "産官学金の連携により", None),
    "S_local10000": (DOC_SHISAKU, "産官学金の連携により", "適正なリユース市場の規模拡大に向けた施策パッケージ", None),
    "S_reuse": (DOC_SHISAKU, "適正なリユース市場の規模拡大に向けた施策パッケージ3.", "1.農林漁業循環経済先導地域づくりの推進", None),
    "S_mokuzai": (DOC_SHISAKU, "中高層等の木造建築の推進や木質系新素材の技術開発を通じた森林資源の循環利用の確立3.", "1.長期優良住宅の普及・促進", None),
    "S_gesui": (DOC_SHISAKU, "1.下水汚泥資源の肥料利用の推進", "1.食品ロス削減推進事業", None),
    "S_foodloss": (DOC_SHISAKU, "1.食品ロス削減推進事業", "GXを通じたエネルギーの安定供給", None),
    "S_fashion": (DOC_SHISAKU, "サステナブルファッション推進に向けた取組", "使用済紙おむつリサイクルの推進3.", None),
    "S_kamiomutsu": (DOC_SHISAKU, "使用済紙おむつリサイクルの推進3.", "4.資源循環分野の国際ルール形成", None),
    "S_gcp": (DOC_SHISAKU, "資源循環に関する目標・指標設定やその情報開示", "サーキュラーエコノミーの推進に当たっては", None),
    "S_expo": (DOC_SHISAKU, "「GREEN×EXPO2027(2027年国際園芸博覧会)」は", None, None),
    # 点検 draft sections / tables
    "T1_shihyo": (DOC_TENKEN, "(2)指標からみる進捗状況", "(3)各主体の取組状況", None),
    "T1_hearing": (DOC_TENKEN, "2循環型社会部会におけるヒアリング先の取組状況-・大阪府", "(4)評価及び今後の方向性", None),
    "T2_shihyo": (DOC_TENKEN, "(2)指標からみる進捗状況", "(3)各主体の取組状況", "III-2資源循環のための事業者間連携"),
    "T2_hearing": (DOC_TENKEN, "2循環型社会部会におけるヒアリング先の取組状況-・株式会社エフピコ", "(4)評価及び今後の方向性", None),
    "T2_hyoka": (DOC_TENKEN, "1進捗評価(作成の方向性)", "参考:イメージ事業者連携のプラットフォーム", None),
    "T2_sanko": (DOC_TENKEN, "参考:イメージ事業者連携のプラットフォーム", None, None),
}


def region_text(key):
    doc, start, end, after = REGIONS[key]
    t = TEXT[doc]
    base = 0
    if after is not None:
        base = t.find(norm(after))
        assert base >= 0, ("after anchor missing", key)
    s = t.find(norm(start), base)
    assert s >= 0, ("start anchor missing", key)
    if end is None:
        e = len(t)
    else:
        e = t.find(norm(end), s + len(norm(start)))
        assert e > s, ("end anchor missing", key)
    return doc, t[s:e]


# ---------------------------------------------------------------------------
# 40 pairs. Each: region, stated item, unstated item.
#   stated: q, kind, ans (list; 'a|b' allowed, every alternative verbatim in
#           the region), rel (verbatim snippets of that region), note
#   unstated: q, absent (regexes that must NOT match the region's normalised
#             text: the detail asked for), note
# ---------------------------------------------------------------------------
PAIRS = [
    dict(region="S_keizai",
         stated=dict(q="資源循環業者が借入れするときの保証って、どこの団体が担う想定？", kind="summary",
                     ans=["産業廃棄物処理業振興財団"],
                     rel=["産業廃棄物処理業振興財団による債務保証", "令和8年度予算案として379億円を計上"],
                     note="Economic-support scheme sheet: debt guarantees by the 産業廃棄物処理業振興財団 (alongside JICN finance)."),
         unstated=dict(q="再生材サプライチェーンの設備投資支援379億円、そのうち製錬設備向けはいくら？",
                       absent=[r"内訳", r"製錬設備[^。]{0,15}億円", r"379億円のうち"],
                       note="Sheet gives only the 379 oku yen total for all equipment types (保管・解体・選別、前処理・製錬・港湾); no breakdown by equipment type.")),
    dict(region="S_tetsu",
         stated=dict(q="グリーン鉄のメタルリサイクルで、良質なスクラップに仕上げる処理能力は2030年にどれだけ上乗せする目安？", kind="target",
                     ans=["200万トン"],
                     rel=["鉄スクラップを高品位化する処理能力約200万トン/年を目安に"],
                     note="Green-steel sheet target: about 2 Mt/yr of additional scrap upgrading capacity by 2030."),
         unstated=dict(q="グリーン鉄のメタルリサイクルで、鉄スクラップ高度選別の設備投資支援の補助率はどのくらい？",
                       absent=[r"補助率", r"\d/\d", r"円"],
                       note="Green-steel sheet names the support (高度選別設備投資) but gives no subsidy rate or amount.")),
    dict(region="S_dou",
         stated=dict(q="銅の原料になる鉱石って、どのくらい海外頼みなの？", kind="number",
                     ans=["100%"],
                     rel=["原料となる銅精鉱を100%海外から輸入している"],
                     note="Copper sheet: copper concentrate is 100% imported."),
         unstated=dict(q="国産の電解銅って、いま年間どのくらい作ってるの？トン数で",
                       absent=[r"トン", r"\dt"],
                       note="Copper sheet gives only the share target (約3割 from recycled feed); no current production tonnage.")),
    dict(region="S_jishaku",
         stated=dict(q="レアアースの分離精製の技術開発、最初はどんな規模の設備を使ってやるの？", kind="summary",
                     ans=["小規模パイロットプラント"],
                     rel=["小規模パイロットプラントを用いた技術開発"],
                     note="Permanent-magnet sheet schedule: R&D first with small-scale pilot plants, then mid/large-scale demonstration."),
         unstated=dict(q="国内の磁石リサイクルのループ、参加する磁石メーカーは何社くらい？",
                       absent=[r"\d+社"],
                       note="Magnet sheet mentions 日本磁石メーカー and 関連事業者の連携 but no number of participating companies.")),
    dict(region="S_lib_kobutsu",
         stated=dict(q="For battery recycling technology, what recovery rate is targeted for nickel?", kind="target",
                     ans=["95%"],
                     rel=["リチウム70%、ニッケル95%、コバルト95%以上を回収可能なリサイクル技術"],
                     note="LiB critical-minerals sheet: recover Li 70%, Ni 95%, Co 95%+."),
         unstated=dict(q="How many tonnes of black mass are generated in Japan each year?",
                       absent=[r"トン", r"\dt"],
                       note="LiB critical-minerals sheet says domestic black mass should be used as a secondary resource but gives no quantity.")),
    dict(region="S_ceport",
         stated=dict(q="How many ports does Japan plan to designate as Circular Economy Ports by 2030?", kind="target",
                     ans=["22"],
                     rel=["サーキュラーエコノミーポートの選定数(2030年22港以上)"],
                     note="CE-port sheet indicator: 22 or more ports selected by 2030."),
         unstated=dict(q="Which ports were picked in the first round of Circular Economy Port selection?",
                       absent=[r"(東京|横浜|名古屋|大阪|神戸|北九州|博多|苫小牧|室蘭|姫路|舞鶴|秋田|酒田|三島川之江|徳山)"],
                       note="CE-port sheet mentions a 選定(第1次) step in its schedule but names no port.")),
    dict(region="S_kodoka",
         stated=dict(q="再資源化事業等高度化法って、法律の番号は何号？", kind="summary",
                     ans=["令和6年法律第41号"],
                     rel=["再資源化事業等高度化法(令和6年法律第41号)"],
                     note="Recycling-upgrade act sheet: Act No. 41 of Reiwa 6."),
         unstated=dict(q="再資源化事業等高度化法の大臣認定、これまで実際に何件出たの？",
                       absent=[r"実績", r"認定済", r"\d+件(?!以上|認定)"],
                       note="Sheet gives only the goal (3年で100件以上); no count of certifications granted so far.")),
    dict(region="S_saiseipla",
         stated=dict(q="メーカーに再生プラの使用計画を出させる改正資源法、施行はいつから？", kind="schedule",
                     ans=["令和8年4月"],
                     rel=["改正資源有効利用促進法が令和8年4月より施行され"],
                     note="Recycled-plastics sheet: the amended Resource Effective Utilization Act took effect April R8 (2026)."),
         unstated=dict(q="再生プラの利用率を義務にする話、具体的に何%以上にするって決まってる？",
                       absent=[r"\d+%"],
                       note="Sheet says only 'a certain' recycled-plastic rate (一定の再生プラスチック利用率) may be mandated by R10; no percentage.")),
    dict(region="S_jidosha",
         stated=dict(q="局長レク前に確認。クルマ向けの再生プラ、2030年までに年間どれくらい供給する目標？", kind="target",
                     ans=["2.1万t"],
                     rel=["2030年までに2.1万t/年", "自動車等向け再生プラスチックの市場構築"],
                     note="Auto recycled-plastics consortium sheet: supply target 21 kt/yr by 2030 (200 kt/yr from 2041)."),
         unstated=dict(q="局長レク前に確認。クルマ向けの再生プラ、2035年時点では年間どれくらい供給する目標？",
                       absent=[r"2035"],
                       note="Sheet gives supply targets only for 2030 (2.1万t/年) and 2041 onward (20万t/年); nothing for 2035.")),
    dict(region="S_jouhou",
         stated=dict(q="CMPで効率よく対応できるようにする法規制、欧州の化学物質のやつは何？", kind="summary",
                     ans=["REACH規則"],
                     rel=["法規制(ストックホルム条約、REACH規則等)への効率的な対応"],
                     note="Information-platform sheet: CMP targets compliance with the Stockholm Convention, REACH etc."),
         unstated=dict(q="RMPっていう再生材の情報連携基盤、本格的に動き出すのは何年何月から？",
                       absent=[r"\d{4}年\d+月", r"運用開始", r"令和\d+年\d+月"],
                       note="Information-platform sheet describes building/implementing RMP but its schedule gives no launch date.")),
    dict(region="S_sip",
         stated=dict(q="SIPのプラ循環の研究で、再生材データをやり取りする基盤の名前なんだっけ", kind="summary",
                     ans=["PLA-NETJ"],
                     rel=["再生材に関する情報流通プラットフォーム(PLA-NETJ)"],
                     note="SIP plastics sheet, sub-theme A: the recycled-material information platform PLA-NETJ."),
         unstated=dict(q="SIPのプラ循環の研究で、研究開発にかける予算は年間いくらなんだっけ",
                       absent=[r"円"],
                       note="SIP plastics sheet states no budget figure.")),
    dict(region="S_airobo",
         stated=dict(q="廃棄物分野でAIロボットを使う話、根拠になってる政府の戦略はいつ決まったもの？", kind="schedule",
                     ans=["令和8年3月"],
                     rel=["AIロボティクス戦略(令和8年3月)"],
                     note="AI-robot sheet: the field is positioned in the AIロボティクス戦略 of March R8."),
         unstated=dict(q="フィジカルAIで自動選別する実証、何カ所の施設でやる予定になってる？",
                       absent=[r"\d+(カ所|か所|箇所|ヵ所|施設)"],
                       note="AI-robot sheet plans development and demonstration of automated sorting but gives no number of sites.")),
    dict(region="S_jinzai",
         stated=dict(q="資源循環業界の人手不足対策で、外国人をすぐ戦力として確保するのに使う制度を教えて", kind="summary",
                     ans=["特定技能制度"],
                     rel=["特定技能制度により即戦力となる担い手を確保する"],
                     note="Workforce sheet: 特定技能 for ready workers, 育成就労 for training future ones."),
         unstated=dict(q="資源循環業界の人手不足対策で、外国人を何人まで受け入れるか上限を教えて",
                       absent=[r"\d+人", r"上限"],
                       note="Workforce sheet names the schemes but gives no intake cap or number.")),
    dict(region="S_yard",
         stated=dict(q="スクラップヤードの許可制、自治体と事業者の準備はいつまでに済ませるって？", kind="schedule",
                     ans=["2027年度末"],
                     rel=["2027年度末までに自治体・事業者の円滑な制度開始に向けた準備を進め"],
                     note="Scrap-yard sheet indicator: preparations by end of FY2027."),
         unstated=dict(q="スクラップヤードの許可制、施行日って何月何日になってる？",
                       absent=[r"\d+月\d+日", r"施行"],
                       note="Scrap-yard sheet gives only 'by end of FY2027' for preparation; no enforcement month/day.")),
    dict(region="S_ryushutsu",
         stated=dict(q="雑品スクラップの違法な持ち出し、どうやって発覚してるの？", kind="summary",
                     ans=["開披検査"],
                     rel=["税関の開披検査によって発覚している"],
                     note="Metal-scrap outflow sheet: illegal exports were found by customs opening inspections."),
         unstated=dict(q="雑品スクラップの違法な持ち出し、これまで何件くらい摘発されてるの？",
                       absent=[r"\d+件"],
                       note="Sheet mentions past illegal cases and their analysis but gives no number of cases.")),
    dict(region="S_greenkounyu",
         stated=dict(q="グリーン購入でエコマークを使う基準、もう何品目ぶん設定してある？", kind="number",
                     ans=["138品目"],
                     rel=["17分野138品目にエコマーク活用の基準を設定済"],
                     note="Green-purchasing sheet: Eco Mark criteria already set for 138 items in 17 fields."),
         unstated=dict(q="グリーン購入の循環性基準、再生プラの利用率は品目ごとに何%以上？",
                       absent=[r"\d+%"],
                       note="Sheet says circularity criteria such as recycled-plastic rates will be introduced for all items by FY2030; no percentages.")),
    dict(region="S_taiyoko",
         stated=dict(q="太陽光パネルのごみがどっと出始めるのは、いつ頃の見込み？", kind="schedule",
                     ans=["2030年代後半"],
                     rel=["2030年代後半以降に大量廃棄が見込まれる使用済太陽光パネル"],
                     note="Solar-panel sheet: mass disposal expected from the late 2030s."),
         unstated=dict(q="太陽光パネル、1枚リサイクルするのにお金はいくらかかる？",
                       absent=[r"円"],
                       note="Solar-panel sheet speaks of reducing recycling costs and tracking them as an indicator, but gives no cost per panel.")),
    dict(region="S_libpkg",
         stated=dict(q="念のため、リチウムイオン電池の総合対策パッケージって何日付けでまとまったもの？", kind="schedule",
                     ans=["令和7年12月22日"],
                     rel=["令和7年12月22日リチウムイオン電池総合対策関係省庁連絡会議"],
                     note="LiB package sheet: compiled on 22 Dec R7 by the inter-ministerial liaison meeting."),
         unstated=dict(q="念のため、リチウムイオン電池が原因の火災って去年は何件起きてたもの？",
                       absent=[r"\d+件"],
                       note="LiB package sheet aims at zero serious fires but gives no fire statistics.")),
    dict(region="S_doshikoku",
         stated=dict(q="クアッドの重要鉱物イニシアティブ、いつ立ち上がった？", kind="schedule",
                     ans=["2025年7月"],
                     rel=["が設立された(2025年7月)", "将来的にはASEANとの連携も検討"],
                     note="Like-minded-countries sheet: Quad Critical Minerals Initiative set up at the foreign ministers' meeting, July 2025."),
         unstated=dict(q="2026年2月の重要鉱物閣僚会合、何か国が参加した？",
                       absent=[r"\d+(か国|カ国|ヵ国)"],
                       note="Sheet records that the ministerial meeting was held in Feb 2026 (and FORGE launched) but not how many countries took part.")),
    dict(region="S_asean",
         stated=dict(q="日ASEANのE-waste協力で、調査計画に合意した国っていくつ？", kind="number",
                     ans=["5カ国"],
                     rel=["調査計画に合意した主要5カ国(インドネシア、タイ、フィリピン、マレーシア、ベトナム)"],
                     note="ASEAN E-waste sheet: five main countries agreed survey plans."),
         unstated=dict(q="日ASEANのE-waste協力で、ベトナムのパイロット事業って何件やった？",
                       absent=[r"\d+件"],
                       note="ASEAN E-waste sheet plans pilot projects but gives no count per country.")),
    dict(region="S_pic",
         stated=dict(q="バーゼルの事前通告・同意の手続、電子化したら1件あたりどこまで短くなるか教えて", kind="target",
                     ans=["1か月程度"],
                     rel=["1件当たりの所要時間を1か月程度まで短縮することを目指す"],
                     note="PIC-procedure sheet: cut time per case from several months to about one month."),
         unstated=dict(q="バーゼルの事前通告・同意の手続、電子システムはどこの会社が作ってるか教えて",
                       absent=[r"委託", r"株式会社", r"\(株\)"],
                       note="PIC-procedure sheet plans design/build of an electronic system but names no contractor.")),
    dict(region="S_bansou",
         stated=dict(q="自治体のCE診断とビジョンづくりの支援、2025年度は何件やった？", kind="number",
                     ans=["43件"],
                     rel=["CE診断・ビジョン作成43件、モデル実証事業15件"],
                     note="Hands-on support sheet, FY2025 results: 43 CE diagnoses/visions, 15 model demos."),
         unstated=dict(q="循環型ビジネスモデルの実証事業、1件あたりの補助の上限はいくら？",
                       absent=[r"上限", r"円"],
                       note="Hands-on support sheet mentions cost support (費用支援) but no cap or amount.")),
    dict(region="S_konnan",
         stated=dict(q="再資源化しにくい地域資源の重点分野、建設系の廃棄物は何系に分類されてる？", kind="summary",
                     ans=["土石系"],
                     rel=["建設廃棄物等の土石系"],
                     note="Hard-to-recycle resources sheet: construction waste falls under the 土石系 focus area."),
         unstated=dict(q="再資源化しにくい地域資源の設備導入支援、補助率ってどれくらいになってる？",
                       absent=[r"補助率", r"\d/\d", r"円"],
                       note="Sheet describes technology demonstration and equipment support but gives no subsidy rate.")),
    dict(region="S_chihososei",
         stated=dict(q="企業版ふるさと納税の人材派遣型、いつ新設された？", kind="schedule",
                     ans=["令和2年度"],
                     rel=["令和2年度より新たに人材派遣型を創設"],
                     note="Regional revitalisation sheet: personnel-dispatch type created from FY R2."),
         unstated=dict(q="企業版ふるさと納税、今の適用期限は何年度まで？",
                       absent=[r"令和\d+年度まで", r"\d{4}年度まで", r"期限は"],
                       note="Sheet only notes '(適用期限が延長された場合)' in the schedule; the expiry year is not given.")),
    dict(region="S_local10000",
         stated=dict(q="ローカル10,000プロジェクトの助成上限、融資の額によっては最大いくらまで上がる？", kind="number",
                     ans=["5,500万円"],
                     rel=["融資額に応じて最大5,500万円までのかさ上げ措置あり"],
                     note="Local 10,000 sheet: cap 30 M yen, raised up to 55 M yen depending on the loan."),
         unstated=dict(q="ローカル10,000プロジェクト、今年度は全国で何件採択された？",
                       absent=[r"\d+件"],
                       note="Local 10,000 sheet gives rates, caps and a continuation-rate target (95%) but no number of adopted projects.")),
    dict(region="S_reuse",
         stated=dict(q="リユース業者と組んで取り組む自治体の数、目標どのくらい？", kind="target",
                     ans=["600自治体"],
                     rel=["リユース業者等と協働取組を行う自治体数→600自治体"],
                     note="Reuse package sheet indicator: 600 municipalities."),
         unstated=dict(q="リユース市場を4.6兆円にする目標、何年度までに達成する話？",
                       absent=[r"4\.6兆円\(", r"年度までに", r"20\d\d年\)?(度)?→?4\.6"],
                       note="Reuse sheet gives the market-size target (4.6兆円) with no target year; the 点検 table also shows no numeric target for it.")),
    dict(region="S_mokuzai",
         stated=dict(q="建築用材などの国産材利用量、R6年の実績はどれくらい？", kind="indicator",
                     ans=["1,800万"],
                     rel=["建築用材等の国産材利用量2600万m³", "R6年実績約1,800万m³"],
                     note="Wood-construction sheet: domestic timber use for building ~18 M m3 in R6 (target 26 M m3)."),
         unstated=dict(q="木質系新素材の指標、目標値はいくつで設定されてる？",
                       absent=[r"木質系新素材[^。]{0,20}\d"],
                       note="Sheet says an indicator for wood-based new materials will be newly set; no value given.")),
    dict(region="S_gesui",
         stated=dict(q="下水汚泥 肥料への利用割合 2030年度の目標どのくらい？", kind="target",
                     ans=["30%"],
                     rel=["下水汚泥肥料利用率"],
                     note="Sewage-sludge sheet: fertiliser use 15% (FY2023) -> 30% (FY2030)."),
         unstated=dict(q="下水汚泥 肥料化施設 整備支援は何カ所の予定？",
                       absent=[r"\d+(カ所|か所|箇所|ヵ所|施設)"],
                       note="Sewage-sludge sheet supports fertiliser-plant construction but gives no number of facilities.")),
    dict(region="S_foodloss",
         stated=dict(q="外食の食品リサイクル、再生利用等の実施率の目標は何%？", kind="target",
                     ans=["50%"],
                     rel=["外食産業50%", "再生利用等実施率目標(2029年度までに)"],
                     note="Food-loss sheet: recycling-implementation rate target for food service 50% by FY2029."),
         unstated=dict(q="フードバンク認証制度、2026年度の何月からスタート？",
                       absent=[r"\d+月"],
                       note="Food-loss sheet says the food-bank certification starts in FY2026; no month.")),
    dict(region="S_fashion",
         stated=dict(q="家庭から出る服の廃棄を25%減らす目標、何年度と比べての話？", kind="target",
                     ans=["2020年度"],
                     rel=["廃棄されるものを2020年度比で25%削減する"],
                     note="Sustainable-fashion sheet: 25% cut vs FY2020 by FY2030."),
         unstated=dict(q="衣類の行政回収ガイドライン、何月に策定する予定になってる？",
                       absent=[r"ガイドライン[^。]{0,20}\d+月", r"\d+月[^。]{0,10}行政回収ガイドライン"],
                       note="Schedule lists '衣類等の行政回収ガイドラインの策定' with no month (the March 2026 date belongs to the action plan).")),
    dict(region="S_kamiomutsu",
         stated=dict(q="一般ごみのうち紙おむつが占める割合、2030年度にはどのくらいまで上がる見込み？", kind="number",
                     ans=["7.1%"],
                     rel=["2030年度は6.6～7.1%に"],
                     note="Diaper sheet: share of MSW rises from ~5.5% (FY2023) to 6.6–7.1% (FY2030)."),
         unstated=dict(q="紙おむつリサイクル、いま実際にやってる自治体はどのくらいの数まで増えてる？",
                       absent=[r"(現在|時点|実績)[^。]{0,15}\d+自治体", r"\d+自治体[^。]{0,5}(が実施済|で実施)"],
                       note="Diaper sheet gives only the target (150 municipalities implementing or considering by FY2030); no current count.")),
    dict(region="S_gcp",
         stated=dict(q="Which organization develops the Global Circularity Protocol?", kind="summary",
                     ans=["WBCSD"],
                     rel=["WBCSD(持続可能な開発のための世界経済人会議)等が開発するグローバル循環プロトコル(GCP)"],
                     note="GCP sheet: developed by WBCSD and others; Japan leads improvements."),
         unstated=dict(q="When is version 2.0 of the Global Circularity Protocol scheduled to be published?",
                       absent=[r"ver2\.0[^。]{0,20}\d{4}", r"\d{4}年[^。]{0,10}ver2\.0"],
                       note="GCP sheet schedule mentions input toward GCP ver2.0 but gives no publication date.")),
    dict(region="S_expo",
         stated=dict(q="GREEN×EXPOの植物由来ユニフォームの実証、何人くらいが着る規模？", kind="number",
                     ans=["1万人"],
                     rel=["会期中の1万人を超えるボランティア、運営スタッフ等のユニフォーム"],
                     note="GREEN×EXPO sheet: uniforms of over 10,000 volunteers and staff."),
         unstated=dict(q="GREEN×EXPOの政府苑での展示、出展にかかる費用はいくらくらい？",
                       absent=[r"円"],
                       note="GREEN×EXPO sheet says the government exhibits at 政府苑 and booths; no cost.")),
    # ---- 点検 draft ----
    dict(region="T1_shihyo",
         stated=dict(q="点検案で、ごみ処理施設のうち発電や熱を外に出してる施設の割合、最新値いくつ？", kind="indicator",
                     ans=["43.1%"],
                     rel=["廃棄物エネルギーを外部に供給している施設の割合", "46%(2027年度)43.1%"],
                     note="点検 III-1 indicator table: latest value 43.1% (target 46% by FY2027)."),
         unstated=dict(q="点検案で、長期の広域化・集約化計画を作った都道府県の割合、最新値いくつ？",
                       absent=[r"100%\(2027年度\)\d+(\.\d+)?%"],
                       note="点検 III-1 table shows the target 100% (FY2027) but the latest value is '—' (to be drawn up in FY2027).")),
    dict(region="T1_hearing",
         stated=dict(q="部会ヒアリングの神戸市、品目別に資源を集めるステーションの名前は？", kind="summary",
                     ans=["エコノバ"],
                     rel=["資源回収ステーション「エコノバ」の市内各所への設置"],
                     note="点検 III-1 hearing: Kobe's resource collection station 'Econova'."),
         unstated=dict(q="部会ヒアリングの神戸市、エコノバは市内に何カ所置いてある？",
                       absent=[r"\d+(カ所|か所|箇所|ヵ所|拠点)"],
                       note="点検 III-1 hearing says only '市内各所'; no number of stations.")),
    dict(region="T1_hearing",
         stated=dict(q="課長説明用に。大阪府の衣類回収の仕組み、出発点になった協定の相手企業は？", kind="summary",
                     ans=["エイチ・ツー・オー"],
                     rel=["エイチ・ツー・オー リテイリング株式会社との包括連携協定を端緒とした"],
                     note="点検 III-1 hearing: Osaka's clothing collection began with a comprehensive agreement with H2O Retailing."),
         unstated=dict(q="課長説明用に。大阪府の衣類回収の仕組み、これまでに何トン集まったの？",
                       absent=[r"トン", r"\dt"],
                       note="点検 III-1 hearing describes Osaka's scheme and its expansion but gives no collected tonnage.")),
    dict(region="T2_shihyo",
         stated=dict(q="点検の指標表で、リユース市場の規模の一番新しい数字は？", kind="indicator",
                     ans=["34,986億円"],
                     rel=["34,986億円(2024年度)"],
                     note="点検 III-2 table: reuse market latest value 34,986 oku yen (FY2024)."),
         unstated=dict(q="点検の指標表で、バイオマスプラの導入量の2024年度の数字は？",
                       absent=[r"万トン\(2024年度\)"],
                       note="点検 III-2 table gives biomass plastics only for FY2022 (約15万トン); no FY2024 value.")),
    dict(region="T2_hearing",
         stated=dict(q="エフピコのスーパー店頭回収、拠点はどれくらいの数ある？", kind="number",
                     ans=["1万拠点"],
                     rel=["全国のスーパーマーケット等(約1万拠点)を回収ステーションとし"],
                     note="点検 III-2 hearing: FP Corporation uses about 10,000 supermarket sites as collection stations."),
         unstated=dict(q="エフピコのスーパー店頭回収、トレイは年間どれくらいの量集まってる？",
                       absent=[r"トン", r"\dt"],
                       note="点検 III-2 hearing gives the number of sites but no collected volume.")),
    dict(region="T2_sanko",
         stated=dict(q="点検案の連携プラットフォーム一覧で、CLOMAは参加企業何社になってる？", kind="number",
                     ans=["481"],
                     rel=["Japan Clean Ocean Material Alliance (CLOMA)*2", "481"],
                     note="点検 III-2 reference table: CLOMA 481 participating companies."),
         unstated=dict(q="点検案の連携プラットフォーム一覧で、CLOMAは何年に設立されたことになってる？",
                       absent=[r"CLOMA[^。]{0,60}設立", r"設立[^。]{0,10}CLOMA"],
                       note="点検 III-2 table and footnote give CLOMA's member count and web page, not its founding year.")),
    dict(region="T2_hyoka",
         stated=dict(q="Ⅲ-2の部会の議論、リユース市場規模の目標の立て方でどんな意見出てた？", kind="summary",
                     ans=["逆算"],
                     rel=["リユース市場規模はあるべき姿から逆算して一定の目標設定を行ってはどうか"],
                     note="点検 III-2 discussion: set a target by back-casting from the desired state."),
         unstated=dict(q="Ⅲ-2の部会の議論、リユース市場規模の目標の意見を言ったのはどの委員？",
                       absent=[r"委員", r"氏", r"教授"],
                       note="点検 III-2 summarises discussion points anonymously; no member is named.")),
]

# ---------------------------------------------------------------------------
# 20 fake measures (recombined from real parts). absent: strings (normalised)
# that must not occur in either plan text.
# ---------------------------------------------------------------------------
FAKES = [
    dict(q="国交省の「サーキュラーエアポート」、2030年までに何空港選ぶ目標？",
         absent=["エアポート", "空港選定"],
         note="Fake: the plan has Circular Economy PORTS (港湾, 22港以上), no airport designation scheme."),
    dict(q="風力発電のブレードのリサイクル推進法案って、どの国会に出す予定？",
         absent=["風力", "ブレード"],
         note="Fake: only the solar-panel recycling bill (第221回国会) exists; no wind-blade bill."),
    dict(q="国産ニッケルの約3割を再生原料由来にする目標、何年までに達成する？",
         absent=["国産ニッケル"],
         note="Fake recombination: the 約3割 target is for domestic electrolytic copper (and magnet feed); no nickel share target."),
    dict(q="日ASEANのプラスチック資源循環パートナーシップ、回収目標はどれくらい？",
         absent=["プラスチック資源循環パートナーシップ"],
         note="Fake: the Japan-ASEAN partnership (ARCPEEC) covers E-waste, ELV and critical minerals, not plastics."),
    dict(q="農水省の森林版ローカル10,000、助成の上限額っていくら？",
         absent=["森林版"],
         note="Fake: Local 10,000 exists (caps 3,000万/5,500万円) but no forestry version."),
    dict(q="使い捨てマスクのリサイクルガイドライン、改定されたのはいつ？",
         absent=["マスク"],
         note="Fake recombination: the revised guideline (R8.4) is for used paper diapers, not masks."),
    dict(q="GREEN×EXPO 2027の「食べる循環」の社会実証、対象は何人？",
         absent=["食べる循環"],
         note="Fake: the EXPO demonstration is 着る循環 (uniforms); no 食べる循環."),
    dict(q="リチウムイオン電池リサイクル法案、国会にはいつ出す予定？",
         absent=["リチウムイオン電池リサイクル法", "電池リサイクル法案"],
         note="Fake: LiB measures are a policy package and existing-law measures; the only new bill is for solar panels."),
    dict(q="バーゼルPIC手続の電子化、EU三カ国との接続は何年度から？",
         absent=["EU三カ国", "欧州三カ国", "EU3カ国"],
         note="Near-miss: the PIC e-system links with the three North American countries (米国・カナダ・メキシコ), not EU."),
    dict(q="厚労省の医療用プラスチック回収モデル事業、対象の病院はいくつ？",
         absent=["厚生労働省", "厚労省", "医療用プラスチック"],
         note="Fake: no MHLW medical-plastics collection programme in the plan."),
    dict(q="文科省の循環経済教育推進校って何校指定する予定？",
         absent=["文部科学省", "文科省", "推進校"],
         note="Fake: no MEXT school programme in the plan."),
    dict(q="急ぎで。総務省のサーキュラー自治体DX交付金、交付率は？",
         absent=["DX交付金", "サーキュラー自治体"],
         note="Fake: 総務省 appears only via 消防庁 in the LiB package; no such grant."),
    dict(q="財務省の再生材利用促進税制、税額控除率はどのくらい？",
         absent=["再生材利用促進税制", "利用促進税制"],
         note="Fake: 財務省 appears only in border-control cooperation; no recycled-material tax credit."),
    dict(q="What is the 2030 target for recycled glass cullet under MOE's glass bottle circularity program?",
         absent=["カレット", "ガラスびん"],
         note="Fake: no glass-bottle programme or cullet target in the plan."),
    dict(q="Under the Japan-India e-scrap partnership, how much e-scrap is Japan expected to import by 2030?",
         absent=["日印", "日インド"],
         note="Fake: India appears only as a Quad member; the e-scrap partnership is with ASEAN."),
    dict(q="経産省の廃タイヤ再生ゴム利用拡大事業、2030年の目標は？",
         absent=["タイヤ", "再生ゴム"],
         note="Fake: no tyre / rubber measure in the plan."),
    dict(q="日中循環経済パートナーシップ（C4CE）の参加企業数って最新でいくつ？",
         absent=["日中", "C4CE"],
         note="Fake recombination of J4CE: no Japan-China partnership."),
    dict(q="半導体ウエハーのリサイクル、2030年の再生比率目標って決まってる？",
         absent=["半導体", "ウエハー", "ウェハー"],
         note="Fake: no semiconductor-wafer measure."),
    dict(q="船舶用e-メタノールの国内製造支援、アジアの市場規模はどのくらいと見てる？",
         absent=["メタノール", "船舶用"],
         note="Fake recombination of the SAF sheet (Asian SAF market ~22兆円): no e-methanol measure."),
    dict(q="ASEAN主要国の鉄スクラップ回収ネットワーク支援、対象国ってどこ？",
         absent=["鉄スクラップの回収ネットワーク", "鉄スクラップ回収ネットワーク"],
         note="Near-miss: the ASEAN support covers E-waste/batteries and ELV, not iron scrap."),
]


def build():
    items = []  # (shape, pair_no, record)
    for n, p in enumerate(PAIRS, 1):
        doc, _ = region_text(p["region"])
        s = p["stated"]
        items.append(("stated", n, {
            "question": s["q"], "kind": s["kind"], "doc": doc,
            "relevant": [list(s["rel"])], "answer_contains": list(s["ans"]),
            "note": s["note"]}))
        u = p["unstated"]
        items.append(("unstated", n, {
            "question": u["q"], "kind": "unanswerable", "doc": None,
            "relevant": [], "answer_contains": [],
            "note": "Real measure, detail not given: " + u["note"]}))
    for f in FAKES:
        items.append(("fake", None, {
            "question": f["q"], "kind": "unanswerable", "doc": None,
            "relevant": [], "answer_contains": [],
            "note": f["note"]}))
    rng = random.Random(15)
    rng.shuffle(items)
    out, tags = [], {}
    for i, (shape, pair, rec) in enumerate(items, 1):
        iid = "d15-%03d" % i
        out.append(dict(id=iid, question=rec["question"], kind=rec["kind"], doc=rec["doc"],
                        relevant=rec["relevant"], answer_contains=rec["answer_contains"],
                        note=rec["note"]))
        tags[iid] = {"shape": shape, "pair": pair}
    return out, tags


def lcs_len(a, b):
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def verify(out, tags):
    dev_keys = None
    with open("/work/shared/eval/dev2.jsonl", encoding="utf-8") as f:
        dev_keys = set(json.loads(f.readline()).keys())
    ids = [r["id"] for r in out]
    assert len(ids) == 100 and len(set(ids)) == 100, "ids not unique / not 100"
    assert ids == ["d15-%03d" % i for i in range(1, 101)]
    assert set(tags) == set(ids)
    for r in out:
        assert set(r.keys()) == dev_keys, ("keys differ from dev", r["id"], set(r.keys()) ^ dev_keys)
    counts = {}
    for t in tags.values():
        counts[t["shape"]] = counts.get(t["shape"], 0) + 1
    assert counts == {"unstated": 40, "stated": 40, "fake": 20}, counts
    # English at most 10
    n_en = sum(1 for r in out if not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", r["question"]))
    assert 1 <= n_en <= 10, n_en
    byid = {r["id"]: r for r in out}
    # pairs: exactly one stated + one unstated, same source region
    pairs = {}
    for iid, t in tags.items():
        if t["shape"] == "fake":
            assert t["pair"] is None
            continue
        pairs.setdefault(t["pair"], []).append((t["shape"], iid))
    assert sorted(pairs) == list(range(1, 41)), "pair numbering"
    region_use = {}
    for n, members in pairs.items():
        shapes = sorted(s for s, _ in members)
        assert shapes == ["stated", "unstated"], (n, shapes)
        p = PAIRS[n - 1]
        region_use[p["region"]] = region_use.get(p["region"], 0) + 1
        doc, rt = region_text(p["region"])
        st = byid[[i for s, i in members if s == "stated"][0]]
        un = byid[[i for s, i in members if s == "unstated"][0]]
        assert st["question"] == p["stated"]["q"] and un["question"] == p["unstated"]["q"]
        # stated: same source doc, snippets and answers verbatim inside the region
        assert st["doc"] == doc and st["kind"] != "unanswerable"
        assert st["relevant"] and all(st["relevant"])
        for g in st["relevant"]:
            assert 1 <= len(g) <= 3
            for snip in g:
                assert norm(snip) in rt, ("snippet not in source region", n, snip)
                assert norm(snip) in TEXT[doc]
        assert st["answer_contains"]
        for a in st["answer_contains"]:
            assert a.strip() not in ("はい", "いいえ", "yes", "no")
            for alt in a.split("|"):
                assert norm(alt) in rt, ("answer not verbatim in source region", n, alt)
                assert norm(alt) in TEXT[doc]
                assert norm(alt) not in norm(st["question"]), ("answer leaked in question", n, alt)
        # paraphrase: question must not copy a long stretch of the source sentence
        for g in st["relevant"]:
            for snip in g:
                l = lcs_len(norm(st["question"]), norm(snip))
                assert l <= 14, ("stated question copies the text", n, l)
        # unstated: abstention gold + asked detail absent from the region
        assert un["kind"] == "unanswerable" and un["doc"] is None
        assert un["relevant"] == [] and un["answer_contains"] == []
        for pat in p["unstated"]["absent"]:
            m = re.search(pat, rt)
            assert m is None, ("asked detail present in source", n, pat, m and m.group(0))
        # similar shape/length within a pair
        ls, lu = len(st["question"]), len(un["question"])
        assert abs(ls - lu) <= max(12, 0.35 * max(ls, lu)), ("pair lengths differ", n, ls, lu)
    assert max(region_use.values()) <= 2, region_use
    assert len(region_use) >= 30, len(region_use)
    # fakes: abstention gold, recombined names absent from both plans
    for f in FAKES:
        for a in f["absent"]:
            for d, t in TEXT.items():
                assert norm(a) not in t, ("fake element present in plan", a, d)
    for r in out:
        if tags[r["id"]]["shape"] == "fake":
            assert r["kind"] == "unanswerable" and r["doc"] is None
            assert r["relevant"] == [] and r["answer_contains"] == []
    # questions unique
    assert len({norm(r["question"]) for r in out}) == 100
    return counts


def main():
    out, tags = build()
    counts = verify(out, tags)
    with open(os.path.join(OUT_DIR, "decline.jsonl"), "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT_DIR, "tags.json"), "w", encoding="utf-8") as f:
        json.dump(tags, f, ensure_ascii=False, indent=1)
    # re-read the written files and verify again
    with open(os.path.join(OUT_DIR, "decline.jsonl"), encoding="utf-8") as f:
        out2 = [json.loads(l) for l in f]
    with open(os.path.join(OUT_DIR, "tags.json"), encoding="utf-8") as f:
        tags2 = json.load(f)
    verify(out2, tags2)
    print("wrote decline.jsonl (%d items) and tags.json; counts %s; verifier passed" % (len(out2), counts))


if __name__ == "__main__":
    main()
