#!/usr/bin/env python3
"""Generate and verify /work/checks_fit/checks.jsonl: 160 yes/no CHECK questions
(70 true premises, 90 false premises) over the two plan texts.

Stdlib only, deterministic.  Every item is verified against the plan text:
  * every snippet and every answer_contains alternative occurs verbatim in the named doc;
  * an answer_contains alternative occurs (normalised) inside one of the item's snippets;
  * snippets are unique in the doc unless explicitly marked as a duplicated/再掲 passage;
  * true items: the value asserted by the question appears in the question;
  * false items: the wrong value appears in the question, is NOT a substring of any
    snippet (and, unless noted, not of any full line holding a snippet), and the correct
    value does not appear in the question.
Prints only a summary (counts by truth and slot) and the verification result.
"""
import collections
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"
OUT = os.path.join(HERE, "checks.jsonl")

P = "002_dc7e15a85d2a7a74.txt"  # 循環経済行動計画（案）施策集
K = "000_1412c9d0e289725a.txt"  # 第1回点検 重点点検分野 評価の方向性（案）

SLOTS = ("target", "date", "owner", "count", "name")
LIB_MEMBERS = "(消費者庁、総務省消防庁、経済産業省、国土交通省、環境省)"


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def T(slot, doc, snips, ans, val, q, why, kind=None, dup=False, en=False):
    """true-premise item; val = the value as the question states it."""
    return dict(slot=slot, truth=True, doc=doc, snips=snips, ans=ans, val=val,
                q=q, why=why, kind=kind, dup=dup, en=en, line_check=True, wrong_q=None)


def F(slot, doc, snips, ans, wrong, q, why, kind=None, dup=False, en=False,
      wrong_q=None, line_check=True):
    """false-premise item; wrong = the wrong value asserted (plan-side wording),
    wrong_q = how it appears in the question if different (e.g. English)."""
    return dict(slot=slot, truth=False, doc=doc, snips=snips, ans=ans, val=wrong,
                q=q, why=why, kind=kind, dup=dup, en=en, line_check=line_check,
                wrong_q=wrong_q)


