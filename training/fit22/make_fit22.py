#!/usr/bin/env python3
"""Generate the fit22 multi-turn training set (stdlib only).

Writes conv.jsonl (72 conversations, ids f22m-01..f22m-72) and tags.json
(id -> shape tag) next to this script, then verifies every item against the
two plan texts and exits non-zero on any failure.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = os.path.join(HERE, "..", "..", "..", "shared", "plan_texts")  # ../shared beside the repository
D_TEN = "000_1412c9d0e289725a.txt"   # 点検 draft (Ⅲ-1 / Ⅲ-2 and tables)
D_SEI = "002_dc7e15a85d2a7a74.txt"   # 循環経済行動計画（案）施策集 (個票)

KINDS = {"which_measure", "target", "number", "schedule", "ministry",
         "ministry_unstated", "indicator", "summary", "unanswerable"}
EXPECTED = {"followup": 14, "narrow": 12, "return": 12, "english": 10,
            "new": 12, "afterdecline": 12}

# ---------------------------------------------------------------------------
# Source groups: one group = one sheet/section, 1-3 verbatim snippets of it.
# ---------------------------------------------------------------------------
S = {
    # 施策集 (002)
    "budget":   ["令和8年度予算案として379億円を計上", "産業廃棄物処理業振興財団による債務保証"],
    "iron":     ["鉄スクラップを高品位化する処理能力約200万トン/年"],
    "alu":      ["アルミ展伸材の国内生産量の約4割を目安とし"],
    "copper":   ["国産電解銅の約3割を、e-scrap等の再生原料由来に", "原料となる銅精鉱を100%海外から輸入"],
    "magnet":   ["国内で供給される永久磁石の原材料の約3割をリサイクルによって賄う"],
    "libmin":   ["リチウム70%、ニッケル95%、コバルト95%以上を回収可能なリサイクル技術"],
    "port":     ["サーキュラーエコノミーポートの選定数", "港湾を核とした物流システムの構築による広域的な資源循環の促進"],
    "kodoka":   ["高度な再資源化事業を3年で100件認定", "3年で100件以上の事業認定を目指す"],
    "replas":   ["令和10年度までに段階的に一定の再生プラスチック利用率の義務化"],
    "autopla":  ["2030年までに2.1万t/年", "再生プラスチック集約拠点構築推進事業"],
    "infopf":   ["RMP (Recycle Management Platform)の構築・実装", "ウラノス・エコシステムの取組の下"],
    "cps":      ["CPsの持続的な運営のあり方についても検討を進める"],
    "sip":      ["再生材に関する情報流通プラットフォーム (PLA-NETJ)", "SIP第3期「サーキュラーエコノミーシステムの構築」課題"],
    "ai":       ["VLM（視覚言語モデル）搭載ロボットによる選別技術", "2030年度を目途に環境省による自治体等のリサイクル施設"],
    "jinzai":   ["特定技能制度・育成就労制度で適正に受け入れた外国人材を活用"],
    "yard":     ["スクラップヤード事業者が遵守すべき基準を定める", "2027年度末までに自治体・事業者の円滑な制度開始に向けた準備"],
    "mizugiwa": ["金属資源を含む雑品スクラップ等の一部が手続を経ないまま輸出", "地方環境局の水際対策の体制強化"],
    "greenbuy": ["グリーン購入法基本方針に位置づけられる全ての特定調達品目に、原則として再生プラスチック利用率等の循環性基準を導入",
                 "17分野138品目にエコマーク活用の基準を設定済"],
    "cecom":    ["シェアリング等の賃貸事業者やリペア等の修理加工事業者を新たに位置付け"],
    "solar":    ["第221回国会に法案を提出", "2030年代後半以降に大量廃棄が見込まれる使用済太陽光パネル"],
    "solarlaw": ["公布から1年6か月以内で政令で定める日"],
    "libpkg":   ["リチウムイオン電池起因の重大火災事故ゼロを目指す"],
    "doshi":    ["日本をハブとして、重要鉱物等が含まれる二次資源が同志国内、同志国間で循環される仕組みの構築"],
    "asean":    ["調査計画に合意した主要5カ国",
                 "ASEAN主要国において、制度構築・能力開発及び日本企業との協働促進等を行う"],
    "pic":      ["1件当たりの所要時間を1か月程度まで短縮", "2027年度末までに開発を完了し、2028年度から電子化を実現する"],
    "banso":    ["地域の課題を解決する資源循環に係るモデル実証事業実施件数", "CE診断・ビジョン作成43件、モデル実証事業15件"],
    "konnan":   ["廃家具等の複合系、建設廃棄物等の土石系"],
    "datsu":    ["脱炭素先行地域・重点対策加速化事業の実現（2030年度までに実現）"],
    "sosei":    ["令和2年度より新たに人材派遣型を創設", "令和8年度よりグリーン専門人材分野で循環経済に係る支援分野を拡充"],
    "local10k": ["ローカル10,000プロジェクト（地域経済循環創造事業交付金）活用事業における継続事業の割合"],
    "reuse":    ["リユース業者等と協働取組を行う自治体数", "生活者におけるリユース実施率"],
    "norin":    ["農林漁業循環経済の構築に取り組む地域を2030年度までに"],
    "shinrin":  ["建築用材等の国産材利用量 2600万m³", "改質リグニンの社会実装に向け"],
    "jutaku":   ["住宅ストックに占める認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)", "改正空家法（令和5年12月施行）"],
    "kensetsu": ["建設発生土の官民一体となった相互有効利用のマッチングを強化"],
    "infra":    ["予防保全型インフラメンテナンスへの早期転換"],
    "ev":       ["商用電動車の劣化バッテリーの定置用蓄電池への転用実証"],
    "mokuzo":   ["優良な木造建築プロジェクトへの支援", "中大規模木造建築物に取り組む設計者等の担い手育成"],
    "gesui":    ["下水汚泥肥料利用率", "下水道バイオマスリサイクル率"],
    "food":     ["食品ロス削減目標（2000年度比で2030年度までに）", "再生利用等実施率目標（2029年度までに）"],
    "safmake":  ["アジア圏におけるSAFの市場規模は約22兆円"],
    "safport":  ["国産SAFのCORISIA認証取得", "SAF利用可視化ガイドライン"],
    "safjun":   ["国内におけるSAF原料等の確保や再資源化等を通じ、国内SAF供給体制の構築を後押し"],
    "fashion":  ["サステナブルファッションの推進に向けたアクションプラン", "廃棄されるものを2020年度比で25%削減する"],
    "omutsu":   ["使用済紙おむつのリサイクルを実施又は検討する自治体数を150とする", "令和8年4月に改定した紙おむつリサイクルガイドライン"],
    "gcp":      ["WBCSD（持続可能な開発のための世界経済人会議）", "投融資ガイダンスによる資源循環分野への投資促進支援"],
    "j4ce":     ["参加企業・団体数 : 213社・22団体 計235", "創設団体 : 環境省、経済産業省、経団連"],
    "forum":    ["計2,250名参加", "「資源循環自治体フォーラム」を全国で7回開催"],
    "expo":     ["会期中の1万人を超えるボランティア", "政府においては政府苑及び現地ブース等で展示・イベント等を実施"],
    # 点検 (000)
    "t1":       ["長期広域化・集約化計画を 策定した都道府県の割合", "1人1日当たりごみ焼却量"],
    "t2":       ["バイオマスプラスチックの導入量", "認定長期優良住宅のストック数"],
    "t2hear":   ["全国のスーパーマーケット等（約 1 万拠点）を回収ステーション"],
    "t2tab":    ["Japan Clean Ocean Material Alliance (CLOMA)", "Sustainable Plastics Initiative (SusPla)"],
}


def G(*keys):
    return [list(S[k]) for k in keys]


def item(tag, history, question, kind, doc, rel, ans, note):
    return {"tag": tag, "history": history, "question": question, "kind": kind,
            "doc": doc, "relevant": rel, "answer_contains": ans, "note": note}


ITEMS = [
    # ------------------------------------------------------------------ followup (14)
    item("followup",
         ["グリーン鉄のメタルリサイクルの個票見たいんだけど", "2030年時点の処理能力の目安って？"],
         "じゃあアルミは？", "target", D_SEI, G("alu"), ["約4割"],
         "Swap iron->aluminium: the aluminium sheet targets about 40% of domestic wrought-aluminium output from recycled feedstock by 2030."),
    item("followup",
         ["永久磁石のリサイクルで原材料のどれくらい賄う目標？", "それ何年時点の話ですか"],
         "銅だと？", "target", D_SEI, G("copper"), ["約3割"],
         "Swap magnet->copper: about 30% of domestic electrolytic copper from e-scrap etc. recycled feedstock."),
    item("followup",
         ["蓄電池の重要鉱物の国内循環システム、どんな施策？", "ニッケルの回収目標って何%"],
         "リチウムは？", "target", D_SEI, G("libmin"), ["70%"],
         "Same LIB critical-minerals sheet, swap nickel->lithium: lithium 70% recovery."),
    item("followup",
         ["紙おむつリサイクルの推進ってどんな取組があるの", "自治体支援の中身は？", "ガイドラインはいつ改定された？"],
         "目標値は？", "target", D_SEI, G("omutsu"), ["150"],
         "Refers two turns back to the diaper-recycling sheet: 150 municipalities implementing or considering recycling by FY2030."),
    item("followup",
         ["サーキュラーエコノミーポートについて教えて", "選定って何回かに分けてやるの？"],
         "で、2030年に何港？", "target", D_SEI, G("port"), ["22港以上"],
         "Circular economy port sheet indicator: number selected, 22+ ports in 2030."),
    item("followup",
         ["下水汚泥の肥料利用の取組", "肥料利用率の今の値は"],
         "じゃあ2030年度は？", "target", D_SEI, G("gesui"), ["30%"],
         "Swap year on the sewage-sludge sheet: fertiliser use rate 15% (FY2023) -> 30% (FY2030)."),
    item("followup",
         ["食品ロスの削減目標ってどうなってる？", "家庭系は？"],
         "事業系は", "target", D_SEI, G("food"), ["60%減"],
         "Food-loss sheet: business-sector food loss 60% reduction vs FY2000 by FY2030."),
    item("followup",
         ["食品リサイクルの再生利用等実施率の目標、製造業は？", "卸売業は？", "小売は"],
         "外食は？", "target", D_SEI, G("food"), ["50%"],
         "Swap sector on the recycling-rate target (by FY2029): food service 50%."),
    item("followup",
         ["投資促進のための多角的な経済的支援スキームってどういうもの？", "官民ファンドはどこを使う想定？"],
         "予算は？", "number", D_SEI, G("budget"), ["379億円"],
         "Economic-support-scheme sheet: FY2026 (令和8年度) budget request of 37.9 billion yen for equipment investment support."),
    item("followup",
         ["PIC手続の電子化って何を目指してる？", "いまは1件あたりどれくらいかかってるの"],
         "それっていつまでに？", "schedule", D_SEI, G("pic"), ["2028年度"],
         "PIC digitalisation: development complete by end FY2027, electronic from FY2028."),
    item("followup",
         ["太陽光パネルのリサイクル推進法案の概要", "大量廃棄はいつ頃から見込まれてる？"],
         "施行は？", "schedule", D_SEI, G("solar", "solarlaw"), ["1年6か月以内|1年半以内"],
         "Solar-panel recycling bill: enforcement within 1.5 years of promulgation (both the measure sheet and the bill-outline sheet say so)."),
    item("followup",
         ["廃棄物処理にフィジカルAIを使う施策ってある？", "VLMって何の略？"],
         "その所管は？", "ministry", D_SEI, G("ai"), ["環境省"],
         "AI/robot sheet: its indicator names 環境省 (FS support for municipal recycling facilities by around FY2030)."),
    item("followup",
         ["適正なリユース市場の規模拡大に向けた施策パッケージって？", "目標値もある？"],
         "所管どこ？", "ministry_unstated", D_SEI, G("reuse"), [],
         "The reuse package sheet names no ministry; the answer should say it is not stated there and must not invent one."),
    item("followup",
         ["SAFの製造支援の個票ある？", "アジアの市場規模はどれくらいって書いてある？"],
         "じゃあ欧州の市場規模は？", "unanswerable", None, [], [],
         "The plan gives only the Asian SAF market size (about 22 trillion yen); no European figure exists, so abstain."),

    # ------------------------------------------------------------------ narrow (12)
    item("narrow",
         ["金属資源のリサイクルに関する施策を一覧で", "鉄、アルミ、銅、磁石あたり？"],
         "その中で2030年時点の数値目標があるのは？", "which_measure", D_SEI, G("iron", "alu", "magnet"),
         ["鉄スクラップ", "アルミ", "永久磁石"],
         "Of the iron/aluminium/copper/magnet sheets, iron (~2M t/yr), aluminium (~40%) and magnets (~30%) give 2030 targets; the copper target (~30%) has no year."),
    item("narrow",
         ["プラスチック関係の施策、全部挙げて", "再生プラの需給拡大とかSIPとか自動車向けのとか？"],
         "そのうち経産省が関わってるのは", "which_measure", D_SEI, G("sip"), ["SIP"],
         "Among the plastics sheets only the SIP R&D sheet states its ministries (環境省・経済産業省, 内閣府SIP事業)."),
    item("narrow",
         ["e-scrap関連の施策ってどれがある？", "銅の個票もそうだよね"],
         "そのうち海外と関係するのは？", "which_measure", D_SEI, G("copper", "asean", "pic", "doshi"),
         ["同志国", "ASEAN"],
         "Overseas-related e-scrap sheets: copper (procurement from like-minded countries), ASEAN E-waste support, Basel PIC efficiency, like-minded-country network."),
    item("narrow",
         ["SAF関係の施策って何本ある？", "製造支援、空港、資源循環の3つ？"],
         "そのうち2030年の数値目標が書いてあるのは", "which_measure", D_SEI, G("safmake", "safport"), ["10%"],
         "The SAF production and airport sheets carry the 2030 target of replacing 10% of fuel with SAF; the resource-circulation SAF sheet has no number."),
    item("narrow",
         ["木材利用の施策まとめて", "森林資源の循環利用のと中大規模木造の？"],
         "その中で数値の指標があるのは？", "which_measure", D_SEI, G("shinrin"), ["2600万"],
         "Only the forest-resource sheet has a numeric indicator: domestic timber for construction 26 million m3."),
    item("narrow",
         ["地域向けの支援メニュー、伴走支援とか交付金とか一覧でほしい", "ローカル10,000も入る？"],
         "そのうち件数の目標があるのは", "which_measure", D_SEI, G("banso"), ["14件"],
         "Among the regional support sheets only the accompaniment-support sheet has a count target: 14 model demonstrations per year (FY2025-2027)."),
    item("narrow",
         ["再生材の需要拡大に向けた施策って何がある？", "公共調達とかCEコマースとかかな"],
         "そのうち政府自身が買う側の話は？", "which_measure", D_SEI, G("greenbuy"), ["グリーン購入法"],
         "Government procurement is the green-purchasing sheet (circularity criteria for all designated procurement items)."),
    item("narrow",
         ["点検の重点分野Ⅲ-2の指標を一覧で", "4つだっけ"],
         "そのうち目標値があるのは？", "indicator", D_TEN, G("t2"), ["約200万トン", "約250万戸"],
         "Ⅲ-2 indicators with targets: biomass plastics ~2M t (FY2030) and certified long-life housing stock ~2.5M units (FY2030)."),
    item("narrow",
         ["点検のⅢ-1の指標って何がある？", "数値目標付きのはどれ"],
         "その中で目標年が2027年度なのは", "indicator", D_TEN, G("t1"), ["46%", "100%"],
         "Ⅲ-1: facilities supplying waste energy 46% and prefectures with long-term consolidation plans 100%, both FY2027."),
    item("narrow",
         ["点検資料の参考表で、プラスチックの連携プラットフォームを挙げて", "CLOMAとかSusPlaとか"],
         "そのうち参加企業数が100超えてるのは？", "number", D_TEN, G("t2tab"), ["481", "121", "151"],
         "Reference table (plastics rows): CLOMA 481, SusPla 121, GSHIP 151 exceed 100; Cicromate 9, BLUE Plastics 5, automotive consortium 18 do not."),
    item("narrow",
         ["リチウムイオン電池の施策をリストアップしてください", "総合対策パッケージと重要鉱物のやつ？"],
         "そのうち回収率の数値があるのは", "which_measure", D_SEI, G("libmin"), ["70%"],
         "Only the LIB critical-minerals sheet gives recovery rates (Li 70%, Ni 95%, Co 95%+)."),
    item("narrow",
         ["食品関係の施策教えて", "食品ロスと食品リサイクル、あと廃食用油でSAFも関係ある？"],
         "その中で2029年度が期限の目標は", "target", D_SEI, G("food"), ["製造業95%"],
         "The recycling-rate targets (by FY2029) are on the food-loss/food-recycling sheet: manufacturing 95%, wholesale 75%, retail 65%, food service 50%."),

    # ------------------------------------------------------------------ return (12)
    item("return",
         ["再資源化事業等高度化法の認定目標は？", "J4CEの参加企業数って何社？", "CPsの会員数は？"],
         "さっきの高度化法の件だけど、全面施行はいつだった？", "schedule", D_SEI, G("kodoka"), ["2025年11月"],
         "Return to the advanced-recycling-business act sheet: fully in force November 2025."),
    item("return",
         ["グリーン購入法の循環性基準の導入について", "紙おむつのガイドラインっていつ改定？"],
         "最初に聞いたやつの目標年は？", "schedule", D_SEI, G("greenbuy"), ["2030年度"],
         "Return to green purchasing: circularity criteria for all designated items by FY2030 (2024-2030)."),
    item("return",
         ["ASEANのE-waste支援の目標値", "下水汚泥の肥料利用率、2030年度は？"],
         "ASEANの方に戻るけど、主要5カ国ってどこ？", "summary", D_SEI, G("asean"), ["インドネシア", "ベトナム"],
         "ASEAN E-waste sheet: Indonesia, Thailand, Philippines, Malaysia, Vietnam."),
    item("return",
         ["サーキュラーエコノミーポートの選定数目標", "リユース市場規模の目標は", "GCPって何？"],
         "港湾のやつ、目指す姿はなんて書いてある？", "indicator", D_SEI, G("port"), ["広域的な資源循環"],
         "Return two questions back to the port sheet: 港湾を核とした物流システムの構築による広域的な資源循環の促進."),
    item("return",
         ["永久磁石のリサイクル目標", "SAFの2030年目標", "食品ロスの家庭系目標は"],
         "一番最初の磁石の件、同志国と何かやるの？", "summary", D_SEI, G("magnet"), ["磁石リサイクルネットワーク"],
         "Magnet sheet item 3: build an international magnet-recycling network with like-minded countries."),
    item("return",
         ["不適正スクラップヤードの規制強化について", "脱炭素先行地域はいつまでに実現？"],
         "さっきのスクラップヤードの件、所管は？", "ministry_unstated", D_SEI, G("yard"), [],
         "The scrapyard sheet names no ministry (only 環境大臣の輸出確認); say it is not stated and do not invent a ministry."),
    item("return",
         ["J4CEの創設団体は？", "資源循環自治体フォーラムは何回開催？", "GREEN×EXPOのユニフォームは何の素材？"],
         "J4CEに戻って、参加数は？", "number", D_SEI, G("j4ce"), ["235"],
         "J4CE sheet: 213 companies + 22 organisations = 235 (April 2026)."),
    item("return",
         ["ローカル10,000プロジェクトの助成上限", "紙おむつが一般廃棄物に占める割合"],
         "ローカル10,000の話に戻るけど継続事業割合の目標は", "target", D_SEI, G("local10k"), ["95%"],
         "Local 10,000 sheet: continuing-project share 95% (FY2025-2029)."),
    item("return",
         ["情報流通プラットフォームのCMPって何", "地方創生人材支援制度の拡充内容は", "商用電動車の実証って何やる？"],
         "最初のプラットフォームの件で、RMPは何をするもの？", "summary", D_SEI, G("infopf"), ["製造業と資源循環産業の間で情報連携"],
         "Information platform sheet: RMP links manufacturing and recycling industries for recycled-material quality/quantity and chemical compliance."),
    item("return",
         ["点検のⅢ-1で1人1日当たりごみ焼却量の目標は？", "バイオマスプラの最新値は？"],
         "さっきの焼却量、最新値はいくつ？", "number", D_TEN, G("t1"), ["662g/人日"],
         "Ⅲ-1 progress table: per-capita incineration latest value 662 g/person/day (target ~580)."),
    item("return",
         ["サステナブルファッションの削減目標", "建設発生土の施策は？"],
         "ファッションの件、アクションプランっていつ策定？", "schedule", D_SEI, G("fashion"), ["2026年3月"],
         "Sustainable-fashion sheet: the action plan was adopted March 2026."),
    item("return",
         ["リユース施策パッケージの目標を教えて", "インフラの群マネって何", "木質系新素材は何を開発する？"],
         "最初のリユースの件で、自治体数の目標は？", "target", D_SEI, G("reuse"), ["600自治体"],
         "Reuse package indicator: municipalities collaborating with reuse businesses -> 600."),

    # ------------------------------------------------------------------ english (10)
    item("english",
         ["永久磁石のリサイクルについて教えて", "What share of the raw materials should come from recycling?"],
         "And by when?", "schedule", D_SEI, G("magnet"), ["2030"],
         "Magnet sheet: about 30% of raw materials from recycling as of 2030."),
    item("english",
         ["Tell me about the circular economy port measure", "何をする港なの？"],
         "What about its target?", "target", D_SEI, G("port"), ["22"],
         "Port sheet indicator: 22 or more ports selected by 2030."),
    item("english",
         ["SIPのプラスチック資源循環の研究開発って何？", "サブ課題Cは？"],
         "Who runs it?", "ministry", D_SEI, G("sip"), ["環境省", "経済産業省"],
         "SIP plastics sheet header: 環境省・経済産業省 (内閣府SIP事業)."),
    item("english",
         ["What are Japan's food loss reduction targets?", "家庭系は？"],
         "And for businesses?", "target", D_SEI, G("food"), ["60%"],
         "Business food loss: 60% reduction vs FY2000 by FY2030."),
    item("english",
         ["Tell me about digitalising the Basel PIC procedure", "How long does one case take now?"],
         "What's the goal for that?", "target", D_SEI, G("pic"), ["1か月"],
         "PIC sheet: shorten each case to about one month (from several months)."),
    item("english",
         ["紙おむつのリサイクル推進", "What's the target number of municipalities?"],
         "By which fiscal year?", "schedule", D_SEI, G("omutsu"), ["2030"],
         "Diaper sheet: 150 municipalities by FY2030."),
    item("english",
         ["J4CEについて教えて", "How many members does it have?"],
         "Who founded it?", "ministry", D_SEI, G("j4ce"), ["環境省", "経済産業省", "経団連"],
         "J4CE founding bodies: 環境省、経済産業省、経団連."),
    item("english",
         ["What does the plan say about using sewage sludge as fertiliser?", "What's the current utilisation rate?"],
         "What about 2030?", "target", D_SEI, G("gesui"), ["30%"],
         "Sewage sludge fertiliser use rate: 15% (FY2023) -> 30% (FY2030)."),
    item("english",
         ["Lithium-ion battery recycling targets?", "リチウムの回収率は？"],
         "What about cobalt?", "target", D_SEI, G("libmin"), ["95%"],
         "LIB critical minerals: cobalt 95% or more."),
    item("english",
         ["点検のⅢ-2で認定長期優良住宅のストック数の目標は？", "What is the latest value?"],
         "Which plan does that target come from?", "indicator", D_TEN, G("t2"), ["住生活基本計画"],
         "Ⅲ-2 indicator table: the ~2.5M-unit target is taken from 住生活基本計画."),

    # ------------------------------------------------------------------ new (12)
    item("new",
         ["鉄スクラップの高品位化の目標は", "AIでスクラップの品質評価もやるの？"],
         "資源循環自治体フォーラムの2025年度の参加人数って？", "number", D_SEI, G("forum"), ["2,250"],
         "Unrelated new question: the forum was held in 7 cities in FY2025 with 2,250 participants."),
    item("new",
         ["SAFの製造支援について", "アジアの市場規模は？"],
         "改正空家法はいつ施行されましたか", "schedule", D_SEI, G("jutaku"), ["令和5年12月"],
         "New topic: revised Vacant Houses Act in force December 2023 (令和5年12月), housing sheet."),
    item("new",
         ["食品ロスの削減目標", "フードバンク認証っていつから？"],
         "GREEN×EXPO 2027のボランティアって何人規模？", "number", D_SEI, G("expo"), ["1万人を超える"],
         "New topic: over 10,000 volunteers and staff wear Plant-First uniforms."),
    item("new",
         ["太陽光パネルのリサイクル", "法案はいつ出す？"],
         "グリーン購入法でエコマーク活用の基準って何品目に設定済み？", "number", D_SEI, G("greenbuy"), ["17分野138品目"],
         "New topic: eco-mark criteria already set for 138 items in 17 fields."),
    item("new",
         ["ASEAN主要国のE-waste支援について", "ARCPEECって何の略？", "対象に何が追加された？"],
         "CPsの会員で企業は何社？", "number", D_SEI, G("cps"), ["685"],
         "New topic: Circular Partners members 840, of which 685 companies (as of 2026-03-01)."),
    item("new",
         ["点検Ⅲ-1の廃棄物エネルギーを外部供給してる施設の割合", "最新値は？"],
         "企業版ふるさと納税の人材派遣型っていつ創設？", "schedule", D_SEI, G("sosei"), ["令和2年度"],
         "New topic, other document: the personnel-dispatch type was created in FY2020 (令和2年度)."),
    item("new",
         ["自動車向け再生プラのコンソーシアム", "2041年以降の供給量目標は？"],
         "建築用材等の国産材利用量の目標は？", "target", D_SEI, G("shinrin"), ["2600万"],
         "New topic: domestic timber for construction 26 million m3 (FY2024 actual ~18 million)."),
    item("new",
         ["下水汚泥資源の肥料利用", "重金属の分析支援もあるの？"],
         "エフピコの回収拠点は何拠点くらい？", "number", D_TEN, G("t2hear"), ["約1万拠点"],
         "New topic from the 点検 hearing list: FP Corporation uses about 10,000 supermarket collection points."),
    item("new",
         ["PIC手続の電子化", "北米三カ国ってどこ？"],
         "紙おむつがごみ全体に占める割合、2030年度にはどれくらいになる見込み？", "number", D_SEI, G("omutsu"), ["6.6～7.1%"],
         "New topic: diapers' share of municipal waste ~5.5% (FY2023) rising to 6.6-7.1% by FY2030."),
    item("new",
         ["J4CEの参加企業数", "創設団体は？"],
         "核融合の廃棄物処理に関する施策は？", "unanswerable", None, [], [],
         "New, unrelated question with no measure in either plan text; abstain."),
    item("new",
         ["リユース市場規模の目標", "生活者のリユース実施率の目標は？"],
         "脱炭素先行地域はいつまでに実現？", "schedule", D_SEI, G("datsu"), ["2030年度"],
         "New topic: decarbonisation leading areas to be realised by FY2030."),
    item("new",
         ["情報流通プラットフォーム", "ウラノス・エコシステムって何？"],
         "長期広域化・集約化計画を策定した都道府県の割合、目標は？", "target", D_TEN, G("t1"), ["100%"],
         "New topic in the 点検 draft Ⅲ-1: 100% of prefectures by FY2027."),

    # ------------------------------------------------------------------ afterdecline (12)
    item("afterdecline",
         ["銅の再生原料比率の目標は？", "ところで今日の東京の天気わかる？"],
         "了解。じゃあ銅の件、海外からの調達はどこ中心？", "summary", D_SEI, G("copper"), ["同志国"],
         "Follow-up to the turn before the declined weather question: procurement diversification centred on like-minded countries."),
    item("afterdecline",
         ["あなたってどのモデルで動いてるの？", "学習データは何使ってる？"],
         "不適正スクラップヤードの制度、準備はいつまでに進める？", "schedule", D_SEI, G("yard"), ["2027年度末"],
         "After two declined about-the-assistant turns: preparations by end of FY2027."),
    item("afterdecline",
         ["CEコマースって何？", "おすすめのランチの店ある？"],
         "さっきのCEコマース、まずどの分野で実証するの", "summary", D_SEI, G("cecom"), ["アパレル"],
         "Back to CE commerce after a declined turn: reuse demonstration first in apparel, then home appliances."),
    item("afterdecline",
         ["この資料作った人の名前教えて", "議事録の要約もしてくれる？"],
         "担い手育成の施策で、外国人材はどの制度で受け入れる？", "summary", D_SEI, G("jinzai"), ["特定技能制度", "育成就労制度"],
         "After declined turns: the workforce sheet uses the Specified Skilled Worker and Employment for Skill Development systems."),
    item("afterdecline",
         ["GCPは誰が開発してるもの？", "ところで来年度の自分の人事異動ってわかる？"],
         "GCPの件、国内向けには何を作るの？", "summary", D_SEI, G("gcp"), ["投融資ガイダンス"],
         "Follow-up to the GCP turn before the declined one: domestic investment/financing guidance."),
    item("afterdecline",
         ["Can you write me a poem about recycling?", "OK, never mind."],
         "What is the target for the reuse market size?", "target", D_SEI, G("reuse"), ["4.6"],
         "English, after a declined request: reuse market size target 4.6 trillion yen."),
    item("afterdecline",
         ["水際対策で連携する省庁は？", "競馬の予想して"],
         "戻るけど、地方の水際対策の体制強化って何を契機に？", "summary", D_SEI, G("mizugiwa"), ["地方環境局"],
         "Back to the border-control sheet: upgrading regional environment offices to 地方環境局."),
    item("afterdecline",
         ["Excelのマクロの書き方教えて", "VLOOKUPでもいいから"],
         "商用電動車の施策の目指す姿は？", "indicator", D_SEI, G("ev"), ["地産地消モデルの全国展開"],
         "After declined off-topic turns: nationwide rollout of the local renewable-energy model using commercial EVs."),
    item("afterdecline",
         ["農林漁業循環経済先導地域の目標件数は？", "あなた疲れたりしないの？"],
         "それって何年度までに？", "schedule", D_SEI, G("norin"), ["2030年度"],
         "'それ' refers to the turn before the declined one: 100 areas by FY2030."),
    item("afterdecline",
         ["あなたの所属ってどこの省庁？", "他の省の計画も答えられる？"],
         "点検のⅢ-2でリユース市場規模の最新値は", "number", D_TEN, G("t2"), ["34,986億円"],
         "After about-the-assistant turns: Ⅲ-2 latest reuse market size 34,986億円 (FY2024)."),
    item("afterdecline",
         ["下水道バイオマスリサイクル率の目標", "株価の見通し教えて"],
         "基準年の値は？", "number", D_SEI, G("gesui"), ["2013年度", "25%"],
         "Follow-up to the turn before the declined one: baseline FY2013 25% (-> 45% FY2030)."),
    item("afterdecline",
         ["この会話、上司に転送しといて", "メールで送れない？"],
         "再資源化困難物の重点分野って何系？", "summary", D_SEI, G("konnan"), ["複合系", "土石系", "化石系", "バイオマス系"],
         "After declined action requests: priority areas are composite, soil/stone, fossil and biomass."),
]


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def build():
    conv, tags = [], {}
    for i, it in enumerate(ITEMS, 1):
        iid = "f22m-%02d" % i
        rec = {"id": iid, "history": it["history"], "question": it["question"],
               "kind": it["kind"], "doc": it["doc"], "relevant": it["relevant"],
               "answer_contains": it["answer_contains"], "note": it["note"]}
        conv.append(rec)
        tags[iid] = it["tag"]
    return conv, tags


def verify(conv, tags):
    errs = []
    texts = {}
    for fn in os.listdir(PLAN_DIR):
        if fn.endswith(".txt"):
            with open(os.path.join(PLAN_DIR, fn), encoding="utf-8") as f:
                texts[fn] = norm(f.read())
    # the 施策集 opens with a table of contents; snippets must hit sheet bodies
    toc_end = texts[D_SEI].find(norm("投資促進のための多角的な経済的支援スキームの構築①"))
    if toc_end < 0:
        errs.append("cannot locate end of 施策集 TOC")
    WINDOW = 3000

    ids = [c["id"] for c in conv]
    if ids != ["f22m-%02d" % i for i in range(1, 73)]:
        errs.append("ids are not f22m-01..f22m-72 in order")
    counts = {}
    for t in tags.values():
        counts[t] = counts.get(t, 0) + 1
    if counts != EXPECTED:
        errs.append("tag counts %r != %r" % (counts, EXPECTED))
    if set(tags) != set(ids):
        errs.append("tags.json ids differ from conv ids")
    seen_q = set()
    for c in conv:
        cid = c["id"]
        keys = {"id", "history", "question", "kind", "doc", "relevant", "answer_contains", "note"}
        if set(c) != keys:
            errs.append("%s: keys %r" % (cid, sorted(c)))
            continue
        h = c["history"]
        if not (isinstance(h, list) and 2 <= len(h) <= 4 and all(isinstance(x, str) and x.strip() for x in h)):
            errs.append("%s: history must be 2-4 non-empty strings" % cid)
        if not c["question"].strip():
            errs.append("%s: empty question" % cid)
        key = (tuple(h), c["question"])
        if key in seen_q:
            errs.append("%s: duplicate conversation" % cid)
        seen_q.add(key)
        if c["kind"] not in KINDS:
            errs.append("%s: bad kind %r" % (cid, c["kind"]))
        if not c["note"].strip():
            errs.append("%s: empty note" % cid)
        if c["kind"] == "unanswerable":
            if c["doc"] is not None or c["relevant"] or c["answer_contains"]:
                errs.append("%s: unanswerable must have doc null, no groups, no answers" % cid)
            continue
        doc = c["doc"]
        if doc not in texts:
            errs.append("%s: unknown doc %r" % (cid, doc))
            continue
        text = texts[doc]
        if not c["relevant"]:
            errs.append("%s: answerable item without source groups" % cid)
        if c["kind"] == "ministry_unstated" and c["answer_contains"]:
            errs.append("%s: ministry_unstated should carry no answer strings" % cid)
        if c["kind"] != "ministry_unstated" and not c["answer_contains"]:
            errs.append("%s: answerable item without answer strings" % cid)
        spans = []
        for g in c["relevant"]:
            if not (isinstance(g, list) and 1 <= len(g) <= 3):
                errs.append("%s: group must hold 1-3 snippets" % cid)
                continue
            for sn in g:
                ns = norm(sn)
                if len(ns) < 6:
                    errs.append("%s: snippet too short %r" % (cid, sn))
                pos = [m.start() for m in re.finditer(re.escape(ns), text)]
                if not pos:
                    errs.append("%s: snippet not in %s: %r" % (cid, doc, sn))
                    continue
                for other, otext in texts.items():
                    if other != doc and ns in otext:
                        errs.append("%s: snippet also in the other document %s: %r" % (cid, other, sn))
                if doc == D_SEI and all(p < toc_end for p in pos):
                    errs.append("%s: snippet only in TOC: %r" % (cid, sn))
                spans.extend(pos)
        for a in c["answer_contains"]:
            if a.strip() in ("はい", "いいえ", "yes", "no"):
                errs.append("%s: yes/no answer string" % cid)
            alts = a.split("|")
            near = False
            for alt in alts:
                na = norm(alt)
                if not na or na not in text:
                    errs.append("%s: answer %r not verbatim in %s" % (cid, alt, doc))
                    continue
                for m in re.finditer(re.escape(na), text):
                    if any(abs(m.start() - p) <= WINDOW for p in spans):
                        near = True
                        break
            if not near:
                errs.append("%s: answer %r not found near any source snippet" % (cid, a))
    return errs


def main():
    conv, tags = build()
    with open(os.path.join(HERE, "conv.jsonl"), "w", encoding="utf-8") as f:
        for c in conv:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "tags.json"), "w", encoding="utf-8") as f:
        json.dump(tags, f, ensure_ascii=False, indent=1)
    errs = verify(conv, tags)
    counts = {}
    for t in tags.values():
        counts[t] = counts.get(t, 0) + 1
    print("items: %d  tags: %s" % (len(conv), json.dumps(counts, ensure_ascii=False)), file=sys.stderr)
    if errs:
        for e in errs:
            print("FAIL " + e, file=sys.stderr)
        print("verifier: %d failure(s)" % len(errs), file=sys.stderr)
        sys.exit(1)
    print("verifier: OK", file=sys.stderr)


if __name__ == "__main__":
    main()
