#!/usr/bin/env python3
"""Generate the fit21 training (fit) question set and verify it.

Writes /work/fit21/cmp.jsonl (60 single questions, dev3.jsonl format) and
/work/fit21/tags.json (id -> tag).  Python stdlib only.

Sources read: /work/shared/plan_texts/*.txt only.
"""
import json
import os
import random
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"
SHISAKU = "002_dc7e15a85d2a7a74.txt"   # 循環経済行動計画（案）施策集
TENKEN = "000_1412c9d0e289725a.txt"    # 点検（重点点検分野 Ⅲ-1 / Ⅲ-2）
DOCS = {"S": SHISAKU, "T": TENKEN}

# Each item: tag, kind, question, groups [(doc key, [snippets])], answers, note
ITEMS = [
    # ------------------------------------------------------------------
    # compare2doc (30): 施策集 vs 点検
    # ------------------------------------------------------------------
    dict(tag="compare2doc", kind="number",
         q="長期優良住宅のストック数、施策集の個票と点検資料の進捗表でそれぞれ何戸ってなってる？時点がずれてるならそれも。",
         groups=[("S", ["2025年3月時点で累計約174万戸"]),
                 ("T", ["約173万戸 (2024年度)"])],
         ans=["約174万戸", "約173万戸"],
         note="施策集 長期優良住宅 sheet: 2025年3月時点で累計約174万戸; 点検 Ⅲ-2 進捗表 最新値: 約173万戸 (2024年度)."),
    dict(tag="compare2doc", kind="target",
         q="長期優良住宅の目標について、点検の指標（戸数）と施策集の取組指標（割合）でそれぞれ何をいつまでに目指しているのか、並べて示してください。",
         groups=[("T", ["【目標値：約250万戸 (2030年度)】"]),
                 ("S", ["住宅ストックに占める認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)"])],
         ans=["約250万戸", "2030年度", "15%", "2035年"],
         note="点検 Ⅲ-2 指標: 認定長期優良住宅のストック数 約250万戸 (2030年度, 住生活基本計画); 施策集 取組指標: 住宅ストックに占める割合15%(2035年)."),
    dict(tag="compare2doc", kind="number",
         q="リユース市場の規模って、施策集ではどこまで伸ばす目標？点検の表だと最新値はいくら？",
         groups=[("S", ["リユース市場規模 →4.6兆円"]),
                 ("T", ["34,986億円 (2024年度)"])],
         ans=["4.6兆円", "34,986億円"],
         note="施策集 リユース施策パッケージ 目指す姿: リユース市場規模 →4.6兆円; 点検 Ⅲ-2 進捗表 リユース市場規模 最新値 34,986億円 (2024年度), 点検の数値目標は「—」."),
    dict(tag="compare2doc", kind="summary",
         q="点検の循環部会の議論で、リユース市場規模の目標の立て方について意見が出ていたと思う。どういう設定の仕方を提案してた？あわせて、施策集の個票では市場規模の目標値はいくつになってる？",
         groups=[("T", ["リユース市場規模はあるべき姿から逆算して一定の目標設定を行ってはどうか"]),
                 ("S", ["リユース市場規模 →4.6兆円"])],
         ans=["あるべき姿から逆算", "4.6兆円"],
         note="点検 Ⅲ-2 循環部会における議論: あるべき姿から逆算して目標設定を; 施策集 リユース施策パッケージ: 市場規模 →4.6兆円."),
    dict(tag="compare2doc", kind="target",
         q="e-scrapのリサイクル処理量の目標値、施策集のASEAN支援の個票と点検資料の指標表の備考とで食い違いはない？",
         groups=[("S", ["調査計画に合意した主要5カ国", "【ELV資源循環】"]),
                 ("T", ["計画フォローアップに当たっては、循環経済工程表等で設定された下記の品目・取組内容・目標についても進捗を把握する"])],
         ans=["約50万トン", "5割増"],
         note="Both give 2030年に約50万トン（2020年比5割増）: 施策集 ASEAN E-waste sheet 目指す姿 and 点検 Ⅲ-2 指標の設定状況 備考."),
    dict(tag="compare2doc", kind="target",
         q="SAFの置き換え目標、点検ではどう書かれてる？施策集の目標と比べて",
         groups=[("T", ["燃料使用量の10%をSAFに置き換え(航空運送事業者)"]),
                 ("S", ["本邦航空運送事業者による燃料使用量10%をSAFに置き換え"])],
         ans=["10%", "航空運送事業者"],
         note="点検 Ⅲ-2 備考: 2030年時点、燃料使用量の10%をSAFに置き換え(航空運送事業者); 施策集 SAF sheet: 2030年時点の本邦航空運送事業者による燃料使用量10%をSAFに置き換え. They agree."),
    dict(tag="compare2doc", kind="target",
         q="家庭から出る衣類の削減目標、点検の表の備考と施策集とで基準年と削減率はそろってる？施策集の方は何年何月策定のアクションプランに沿ってるかも教えて。",
         groups=[("T", ["家庭から廃棄される衣類の量を2030年度までに2020年度比で25%削減"]),
                 ("S", ["家庭から手放される衣料品のうち、廃棄されるものを2020年度比で25%削減することを目指し"])],
         ans=["2020年度比", "25%", "2026年3月"],
         note="Both: 2030年度までに2020年度比で25%削減; 施策集 サステナブルファッション sheet: アクションプランは2026年3月に策定."),
    dict(tag="compare2doc", kind="target",
         q="紙おむつのリサイクルに取り組む自治体の目標数、点検の参考目標と施策集の個票で同じ数字？施策集ではいつまでにって書いてある？",
         groups=[("S", ["使用済紙おむつのリサイクルを実施又は検討する自治体数を150とする"]),
                 ("T", ["紙おむつの再生利用等の実施・検討を行った自治体の総数150自治体"])],
         ans=["150", "2030年度"],
         note="Both 150自治体; 施策集 使用済紙おむつリサイクル sheet: 2030年度までに. 点検 Ⅲ-2 備考 lists 総数150自治体 without year."),
    dict(tag="compare2doc", kind="target",
         q="食品ロスの目標、点検資料ではざっくり一言で書いてあるけど、施策集だと家庭系と事業系で分けてるよね。点検の表現と、施策集のそれぞれの削減率を教えて。",
         groups=[("T", ["食品ロス量半減"]),
                 ("S", ["家庭系 50%減早期達成", "再生利用等実施率目標（2029年度までに）"])],
         ans=["半減", "50%", "60%"],
         note="点検 Ⅲ-2 備考: 食品ロス量半減; 施策集 食品ロス sheet: 2000年度比で2030年度までに 家庭系50%減早期達成・事業系60%減."),
    dict(tag="compare2doc", kind="number",
         q="J4CEの参加企業・団体数、施策集と点検資料の事例表とで数字がずれてない？それぞれいくつ？",
         groups=[("S", ["参加企業・団体数 : 213社・22団体 計235"]),
                 ("T", ["循環経済パートナーシップ (J4CE) *12"])],
         ans=["235", "232"],
         note="施策集 J4CE sheet: 計235 (2026年4月現在); 点検 参考イメージ 事例表: J4CE 参加企業数 232."),
    dict(tag="compare2doc", kind="number",
         q="サーキュラーパートナーズの会員数について、個票ではいくつ、点検の連携事例の一覧ではいくつになっていますか。",
         groups=[("S", ["会員数：840者"]),
                 ("T", ["サーキュラーパートナーズ (CPS)*13"])],
         ans=["840者", "833"],
         note="施策集 CPs sheet: 会員数 840者 (2026年3月1日時点); 点検 事例表: CPS 833."),
    dict(tag="compare2doc", kind="number",
         q="自動車向け再生プラの産官学コンソーシアム、いつ立ち上がったかは施策集、参加企業数は点検の事例表で確認したい。",
         groups=[("S", ["（2024年11月設立）"]),
                 ("T", ["自動車向け再生プラスチック市場構築のための産官学コンソーシアム*7"])],
         ans=["2024年11月", "18"],
         note="施策集 自動車再生プラ sheet: コンソーシアム（2024年11月設立）; 点検 事例表: 参加企業数 18."),
    dict(tag="compare2doc", kind="target",
         q="プラスチックの再生利用、点検の指標表に参考として載っている目標はどういう書き方？施策集の自動車向け再生プラの2030年までの供給量目標も並べたい。",
         groups=[("T", ["プラスチック再生利用量倍増"]),
                 ("S", ["2030年までに2.1万t/年"])],
         ans=["倍増", "2.1万t/年"],
         note="点検 Ⅲ-2 備考: プラスチック再生利用量倍増; 施策集 自動車再生プラ sheet: 再生プラスチック供給量目標 2030年までに2.1万t/年."),
    dict(tag="compare2doc", kind="number",
         q="資源循環自治体フォーラム、点検では全国何か所で開いたことになってる？施策集の2025年度実績だと参加者は何人？",
         groups=[("T", ["「資源循環自治体フォーラム」を全国7か所で開催"]),
                 ("S", ["計2,250名参加"])],
         ans=["7か所", "2,250名"],
         note="点検 Ⅲ-1 国の取組状況: 全国7か所で開催; 施策集 フォーラム sheet (2025年度実績): 計2,250名参加."),
    dict(tag="compare2doc", kind="target",
         q="金属リサイクルの目標って、点検の表の参考目標ではどう表現されていて、施策集の電解銅の個票では再生原料由来を何割にするとしていますか。",
         groups=[("T", ["金属リサイクル原料の処理量倍増"]),
                 ("S", ["国産電解銅の約3割を、e-scrap等の再生原料由来に"])],
         ans=["倍増", "約3割"],
         note="点検 Ⅲ-2 備考: 金属リサイクル原料の処理量倍増; 施策集 電解銅 sheet: 国産電解銅の約3割を再生原料由来に."),
    dict(tag="compare2doc", kind="number",
         q="資源循環分野への投資促進、点検の国の取組では何を活用するって書いてる？施策集の再生材サプライチェーン向け設備投資支援は予算案でいくら？",
         groups=[("T", ["GX 経済移行債等を活用した資源循環分野への投資促進"]),
                 ("S", ["令和8年度予算案として379億円を計上"])],
         ans=["GX 経済移行債", "379億円"],
         note="点検 Ⅲ-2 国の取組状況: GX 経済移行債等を活用; 施策集 経済的支援スキーム sheet: 令和8年度予算案として379億円を計上."),
    dict(tag="compare2doc", kind="schedule",
         q="食品の商慣習の見直しで、点検資料はどんなルールの緩和を例に挙げてる？施策集の方のフードバンク認証はいつから始まる？",
         groups=[("T", ["1/3 ルールの緩和等"]),
                 ("S", ["フードバンク認証制度を2026年度より開始する"])],
         ans=["1/3 ルール", "2026年度"],
         note="点検 Ⅲ-2 国の取組状況: 商慣習見直し（1/3 ルールの緩和等）; 施策集 食品ロス sheet: フードバンク認証制度を2026年度より開始."),
    dict(tag="compare2doc", kind="target",
         q="港湾の資源循環拠点について、点検の国の取組で静脈物流の効率化策として一緒に挙がっている手法は何？施策集のサーキュラーエコノミーポートは何港選ぶ目標？",
         groups=[("T", ["港湾における資源循環拠点の形成"]),
                 ("S", ["サーキュラーエコノミーポートの選定数 (2030年 22港以上)"])],
         ans=["モーダルシフト", "22港以上"],
         note="点検 Ⅲ-2 国の取組状況: 共同輸配送やモーダルシフトの推進、港湾における資源循環拠点の形成; 施策集 港湾 sheet: 2030年 22港以上."),
    dict(tag="compare2doc", kind="target",
         q="肥料の国産化で、点検の国の取組には下水汚泥以外に何の資源が挙がってる？施策集の下水汚泥肥料利用率は2030年度に何％が目標？",
         groups=[("T", ["肥料の国産化・地域内循環の推進"]),
                 ("S", ["下水汚泥肥料利用率"])],
         ans=["家畜排せつ物", "30%"],
         note="点検 Ⅲ-1 国の取組状況: 下水汚泥資源や家畜排せつ物等を活用した肥料の国産化; 施策集 下水汚泥 sheet: 2023年度15%→2030年度30%."),
    dict(tag="compare2doc", kind="target",
         q="空き家対策、点検の国の取組では何の活性化とセットで書かれていますか。施策集の個票では、腐朽・破損のある空き家数をどの程度に抑える目標ですか。",
         groups=[("T", ["空き家対策の推進や既存住宅流通の活性化"]),
                 ("S", ["腐朽・破損がある使用目的のない空き家数"])],
         ans=["既存住宅流通", "100万戸程度"],
         note="点検 Ⅲ-1 国の取組状況: 空き家対策の推進や既存住宅流通の活性化; 施策集 長期優良住宅・空家 sheet: 約95万戸(2023年)⇒100万戸程度に抑える(2035年)."),
    dict(tag="compare2doc", kind="target",
         q="森林資源の循環利用について、点検の政策の方向性では何に貢献するためと位置づけてる？施策集の国産材利用量の目標値と直近実績もあわせて。",
         groups=[("T", ["森林資源の循環利用の確立を図る"]),
                 ("S", ["建築用材等の国産材利用量"])],
         ans=["地球温暖化の防止", "2600万m³", "約1,800万m³"],
         note="点検 Ⅲ-1 政策の方向性: 二酸化炭素の吸収・固定を通じて地球温暖化の防止に貢献; 施策集 木造建築 sheet: 国産材利用量 2600万m³ (R6年実績 約1,800万m³)."),
    dict(tag="compare2doc", kind="target",
         q="農山漁村関係、点検の国の取組ではどの法律に基づく産地づくり支援が書かれてて、施策集の農林漁業循環経済の取組地域は何件つくる目標？",
         groups=[("T", ["みどりの食料システム法"]),
                 ("S", ["全国で100件創出"])],
         ans=["みどりの食料システム法", "100件"],
         note="点検 Ⅲ-1 国の取組状況: みどりの食料システム法に基づく地域ぐるみの産地づくり支援; 施策集 農林漁業循環経済 sheet: 2030年度までに全国で100件創出."),
    dict(tag="compare2doc", kind="number",
         q="地域の循環の取組状況を聞かれたときのために、点検の表の地域循環共生圏に取り組む自治体数の最新値と、施策集の伴走支援の2025年度実績（CE診断とモデル実証）を両方押さえておきたい。",
         groups=[("T", ["233自治体"]),
                 ("S", ["CE診断・ビジョン作成43件、モデル実証事業15件"])],
         ans=["233自治体", "43件", "15件"],
         note="点検 Ⅲ-1 進捗表: 地域循環共生圏形成に取り組む地方公共団体数 233自治体; 施策集 伴走支援 sheet (2025年度実績): CE診断・ビジョン作成43件、モデル実証事業15件."),
    dict(tag="compare2doc", kind="summary",
         q="大阪府の衣類回収の取組は、点検のヒアリングではどの企業との協定がきっかけとされていますか。施策集で国が掲げている家庭の衣類廃棄の削減率もあわせて教えてください。",
         groups=[("T", ["エイチ・ツー・オー リテイリング株式会社との包括連携協定"]),
                 ("S", ["家庭から手放される衣料品のうち、廃棄されるものを2020年度比で25%削減することを目指し"])],
         ans=["エイチ・ツー・オー リテイリング株式会社", "25%"],
         note="点検 Ⅲ-1 ヒアリング 大阪府: エイチ・ツー・オー リテイリング株式会社との包括連携協定; 施策集 サステナブルファッション sheet: 2020年度比で25%削減."),
    dict(tag="compare2doc", kind="schedule",
         q="リチウムイオン電池の件、点検の部会議論ではどう扱うべきって意見だった？施策集の総合対策パッケージはいつの会議で取りまとめられた？",
         groups=[("T", ["リチウムイオン電池の火災事故防止及び資源循環の構築は非常に重要な課題"]),
                 ("S", ["令和7年12月22日リチウムイオン電池総合対策関係省庁連絡会議"])],
         ans=["国の取組の具体例", "令和7年12月22日"],
         note="点検 Ⅲ-1 議論（その他）: 国の取組の具体例として取り上げられるとよい; 施策集 LiB sheet: 令和7年12月22日 関係省庁連絡会議で取りまとめ."),
    dict(tag="compare2doc", kind="target",
         q="市場規模の目標を比べたい。点検資料にある循環経済関連ビジネス全体の目標と、施策集のリユース市場の目標はそれぞれいくら？",
         groups=[("T", ["循環経済関連ビジネスの市場規模を80兆円以上"]),
                 ("S", ["リユース市場規模 →4.6兆円"])],
         ans=["80兆円以上", "4.6兆円"],
         note="点検 Ⅲ-2 政策の方向性: 2030年までに循環経済関連ビジネスの市場規模を80兆円以上; 施策集 リユース sheet: 4.6兆円."),
    dict(tag="compare2doc", kind="schedule",
         q="スクラップヤード規制について、点検の国の取組では生活環境保全と何との両立を狙うとしていますか。施策集では制度開始に向けた準備をいつまでに進めるとしていますか。",
         groups=[("T", ["ヤード規制等"]),
                 ("S", ["2027年度末までに自治体・事業者の円滑な制度開始に向けた準備を進め"])],
         ans=["有用資源の国内循環", "2027年度末"],
         note="点検 Ⅲ-2 国の取組状況: 生活環境保全と有用資源の国内循環の両立; 施策集 スクラップヤード sheet: 2027年度末までに制度開始に向けた準備."),
    dict(tag="compare2doc", kind="summary",
         q="建設系のリサイクル、点検の国の取組で出てくる根拠法と、施策集の個票で今後推進するとしているリサイクルの形を教えて。",
         groups=[("T", ["建設リサイクル法に基づく分別解体・再資源化の徹底"]),
                 ("S", ["建設廃棄物を同種の製品として再生・利用する「水平リサイクル」"])],
         ans=["建設リサイクル法", "水平リサイクル"],
         note="点検 Ⅲ-2 国の取組状況: 建設リサイクル法に基づく分別解体・再資源化の徹底; 施策集 建設リサイクル sheet: 水平リサイクルの推進."),
    dict(tag="compare2doc", kind="ministry",
         q="J4CEはどこが創設した枠組み？点検の事例表では何を目的とした組織として紹介されてる？",
         groups=[("S", ["創設団体 : 環境省、経済産業省、経団連"]),
                 ("T", ["循環経済への更なる理解醸成・取組促進に向けた官民連携強化"])],
         ans=["環境省", "経済産業省", "経団連", "理解醸成"],
         note="施策集 J4CE sheet: 創設団体 環境省、経済産業省、経団連; 点検 事例表: 循環経済への更なる理解醸成・取組促進に向けた官民連携強化のためのもの."),
    dict(tag="compare2doc", kind="schedule",
         q="脱炭素先行地域との連携、点検の国の取組ではどんな先進モデルの例を挙げてる？施策集では先行地域をいつまでに実現するとしてる？",
         groups=[("T", ["脱炭素先行地域等との連携による、プラスチックの一括回収"]),
                 ("S", ["脱炭素先行地域・重点対策加速化事業の実現（2030年度までに実現）"])],
         ans=["プラスチックの一括回収", "2030年度"],
         note="点検 Ⅲ-1 国の取組状況: 脱炭素先行地域等との連携によるプラスチックの一括回収やバイオマスの地域利用; 施策集 地域脱炭素 sheet: 2030年度までに実現."),

    # ------------------------------------------------------------------
    # compare (10): two-part questions within one document
    # ------------------------------------------------------------------
    dict(tag="compare", kind="target",
         q="下水汚泥の個票で、肥料利用率と下水道バイオマスリサイクル率の2030年度目標をそれぞれ教えて。",
         groups=[("S", ["下水道バイオマスリサイクル率"])],
         ans=["30%", "45%"],
         note="施策集 下水汚泥 sheet: 肥料利用率 2030年度30%、下水道バイオマスリサイクル率 2030年度45%."),
    dict(tag="compare", kind="target",
         q="鉄とアルミのメタルリサイクル、2030年時点の目安をそれぞれ。",
         groups=[("S", ["鉄スクラップを高品位化する処理能力約200万トン/年"]),
                 ("S", ["アルミ展伸材の国内生産量の約4割"])],
         ans=["約200万トン/年", "約4割"],
         note="施策集 グリーン鉄 sheet: 処理能力約200万トン/年; 低炭素アルミ sheet: アルミ展伸材の国内生産量の約4割を再生アルミ原料由来."),
    dict(tag="compare", kind="target",
         q="食品リサイクルの再生利用等実施率、製造業と外食産業で目標はどれだけ差がある？期限もあわせて。",
         groups=[("S", ["再生利用等実施率目標（2029年度までに）"])],
         ans=["95%", "50%", "2029年度"],
         note="施策集 食品ロス・食品リサイクル sheet: 2029年度までに 製造業95%、外食産業50%."),
    dict(tag="compare", kind="target",
         q="蓄電池リサイクル技術の回収率の目標、リチウムとコバルトでそれぞれ何％？",
         groups=[("S", ["リチウム70%、ニッケル95%、コバルト95%以上"])],
         ans=["70%", "95%"],
         note="施策集 LiB 重要鉱物国内循環 sheet: リチウム70%、ニッケル95%、コバルト95%以上."),
    dict(tag="compare", kind="number",
         q="ローカル10,000プロジェクトの助成上限額は、原則と最大（かさ上げ時）でそれぞれいくらですか。",
         groups=[("S", ["融資額に応じて最大5,500万円までのかさ上げ措置あり"])],
         ans=["3,000万円", "5,500万円"],
         note="施策集 ローカル10,000 sheet: 助成上限 原則3,000万円、最大5,500万円."),
    dict(tag="compare", kind="number",
         q="地域の資源循環ビジネスの伴走支援、モデル実証の毎年の目標件数と2025年度の実績件数を比べると？",
         groups=[("S", ["地域の課題を解決する資源循環に係るモデル実証事業実施件数",
                        "CE診断・ビジョン作成43件、モデル実証事業15件"])],
         ans=["14件", "15件"],
         note="施策集 伴走支援 sheet: 目標 毎年14件 (2025～2027年度); 2025年度実績 モデル実証事業15件."),
    dict(tag="compare", kind="schedule",
         q="バーゼルのPIC手続の電子化、1件あたりの所要期間をどこまで縮める目標で、電子化はいつから実現する予定？",
         groups=[("S", ["1件当たりの所要時間を1か月程度まで短縮", "2028年度から電子化を実現する"])],
         ans=["1か月程度", "2028年度"],
         note="施策集 PIC手続効率化 sheet: 1件当たり1か月程度まで短縮、2027年度末までに開発完了し2028年度から電子化."),
    dict(tag="compare", kind="number",
         q="点検資料の地域循環の進捗表で、1人1日当たりのごみ焼却量の目標値と最新値を並べてほしい。",
         groups=[("T", ["1人1日当たりごみ焼却量 (※直接焼却への搬入量)"])],
         ans=["約580g/人日", "662g/人日"],
         note="点検 Ⅲ-1 進捗表: 目標 約580g/人日 (2030年度)、最新値 662g/人日."),
    dict(tag="compare", kind="number",
         q="バイオマスプラスチックの導入量、点検の表で目標と最新値はどれくらい離れてる？",
         groups=[("T", ["約15万トン (2022年度)"])],
         ans=["約200万トン", "約15万トン"],
         note="点検 Ⅲ-2 進捗表: 目標 約200万トン (2030年度)、最新値 約15万トン (2022年度)."),
    dict(tag="compare", kind="number",
         q="廃棄物のエネルギーを外へ供給できている施設って、割合の目標と今の値はどうなってる？",
         groups=[("T", ["廃棄物エネルギーを 外部に供給している施設の割合"])],
         ans=["46%", "43.1%"],
         note="点検 Ⅲ-1 進捗表: 46% (2027年度, 廃棄物処理施設整備計画)、最新値 43.1%."),

    # ------------------------------------------------------------------
    # long (20): audience / chatter / format around one real question
    # ------------------------------------------------------------------
    dict(tag="long", kind="schedule",
         q="局長レク用に太陽光パネルのリサイクル新法の資料を作っています。大量廃棄が見込まれる時期などの背景は押さえたのですが、法律の施行時期がどう書かれているかが分かりません。一言で教えてください。",
         groups=[("S", ["施行期日 公布から1年6か月以内で政令で定める日"]),
                 ("S", ["公布から1年半以内の施行を予定"])],
         ans=["1年6か月以内|1年半以内"],
         note="施策集 太陽光パネル sheets: 公布から1年半以内の施行を予定 / 施行期日 公布から1年6か月以内で政令で定める日."),
    dict(tag="long", kind="target",
         q="来週の議員レクで再資源化事業等高度化法の話が出そうです。前任者からは「認定は5年で50件が目標」と聞いたのですが、本当にそうなのか気になっています。施策集での認定件数の目標を確認させてください。",
         groups=[("S", ["3年で100件認定"])],
         ans=["3年で100件"],
         note="Near-miss premise (5年で50件). 施策集 高度化法 sheet: 高度な再資源化事業を3年で100件認定."),
    dict(tag="long", kind="number",
         q="グリーン購入法の循環性基準について課長から聞かれています。エコマークを活用する基準がすでにどのくらい設定されているのか、分野数と品目数を3行でまとめてもらえますか。",
         groups=[("S", ["17分野138品目にエコマーク活用の基準を設定済"])],
         ans=["17分野138品目"],
         note="施策集 政府調達 循環性基準 sheet: 17分野138品目にエコマーク活用の基準を設定済."),
    dict(tag="long", kind="number",
         q="念のための確認です。紙おむつが一般廃棄物に占める割合は今後上がると言われていますが、足元の割合と2030年度の見込みはそれぞれどう書かれていますか。審議会の説明資料に使います。",
         groups=[("S", ["一般廃棄物に占める割合は、2023年度時点では約5.5%"])],
         ans=["約5.5%", "6.6～7.1%"],
         note="施策集 使用済紙おむつ sheet: 2023年度時点 約5.5% → 2030年度 6.6～7.1%."),
    dict(tag="long", kind="number",
         q="来月の会議で食品ロスの進捗を話すので、数字を押さえておきたいです。2023年度の家庭系食品ロスの推計量と、50%削減目標まであとどれくらい残っているかを箇条書きでお願いします。",
         groups=[("S", ["家庭系食品ロス 233万トン"])],
         ans=["233万トン", "17万トン"],
         note="施策集 食品ロス sheet: 家庭系食品ロス 233万トン（50%削減目標まで残り17万トン）."),
    dict(tag="long", kind="number",
         q="SAFの話を部長にするとき、海外市場の大きさも添えたいと思っています。施策集ではアジア圏のSAF市場規模をどれくらいと見込んでいましたか。一言で。",
         groups=[("S", ["アジア圏におけるSAFの市場規模は約22兆円"])],
         ans=["約22兆円"],
         note="施策集 SAF製造 sheet: アジア圏のSAF市場規模は約22兆円."),
    dict(tag="long", kind="schedule",
         q="前任者から聞いたんだけど、企業版ふるさと納税の人材派遣型って令和4年度にできたんだっけ？議員から聞かれたときに間違えたくないので、施策集の記載で確認したいです。",
         groups=[("S", ["令和2年度より新たに人材派遣型を創設"])],
         ans=["令和2年度"],
         note="Near-miss premise (令和4年度). 施策集 地方創生支援 sheet: 令和2年度より人材派遣型を創設."),
    dict(tag="long", kind="target",
         q="課長レク用です。ローカル10,000プロジェクトの取組指標として、継続事業の割合の目標値がいくつになっているか教えてください。対象期間もあわせてお願いします。",
         groups=[("S", ["活用事業における継続事業の割合"])],
         ans=["95%", "2025年度～2029年度"],
         note="施策集 ローカル10,000 sheet: 継続事業の割合 95%（2025年度～2029年度）."),
    dict(tag="long", kind="target",
         q="リユースの施策パッケージについて、自治体向けの説明会で話す予定です。担当からは市場規模の話ばかり出てくるのですが、リユース業者と協働する自治体の数はどこまで増やす目標になっていますか。",
         groups=[("S", ["リユース業者等と協働取組を行う自治体数"])],
         ans=["600自治体"],
         note="施策集 リユース施策パッケージ sheet: リユース業者等と協働取組を行う自治体数 →600自治体."),
    dict(tag="long", kind="target",
         q="打合せで他省庁の方が「磁石はリサイクルで半分賄う計画」と言っていたのですが、そんなに高い目安だったでしょうか。2030年時点でリサイクルによって賄う割合を一言で教えてください。",
         groups=[("S", ["国内で供給される永久磁石の原材料の約3割をリサイクルによって賄う"])],
         ans=["約3割"],
         note="Near-miss premise (半分). 施策集 永久磁石 sheet: 2030年時点で原材料の約3割をリサイクルで."),
    dict(tag="long", kind="number",
         q="サーキュラーパートナーズの会員構成を議員レクで聞かれそうです。全体の会員数はだいたい分かっているのですが、そのうち企業は何社でしたっけ。箇条書きで簡単にお願いします。",
         groups=[("S", ["会員数：840者"])],
         ans=["685 社"],
         note="施策集 CPs sheet: 会員数840者のうち企業 685 社."),
    dict(tag="long", kind="ministry",
         q="念のため確認させてください。廃棄物処理へのAIロボット導入について、自治体のリサイクル施設向けの導入支援策はどこの省がいつ頃を目途に検討することになっていますか。局内の打合せで使います。",
         groups=[("S", ["2030年度を目途に環境省による自治体等のリサイクル施設を対象としたFS事業等導入支援策を検討"])],
         ans=["環境省", "2030年度"],
         note="施策集 AI・ロボット sheet 目指す姿: 2030年度を目途に環境省による…FS事業等導入支援策を検討."),
    dict(tag="long", kind="schedule",
         q="改正資源有効利用促進法の説明資料を作っています。再生プラの利用率の義務化を段階的に行うことの検討について、いつまでにと書かれていますか。3行程度でお願いします。",
         groups=[("S", ["令和10年度までに段階的に一定の再生プラスチック利用率の義務化"])],
         ans=["令和10年度"],
         note="施策集 再生プラ需給拡大 sheet: 令和10年度までに段階的に再生プラスチック利用率の義務化を検討."),
    dict(tag="long", kind="number",
         q="GREEN×EXPO 2027の担当と打合せがあります。ユニフォームを植物由来素材でそろえる実証について、対象になるボランティアやスタッフの人数規模をどう書いてあるか教えてください。一言で大丈夫です。",
         groups=[("S", ["会期中の1万人を超えるボランティア"])],
         ans=["1万人"],
         note="施策集 GREEN×EXPO sheet: 会期中の1万人を超えるボランティア、運営スタッフ等のユニフォーム."),
    dict(tag="long", kind="target",
         q="点検資料の地方創生の分野について、課長から広域化・集約化の計画の話を振られました。計画を策定した都道府県の割合の目標値と目標年度を簡潔にお願いします。最新値が空欄の理由もあれば。",
         groups=[("T", ["長期広域化・集約化計画を 策定した都道府県の割合", "2027年度に策定予定"])],
         ans=["100%", "2027年度"],
         note="点検 Ⅲ-1 指標表: 100% (2027年度), 最新値「—」, 備考 2027年度に策定予定."),
    dict(tag="long", kind="number",
         q="部会ヒアリングの概要を局長に上げたいです。エフピコの回収の仕組みについて、回収ステーションになっているスーパー等の拠点数がどれくらいと書かれているか教えてください。",
         groups=[("T", ["ストア to ストア"])],
         ans=["約1万拠点"],
         note="点検 Ⅲ-2 ヒアリング エフピコ: 全国のスーパーマーケット等（約 1 万拠点）を回収ステーション."),
    dict(tag="long", kind="summary",
         q="同僚が「HUB & STOCKは横浜市と組んでいる」と言っていましたが、点検資料ではどこの自治体と連携していることになっていますか。来週のヒアリング準備で確認したいです。",
         groups=[("T", ["HUB & STOCK 株式会社", "未使用建材等の買取"])],
         ans=["川崎市"],
         note="Near-miss premise (横浜市). 点検 Ⅲ-1 ヒアリング HUB & STOCK: 川崎市との連携."),
    dict(tag="long", kind="summary",
         q="神戸市のヒアリング内容をまとめています。市内のあちこちに置いている資源回収ステーションの名前をど忘れしてしまいました。一言で教えてください。",
         groups=[("T", ["まわり続けるリサイクル"])],
         ans=["エコノバ"],
         note="点検 Ⅲ-1 ヒアリング 神戸市: 資源回収ステーション「エコノバ」."),
    dict(tag="long", kind="number",
         q="事業者連携の事例表について議員から質問がありそうです。プラスチック分野で参加企業数がいちばん多いプラットフォームと、その参加数を教えてください。名前は略称でかまいません。",
         groups=[("T", ["Japan Clean Ocean Material Alliance (CLOMA)*2"])],
         ans=["CLOMA", "481"],
         note="点検 参考イメージ 事例表: CLOMA 481 (プラスチック分野で最多)."),
    dict(tag="long", kind="schedule",
         q="局長レクの想定問答を作っています。G7で重要鉱物の行動計画が採択されたのはいつだったか、施策集の書き方で確認したいです。年月だけで結構です。",
         groups=[("S", ["重要鉱物行動計画"])],
         ans=["2025年6月"],
         note="施策集 同志国連携 sheet: G7サミットにおいて重要鉱物行動計画が採択（2025年6月）."),
]

