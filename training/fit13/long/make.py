#!/usr/bin/env python3
"""Generate /work/fit13/long/long.jsonl and tags.json, then verify them against the plan texts.

stdlib only.  Usage:  python3 make.py            (write + verify)
                      python3 make.py --check    (verify existing files only)
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"
S = "002_dc7e15a85d2a7a74.txt"   # 循環経済行動計画（案） 施策集
T = "000_1412c9d0e289725a.txt"   # 第1回点検 重点点検分野 評価の方向性（案）

# (id-suffix, tag, kind, doc, question, relevant groups, answer_contains, note)
ITEMS = [
    # ---------------- LONG: audience / chatter / said / format around the question ----------------
    ("long", "number", S,
     "来月の会議で使うので念のため確認させてください。再生材サプライチェーンの設備投資支援って、令和8年度の予算案でいくら積んでるんでしたっけ？",
     [["令和8年度予算案として379億円を計上", "再生材供給サプライチェーン強靱化に向けた設備投資支援"]],
     ["379億円"], "再資源化拠点等の構築シート：令和8年度予算案379億円。前置きに雑談。"),
    ("long", "summary", S,
     "リチウムイオン電池の資源循環まわりで国がやること、大臣レク用に3行で",
     [["リチウムイオン電池の資源循環に関する取組については以下の通り", "廃棄物処理施設への高度選別機・検知設備の導入支援"]],
     ["分別回収", "高度選別機"], "LIB総合対策パッケージ（資源循環部分）：自主回収・高度選別機導入支援・技術開発・分別回収体制。後置きに宛先と形式。"),
    ("long", "schedule", S,
     "前任から引き継いだばかりで状況がつかめていません。スクラップヤードの許可制度、自治体や事業者の準備はいつまでに進める想定ですか？",
     [["2027年度末までに自治体・事業者の円滑な制度開始に向けた準備を進め", "スクラップヤード事業の許可制度導入・開始に向けた調査・分析"]],
     ["2027年度末"], "不適正スクラップヤード規制シートの取組指標。2文の前置き。"),
    ("long", "target", S,
     "部長が「e-scrapのリサイクル処理量は2030年に倍増」と言っていたけど、施策集ではどういう数字になってる？局長説明用に一言で",
     [["レアメタルを含むe-scrapのリサイクル処理量を2030年に約50万トン", "調査計画に合意した主要5カ国"]],
     ["約50万トン", "5割増"], "ASEAN E-waste支援シート：2030年に約50万トン（2020年比5割増）で、倍増ではない。前に伝聞、後に宛先＋形式。"),
    ("long", "target", S,
     "議員事務所から聞かれて。農山漁村で農林漁業循環経済に取り組む地域、国は何件つくるつもり？",
     [["農林漁業循環経済の構築に取り組む地域を2030年度までに", "農林漁業循環経済先導地域づくりの推進"]],
     ["100件", "2030年度"], "農林漁業循環経済シート：2030年度までに全国で100件創出。"),
    ("long", "number", S,
     "急ぎですみません、紙おむつが一般廃棄物に占める割合って2030年度にはどこまで上がる見込み？数字だけで",
     [["一般廃棄物に占める割合は、2023年度時点では約5.5%", "紙おむつリサイクルガイドライン"]],
     ["6.6", "7.1%"], "紙おむつシート：約5.5%（2023年度）→2030年度6.6～7.1%。前に雑談、後に形式。"),
    ("long", "target", S,
     "管理されてない空き家の数、どこまでに抑える目標になってますか。課長に上げるメモなので箇条書きでお願いします",
     [["腐朽・破損がある使用目的のない空き家数", "改正空家法に基づく取組等による空家の適切な管理・活用の推進"]],
     ["100万戸程度", "2035年"], "長期優良住宅・空家シート：約95万戸(2023年)⇒100万戸程度に抑える(2035年)。後ろに宛先＋形式。"),
    ("long", "number", S,
     "SAFのアジア市場ってどれくらいの規模と見てるの？大臣レク用なので数字を一つだけ",
     [["アジア圏におけるSAFの市場規模は約22兆円", "国内で大規模なSAF製造を行う事業者等に対して、設備投資等を支援する"]],
     ["約22兆円"], "SAF製造支援シート：アジア圏のSAF市場規模約22兆円。"),
    ("long", "number", S,
     "局長説明用です。去年度の資源循環自治体フォーラム、開催地と参加者数を2点で。急ぎです",
     [["札幌市、仙台市、川崎市、名古屋市、大阪市、広島市、薩摩川内市で開催", "資源循環自治体フォーラム等を通じた資源循環ビジネス創出支援"]],
     ["薩摩川内市", "2,250名"], "自治体フォーラムシート（2025年度実績）：7都市で開催、計2,250名参加。前後に宛先・雑談。"),
    ("long", "summary", S,
     "GREEN×EXPO 2027でスタッフのユニフォームをどうするのか、一言で教えて。来月の会議で使うので",
     [["「着る循環」の社会実証", "GX House（リユース型建築）を推進"]],
     ["Plant-First|植物由来", "堆肥化"], "GREEN×EXPOシート：ユニフォームをPlant-First素材で統一し着用→回収→堆肥化まで実証。"),
    ("long", "schedule", S,
     "地方創生人材支援制度で循環経済の分野が拡充されるのって何年度からだっけ。念のためなんですが。",
     [["令和8年度よりグリーン専門人材分野で循環経済に係る支援分野を拡充", "地域未来交付金"]],
     ["令和8年度", "グリーン専門人材"], "地方創生支援シート：令和8年度よりグリーン専門人材分野で拡充。後ろに雑談。"),
    ("long", "which_measure", S,
     "議員事務所向けの資料です。ASEANのE-waste支援で対象にしてる主要国、箇条書きで全部",
     [["調査計画に合意した主要5カ国", "ASEAN主要国において、制度構築・能力開発及び日本企業との協働促進等を行う"]],
     ["インドネシア", "タイ", "フィリピン", "マレーシア", "ベトナム"], "ASEAN E-waste支援シート：主要5カ国。"),
    ("long", "schedule", S,
     "部長が「欧州では電池に再生材を使う義務がもうすぐ始まる」と言っていたんだけど、何年からって書いてある？",
     [["欧州バッテリー規則では、2031年より再生材の使用が義務付けられる", "リチウムイオン蓄電池に係る重要鉱物の国内循環システムの構築"]],
     ["2031年"], "LIB重要鉱物国内循環シートの事業概要：欧州バッテリー規則で2031年より義務。"),
    ("long", "which_measure", T,
     "点検のヒアリングに出てきた神戸市の回収ステーション、名前なんだったっけ？局長説明用に",
     [["資源回収ステーション「エコノバ」", "まわり続けるリサイクル"]],
     ["エコノバ"], "点検Ⅲ-1 ヒアリング先の取組状況：神戸市「エコノバ」。"),
    ("long", "schedule", S,
     "前任から引き継いだばかりです。企業版ふるさと納税に人材派遣型ができたのはいつからですか？",
     [["令和2年度より新たに人材派遣型を創設", "企業版ふるさと納税"]],
     ["令和2年度"], "地方創生支援シート：令和2年度より人材派遣型を創設。"),
    ("long", "number", S,
     "日本で処理してる電子スクラップのうち輸入ものがどれくらいか、大臣レク用に1行で",
     [["処理量のうち4割強が輸入由来", "OECD国でのシェアは5割弱でトップ"]],
     ["4割強", "6割"], "ASEAN支援【参考②】：処理量のうち4割強が輸入由来（うち6割が欧米）。"),
    ("long", "number", T,
     "急ぎですみません。点検資料のエフピコのヒアリング、店頭回収の拠点ってどのくらいの数って書いてありました？",
     [["ストア to ストア", "トレイ to トレイ"]],
     ["約1万拠点"], "点検Ⅲ-2 ヒアリング：全国のスーパーマーケット等（約1万拠点）を回収ステーションに。"),
    ("long", "summary", S,
     "情報流通プラットフォームのCMPとRMP、何が違うのか3行で。課長に上げるメモに使います。",
     [["RMP (Recycle Management Platform)の構築・実装", "CMP (Chemical and Circular Management Platform)の実装"]],
     ["製品含有化学物質情報", "資源循環産業"], "情報流通PFシート：CMP=製品含有化学物質情報の連携、RMP=製造業と資源循環産業の間の情報連携。"),
    ("long", "schedule", S,
     "来月の会議で使うので確認です。部長はフードバンクの認証は来年度からと言っていたけど、施策集ではいつ開始になってますか？",
     [["フードバンク認証制度を2026年度より開始", "食品ロス削減推進事業"]],
     ["2026年度"], "食品ロス削減シート：フードバンク認証制度を2026年度より開始。前に雑談＋伝聞の2文。"),
    ("long", "schedule", S,
     "議員事務所から聞かれて困ってます。再生プラの利用率の義務化、いつまでにどういう製品からやる方向？時期と対象の2点で",
     [["令和10年度までに段階的に一定の再生プラスチック利用率の義務化を行うことを検討", "改正資源有効利用促進法に基づく再生材の需要創出及び環境配慮設計の促進"]],
     ["令和10年度", "取組が進んでいる製品"], "再生プラ需給拡大シート（再掲あり）：取組が進んでいる製品について令和10年度までに段階的に義務化を検討。"),

    # ---------------- TWO-PART: two slots of one measure / two measures in one slot ----------------
    ("twopart", "schedule", S,
     "再資源化事業等高度化法、全面施行はいつで、事業認定は何件を目指してる？",
     [["2025年11月に全面施行された再資源化事業等高度化法", "3年で100件以上の事業認定を目指す"]],
     ["2025年11月", "100件"], "高度化法認定シート：2025年11月全面施行、3年で100件以上認定。"),
    ("twopart", "ministry", S,
     "SIPでやってるプラスチックのサーキュラーエコノミー研究開発、目指す姿と担当省庁は？",
     [["PLA-NETJ", "SIP第3期「サーキュラーエコノミーシステムの構築」課題"]],
     ["再生材プラスチックの品質と量の向上", "環境省", "経済産業省"], "SIPシート：環境省・経済産業省（内閣府SIP事業）、目指す姿＝再生材プラスチックの品質と量の向上を実現するバリューチェーン。"),
    ("twopart", "schedule", S,
     "太陽光パネルのリサイクル法案、どの国会に出して、施行はいつごろ？",
     [["第221回国会に法案を提出", "太陽光パネルのリサイクルの推進"], ["公布から1年6か月以内で政令で定める日", "太陽電池廃棄物の再資源化等の推進に関する法律案 概要"]],
     ["第221回国会", "1年半以内|1年6か月以内"], "太陽光パネルシート＋法律案概要シート：第221回国会提出、公布から1年半（1年6か月）以内に施行。"),
    ("twopart", "target", S,
     "バーゼルのPIC手続の電子化、1件あたり何か月まで縮めて、いつから電子化？",
     [["1件当たりの所要時間を1か月程度まで短縮", "2028年度から電子化を実現する"]],
     ["1か月程度", "2028年度"], "PIC手続効率化シート：1か月程度まで短縮、2028年度から電子化。"),
    ("twopart", "number", S,
     "ローカル10,000プロジェクトの助成上限と、継続事業の割合の目標を教えて",
     [["ローカル10,000プロジェクト（地域経済循環創造事業交付金）活用事業における継続事業の割合", "融資額に応じて最大5,500万円までのかさ上げ措置あり"]],
     ["3,000万円", "95%"], "ローカル10,000シート：原則3,000万円（最大5,500万円）、継続事業割合95%（2025～2029年度）。"),
    ("twopart", "target", S,
     "鉄スクラップとアルミ、それぞれ2030年の目標は？",
     [["鉄スクラップを高品位化する処理能力約200万トン/年", "グリーン鉄生産に向けたメタルリサイクル"],
      ["アルミ展伸材の国内生産量の約4割を目安とし、再生アルミ原料由来とする", "低炭素アルミニウム生産に向けたメタルリサイクル"]],
     ["約200万トン", "約4割"], "鉄：高品位化処理能力約200万トン/年を追加確保。アルミ：展伸材国内生産量の約4割を再生原料由来。"),
    ("twopart", "target", S,
     "国産材の建築用材利用量、直近実績と目標値を",
     [["建築用材等の国産材利用量 2600万m³", "改質リグニンの社会実装"]],
     ["1,800万m³", "2600万m³"], "森林資源シート：R6年実績約1,800万m³、取組指標2600万m³。"),
    ("twopart", "target", S,
     "下水汚泥の肥料利用率と下水道のバイオマスリサイクル率、2030年度の目標はそれぞれ何%？",
     [["下水汚泥肥料利用率", "下水道バイオマスリサイクル率"]],
     ["30%", "45%"], "下水汚泥シート：肥料利用率15%→30%、バイオマスリサイクル率25%→45%（2030年度）。"),
    ("twopart", "target", S,
     "食品リサイクルの再生利用等実施率、製造業と外食産業はそれぞれ何%が目標？",
     [["再生利用等実施率目標（2029年度までに）", "登録再生利用事業者制度"]],
     ["95%", "50%"], "食品ロス・リサイクルシート：2029年度までに製造業95%、外食産業50%。"),
    ("twopart", "number", S,
     "J4CEって今何社・団体参加してて、その数字はいつ時点？",
     [["Japan Partnership for Circular Economy", "213社・22団体"]],
     ["235", "2026年4月"], "J4CEシート：213社・22団体 計235（2026年4月現在）。"),
    ("twopart", "target", S,
     "自動車向け再生プラの供給量の目標、2030年と2041年以降でそれぞれいくら？",
     [["2030年までに2.1万t/年", "再生プラスチック集約拠点構築推進事業"]],
     ["2.1万t/年", "20万t/年"], "自動車向け再生プラシート：2030年までに2.1万t/年、2041年以降20万t/年。"),
    ("twopart", "schedule", S,
     "グリーン購入法で再生プラ利用率などの循環性基準を入れる取組、いつから始まって、対象は何？",
     [["2024年度から取組を開始", "政府調達における循環性基準の導入によるマーケットの創出支援"]],
     ["2024年度", "特定調達品目"], "グリーン購入シート：2024年度から開始、全ての特定調達品目（2030年度まで）。"),

    # ---------------- COMPARE 施策集 vs 点検 draft ----------------
    ("compare2doc", "target", S,
     "長期優良住宅の目標、施策集と点検資料で目標年はどう違う？",
     [["住宅ストックに占める認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)"],
      ["認定長期優良住宅のストック数", "住生活基本計画"]],
     ["2035年", "2030年度"], "施策集は割合15%（2035年）、点検は認定長期優良住宅ストック約250万戸（2030年度）。"),
    ("compare2doc", "number", S,
     "CPsの会員数、施策集と点検資料の参考表で数字が違う？",
     [["会員数：840者"],
      ["サーキュラーエコミーの実現を目指し、産官学の連携を促進するためのもの"]],
     ["840", "833"], "施策集CPsシート：840者（2026年3月1日時点）。点検参考表：CPS 833。"),
    ("compare2doc", "target", S,
     "リユース市場規模、施策集には目標値があるけど点検資料の表ではどうなってる？両方の数字で",
     [["リユース市場規模 →4.6兆円", "適正なリユース市場の規模拡大に向けた施策パッケージ"],
      ["34,986億円"]],
     ["4.6兆円", "34,986億円"], "施策集：リユース市場規模→4.6兆円。点検：数値目標なし（—）、最新値34,986億円（2024年度）。"),
    ("compare2doc", "target", S,
     "食品ロスの削減目標、施策集と点検資料で書き方はどう違う？",
     [["食品ロス削減目標（2000年度比で2030年度までに）"],
      ["食品ロス量半減"]],
     ["50%", "60%", "半減"], "施策集：家庭系50%減早期達成・事業系60%減（2000年度比、2030年度）。点検備考：食品ロス量半減。"),

    # ---------------- CHECKS (true / false) ----------------
    ("check-true", "target", S,
     "サーキュラーエコノミーポートって2030年に22港以上選ぶんだよね？",
     [["サーキュラーエコノミーポートの選定数", "循環経済拠点港湾（サーキュラーエコノミーポート）の選定・整備"]],
     ["22港以上"], "港湾シート：選定数（2030年 22港以上）。正しい。"),
    ("check-false", "target", S,
     "衣類の廃棄25%削減って、2035年度までの目標だっけ？",
     [["家庭から手放される衣料品のうち、廃棄されるものを2020年度比で25%削減する", "サステナブルファッション推進に向けた取組"]],
     ["2030年度", "25%"], "サステナブルファッションシート：2030年度時点で2020年度比25%削減。年が誤り。"),
    ("check-true", "schedule", S,
     "局長説明の前に念のため。PIC手続の電子化は2028年度からで合ってる？",
     [["2028年度から電子化を実現する", "事前通告・同意回答手続（PIC手続）の効率化及び電子化"]],
     ["2028年度"], "PIC手続シート：2027年度末までに開発完了、2028年度から電子化。正しい。"),
    ("check-false", "target", S,
     "伴走支援のモデル実証事業って、毎年20件が目標だったよね？",
     [["地域の課題を解決する資源循環に係るモデル実証事業実施件数", "自治体CE診断・ビジョン作成"]],
     ["14件"], "伴走支援シート：毎年14件（2025～2027年度）。数が誤り。"),
    ("check-true", "target", S,
     "紙おむつのリサイクル、2030年度までに150自治体で実施か検討ってなってるはず",
     [["使用済紙おむつのリサイクルを実施又は検討する自治体数を150とする"]],
     ["150", "2030年度"], "紙おむつシート：2030年度までに150自治体。正しい。"),
    ("check-false", "ministry", S,
     "J4CEを立ち上げたのって環境省と農林水産省で合ってる？",
     [["創設団体 : 環境省、経済産業省、経団連", "Japan Partnership for Circular Economy"]],
     ["経済産業省", "経団連"], "J4CEシート：創設団体は環境省、経済産業省、経団連。省が誤り。"),
    ("check-true", "target", S,
     "永久磁石の原材料、2030年に3割くらいをリサイクルで賄うって書いてある？",
     [["永久磁石の原材料の約3割をリサイクルによって賄う", "永久磁石の安定供給確保に資する資源循環"]],
     ["約3割"], "永久磁石シート：2030年時点で約3割をリサイクル。正しい。"),
    ("check-false", "target", S,
     "大臣レク用に確認したいんですが、LIBのリサイクル技術でリチウムの回収率目標って95%だっけ？",
     [["リチウム70%、ニッケル95%、コバルト95%以上を回収可能なリサイクル技術"]],
     ["リチウム70%"], "LIB重要鉱物シート：リチウム70%、ニッケル・コバルト95%以上。数が誤り。前置きに宛先。"),
    ("check-true", "ministry", S,
     "リチウムイオン電池の総合対策パッケージ、関係省庁に消防庁も入ってるよね？",
     [["リチウムイオン電池総合対策関係省庁連絡会議", "リチウムイオン電池起因の重大火災事故ゼロ"]],
     ["総務省消防庁"], "LIBパッケージシート：連絡会議は消費者庁、総務省消防庁、経済産業省、国土交通省、環境省。正しい。"),
    ("check-false", "ministry", S,
     "金属スクラップの水際対策って、環境省と国交省で連携してやるって書いてあったはず",
     [["環境省、経済産業省、財務省等と連携した厳格な水際対策の実施", "バーゼル法の適用の明確化"]],
     ["経済産業省", "財務省"], "海外流出抑制・水際対策シート：環境省、経済産業省、財務省等。国交省は誤り。"),
    ("check-true", "target", T,
     "点検の案に、2030年までに循環経済関連ビジネスを80兆円以上にするって目標が載ってるよね？課長メモに引用したくて",
     [["循環経済関連ビジネスの市場規模を80兆円以上にする"]],
     ["80兆円以上"], "点検Ⅲ-2 政策の方向性：2030年までに80兆円以上。正しい。後ろに宛先。"),
    ("check-false", "schedule", S,
     "改正空家法って令和6年4月施行だっけ？急ぎで",
     [["改正空家法（令和5年12月施行）"]],
     ["令和5年12月"], "長期優良住宅・空家シート：令和5年12月施行。年月が誤り。"),

    # ---------------- INDICATORS (点検 tables) ----------------
    ("indicator", "indicator", T,
     "1人1日あたりのごみ焼却量、目標に対して今どのくらい？",
     [["662g/人日"]],
     ["約580g/人日", "662g/人日"], "点検Ⅲ-1 進捗表：目標約580g/人日（2030年度）、最新値662g/人日。"),
    ("indicator", "indicator", T,
     "廃棄物エネルギーを外に供給してる施設の割合、直近の値と目標は？",
     [["43.1%"]],
     ["43.1%", "46%"], "点検Ⅲ-1 進捗表：目標46%（2027年度）、最新値43.1%。"),
    ("indicator", "indicator", T,
     "バイオマスプラスチックの導入量の実績と目標値を",
     [["約15万トン (2022年度)"]],
     ["約15万トン", "約200万トン"], "点検Ⅲ-2 進捗表：目標約200万トン（2030年度）、最新値約15万トン（2022年度）。"),
    ("indicator", "indicator", T,
     "認定長期優良住宅のストック、足元の数字は目標に対してどう？",
     [["約173万戸 (2024年度)"]],
     ["約173万戸", "約250万戸"], "点検Ⅲ-2 進捗表：目標約250万戸（2030年度）、最新値約173万戸（2024年度）。"),
    ("indicator", "indicator", T,
     "地域循環共生圏に取り組んでる自治体って、実績でいま何団体？",
     [["233自治体"]],
     ["233自治体"], "点検Ⅲ-1 進捗表：数値目標なし、最新値233自治体。"),
    ("indicator", "indicator", T,
     "長期の広域化・集約化計画を作った都道府県の割合、目標と今の実績を教えて",
     [["2027年度に策定予定"]],
     ["100%", "2027年度"], "点検Ⅲ-1 進捗表：目標100%（2027年度）、最新値なし（2027年度に策定予定）。"),

    # ---------------- DECLINE (unanswerable) ----------------
    ("decline", "unanswerable", None,
     "使用済紙おむつからSAFをつくる事業って、2030年までに何件立ち上げる目標？",
     [], [], "紙おむつリサイクルとSAFはそれぞれあるが、紙おむつ由来SAFの施策・目標はない（実在部品の組合せ）。"),
    ("decline", "unanswerable", None,
     "前任から引き継いだばかりで、資源循環自治体フォーラムの環境省側の担当者の名前を教えてください",
     [], [], "担当者名は計画に記載なし。"),
    ("decline", "unanswerable", None,
     "ローカル10,000プロジェクトの問い合わせ窓口の電話番号は？議員事務所から聞かれて",
     [], [], "連絡先は計画に記載なし。"),
    ("decline", "unanswerable", None,
     "大臣レク用に、来年度の診療報酬改定のポイントを3行でまとめて",
     [], [], "循環経済計画と無関係の話題。"),
    ("decline", "unanswerable", None,
     "設備投資支援の379億円のうち、港湾インフラ向けはいくら？",
     [], [], "379億円の内訳は計画に記載なし。"),
    ("decline", "unanswerable", None,
     "来月の会議で使うので。サーキュラーエコノミーポートで太陽光パネルを受け入れる港の数、目標はいくつ？",
     [], [], "CEポート選定数（22港以上）と太陽光パネルリサイクルは別施策で、太陽光パネル受入港の目標はない（実在部品の組合せ）。"),
]

EXPECTED_TAG_COUNTS = {"long": 20, "twopart": 12, "compare2doc": 4, "check-true": 6,
                       "check-false": 6, "indicator": 6, "decline": 6}
# snippets deliberately matching every copy of a sheet printed more than once (【再掲】) or one
# measure listed in several tables of the same section
REPEATED_OK = {
    "会員数：840者",
    "令和10年度までに段階的に一定の再生プラスチック利用率の義務化を行うことを検討",
    "改正資源有効利用促進法に基づく再生材の需要創出及び環境配慮設計の促進",
    "認定長期優良住宅のストック数",
    "レアメタルを含むe-scrapのリサイクル処理量を2030年に約50万トン",
}
KINDS = {"which_measure", "target", "number", "schedule", "ministry", "ministry_unstated",
         "indicator", "summary", "unanswerable"}


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def load_docs():
    docs = {}
    for name in os.listdir(PLAN_DIR):
        with open(os.path.join(PLAN_DIR, name), encoding="utf-8") as f:
            docs[name] = norm(f.read())
    return docs


def build():
    items, tags = [], {}
    for i, (tag, kind, doc, q, rel, ans, note) in enumerate(ITEMS, 1):
        iid = "lg-%03d" % i
        items.append({"id": iid, "question": q, "kind": kind, "doc": doc,
                      "relevant": rel, "answer_contains": ans, "note": note})
        tags[iid] = tag
    return items, tags


def positions(text, sub):
    out, start = [], 0
    while True:
        k = text.find(sub, start)
        if k < 0:
            return out
        out.append(k)
        start = k + 1


def verify(items, tags, docs):
    errors, warns = [], []
    ids = [it["id"] for it in items]
    if ids != ["lg-%03d" % i for i in range(1, 61)]:
        errors.append("ids are not lg-001..lg-060 in order")
    if set(tags) != set(ids):
        errors.append("tags.json ids differ from long.jsonl ids")
    counts = {}
    for t in tags.values():
        counts[t] = counts.get(t, 0) + 1
    if counts != EXPECTED_TAG_COUNTS:
        errors.append("tag counts %s != expected %s" % (counts, EXPECTED_TAG_COUNTS))
    all_text = "".join(docs.values())
    toc_end = docs[S].find(norm("投資促進のための多角的な経済的支援スキームの構築①"))
    assert toc_end > 0
    seen_q = set()
    WIN = 3000  # chars: snippets of one group, and answers, must lie this close (same sheet)
    for it in items:
        iid, tag = it["id"], tags.get(it["id"])
        if tag is None:
            errors.append("%s: no tag" % iid)
        if it["kind"] not in KINDS:
            errors.append("%s: bad kind %s" % (iid, it["kind"]))
        nq = norm(it["question"])
        if nq in seen_q:
            errors.append("%s: duplicate question" % iid)
        seen_q.add(nq)
        # questions must not copy plan sentences
        for k in range(0, max(0, len(nq) - 24)):
            if nq[k:k + 25] in all_text:
                errors.append("%s: question copies 25+ chars of plan text: %s" % (iid, nq[k:k + 25]))
                break
        if tag == "decline":
            if it["kind"] != "unanswerable" or it["doc"] is not None or it["relevant"] or it["answer_contains"]:
                errors.append("%s: decline item must be unanswerable with no doc/relevant/answers" % iid)
            continue
        if it["kind"] == "unanswerable":
            errors.append("%s: non-decline item marked unanswerable" % iid)
        if it["doc"] not in docs:
            errors.append("%s: doc %s not found" % (iid, it["doc"]))
            continue
        if not it["relevant"]:
            errors.append("%s: no relevant group" % iid)
        if not it["answer_contains"]:
            errors.append("%s: no answer_contains" % iid)
        if tag == "compare2doc":
            gdocs = set()
        anchors = []  # (doc, pos) of every snippet hit
        for gi, group in enumerate(it["relevant"]):
            if not 1 <= len(group) <= 3:
                errors.append("%s: group %d has %d snippets" % (iid, gi, len(group)))
            # all snippets of a group must be found in one doc, within WIN chars of each other
            ok_doc = None
            for dname, dtext in docs.items():
                hits = [positions(dtext, norm(s)) for s in group]
                if all(hits):
                    # clusters: a hit of the first snippet with every other snippet within WIN of it
                    cl = [p0 for p0 in hits[0] if all(any(abs(p - p0) <= WIN for p in hs) for hs in hits)]
                    if cl:
                        ok_doc = dname
                        cpos = [p for hs in hits for p in hs if any(abs(p - c) <= WIN for c in cl)]
                        anchors += [(dname, p) for p in cpos]
                        for s_, hs in zip(group, hits):
                            if dname == S and any(p < toc_end for p in hs):
                                errors.append("%s: snippet also in the table of contents: %s" % (iid, s_))
                            far = [p for p in hs if all(abs(p - c) > WIN for c in cl)]
                            if far and s_ not in REPEATED_OK:
                                warns.append("%s: snippet also occurs elsewhere (%s): %s" % (iid, far, s_))
                        break
            if ok_doc is None:
                for s in group:
                    if not any(norm(s) in d for d in docs.values()):
                        errors.append("%s: snippet not in plan texts: %s" % (iid, s))
                errors.append("%s: group %d snippets not found together in one doc" % (iid, gi))
            else:
                if gi == 0 and ok_doc != it["doc"]:
                    errors.append("%s: first group is in %s, doc says %s" % (iid, ok_doc, it["doc"]))
                if tag == "compare2doc":
                    gdocs.add(ok_doc)
            if "**" in "".join(group):
                errors.append("%s: snippet contains markdown markers" % iid)
        if tag == "compare2doc" and len(gdocs) != 2:
            errors.append("%s: compare item must have groups in both documents" % iid)
        for a in it["answer_contains"]:
            alts = [x for x in a.split("|") if x]
            if a in ("はい", "いいえ") or any(x in ("はい", "いいえ") for x in alts):
                errors.append("%s: yes/no answer value" % iid)
            if not norm(alts[0]) in all_text:
                errors.append("%s: answer value (first form) not verbatim in plan: %s" % (iid, alts[0]))
            near = False
            for x in alts:
                nx = norm(x)
                for dname, p in anchors:
                    if any(abs(q - p) <= WIN for q in positions(docs[dname], nx)):
                        near = True
            if not near:
                errors.append("%s: answer value %s not found near the expected sources" % (iid, a))
    return errors, warns


def main():
    docs = load_docs()
    out_jsonl = os.path.join(HERE, "long.jsonl")
    out_tags = os.path.join(HERE, "tags.json")
    if "--check" not in sys.argv:
        items, tags = build()
        with open(out_jsonl, "w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
        with open(out_tags, "w", encoding="utf-8") as f:
            json.dump(tags, f, ensure_ascii=False, indent=1)
            f.write("\n")
    with open(out_jsonl, encoding="utf-8") as f:
        items = [json.loads(l) for l in f if l.strip()]
    with open(out_tags, encoding="utf-8") as f:
        tags = json.load(f)
    errors, warns = verify(items, tags, docs)
    counts = {}
    for t in tags.values():
        counts[t] = counts.get(t, 0) + 1
    print("items: %d" % len(items), file=sys.stderr)
    print("tags: %s" % json.dumps(counts, ensure_ascii=False), file=sys.stderr)
    for w in warns:
        print("WARN " + w, file=sys.stderr)
    for e in errors:
        print("ERROR " + e, file=sys.stderr)
    print("verifier: %s (%d errors, %d warnings)" % ("OK" if not errors else "FAILED", len(errors), len(warns)),
          file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