ITEMS = [
    # ------------------------------------------------------------------ target
    T("target", P, ["鉄スクラップを高品位化する処理能力約200万トン/年を目安に"], ["約200万トン/年"], "約200万トン/年",
      "グリーン鉄のメタルリサイクル、2030年時点で鉄スクラップ高品位化の処理能力を約200万トン/年追加確保が目安…で合ってる？",
      "iron scrap upgrading capacity target"),
    T("target", P, ["国内で供給される永久磁石の原材料の約3割をリサイクルによって賄う"], ["約3割"], "約3割",
      "磁石リサイクルの個票って、2030年に国内供給の永久磁石原材料の約3割をリサイクルで賄う目標だよね？",
      "permanent magnet recycled share"),
    T("target", P, ["サーキュラーエコノミーポートの選定数 (2030年 22港以上)"], ["22港以上"], "22",
      "Is it true that the target for circular economy ports (サーキュラーエコノミーポート) is at least 22 ports selected by 2030?",
      "CE port selection count target", en=True),
    T("target", P, ["活用事業における継続事業の割合：95%（2025年度～2029年度）"], ["95%"], "95%",
      "ローカル1万プロジェクトの取組指標、継続事業の割合95%（2025〜2029年度）という理解でよいですか",
      "Local 10,000 continuation rate"),
    T("target", P, ["リユース業者等と協働取組を行う自治体数 →600自治体"], ["600自治体"], "600",
      "リユースの施策パッケージ、リユース業者と協働取組する自治体を600まで増やすのが指標だっけ？",
      "reuse: municipalities cooperating"),
    T("target", P, ["・下水汚泥肥料利用率", "→ 2030年度 30%"], ["30%"], "30%",
      "下水汚泥の肥料利用率、2023年度の15%から2030年度30%へ、ですよね",
      "sewage sludge fertiliser use rate"),
    T("target", P, ["事業系 60%減"], ["60%減"], "60%減",
      "食品ロス削減目標、事業系は2000年度比で2030年度までに60%減…で合ってますか？",
      "business food loss reduction"),
    T("target", P, ["再生利用等実施率目標（2029年度までに）", "製造業95%"], ["製造業95%"], "製造業95%",
      "食品リサイクルの再生利用等実施率、製造業95%で期限は2029年度までと聞いたんですが",
      "food recycling rate, manufacturing"),
    T("target", P, ["2030年度までに使用済紙おむつのリサイクルを実施又は検討する自治体数を150とする"], ["150"], "150",
      "念のため。紙おむつリサイクルを実施か検討する自治体、2030年度までに150にする目標だよね？",
      "diaper recycling municipalities"),
    T("target", P, ["2030年度までにグリーン購入法基本方針に位置づけられる全ての特定調達品目に原則として"], ["2030年度"], "2030年度",
      "グリーン購入法の特定調達品目、2030年度までに原則全品目へ再プラ利用率等の循環性基準を入れるんですよね？",
      "GPP circularity criteria target year"),
    T("target", K, ["約580g/人日 (2030年度)"], ["約580g/人日"], "約580g/人日",
      "点検Ⅲ-1の指標表で、1人1日当たりごみ焼却量の数値目標は約580g/人日（2030年度）で間違いない？",
      "per-capita incineration target", kind="indicator", dup=True),
    T("target", K, ["100% (2027年度)"], ["100%"], "100%",
      "Am I right that in the review draft the target for the share of prefectures with a long-term waste consolidation (広域化・集約化) plan is 100% by FY2027?",
      "prefectures with consolidation plan target", kind="indicator", dup=True, en=True),
    T("target", K, ["約250万戸 (2030年度)\t住生活基本計画"], ["約250万戸"], "約250万戸",
      "認定長期優良住宅のストック数、目標値 約250万戸・2030年度、出典は住生活基本計画ってことでOK?",
      "certified long-life housing stock target", kind="indicator"),
    T("target", K, ["2030年までに循環経済関連ビジネスの市場規模を80兆円以上にする"], ["80兆円以上"], "80兆円以上",
      "点検Ⅲ-2の政策の方向性、2030年までに循環経済関連ビジネス市場規模80兆円以上って目標が前提になってたよね",
      "CE business market size goal", kind="indicator"),

    F("target", P, ["アルミ展伸材の国内生産量の約4割を目安とし、再生アルミ原料由来とする"], ["約4割"], "約3割",
      "確かアルミ展伸材も、国内生産量の約3割を再生アルミ原料由来にする目標だったと思うけど",
      "swapped attribute: 約3割 is the copper / magnet figure"),
    F("target", P, ["リチウム70%、ニッケル95%、コバルト95%以上を回収可能なリサイクル技術"], ["リチウム70%"], "リチウム90%",
      "蓄電池の重要鉱物循環、リチウム90%・ニッケルとコバルト95%以上を回収できる技術の実装が指標、という理解でよいですか",
      "wrong figure: lithium recovery rate"),
    F("target", P, ["3年で100件認定。"], ["3年で100件"], "5年で100件",
      "局長レク前の確認です。高度化法の事業認定、目標は5年で100件でしたっけ？",
      "wrong period for 100 certifications"),
    F("target", P, ["2030年までに2.1万t/年"], ["2.1万t/年"], "20万トン",
      "自動車向け再プラの供給量目標、2030年までに年20万トンだよね？",
      "swapped value: 20万t/年 is the 2041年以降 figure"),
    F("target", P, ["レアメタルを含むe-scrapのリサイクル処理量を2030年に約50万トン（2020年比5割増）に増加"], ["約50万トン"], "約30万トン",
      "ASEANのE-waste支援の指標、レアメタル含むe-scrapの処理量 2030年に約30万トン、であってる?",
      "wrong figure: e-scrap volume"),
    F("target", P, ["1件当たりの所要時間を1か月程度まで短縮することを目指す"], ["1か月程度"], "2週間",
      "PIC手続の電子化で1件あたりの所要時間を2週間くらいまで縮めるのが目標って本当？",
      "wrong figure: PIC processing time"),
    F("target", P, ["地域の課題を解決する資源循環に係るモデル実証事業実施件数：", "毎年14件"], ["毎年14件"], "毎年15件",
      "地域の資源循環ビジネス伴走支援、モデル実証の件数指標は毎年15件（2025～2027年度）でしたよね",
      "swapped value: 15件 is the 2025 actual"),
    F("target", P, ["リユース市場規模 →4.6兆円"], ["4.6兆円"], "5兆円",
      "リユース市場規模の目標、5兆円だっけ？",
      "wrong figure: reuse market target"),
    F("target", P, ["農林漁業循環経済の構築に取り組む地域を2030年度までに"], ["2030年度"], "2035年度",
      "農林漁業循環経済の地域、全国100件創出は2035年度までだよね？",
      "wrong year"),
    F("target", P, ["建築用材等の国産材利用量 2600万m³"], ["2600万m³"], "1,800万",
      "森林資源の循環利用の個票、建築用材等の国産材利用量の指標は1,800万m3でしたっけ",
      "swapped value: 1,800万m³ is the R6 actual"),
    F("target", P, ["住宅ストックに占める認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)"], ["2035年"], "2030年",
      "住宅ストックに占める認定長期優良住宅等の割合15%、これ2030年の目標でしたっけ？",
      "wrong target year"),
    F("target", P, ["・下水道バイオマスリサイクル率", "→ 2030年度 45%"], ["45%"], "50%",
      "下水道バイオマスリサイクル率 2030年度50%が目標だよね",
      "wrong figure"),
    F("target", P, ["卸売業75%・小売業65%"], ["小売業65%"], "小売業75%",
      "食品リサイクルの実施率目標、小売業75%って資料に書いていいですか？",
      "swapped attribute: 75% is the wholesale figure"),
    F("target", P, ["2030年時点の本邦航空運送事業者による燃料使用量10%をSAFに置き換え"], ["10%"], "20%",
      "Is it true that the SAF target is to replace 20% of Japanese airlines' fuel use with SAF by 2030?",
      "wrong figure: SAF share", en=True),
    F("target", P, ["廃棄されるものを2020年度比で25%削減する。"], ["25%"], "3割",
      "家庭から手放される衣料品の廃棄、2030年度に2020年度比で3割削減が目標でしたね",
      "wrong figure: textile waste reduction"),
    F("target", K, ["46% (2027年度)"], ["46%"], "43.1%",
      "点検のⅢ-1、廃棄物エネルギーを外部供給してる施設の割合の目標値って43.1%だったっけ？",
      "swapped value: 43.1% is the latest value (same table row, so line check off)",
      kind="indicator", dup=True, line_check=False),
    F("target", K, ["約200万トン (2030年度)"], ["約200万トン"], "約250万トン",
      "バイオマスプラスチック導入量、目標は約250万トン（2030年度）でいいんだっけ",
      "swapped value: 250万 is the long-life housing target", kind="indicator", dup=True),
    F("target", K, ["約580g/人日 (2030年度)"], ["2030年度"], "2027年度",
      "ごみ焼却量 約580g/人日の目標年次、2027年度ですよね？廃棄物エネルギーの指標と同じ年次だった気がする",
      "wrong target year (2027 belongs to other indicators)", kind="indicator", dup=True),

    # ------------------------------------------------------------------ date
    T("date", P, ["2025年11月に全面施行された再資源化事業等高度化法"], ["2025年11月"], "2025年11月",
      "高度化法は2025年11月に全面施行済み、で合ってる？",
      "full enforcement of the 高度化法"),
    T("date", P, ["（2024年11月設立）"], ["2024年11月"], "2024年11月",
      "自動車向け再プラの産官学コンソーシアムって2024年11月設立ですよね",
      "consortium founded"),
    T("date", P, ["令和7年12月22日リチウムイオン電池総合対策関係省庁連絡会議"], ["令和7年12月22日"], "令和7年12月22日",
      "LIB総合対策パッケージ、関係省庁連絡会議で取りまとめたのは令和7年12月22日…という理解でよいですか",
      "LIB package decided"),
    T("date", P, ["が設立された（2025年7月）"], ["2025年7月"], "July 2025",
      "Am I right that the Quad Critical Minerals Initiative was set up at the Quad foreign ministers' meeting in July 2025?",
      "Quad initiative set up", en=True),
    T("date", P, ["2027年度末までに開発を完了し、2028年度から電子化を実現する"], ["2028年度"], "2028年度",
      "PIC手続の電子化って、開発は2027年度末完了で2028年度から電子化…だよね？",
      "PIC e-procedure start"),
    T("date", P, ["フードバンク認証制度を2026年度より開始する"], ["2026年度"], "2026年度",
      "フードバンク認証制度、2026年度スタートで合ってます？",
      "food bank certification start"),
    T("date", P, ["改正空家法（令和5年12月施行）"], ["令和5年12月"], "令和5年12月",
      "空家法改正の施行って令和5年12月だったよね",
      "revised vacant house act in force"),
    T("date", P, ["令和8年4月に改定した紙おむつリサイクルガイドライン"], ["令和8年4月"], "令和8年4月",
      "紙おむつリサイクルガイドライン、令和8年4月に改定済みって書いてあったと思うけど、それで合ってる？",
      "diaper guideline revised"),
    T("date", P, ["「資源循環の考え方」を2025年3月に策定"], ["2025年3月"], "2025年3月",
      "花博（GREEN×EXPO 2027）の『資源循環の考え方』、策定は2025年3月ですね？",
      "expo resource circulation policy"),
    T("date", P, ["令和8年度よりグリーン専門人材分野で循環経済に係る支援分野を拡充"], ["令和8年度"], "令和8年度",
      "地方創生人材支援制度のグリーン専門人材で循環経済分野を拡充するの、令和8年度からと聞いたんですが",
      "regional HR support expansion"),
    T("date", P, ["が歓迎された（2023年9月）"], ["2023年9月"], "2023年9月",
      "日ASEANサミットで重要鉱物・e-waste循環パートナーシップが歓迎されたの、2023年9月だっけ？",
      "Japan-ASEAN partnership welcomed"),
    T("date", K, ["2027年度に策定予定"], ["2027年度に策定予定"], "2027年度",
      "点検表の備考欄、長期広域化・集約化計画は2027年度に策定予定ってなってるよね",
      "consolidation plan due", kind="indicator"),
    T("date", K, ["第 64 回部会においてお示しする予定"], ["第64回"], "第64回",
      "点検の各種指標の中身は統計精査中で、第64回部会で示す予定、という理解でよいですか？",
      "indicator contents to be shown"),
    T("date", P, ["令和2年度より新たに人材派遣型を創設"], ["令和2年度"], "令和2年度",
      "企業版ふるさと納税の人材派遣型って令和2年度創設ですよね",
      "corporate furusato tax HR type created"),

    F("date", P, ["改正資源有効利用促進法が令和8年4月より施行され"], ["令和8年4月"], "令和7年4月",
      "改正資源法（再プラの利用計画・定期報告のやつ）、施行は令和7年4月だっけ？",
      "wrong year", dup=True),
    F("date", P, ["令和10年度までに段階的に一定の再生プラスチック利用率の義務化"], ["令和10年度"], "令和12年度",
      "再生プラ利用率の義務化、令和12年度までに段階的にって話でしたよね",
      "wrong year", dup=True),
    F("date", P, ["ロードマップ」（2026年3月）等を踏まえ"], ["2026年3月"], "2025年3月",
      "自動車の再プラ市場構築ロードマップ、取りまとめ2025年3月で合ってる？",
      "wrong year"),
    F("date", P, ["2030年代後半以降に大量廃棄が見込まれる使用済太陽光パネル"], ["2030年代後半"], "2040年代",
      "使用済太陽光パネルの大量廃棄って2040年代以降の見込みなんだよね？",
      "wrong period"),
    F("date", P, ["成立した場合は公布から1年半以内の施行を予定"], ["1年半以内|1年6か月以内"], "2年以内",
      "太陽光パネルのリサイクル法案、成立したら公布から2年以内に施行、という理解でよいですか",
      "wrong enforcement period"),
    F("date", P, ["欧州バッテリー規則では、2031年より再生材の使用が義務付けられる"], ["2031年"], "2030年",
      "EUのバッテリー規則で再生材使用が義務になるの、2030年からだったっけ？",
      "wrong year"),
    F("date", P, ["が採択（2025年6月）"], ["2025年6月"], "2024年6月",
      "I heard the G7 Critical Minerals Action Plan was adopted at the G7 summit in June 2024 — is that right?",
      "wrong year", en=True, wrong_q="June 2024"),
    F("date", P, ["2025年10月の日米首脳会談において"], ["2025年10月"], "2025年11月",
      "日米首脳会談の重要鉱物の文書にリサイクル協力が入ったの、2025年11月だっけ",
      "wrong month"),
    F("date", P, ["2026年2月、", "FORGE（資源の戦略地政学的関与に関するフォーラム）の立上げも発表"], ["2026年2月"], "2026年1月",
      "FORGEの立上げが発表された重要鉱物閣僚会合って2026年1月開催？",
      "wrong month"),
    F("date", P, ["2025年9月の日ASEAN環境気候変動閣僚級対話において"], ["2025年9月"], "2024年9月",
      "ARCPEECでELV（バッテリー含む使用済自動車）まで対象が広がったの、確か2024年9月の閣僚級対話だったと思うけど",
      "wrong year"),
    F("date", P, ["2025年1月から発行されたe-waste改正"], ["2025年1月"], "2024年1月",
      "PIC手続が増えてる理由の説明で使いたいんですが、バーゼル条約のe-waste改正が効力発生したのって2024年1月でしたっけ？",
      "wrong year"),
    F("date", P, ["2027年度末までに自治体・事業者の円滑な制度開始に向けた準備を進め"], ["2027年度末"], "2026年度末",
      "スクラップヤード規制、2026年度末までに自治体・事業者の制度開始準備を済ませる目標だよね？",
      "wrong year"),
    F("date", P, ["2026年度には1年目に加え、2年目の支援コースを追加し、ビジョンの精緻化"], ["2026年度"], "2027年度",
      "CE診断・ビジョン作成の2年目コース、追加されるのは2027年度からって聞いたんですが",
      "wrong year"),
    F("date", P, ["2026年3月に策定された「サステナブルファッションの推進に向けたアクションプラン」"], ["2026年3月"], "2025年3月",
      "サステナブルファッションのアクションプラン、2025年3月策定だよね",
      "wrong year"),
    F("date", P, ["AIロボティクス戦略(令和8年3月)"], ["令和8年3月"], "令和7年3月",
      "廃棄物・資源循環分野が位置づけられたAIロボティクス戦略、令和7年3月のやつだっけ",
      "wrong year"),
    F("date", P, ["2000年（平成12年）に「国等による環境物品等の調達の推進等に関する法律"], ["2000年"], "2001年",
      "Just checking for a briefing note — the Green Purchasing Act (グリーン購入法) was enacted in 2001, right?",
      "wrong year", en=True, wrong_q="2001"),
    F("date", P, ["（2024年度から取組を開始。）"], ["2024年度"], "2025年度",
      "政府調達への循環性基準導入、取組開始は2025年度からでしたっけ？",
      "wrong year"),
    F("date", P, ["脱炭素先行地域・重点対策加速化事業の実現（2030年度までに実現）"], ["2030年度"], "2035年度",
      "脱炭素先行地域と重点対策加速化事業は2035年度までに実現、で合ってる?",
      "wrong year"),

    # ------------------------------------------------------------------ owner
    T("owner", P, ["環境省・経済産業省", "(SIP第3期「サーキュラーエコノミーシステムの構築」課題)"], ["環境省・経済産業省"], "環境省",
      "SIPのプラスチックCEシステム研究開発実証、所管は環境省と経産省でいいよね？",
      "SIP plastics sheet ministries", kind="ministry"),
    T("owner", P, ["(内閣府SIP事業)"], ["内閣府SIP事業"], "内閣府",
      "プラ循環の研究開発実証って、内閣府のSIP事業の枠でやってるんでしたっけ",
      "SIP programme owner", kind="ministry"),
    T("owner", P, ["経済産業省・環境省"], ["経済産業省・環境省"], "経産省と環境省",
      "CPs（サーキュラーパートナーズ）の再掲個票、所管は経産省と環境省って書いてありますよね",
      "CPs sheet ministries", kind="ministry"),
    T("owner", P, ["創設団体 : 環境省、経済産業省、経団連"], ["環境省、経済産業省、経団連"], "経団連",
      "J4CEの創設団体、環境省・経産省・経団連の3者だよね",
      "J4CE founders", kind="ministry"),
    T("owner", P, ["電気用品安全法の基準明確化による安全規格の徹底(経産)"], ["経産|経済産業省"], "経産",
      "LIB対策パッケージの「電安法の基準明確化」は経産の担当で合ってる？",
      "LIB package item owner", kind="ministry"),
    T("owner", P, ["公共交通機関における持ち込みルールの徹底及び留意事項の周知(国交)"], ["国交|国土交通省"], "国交省",
      "電車や飛行機へのリチウムイオン電池持ち込みルールの徹底、国交省の担当ですよね",
      "LIB package item owner", kind="ministry"),
    T("owner", P, ["リチウムイオン電池に対するより効果的な消火方法に関する検討(消防)"], ["消防"], "消防庁",
      "リチウムイオン電池のより効果的な消火方法の検討は消防庁がやる、という理解でよいですか",
      "LIB package item owner", kind="ministry"),
    T("owner", P, ["リチウムイオン電池からリチウム等重要鉱物の回収・精製に向けた実証支援(経産)"], ["経産|経済産業省"], "経産省",
      "LIBからリチウム等を回収・精製する実証支援、これ経産省の持ち分だったよね？",
      "LIB package item owner", kind="ministry"),
    T("owner", K, ["環境省(2025/11/25)「自動車向け再生プラスチック市場構築のための産官学コンソーシアム第2回WG2開催について 資料2」"], ["環境省"], "環境省",
      "点検資料の出典注、自動車向け再プラ市場構築コンソーシアムのWG2開催資料って環境省が出してるやつだよね",
      "source of consortium info", kind="ministry"),
    T("owner", P, [LIB_MEMBERS], ["消費者庁"], "消費者庁",
      "LIB総合対策の関係省庁連絡会議、消費者庁も入ってるよね？",
      "LIB liaison council member", kind="ministry"),
    T("owner", P, ["他の廃棄物への混入を防止するための廃棄物処理法に基づく制度的対応(環境)", LIB_MEMBERS], ["環境省"], "Ministry of the Environment",
      "Is it true that the Ministry of the Environment is in charge of the Waste Management Act response to stop lithium-ion batteries getting mixed into other waste?",
      "LIB package item owner", kind="ministry", en=True),
    T("owner", P, ["環境省、経済産業省、財務省等の関係機関で共有し"], ["環境省、経済産業省、財務省"], "財務省",
      "バーゼル法の水際対策、環境省・経産省・財務省なんかで連携体制を作るって話ですよね",
      "border control partners", kind="ministry"),
    T("owner", P, ["環境大臣の輸出確認の対象を特定の使用済物品に拡大する"], ["環境大臣"], "環境大臣",
      "特定使用済物品への輸出確認の拡大、確認するのは環境大臣ってことでOK？",
      "export confirmation authority", kind="ministry"),
    T("owner", K, ["大阪府と民間企業連携を起点とした取組団体"], ["大阪府"], "大阪府",
      "点検の参考表に出てくるサステナブルファッション・プラットフォーム協議会、大阪府と民間の連携が起点だよね",
      "council originator", kind="ministry"),

    F("owner", P, ["環境省・経済産業省", "(SIP第3期「サーキュラーエコノミーシステムの構築」課題)"], ["環境省・経済産業省"], "文科省",
      "確かSIPのプラスチック循環の研究開発は文科省と経産省の所管だったと思うけど",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["経済産業省・環境省"], ["経済産業省・環境省"], "農水省",
      "サーキュラーパートナーズ、所管は経産省と農水省って資料に書いてあった？",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["創設団体 : 環境省、経済産業省、経団連"], ["環境省、経済産業省、経団連"], "内閣府",
      "J4CEって内閣府と経団連で立ち上げたんだっけ？",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["電気用品安全法の基準明確化による安全規格の徹底(経産)"], ["経産|経済産業省"], "消費者庁",
      "電気用品安全法の基準を明確化する件、消費者庁マターですよね？",
      "wrong ministry (消費者庁 is in the council but not on this item)", kind="ministry"),
    F("owner", P, ["公共交通機関における持ち込みルールの徹底及び留意事項の周知(国交)"], ["国交|国土交通省"], "経産",
      "公共交通機関へのLIB持ち込みルール徹底、経産省の担当で合ってる？",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["リチウムイオン電池に対するより効果的な消火方法に関する検討(消防)"], ["消防"], "環境省",
      "LIBの消火方法の検討って環境省がやるんでしたっけ",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["廃棄物処理施設への高度選別機・検知設備の導入支援(環境)", LIB_MEMBERS], ["環境省"], "経産",
      "廃棄物処理施設に高度選別機や発火検知設備を入れる支援、経産省の補助だよね？",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["NITE[※]による発火原因究明の体制強化(経産)"], ["経産|経済産業省"], "消費者庁",
      "NITEの発火原因究明の体制強化、これ消費者庁の施策として書かれてる?",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["膨張・変形したリチウムイオン電池の適正処理の方針策定(環境)", LIB_MEMBERS], ["環境省"], "経産",
      "Is it true that METI is drafting the policy on proper disposal of swollen or deformed lithium-ion batteries?",
      "wrong ministry", kind="ministry", en=True, wrong_q="METI"),
    F("owner", P, [LIB_MEMBERS], ["消費者庁、総務省消防庁、経済産業省、国土交通省、環境省"], "農水省",
      "LIBの関係省庁連絡会議のメンバー、農水省も入ってたよね？",
      "wrong ministry in council membership", kind="ministry"),
    F("owner", P, ["産業廃棄物処理業振興財団による債務保証"], ["産業廃棄物処理業振興財団"], "JICN",
      "資源循環業向けの債務保証、JICN（脱炭素化支援機構）がやるんでしたっけ",
      "swapped attribute: JICN does 金融支援, the guarantee is by the foundation", kind="ministry"),
    F("owner", P, ["環境省、経済産業省、財務省等の関係機関で共有し"], ["環境省、経済産業省、財務省"], "警察庁",
      "バーゼル法の水際対策の連携先、環境省と警察庁と財務省ってことでいい?",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["2030年度を目途に環境省による自治体等のリサイクル施設を対象としたFS事業等導入支援策を検討"], ["環境省"], "経産省",
      "自治体リサイクル施設向けAIロボのFS事業等の導入支援策、2030年度目途で経産省が検討するんだよね",
      "wrong ministry", kind="ministry"),
    F("owner", P, ["環境大臣の輸出確認の対象を特定の使用済物品に拡大する"], ["環境大臣"], "経済産業大臣",
      "Am I right that it is the Minister of Economy, Trade and Industry whose export confirmation is being extended to certain used goods?",
      "wrong ministry", kind="ministry", en=True, wrong_q="Economy, Trade and Industry"),
    F("owner", P, ["国際ルール形成を主導すべく、以下の取組を推進（内閣府BRIDGE事業等）"], ["内閣府BRIDGE事業"], "SIP",
      "GCPの改善とか循環性指標の標準化、内閣府のSIP事業でやってるんだっけ？",
      "swapped attribute: SIP is the plastics R&D programme", kind="ministry"),
    F("owner", K, ["国土交通省が事務所の空き家等の不動産を活用した地域価値共創のネットワークの場"], ["国土交通省"], "総務省",
      "点検参考表の地域価値共創プラットフォーム、総務省のネットワークだよね",
      "wrong ministry", kind="ministry"),
    F("owner", K, ["産総研戦略的都市鉱山開発拠点 (SURE) と産業界の連携組織"], ["産総研"], "NIMS",
      "SUREコンソーシアムって NIMS（物材機構）の都市鉱山拠点と産業界の連携組織でしたっけ",
      "wrong institution", kind="ministry"),
    F("owner", P, ["環境省の地方環境事務所が地方環境局に格上げされることを契機に"], ["地方環境局"], "地方整備局",
      "金属スクラップの水際対策、国交省の地方整備局の体制強化を目指すって書いてあった？",
      "wrong regional office", kind="ministry"),

    # ------------------------------------------------------------------ count
    T("count", P, ["会員数：840者 ※"], ["840者"], "840者",
      "CPsの会員数、840者（2026年3月1日時点）で合ってる？",
      "CPs members", kind="number", dup=True),
    T("count", P, ["計2,250名参加"], ["2,250名"], "2,250名",
      "資源循環自治体フォーラム、2025年度は7都市で計2,250名参加だよね",
      "forum participants"),
    T("count", P, ["CE診断・ビジョン作成43件、モデル実証事業15件"], ["43件"], "43件",
      "伴走支援の2025年度実績、CE診断・ビジョン作成が43件という理解でよいですか",
      "2025 actual"),
    T("count", P, ["令和8年度予算案として379億円を計上"], ["379億円"], "379億円",
      "再生材サプライチェーン強靱化の設備投資支援、R8予算案で379億円計上、で合ってますよね",
      "budget figure"),
    T("count", P, ["17分野138品目にエコマーク活用の基準を設定済"], ["17分野138品目"], "17分野138品目",
      "グリーン購入のエコマーク活用基準、17分野138品目に設定済みって書いてある?",
      "ecomark items"),
    T("count", P, ["家庭系食品ロス 233万トン"], ["233万トン"], "233万トン",
      "2023年度の家庭系食品ロス推計、233万トンだったよね",
      "household food loss"),
    T("count", P, ["原則、3,000万円。"], ["3,000万円"], "3,000万円",
      "ローカル10,000の助成上限って原則3,000万円、融資額次第でかさ上げあり…だっけ？",
      "grant ceiling"),
    T("count", P, ["会期中の1万人を超えるボランティア、運営スタッフ等のユニフォーム"], ["1万人"], "10,000",
      "Is it true that the GREEN×EXPO 2027 uniform trial covers more than 10,000 volunteers and staff?",
      "expo uniforms", en=True),
    T("count", K, ["233自治体"], ["233自治体"], "233自治体",
      "点検の最新値、地域循環共生圏に取り組む自治体は233自治体で合ってる？",
      "latest value", kind="indicator"),
    T("count", K, ["34,986億円 (2024年度)"], ["34,986億円"], "34,986億円",
      "リユース市場規模の最新値、34,986億円（2024年度）だよね",
      "latest value", kind="indicator"),
    T("count", K, ["イノベーション加速のプラットフォーム\t481"], ["481"], "481",
      "点検のp13イメージ表、CLOMAの参加企業数は481って読んでいい？",
      "platform members", kind="number"),
    T("count", K, ["（約 1 万拠点）"], ["約 1 万拠点"], "約1万拠点",
      "エフピコのヒアリング、回収拠点は全国のスーパー等で約1万拠点って話でしたよね",
      "collection points", kind="number"),
    T("count", P, ["処理量のうち4割強が輸入由来"], ["4割強"], "4割強",
      "日本の製錬所のe-scrap処理量、4割強が輸入由来でそのうち6割が欧米、で合ってますか",
      "import share"),
    T("count", P, ["調査計画に合意した主要5カ国"], ["5カ国"], "5カ国",
      "E-wasteの調査計画に合意したASEAN主要国は5カ国、という理解でよいですか",
      "partner countries count"),

    F("count", P, ["自治体\t33 自治体"], ["33 自治体"], "38自治体",
      "CPsの会員内訳で自治体は38自治体でしたよね？",
      "swapped value: 38 is 業界団体", dup=True),
    F("count", K, ["サーキュラーエコミーの実現を目指し、産官学の連携を促進するためのもの\t833"], ["833"], "840",
      "点検資料の連携プラットフォーム表で、サーキュラーパートナーズの参加企業数は840でいいんですよね？",
      "swapped value: 840 is the 施策集 member count", kind="number"),
    F("count", P, ["参加企業・団体数 : 213社・22団体 計235 (2026年4月現在)"], ["計235"], "232",
      "施策集のJ4CE個票、参加企業・団体数は計232だよね？",
      "swapped value: 232 is the 点検 table figure"),
    F("count", P, ["「資源循環自治体フォーラム」を全国で7回開催し"], ["7回|7カ所"], "8か所",
      "自治体フォーラム、全国8か所で開催だっけ？",
      "wrong count"),
    F("count", P, ["令和8年度予算案として379億円を計上"], ["379億円"], "397億円",
      "設備投資支援の予算、R8予算案で397億円って認識で大丈夫？",
      "wrong figure (digit swap)"),
    F("count", P, ["家庭系食品ロス 233万トン（50%削減目標まで残り17万トン）"], ["233万トン"], "231万トン",
      "Am I right that household food loss in FY2023 was estimated at 2.31 million tonnes?",
      "swapped value: 231万 is 事業系", en=True, wrong_q="2.31 million"),
    F("count", P, ["50%削減目標まで残り17万トン"], ["17万トン"], "12万トン",
      "家庭系食品ロス、50%削減目標まであと12万トンだったよね",
      "swapped value: 12万 is 事業系 remainder"),
    F("count", P, ["融資額に応じて最大5,500万円までのかさ上げ措置あり"], ["5,500万円"], "5,000万円",
      "ローカル10,000プロジェクト、融資額に応じたかさ上げは最大5,000万円まで…で合ってる？",
      "wrong figure"),
    F("count", P, ["年金積立金管理運用独立行政法人等の87団体"], ["87団体"], "78団体",
      "グリーン購入法の「国及び独立行政法人等」、独法等は78団体って書いてありましたっけ",
      "wrong figure"),
    F("count", P, ["アジア圏におけるSAFの市場規模は約22兆円と見込まれており"], ["約22兆円"], "約20兆円",
      "アジアのSAF市場規模って約20兆円の見込みだよね",
      "wrong figure"),
    F("count", P, ["2023年度時点では約5.5%から2030年度は6.6～7.1%に"], ["約5.5%"], "約6.6%",
      "紙おむつが一般廃棄物に占める割合、2023年度時点で約6.6%だっけ？",
      "swapped value: 6.6% is the 2030 projection lower bound"),
    F("count", K, ["662g/人日"], ["662g/人日"], "626g",
      "点検、1人1日当たりごみ焼却量の最新値は626g/人日だったよね",
      "wrong figure (digit swap)", kind="indicator"),
    F("count", K, ["43.1%"], ["43.1%"], "41.3%",
      "廃棄物エネルギーを外部に供給してる施設の割合、最新値41.3%で合ってますか？",
      "wrong figure (digit swap)", kind="indicator"),
    F("count", K, ["約15万トン (2022年度)"], ["約15万トン"], "25万",
      "Is it true that the latest bioplastics uptake figure in the review draft is about 250,000 tonnes?",
      "wrong figure", kind="indicator", en=True, wrong_q="250,000"),
    F("count", K, ["約173万戸 (2024年度)"], ["約173万戸"], "約183万戸",
      "認定長期優良住宅ストック数の最新値、約183万戸（2024年度）でいい?",
      "wrong figure", kind="indicator"),
    F("count", K, ["233自治体"], ["233自治体"], "323自治体",
      "地域循環共生圏形成に取り組む自治体数、最新値で323自治体だっけ",
      "wrong figure (digit swap)", kind="indicator"),
    F("count", K, ["再生プラスチック市場の拡大を目指す動静連携推進組織\t121"], ["121"], "151",
      "点検の参考表、SusPla（Sustainable Plastics Initiative）の参加企業数は151？",
      "swapped value: 151 is GSHIP", kind="number"),
    F("count", K, ["我が国における戦略的対応を検討するためのもの\t18"], ["18"], "16",
      "自動車向け再プラ市場構築の産官学コンソーシアム、点検表の参加企業数 16 で合ってる？",
      "swapped value: 16 is the Osaka fashion council", kind="number"),

    # ------------------------------------------------------------------ name
    T("name", P, ["再資源化事業等高度化法（令和6年法律第41号）"], ["令和6年法律第41号"], "令和6年法律第41号",
      "再資源化事業等高度化法って令和6年法律第41号ですよね",
      "law number"),
    T("name", P, ["太陽電池廃棄物の再資源化等の推進に関する法律案 概要"], ["太陽電池廃棄物の再資源化等の推進に関する法律案"], "太陽電池廃棄物の再資源化等の推進に関する法律案",
      "太陽光パネルの新法、正式な法案名は「太陽電池廃棄物の再資源化等の推進に関する法律案」で合ってる？",
      "bill name"),
    T("name", P, ["米国、クアッド（日米豪印）、ASEAN、EU等"], ["日米豪印"], "日米豪印",
      "同志国連携に出てくるクアッドって日米豪印の枠組みのことだよね",
      "partner framework"),
    T("name", P, ["北米三カ国（米国・カナダ・メキシコ）"], ["米国・カナダ・メキシコ"], "Canada",
      "Am I right that the PIC e-procedure work is linking up with the three North American countries — the US, Canada and Mexico?",
      "partner countries", en=True),
    T("name", P, ["ウラノス・エコシステムの取組の下、サーキュラーエコノミー情報流通プラットフォームを構築する"], ["ウラノス・エコシステム"], "ウラノス・エコシステム",
      "CE情報流通プラットフォームはウラノス・エコシステムの取組の下で構築、という理解でよいですか",
      "framework name"),
    T("name", P, ["北海道上士幌町（畜産ふん尿を活用したバイオガスプラント）"], ["上士幌町"], "上士幌町",
      "地域脱炭素の個票の地域資源活用例、北海道上士幌町のバイオガスプラントだっけ",
      "example place"),
    T("name", P, ["＜鹿児島県大崎町＞"], ["大崎町"], "大崎町",
      "企業版ふるさと納税の事例で出てくるのは鹿児島県大崎町、リサイクル率日本一の町ですよね",
      "example place"),
    T("name", P, ["「みらいエコ住宅2026事業」"], ["みらいエコ住宅2026事業"], "みらいエコ住宅2026事業",
      "長期優良住宅の新築補助は「みらいエコ住宅2026事業」で合ってる？",
      "subsidy programme name"),
    T("name", P, ["英語名 : Japan Partnership for Circular Economy"], ["Japan Partnership for Circular Economy"], "Japan Partnership for Circular Economy",
      "念のため、循環経済パートナーシップ（J4CE）の英語の正式名称、Japan Partnership for Circular Economyで合ってる? 資料の英訳に使います",
      "English name"),
    T("name", P, ["札幌市、仙台市、川崎市、名古屋市、大阪市、広島市、薩摩川内市で開催"], ["薩摩川内市"], "薩摩川内市",
      "2025年度の自治体フォーラム、九州会場は薩摩川内市だったよね",
      "event place"),
    T("name", K, ["約200万トン (2030年度)\t地球温暖化対策計画"], ["地球温暖化対策計画"], "地球温暖化対策計画",
      "点検の指標表、バイオマスプラスチック導入量の目標は地球温暖化対策計画から引いてる、で合ってますか",
      "target source plan", kind="indicator"),
    T("name", K, ["資源回収ステーション「エコノバ」"], ["エコノバ"], "エコノバ",
      "点検のヒアリング先、神戸市の資源回収ステーションの名前は「エコノバ」ですよね",
      "hearing partner scheme"),
    T("name", K, ["「Comet Circle」コンセプト"], ["Comet Circle"], "Comet Circle",
      "リコーのヒアリング、コンセプトは「Comet Circle」だったっけ",
      "hearing partner concept"),
    T("name", P, ["日ASEAN資源循環パートナーシップ（ARCPEEC）"], ["ARCPEEC"], "ARCPEEC",
      "日ASEANの資源循環パートナーシップ、略称ARCPEECでE-waste・ELV・重要鉱物が対象ってことで合ってる？",
      "partnership name"),

    F("name", P, ["主要5カ国（インドネシア、タイ、フィリピン、マレーシア、ベトナム）"], ["インドネシア、タイ、フィリピン、マレーシア、ベトナム"], "カンボジア",
      "E-wasteの調査計画に合意した主要5カ国、インドネシア・タイ・フィリピン・マレーシア・カンボジアだっけ？",
      "wrong partner country"),
    F("name", P, ["ローカル10,000プロジェクト（地域経済循環創造事業交付金）"], ["地域経済循環創造事業交付金"], "地域未来交付金",
      "ローカル10,000プロジェクトって、地域未来交付金のことだよね？",
      "swapped attribute: 地域未来交付金 is a different measure"),
    F("name", P, ["RMP (Recycle Management Platform)の構築・実装"], ["Recycle Management Platform"], "Resource Management Platform",
      "Am I right that RMP in the CE information platform sheet stands for Resource Management Platform?",
      "wrong name", en=True),
    F("name", P, ["(SIP第3期「サーキュラーエコノミーシステムの構築」課題)"], ["SIP第3期"], "第2期",
      "プラスチックCEのSIP、第2期の課題だったと思うけど",
      "wrong programme phase"),
    F("name", P, ["WBCSD（持続可能な開発のための世界経済人会議）等が開発するグローバル循環プロトコル（GCP）"], ["WBCSD"], "エレン・マッカーサー財団",
      "GCP（グローバル循環プロトコル）って、エレン・マッカーサー財団が開発してるやつですよね？",
      "wrong developer name"),
    F("name", P, ["マネジメントを行う「地域インフラ群再生戦略マネジメント（群マネ）」"], ["地域インフラ群再生戦略マネジメント"], "広域インフラ群",
      "群マネって「広域インフラ群再生マネジメント」の略だっけ",
      "wrong name"),
    F("name", P, ["＜北海道清里町＞"], ["清里町"], "下川町",
      "地方創生人材支援制度の事例、北海道下川町の「資源循環型脱炭素共生都市」の戦略策定だっけ？",
      "wrong place"),
    F("name", P, ["廃棄りんごを活用した酒造り事業（長野県下條村）"], ["下條村"], "小布施町",
      "ローカル10,000の事例の廃棄りんご酒造り、長野県小布施町でしたっけ",
      "wrong place"),
    F("name", P, ["札幌市、仙台市、川崎市、名古屋市、大阪市、広島市、薩摩川内市で開催"], ["薩摩川内市"], "福岡市",
      "自治体フォーラム2025年度、九州会場は確か福岡市だったと思うけど",
      "wrong event place"),
    F("name", P, ["英語名 : Japan Partnership for Circular Economy"], ["Japan Partnership for Circular Economy"], "Japan Platform for Circular Economy",
      "Just to confirm before the meeting: J4CE's English name is 'Japan Platform for Circular Economy', right?",
      "wrong name", en=True),
    F("name", K, ["エイチ・ツー・オー リテイリング株式会社との包括連携協定を端緒とした"], ["エイチ・ツー・オー リテイリング"], "高島屋",
      "大阪府の衣類回収スキーム、高島屋との包括連携協定がきっかけだったよね",
      "wrong partner company"),
    F("name", K, ["川崎市との連携による、建設現場で余剰となった未使用建材等の買取"], ["川崎市"], "横浜市",
      "HUB & STOCKの余剰建材の再流通、横浜市と組んでるんでしたっけ",
      "wrong partner city"),
    F("name", K, ["46% (2027年度)\t廃棄物処理施設整備計画"], ["廃棄物処理施設整備計画"], "地球温暖化対策計画",
      "廃棄物エネルギー外部供給施設の割合46%って、地球温暖化対策計画の目標値を引いてるんだっけ？",
      "swapped attribute: 温対計画 is the bioplastics source", kind="indicator"),
    F("name", K, ["約250万戸 (2030年度)\t住生活基本計画"], ["住生活基本計画"], "国土強靱化基本計画",
      "認定長期優良住宅のストック数目標、出どころは国土強靱化基本計画だよね？",
      "wrong plan name", kind="indicator"),
    F("name", K, ["「みどりの食料システム法」に基づき、環境負荷低減に取り組む地域ぐるみの産地づくりを支援"], ["みどりの食料システム法"], "食料・農業・農村基本法",
      "点検の国の取組、地域ぐるみの産地づくり支援は食料・農業・農村基本法に基づくって書いてあった？",
      "wrong law"),
    F("name", P, ["(REsourceEU行動計画等)"], ["REsourceEU行動計画"], "重要原材料法",
      "海外流出抑制策の検討で参照するのはEUの重要原材料法って書いてある？",
      "wrong name"),
    F("name", P, ["GX House（リユース型建築）を推進"], ["GX House"], "ZEB House",
      "花博の仮設建築物、リユース型建築として推進するのは「ZEB House」だっけ",
      "wrong name"),
    F("name", P, ["mottECO（食べきれなかった料理を「お客様の自己責任で」持ち帰る行為の愛称）"], ["mottECO"], "てまえどり",
      "食べきれなかった料理を持ち帰るのを「てまえどり」って呼ぶんだよね、食品ロスの個票的に",
      "swapped attribute: てまえどり is the other campaign"),
]