EXPECTED = {"compare2doc": 30, "compare": 10, "long": 20}
KINDS = {"which_measure", "target", "number", "schedule", "ministry",
         "ministry_unstated", "indicator", "summary", "unanswerable"}


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def load_texts():
    return {k: norm(open(os.path.join(PLAN_DIR, fn), encoding="utf-8").read())
            for k, fn in DOCS.items()}


def build():
    rng = random.Random(21)
    items = list(ITEMS)
    rng.shuffle(items)
    rows, tags = [], {}
    for i, it in enumerate(items, 1):
        iid = "f21-%03d" % i
        rows.append({
            "id": iid,
            "question": it["q"],
            "kind": it["kind"],
            "doc": DOCS[it["groups"][0][0]],
            "relevant": [list(sn) for _, sn in it["groups"]],
            "answer_contains": list(it["ans"]),
            "note": it["note"],
        })
        tags[iid] = it["tag"]
    return rows, tags


def verify(rows, tags, texts, cmp_path, tags_path):
    errs = []
    inv = {v: k for k, v in DOCS.items()}
    # tag counts
    counts = {}
    for t in tags.values():
        counts[t] = counts.get(t, 0) + 1
    if counts != EXPECTED:
        errs.append("tag counts %r != %r" % (counts, EXPECTED))
    # ids
    ids = [r["id"] for r in rows]
    if len(set(ids)) != len(ids):
        errs.append("duplicate ids")
    if ids != ["f21-%03d" % i for i in range(1, 61)]:
        errs.append("ids are not f21-001..f21-060")
    if set(ids) != set(tags):
        errs.append("tags.json ids differ from cmp.jsonl ids")
    if len({norm(r["question"]) for r in rows}) != len(rows):
        errs.append("duplicate questions")
    keys = ["id", "question", "kind", "doc", "relevant", "answer_contains", "note"]
    for r in rows:
        rid = r["id"]
        if list(r.keys()) != keys:
            errs.append("%s: keys %r" % (rid, list(r.keys())))
        if r["kind"] not in KINDS or r["kind"] == "unanswerable":
            errs.append("%s: bad kind %s" % (rid, r["kind"]))
        if r["doc"] not in inv:
            errs.append("%s: unknown doc %s" % (rid, r["doc"]))
        if not r["relevant"] or not r["answer_contains"]:
            errs.append("%s: empty relevant/answers" % rid)
        # each group: 1-3 snippets, all in one doc; record exclusive docs
        gdocs = []
        for g in r["relevant"]:
            if not (1 <= len(g) <= 3):
                errs.append("%s: group size %d" % (rid, len(g)))
            where = None
            for sn in g:
                hit = {k for k, t in texts.items() if norm(sn) in t}
                if not hit:
                    errs.append("%s: snippet not in plan texts: %s" % (rid, sn))
                    hit = set()
                where = hit if where is None else (where & hit)
            gdocs.append(where or set())
            if not where:
                errs.append("%s: group snippets not all in one doc" % rid)
        if gdocs and inv.get(r["doc"]) not in gdocs[0]:
            errs.append("%s: doc field does not hold the first group" % rid)
        cited = set().union(*gdocs) if gdocs else set()
        # answers: verbatim in a cited doc, near a snippet of the group
        for a in r["answer_contains"]:
            if a.strip() in ("はい", "いいえ") or not a.strip():
                errs.append("%s: yes/no or empty answer" % rid)
            alts = [norm(x) for x in a.split("|")]
            ok_near = False
            for g, gd in zip(r["relevant"], gdocs):
                for d in gd:
                    t = texts[d]
                    for sn in g:
                        for m in re.finditer(re.escape(norm(sn)), t):
                            win = t[max(0, m.start() - 2500): m.end() + 2500]
                            if any(x in win for x in alts):
                                ok_near = True
            if not any(x in texts[d] for x in alts for d in cited):
                errs.append("%s: answer not verbatim in cited docs: %s" % (rid, a))
            elif not ok_near:
                errs.append("%s: answer not near any cited snippet: %s" % (rid, a))
        if tags.get(rid) == "compare2doc":
            excl = [gd for gd in gdocs if len(gd) == 1]
            if {"S"} not in excl or {"T"} not in excl:
                errs.append("%s: compare2doc must cite one group exclusive to each document" % rid)
            in_s = any(any(norm(x) in texts["S"] for x in a.split("|")) for a in r["answer_contains"])
            in_t = any(any(norm(x) in texts["T"] for x in a.split("|")) for a in r["answer_contains"])
            if not (in_s and in_t):
                errs.append("%s: compare2doc needs answer strings from both documents" % rid)
        # questions must be the writer's own words: no long verbatim span
        qn = norm(r["question"])
        span = 20
        for i in range(0, max(0, len(qn) - span + 1)):
            w = qn[i:i + span]
            if any(w in t for t in texts.values()):
                errs.append("%s: question copies plan text: %s" % (rid, w))
                break
    # file-level JSON validity
    with open(cmp_path, encoding="utf-8") as f:
        lines = [l for l in f.read().split("\n") if l.strip()]
    if len(lines) != 60:
        errs.append("cmp.jsonl has %d lines" % len(lines))
    for l in lines:
        try:
            json.loads(l)
        except ValueError as e:
            errs.append("invalid JSON line: %s" % e)
    with open(tags_path, encoding="utf-8") as f:
        try:
            json.load(f)
        except ValueError as e:
            errs.append("invalid tags.json: %s" % e)
    return errs, counts


def main():
    texts = load_texts()
    rows, tags = build()
    cmp_path = os.path.join(HERE, "cmp.jsonl")
    tags_path = os.path.join(HERE, "tags.json")
    with open(cmp_path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(tags_path, "w", encoding="utf-8") as f:
        json.dump(tags, f, ensure_ascii=False, indent=1)
        f.write("\n")
    errs, counts = verify(rows, tags, texts, cmp_path, tags_path)
    if errs:
        for e in errs:
            print("FAIL", e, file=sys.stderr)
        sys.exit(1)
    print("OK", json.dumps(counts, ensure_ascii=False))


if __name__ == "__main__":
    main()