KIND_DEFAULT = {"target": "target", "date": "schedule", "owner": "ministry",
                "count": "number", "name": "summary"}


def verify_and_build():
    texts = {d: open(os.path.join(PLAN_DIR, d), encoding="utf-8").read() for d in (P, K)}
    ntexts = {d: norm(t) for d, t in texts.items()}
    lines = {d: t.split("\n") for d, t in texts.items()}
    long_lines = {d: [norm(l) for l in ls if len(norm(l)) >= 20] for d, ls in lines.items()}
    errors = []

    def err(i, msg):
        errors.append("item %d (%s): %s" % (i, ITEMS[i]["slot"], msg))

    seen_q = set()
    for i, it in enumerate(ITEMS):
        doc, raw, nt = it["doc"], texts[it["doc"]], ntexts[it["doc"]]
        nq = norm(it["q"])
        if nq in seen_q:
            err(i, "duplicate question")
        seen_q.add(nq)
        if not 1 <= len(it["snips"]) <= 3:
            err(i, "need 1-3 snippets")
        for s in it["snips"]:
            if s not in raw:
                err(i, "snippet not verbatim in doc: %r" % s)
            c = nt.count(norm(s))
            if c == 0:
                err(i, "snippet not found after normalisation: %r" % s)
            elif c > 1 and not it["dup"]:
                err(i, "snippet not unique (%d): %r" % (c, s))
        nsn = [norm(s) for s in it["snips"]]
        for a in it["ans"]:
            alts = a.split("|")
            for alt in alts:
                if alt not in raw:
                    err(i, "answer alternative not verbatim in doc: %r" % alt)
            if not any(norm(alt) in s for alt in alts for s in nsn):
                err(i, "answer not inside any snippet: %r" % a)
            if a in ("はい", "いいえ"):
                err(i, "yes/no answer")
        if it["truth"]:
            if norm(it["val"]) not in nq:
                err(i, "asserted value not in question: %r" % it["val"])
        else:
            wrong = it["val"]
            wq = it["wrong_q"] or wrong
            if norm(wq) not in nq:
                err(i, "wrong value not in question: %r" % wq)
            for s in nsn:
                if norm(wrong) in s:
                    err(i, "wrong value occurs in snippet: %r" % wrong)
            if it["line_check"]:
                for s in it["snips"]:
                    for l in lines[doc]:
                        if norm(s) in norm(l) and norm(wrong) in norm(l):
                            err(i, "wrong value occurs in the snippet's line: %r" % wrong)
            for a in it["ans"]:
                for alt in a.split("|"):
                    if norm(alt) in nq:
                        err(i, "correct value %r appears in a false-premise question" % alt)
        # no sentence copied verbatim from the plan
        for l in long_lines[doc]:
            if l in nq:
                err(i, "question copies a plan line verbatim")
                break

    # distribution checks
    n = len(ITEMS)
    nt_ = sum(1 for it in ITEMS if it["truth"])
    if n != 160 or nt_ != 70:
        errors.append("distribution: %d items, %d true" % (n, nt_))
    per = collections.Counter((it["slot"], it["truth"]) for it in ITEMS)
    for s in SLOTS:
        if per[(s, True)] != 14 or per[(s, False)] != 18:
            errors.append("slot %s: %d true / %d false" % (s, per[(s, True)], per[(s, False)]))
    en = sum(1 for it in ITEMS if it["en"])
    if not 13 <= en <= 17:
        errors.append("english items: %d" % en)
    for it in ITEMS:
        jp = sum(1 for ch in it["q"] if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff")
        is_ascii_q = jp < 0.2 * len(it["q"])
        if is_ascii_q != it["en"]:
            errors.append("english flag mismatch: %s" % it["q"][:20])

    # deterministic interleaving
    order = list(range(n))
    random.Random(20260420).shuffle(order)
    records = []
    for k, idx in enumerate(order, 1):
        it = ITEMS[idx]
        tag = "[true]" if it["truth"] else "[false]"
        if it["truth"]:
            detail = "premise matches plan: " + it["why"]
        else:
            detail = "%s; asserted %s, plan says %s" % (it["why"], it["wrong_q"] or it["val"], " / ".join(it["ans"]))
        records.append({
            "id": "chk-%03d" % k,
            "question": it["q"],
            "kind": it["kind"] or KIND_DEFAULT[it["slot"]],
            "doc": it["doc"],
            "relevant": [list(it["snips"])],
            "answer_contains": list(it["ans"]),
            "should_abstain": False,
            "note": "%s[%s] %s" % (tag, it["slot"], detail),
        })
    return records, errors


def main():
    records, errors = verify_and_build()
    if errors:
        for e in errors:
            print("FAIL", e, file=sys.stderr)
        print("verification FAILED: %d problem(s)" % len(errors))
        return 1
    with open(OUT, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-read and re-verify the written file
    texts = {d: open(os.path.join(PLAN_DIR, d), encoding="utf-8").read() for d in (P, K)}
    back = [json.loads(l) for l in open(OUT, encoding="utf-8")]
    assert [r["id"] for r in back] == ["chk-%03d" % i for i in range(1, 161)]
    for r in back:
        assert r["should_abstain"] is False
        assert re.match(r"^\[(true|false)\]\[(target|date|owner|count|name)\] ", r["note"])
        for g in r["relevant"]:
            for s in g:
                assert s in texts[r["doc"]]
        for a in r["answer_contains"]:
            for alt in a.split("|"):
                assert alt in texts[r["doc"]]
    tf = collections.Counter(r["note"].split("]")[0] + "]" for r in back)
    slot = collections.Counter(r["note"].split("]")[1] + "]" for r in back)
    both = collections.Counter(r["note"][:r["note"].index(" ")] for r in back)
    print("items:", len(back))
    print("by truth:", dict(sorted(tf.items())))
    print("by slot:", dict(sorted(slot.items())))
    print("by truth x slot:", dict(sorted(both.items())))
    print("english items:", sum(1 for it in ITEMS if it["en"]))
    print("verification passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
