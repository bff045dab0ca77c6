#!/usr/bin/env python3
"""Write offpolicy.jsonl (about=false) and plan_lookalike.jsonl (about=true) and verify them.

Each entry: (topic, keys, text).
  Japanese lines: keys = [ja_key, ...]      every key must occur in the line.
  English lines:  keys = [en_key, ja_key]   en_key must occur in the line (case-insensitive);
                                            ja_key is the Japanese name of the same thing.
Off-policy: every key must be ABSENT from both plan texts (English keys checked case-insensitively).
Plan look-alike: the ja_key must be PRESENT in the plan texts.
stdlib only.
"""
import json, os, re, sys, random, glob
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"

# --------------------------------------------------------------------------
# OFF-POLICY, Japanese (125)
OFF_JA = [
 ("公的年金", ["厚生年金"], "厚生年金の保険料率って今何%だっけ？"),
 ("公的年金", ["基礎年金"], "局長説明用に、基礎年金の満額が今年度いくらになったか教えてください。"),
 ("公的年金", ["マクロ経済スライド"], "マクロ経済スライドの仕組みを3行でまとめて。"),
 ("公的年金", ["繰下げ受給"], "繰下げ受給って75歳まで可能になったんだよね？"),
 ("防衛", ["防衛費"], "防衛費を対GDP比2%にする目標年度はいつ？"),
 ("防衛", ["防衛力整備計画"], "大臣レク用に、防衛力整備計画の総額を一言で。"),
 ("防衛", ["自衛隊"], "自衛隊の採用者数の目標値ってどこかに書いてある？"),
 ("最低賃金", ["最低賃金"], "局長説明用に、最低賃金の全国加重平均が今年いくらになったか教えて。"),
 ("最低賃金", ["最低賃金"], "急ぎで、最低賃金1500円目標の達成年次を確認したいです。"),
 ("最低賃金", ["最低賃金"], "最低賃金の決め方（審議会から改定までの流れ）を箇条書きで。"),
 ("観光", ["訪日外国人旅行者"], "訪日外国人旅行者数の2030年目標って6000万人だっけ？"),
 ("観光", ["インバウンド"], "インバウンド消費額の目標値を教えてください。"),
 ("観光", ["観光立国"], "課長に上げるメモ用に、観光立国推進基本計画のポイントを3つ挙げて。"),
 ("観光", ["オーバーツーリズム"], "オーバーツーリズム対策って観光庁の所管でいいんだっけ？"),
 ("保育", ["待機児童"], "待機児童数は最新でどれくらい？大臣レクで聞かれそうなので。"),
 ("保育", ["保育士"], "保育士の処遇改善、今年度は何%の引き上げ？"),
 ("児童手当", ["児童手当"], "念のためですが、児童手当の所得制限って撤廃されたんだよね？"),
 ("児童手当", ["児童手当"], "児童手当の第3子以降の支給額はいくら？"),
 ("税制", ["軽減税率"], "消費税の軽減税率の対象品目を列挙して。"),
 ("税制", ["定額減税"], "来月の会議で使うので、所得税の定額減税の概要を箇条書きでお願いします。"),
 ("税制", ["インボイス"], "インボイス制度の2割特例はいつまでだっけ？"),
 ("税制", ["相続税"], "相続税の基礎控除額を一言で教えて。"),
 ("高速道路", ["高速道路"], "高速道路の深夜割引の見直しはいつから？"),
 ("高速道路", ["高速道路"], "高速道路の料金徴収期限って何年まで延長されたんだっけ？"),
 ("学校教育", ["学習指導要領"], "次期学習指導要領の改訂スケジュールを教えてください。"),
 ("学校教育", ["学習指導要領"], "局長説明用に、学習指導要領で小学校英語が教科化された年度を確認したい。"),
 ("教員", ["教員不足"], "教員不足の現状を数字で3行で。"),
 ("教員", ["教職調整額"], "教職調整額って最終的に何%まで上がるんだっけ？"),
 ("学校給食", ["給食費"], "給食費の無償化はいつから全国で始まるの？"),
 ("出入国管理", ["難民認定"], "課長に上げるメモ用に、難民認定率の直近の数字を一言で。"),
 ("出入国管理", ["永住許可"], "永住許可の取消し要件が追加されたのって何の法改正？"),
 ("出入国管理", ["在留カード"], "急ぎで。在留カードとマイナンバーカードの一体化はいつから？"),
 ("出入国管理", ["ビザ免除"], "ビザ免除の対象国を一覧で出して。"),
 ("選挙", ["投票率"], "前回の衆院選の投票率って何%だった？"),
 ("選挙", ["区割り"], "衆議院の区割り改定（10増10減）の概要を一言で。"),
 ("選挙", ["合区"], "参議院選挙の合区の扱いってどうなったんだっけ？"),
 ("選挙", ["期日前投票"], "期日前投票の手続きを箇条書きで。"),
 ("外交", ["拉致問題"], "大臣レク用に、拉致問題の政府方針を3行で整理して。"),
 ("外交", ["北方領土"], "北方領土の元島民の平均年齢って今いくつ？"),
 ("外交", ["安保理"], "安保理改革に対する日本の立場を一言で言うと？"),
 ("外交", ["日韓"], "日韓首脳会談の次回開催予定はいつ？"),
 ("診療報酬", ["診療報酬"], "診療報酬改定の本体部分は何%プラスだった？"),
 ("診療報酬", ["診療報酬"], "課長に上げるメモ、診療報酬改定の重点項目を箇条書きで。"),
 ("介護", ["介護報酬"], "介護報酬の改定率って今回いくつだっけ？"),
 ("介護", ["介護保険料"], "介護保険料の全国平均月額を教えてください。"),
 ("薬価", ["薬価"], "薬価の毎年改定っていつから始まった？"),
 ("被災者支援", ["被災者生活再建支援金"], "被災者生活再建支援金の最高額は300万円だよね？"),
 ("被災者支援", ["災害弔慰金"], "念のため、災害弔慰金の支給額を確認したいです。"),
 ("被災者支援", ["義援金"], "義援金の配分の仕組みを簡単に説明して。"),
 ("コメ政策", ["備蓄米"], "米価高騰への対応で、備蓄米の放出量はこれまでどれだけ？"),
 ("コメ政策", ["生産調整"], "局長説明用に、コメの生産調整（減反）廃止後の仕組みを3行で。"),
 ("農業経営", ["収入保険"], "収入保険の加入者数ってどのくらい？"),
 ("酪農", ["乳価"], "飲用向けの乳価、今年度はいくら上がった？"),
 ("医師", ["医師"], "医師の時間外労働の上限、年960時間で合ってる？"),
 ("医師", ["医師偏在"], "医師偏在対策のパッケージの中身を箇条書きで。"),
 ("出産", ["出産育児一時金"], "出産育児一時金はいくらに引き上げられた？"),
 ("出産", ["出産費用"], "出産費用の保険適用っていつから検討されてるんだっけ？"),
 ("育児休業", ["育児休業給付"], "育児休業給付の手取り10割相当になる要件を教えて。"),
 ("生活保護", ["生活保護"], "来月の会議で使うので、生活保護の受給世帯数の最新値をください。"),
 ("生活保護", ["生活保護基準"], "生活保護基準の見直しは何年ごと？"),
 ("雇用保険", ["雇用保険"], "雇用保険の適用拡大で、週何時間以上の人が対象になる？"),
 ("雇用保険", ["失業給付"], "失業給付の給付制限期間って1か月に短縮されたよね？"),
 ("マイナンバー", ["マイナ保険証"], "マイナ保険証への一本化はいつだったっけ？"),
 ("マイナンバー", ["マイナンバーカード"], "マイナンバーカードの保有率を一言で。"),
 ("特殊詐欺", ["特殊詐欺"], "特殊詐欺の被害額、昨年はいくら？"),
 ("特殊詐欺", ["特殊詐欺"], "大臣レク用に、特殊詐欺対策の主な取組を3つ挙げて。"),
 ("自殺対策", ["自殺総合対策大綱"], "自殺総合対策大綱の数値目標は？"),
 ("公務員給与", ["人事院勧告"], "人事院勧告の今年の月給引上げ率は？"),
 ("公務員給与", ["ボーナス"], "念のためですが、国家公務員のボーナスの年間支給月数は4.6か月で合ってますか？"),
 ("高等教育", ["奨学金"], "給付型奨学金の対象拡大の中身を教えて。"),
 ("高等教育", ["共通テスト"], "共通テストに「情報」が加わったのは何年度から？"),
 ("著作権", ["著作権"], "生成AIと著作権の関係について、文化庁の考え方を3行で。"),
 ("著作権", ["著作権法"], "著作権法30条の4ってどんな内容だっけ？"),
 ("サイバー", ["能動的サイバー防御"], "能動的サイバー防御の法律はいつ施行？"),
 ("サイバー", ["サイバーセキュリティ"], "サイバーセキュリティ戦略の所管は内閣官房だよね？"),
 ("原子力", ["原発"], "原発の再稼働状況、現在何基が動いてる？"),
 ("原子力", ["原子力規制委員会"], "課長に上げるメモ：原子力規制委員会の審査の流れを箇条書きで。"),
 ("エネルギー価格", ["ガス料金"], "電気・ガス料金の補助はいつまで続くんだっけ？"),
 ("エネルギー価格", ["ガソリン税"], "ガソリン税の暫定税率の廃止はいつから？"),
 ("エネルギー価格", ["ガソリン補助金"], "ガソリン補助金の1リットル当たりの支給額は？"),
 ("宇宙", ["宇宙戦略基金"], "宇宙戦略基金の規模は10年で1兆円だっけ？"),
 ("宇宙", ["H3ロケット"], "来月の会議で使うので、H3ロケットの次の打上げ予定日を教えて。"),
 ("新幹線", ["北陸新幹線"], "北陸新幹線の敦賀以西のルートはどうなった？"),
 ("新幹線", ["リニア"], "急ぎで、リニア中央新幹線の開業見込み年を一言で。"),
 ("地方財政", ["地方交付税"], "地方交付税の総額は来年度いくら？"),
 ("国家財政", ["国債"], "来年度の新規国債発行額の見込みを教えて。"),
 ("国家財政", ["プライマリーバランス"], "プライマリーバランス黒字化の目標年度って2025年度から変わった？"),
 ("金融政策", ["政策金利"], "日銀の政策金利は今何%だっけ？"),
 ("為替", ["為替介入"], "為替介入の実施主体は財務省だよね？"),
 ("資産形成", ["NISA"], "新NISAの年間投資枠はいくら？"),
 ("賃金", ["春闘"], "春闘の賃上げ率、連合の最終集計は何%？"),
 ("賃金", ["賃上げ促進税制"], "大臣レク用に、賃上げ促進税制の概要を3行でお願いします。"),
 ("労働時間", ["時間外労働"], "建設業とトラック運転手の時間外労働の上限規制、いわゆる2024年問題の概要は？"),
 ("家族法", ["夫婦別姓"], "選択的夫婦別姓の法案は今どうなってる？"),
 ("家族法", ["同性婚"], "同性婚をめぐる高裁判決を一覧で。"),
 ("司法", ["裁判員"], "裁判員の対象年齢って18歳以上に引き下げられたよね？"),
 ("司法", ["再審"], "再審制度の見直しを議論している法制審の部会名は？"),
 ("交通安全", ["運転免許"], "高齢ドライバーの運転免許更新時の認知機能検査は何歳から？"),
 ("交通安全", ["青切符"], "念のため、自転車の青切符制度はいつ施行？"),
 ("スポーツ", ["部活動"], "部活動の地域移行の改革推進期間っていつまで？"),
 ("スポーツ", ["スポーツ基本計画"], "局長説明用に、スポーツ基本計画の主な数値目標を箇条書きで。"),
 ("文化", ["文化財"], "国宝・重要文化財の修理予算って増えたの？"),
 ("郵便", ["郵便料金"], "郵便料金の値上げで、はがきはいくらになった？"),
 ("通信", ["携帯電話"], "携帯電話料金の値下げ施策はどこの省が担当？"),
 ("予防接種", ["定期接種"], "新型コロナワクチンの定期接種の自己負担額は？"),
 ("予防接種", ["HPVワクチン"], "HPVワクチンのキャッチアップ接種の期限は延長されたんだっけ？"),
 ("がん対策", ["がん検診"], "がん検診の受診率目標は60%でいい？"),
 ("こども政策", ["児童虐待"], "課長に上げるメモ用に、児童虐待の相談対応件数の最新値をください。"),
 ("こども政策", ["こども家庭庁"], "こども家庭庁の来年度予算の総額を一言で。"),
 ("こども政策", ["子育て支援金"], "急ぎです、子ども・子育て支援金の負担額って1人月いくらだっけ？"),
 ("こども政策", ["日本版DBS"], "来月の会議用に、日本版DBSの対象事業者を一覧で。"),
 ("障害者雇用", ["法定雇用率"], "障害者の法定雇用率が2.7%に上がるのはいつ？"),
 ("カジノ", ["カジノ"], "IRのカジノ施設の開業予定年を教えて。"),
 ("統計", ["国勢調査"], "次の国勢調査の実施年と主な調査項目を箇条書きで教えて。"),
 ("憲法", ["憲法改正"], "憲法改正の国民投票の手続を3行で。"),
 ("沖縄", ["沖縄振興"], "沖縄振興予算の総額は今年度いくら？"),
 ("沖縄", ["普天間"], "普天間飛行場の移設工事の完了見込みは？"),
 ("医療保険", ["高額療養費"], "高額療養費の自己負担上限の見直しは凍結されたんだよね？"),
 ("医療保険", ["窓口負担"], "後期高齢者の窓口負担2割の対象者数を教えてください。"),
 ("競争政策", ["独占禁止法"], "独占禁止法の課徴金減免制度の概要を箇条書きで。"),
 ("薬物対策", ["大麻"], "大麻の使用罪が創設された改正法の施行日は？"),
 ("公文書", ["公文書"], "公文書管理の所管って内閣府だっけ？"),
 ("ハラスメント", ["カスタマーハラスメント"], "カスタマーハラスメント対策の義務化はいつから？"),
 ("選挙", ["被選挙権"], "被選挙権年齢の引下げの議論はどうなってる？"),
 ("物価対策", ["給付金"], "住民税非課税世帯への給付金は1世帯いくらだった？"),
]

# OFF-POLICY, English (35): keys = [en_key (in line), ja_key]
OFF_EN = [
 ("公的年金", ["pension", "厚生年金"], "What's the current employee pension premium rate?"),
 ("防衛", ["defence budget", "防衛費"], "For the DG briefing: what share of GDP is the defence budget supposed to reach, and by when?"),
 ("最低賃金", ["minimum wage", "最低賃金"], "Is the national weighted average minimum wage above 1,000 yen now?"),
 ("観光", ["inbound tourist", "訪日外国人旅行者"], "Quick one - what's the inbound tourist target for 2030?"),
 ("保育", ["daycare", "待機児童"], "How many children are on daycare waiting lists nationwide?"),
 ("児童手当", ["child allowance", "児童手当"], "Summarise the child allowance expansion in three bullet points."),
 ("税制", ["consumption tax", "消費税"], "Does the reduced consumption tax rate apply to takeout food?"),
 ("税制", ["income tax", "所得税"], "For the minister's briefing, one line on the flat-rate income tax cut please."),
 ("高速道路", ["expressway", "高速道路"], "Which ministry owns expressway toll policy?"),
 ("学校教育", ["school curriculum", "学習指導要領"], "Need this for a meeting next week - when does the next national school curriculum revision take effect?"),
 ("出入国管理", ["refugee", "難民認定"], "What's the refugee recognition rate in Japan these days?"),
 ("出入国管理", ["permanent residency", "永住許可"], "Just to double-check: the permanent residency revocation rules came with the 2024 immigration law amendment, right?"),
 ("選挙", ["turnout", "投票率"], "What was the turnout in the last House of Representatives election?"),
 ("外交", ["abduction", "拉致問題"], "Give me a 3-line summary of the government's stance on the abduction issue, for the vice-minister."),
 ("診療報酬", ["medical fee", "診療報酬"], "How much did the last medical fee schedule revision raise the core portion?"),
 ("介護", ["nursing care fee", "介護報酬"], "What's the latest nursing care fee revision rate?"),
 ("被災者支援", ["disaster relief payment", "被災者生活再建支援金"], "What's the maximum disaster relief payment per household for rebuilding a home?"),
 ("コメ政策", ["stockpiled rice", "備蓄米"], "Rice prices have jumped - how much stockpiled rice has the government released so far?"),
 ("医師", ["physician", "医師"], "The physician overtime cap is 960 hours a year, correct?"),
 ("生活保護", ["public assistance", "生活保護"], "How many households are on public assistance right now? Need it for the director's memo."),
 ("雇用保険", ["unemployment insurance", "雇用保険"], "For next month's meeting: bullet-point the unemployment insurance changes."),
 ("マイナンバー", ["My Number", "マイナ保険証"], "When did the My Number health insurance card fully replace the old cards?"),
 ("特殊詐欺", ["phone scam", "特殊詐欺"], "What was the total damage from phone scams last year?"),
 ("公務員給与", ["National Personnel Authority", "人事院勧告"], "What's this year's National Personnel Authority pay recommendation?"),
 ("原子力", ["nuclear reactor", "原発"], "How many nuclear reactors are currently back online?"),
 ("エネルギー価格", ["electricity bill", "電気料金"], "Quick check for the director: until when are the electricity bill subsidies running?"),
 ("宇宙", ["H3 rocket", "H3ロケット"], "In one line: when is the next H3 rocket launch?"),
 ("新幹線", ["maglev", "リニア"], "What's the projected opening year of the Chuo Shinkansen maglev line?"),
 ("国家財政", ["primary balance", "プライマリーバランス"], "What is the primary balance target year now?"),
 ("金融政策", ["policy rate", "政策金利"], "What's the Bank of Japan's policy rate at the moment?"),
 ("賃金", ["shunto", "春闘"], "Urgent: what's the average wage increase from this year's shunto?"),
 ("家族法", ["separate surname", "夫婦別姓"], "Where does the optional separate surname bill stand in the Diet?"),
 ("がん対策", ["cancer screening", "がん検診"], "Is the cancer screening uptake target still 60%?"),
 ("カジノ", ["casino", "カジノ"], "For the section chief memo - list the main licensing conditions for integrated casino resorts."),
 ("障害者雇用", ["persons with disabilities", "法定雇用率"], "What's the statutory employment rate for persons with disabilities from July 2026?"),
]

# --------------------------------------------------------------------------
# PLAN LOOK-ALIKE, Japanese (45)
PLAN_JA = [
 ("高度化法認定", ["再資源化事業等高度化法"], "局長説明用に、再資源化事業等高度化法の認定件数の目標を一言で。"),
 ("設備投資支援", ["設備投資支援"], "再生材供給サプライチェーンの設備投資支援って令和8年度予算案で379億円だったよね？"),
 ("鉄スクラップ", ["鉄スクラップ"], "急ぎで、鉄スクラップを高品位化する処理能力の2030年の目安を教えて。"),
 ("アルミ", ["アルミ展伸材"], "アルミ展伸材の国内生産のうち再生アルミ原料由来の目安って約4割だっけ？"),
 ("銅", ["電解銅"], "大臣レク用に、国産電解銅の再生原料比率の目標を1行で。"),
 ("永久磁石", ["永久磁石"], "永久磁石の原材料をリサイクルでどれくらい賄う目標？局長説明用に数字だけください。"),
 ("蓄電池回収率", ["リチウムイオン蓄電池"], "課長に上げるメモ：リチウムイオン蓄電池のリサイクルで回収する比率（リチウム・ニッケル・コバルト）を箇条書きで。"),
 ("CEポート", ["サーキュラーエコノミーポート"], "サーキュラーエコノミーポートは2030年までに何港選定する目標だっけ？"),
 ("自動車再生プラ", ["再生プラスチック"], "来月の会議で使うので、自動車向け再生プラスチックの供給量目標を2030年と2041年以降で教えて。"),
 ("資源有効利用促進法", ["資源有効利用促進法"], "改正資源有効利用促進法の施行っていつからだったっけ？"),
 ("情報流通PF", ["情報流通プラットフォーム"], "情報流通プラットフォームのCMPとRMPの違いを3行で。"),
 ("CPs", ["サーキュラーパートナーズ"], "来月の会議で使うので、サーキュラーパートナーズの会員数を一言で。"),
 ("SIP", ["SIP"], "念のためですが、SIPのサーキュラーエコノミー課題って環境省と経産省でやってるんですよね？"),
 ("フィジカルAI", ["フィジカルAI"], "フィジカルAIを使った自動選別、自治体向けの導入支援策は何年度を目途に検討する？"),
 ("担い手確保", ["育成就労"], "資源循環分野の担い手確保で、特定技能や育成就労はどう使うことになってる？"),
 ("スクラップヤード", ["スクラップヤード"], "不適正スクラップヤードの規制、自治体・事業者の準備はいつまでに進める予定？"),
 ("バーゼル法", ["バーゼル法"], "大臣レク用に、バーゼル法の水際対策で連携する省庁を箇条書きで挙げて。"),
 ("グリーン購入法", ["グリーン購入法"], "局長説明用に、グリーン購入法の循環性基準をいつまでに全品目へ入れるのか一言で。"),
 ("エコマーク", ["エコマーク"], "エコマークの活用基準って何分野何品目に設定済みだっけ？"),
 ("CEコマース", ["CEコマース"], "CEコマースの市場拡大、まずどの分野でリユース実証するんだっけ？"),
 ("太陽光パネル", ["太陽光パネル"], "急ぎで、太陽光パネルのリサイクル法案の施行時期をざっくり教えて。"),
 ("LiB総合対策", ["総合対策パッケージ"], "大臣レク用に、リチウムイオン電池総合対策パッケージを取りまとめた関係省庁を箇条書きで。"),
 ("e-scrap", ["e-scrap"], "e-scrapのリサイクル処理量の2030年目標は約50万トンだよね？"),
 ("PIC手続", ["PIC手続"], "念のためですが、PIC手続の電子化はいつから実現する予定でしたっけ？"),
 ("クアッド", ["クアッド"], "クアッドの重要鉱物イニシアティブっていつ設立されたんだっけ？"),
 ("ASEAN E-waste", ["E-waste"], "急ぎで、日ASEANのE-waste協力で調査計画に合意した主要5カ国を挙げて。"),
 ("CE診断", ["CE診断"], "課長に上げるメモ用に、自治体CE診断・ビジョン作成の2025年度実績は何件？"),
 ("モデル実証", ["モデル実証事業"], "地域の課題を解決する資源循環のモデル実証事業、毎年何件が目標？"),
 ("ローカル10,000", ["ローカル10,000プロジェクト"], "ローカル10,000プロジェクトの助成上限額って原則3,000万円でいいんだっけ？"),
 ("地方創生支援", ["企業版ふるさと納税"], "課長に上げるメモ用に、企業版ふるさと納税と地方創生人材支援制度が行動計画でどう位置付けられてるか3行で。"),
 ("リユース", ["リユース市場規模"], "リユース市場規模の目標値と、リユース業者等と協働する自治体数の目標を3行で教えて。"),
 ("農林漁業循環経済", ["農林漁業循環経済"], "農林漁業循環経済の構築に取り組む地域、2030年度までに何件つくる目標？"),
 ("国産材", ["国産材"], "建築用材等の国産材利用量の目標って2600万m³だっけ？"),
 ("空き家", ["空き家"], "念のため、腐朽・破損のある空き家数を2035年にどこまで抑える目標か確認したいです。"),
 ("インフラ", ["予防保全"], "予防保全型インフラメンテナンスへの転換って、行動計画ではどういう狙いで入ってる？"),
 ("下水汚泥", ["下水汚泥"], "下水汚泥の肥料利用率の目標を一言で。"),
 ("食品ロス", ["食品ロス"], "来月の会議で使うので、食品ロス削減目標（家庭系・事業系）を箇条書きで。"),
 ("食品リサイクル", ["再生利用等実施率"], "外食産業の再生利用等実施率の目標は50%だよね？"),
 ("SAF", ["SAF"], "SAFの2030年の目標ってどういう内容だっけ？"),
 ("サステナブルファッション", ["サステナブルファッション"], "サステナブルファッションの2030年度目標を3行で。"),
 ("紙おむつ", ["紙おむつ"], "使用済紙おむつのリサイクルを実施・検討する自治体数の目標は？ 局長説明で聞かれそうなので。"),
 ("GCP", ["グローバル循環プロトコル"], "局長説明用に、グローバル循環プロトコル（GCP）で日本が何をするのか一言で。"),
 ("自治体フォーラム", ["資源循環自治体フォーラム"], "資源循環自治体フォーラムって2025年度はどこで開催したっけ？"),
 ("GREEN×EXPO", ["GREEN×EXPO"], "GREEN×EXPO 2027での資源循環の取組を箇条書きで。"),
 ("ごみ焼却量", ["ごみ焼却量"], "1人1日当たりごみ焼却量の目標と最新値、課長に上げるので教えて。"),
]

# PLAN LOOK-ALIKE, English (15): keys = [en_key (in line), ja_key (in plan)]
PLAN_EN = [
 ("地域循環共生圏", ["circular and ecological", "地域循環共生圏"], "For the DG briefing: how many local governments are working on regional circular and ecological spheres?"),
 ("廃棄物エネルギー", ["waste energy", "廃棄物エネルギー"], "The FY2027 target for facilities supplying waste energy externally is 46%, right?"),
 ("バイオマスプラ", ["biomass plastic", "バイオマスプラスチック"], "Quick check: the biomass plastics target is about 2 million tonnes by FY2030?"),
 ("長期優良住宅", ["long-life quality housing", "長期優良住宅"], "How many certified long-life quality housing units are targeted for FY2030?"),
 ("SAF", ["SAF", "SAF"], "In one line, for the minister: what does the SAF target say for 2030?"),
 ("J4CE", ["J4CE", "J4CE"], "Who founded J4CE, and how many members does it have now?"),
 ("LiB総合対策", ["lithium-ion battery", "リチウムイオン電池"], "Bullet-point the main measures of the lithium-ion battery comprehensive package for next week's meeting."),
 ("太陽光パネル", ["solar panel", "太陽光パネル"], "Quick one for a meeting tomorrow: when is the solar panel recycling bill supposed to take effect?"),
 ("e-scrap", ["e-scrap", "e-scrap"], "What's the e-scrap recycling volume target for 2030?"),
 ("PIC手続", ["PIC", "PIC手続"], "Summarise the plan to digitise the Basel PIC procedure in three lines."),
 ("国産材", ["domestic timber", "国産材"], "Urgent: what's the target for domestic timber use in buildings?"),
 ("食品ロス", ["food loss", "食品ロス"], "The household food loss target is a 50% cut from FY2000, right?"),
 ("下水汚泥", ["sewage sludge", "下水汚泥"], "For the DG briefing - what's the 2030 target for using sewage sludge as fertiliser? One line is fine."),
 ("農林漁業循環経済", ["circular economy leading area", "農林漁業循環経済"], "How many agriculture, forestry and fisheries circular economy leading areas are to be created by FY2030?"),
 ("リユース", ["reuse market", "リユース市場規模"], "For the section chief: what's the reuse market size target, and where are we now?"),
]

# Words that mark the plans' own subject matter; none may appear in an off-policy line.
CORE = ["リサイクル", "資源循環", "循環経済", "循環型", "廃棄物", "再生材", "再資源化", "サーキュラー",
        "ごみ", "脱炭素", "プラスチック", "食品ロス", "リユース", "太陽光", "電池", "重要鉱物",
        "スクラップ", "バイオマス", "3R", "静脈", "動静脈",
        "recycl", "circular", "waste", "plastic", "reuse", "battery", "scrap", "decarbon", "critical mineral"]

FRAME = ["局長", "大臣", "課長", "レク", "メモ", "用に", "急ぎ", "念のため", "来月", "会議", "行で", "1行",
         "箇条書き", "一言で", "briefing", "meeting", "bullet", "one line", "three lines", "3-line", "quick",
         "urgent", "double-check", "memo", "for the director", "for the minister", "for the section chief",
         "summarise", "in one line"]

JP = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def load_plans():
    files = sorted(glob.glob(os.path.join(PLAN_DIR, "*.txt")))
    assert len(files) == 2, files
    return [open(f, encoding="utf-8").read() for f in files]


def in_plans(plans, key):
    if JP.search(key):
        return any(key in p for p in plans)
    return any(key.lower() in p.lower() for p in plans)


def framed(text):
    t = text.lower()
    return any(m.lower() in t for m in FRAME)


def main():
    plans = load_plans()
    errors = []
    seen = set()

    def check_common(kind, lang, topic, keys, text):
        if text in seen:
            errors.append(f"duplicate text: {kind}/{topic}")
        seen.add(text)
        if lang == "ja":
            if not JP.search(text):
                errors.append(f"{kind} ja line has no Japanese: {topic}")
            for k in keys:
                if k not in text:
                    errors.append(f"{kind} key {k!r} not in its line ({topic})")
        else:
            if JP.search(text):
                errors.append(f"{kind} en line contains Japanese: {topic}")
            if len(keys) != 2:
                errors.append(f"{kind} en line needs [en_key, ja_key]: {topic}")
            elif keys[0].lower() not in text.lower():
                errors.append(f"{kind} en key {keys[0]!r} not in its line ({topic})")

    off = []
    for lang, rows in (("ja", OFF_JA), ("en", OFF_EN)):
        for topic, keys, text in rows:
            check_common("off", lang, topic, keys, text)
            for k in keys:
                if in_plans(plans, k):
                    errors.append(f"off key {k!r} OCCURS in plan text ({topic})")
            low = text.lower()
            for c in CORE:
                if c.lower() in low:
                    errors.append(f"off line contains core plan term {c!r} ({topic})")
            off.append((lang, topic, keys, text))

    look = []
    for lang, rows in (("ja", PLAN_JA), ("en", PLAN_EN)):
        for topic, keys, text in rows:
            check_common("plan", lang, topic, keys, text)
            jkey = keys[0] if lang == "ja" else keys[1]
            if not in_plans(plans, jkey):
                errors.append(f"plan key {jkey!r} NOT in plan text ({topic})")
            look.append((lang, topic, keys, text))

    # counts
    n_off_ja = sum(1 for r in off if r[0] == "ja"); n_off_en = len(off) - n_off_ja
    n_pl_ja = sum(1 for r in look if r[0] == "ja"); n_pl_en = len(look) - n_pl_ja
    if (n_off_ja, n_off_en) != (125, 35):
        errors.append(f"off split {n_off_ja}/{n_off_en} != 125/35")
    if (n_pl_ja, n_pl_en) != (45, 15):
        errors.append(f"plan split {n_pl_ja}/{n_pl_en} != 45/15")

    off_topics = {r[1] for r in off}
    if len(off_topics) < 40:
        errors.append(f"only {len(off_topics)} off-policy topics")

    keycount = Counter(k for r in off for k in r[2])
    for k, c in keycount.items():
        if c > 5:
            errors.append(f"off key {k!r} used {c} times (>5)")

    # cross-file: no off-policy key may appear in a plan-lookalike line, and vice versa
    for r in look:
        for k in keycount:
            if JP.search(k) and k in r[3]:
                errors.append(f"off key {k!r} appears in plan line ({r[1]})")

    off_framed = sum(framed(r[3]) for r in off)
    pl_framed = sum(framed(r[3]) for r in look)

    rng = random.Random(13)
    rng.shuffle(off); rng.shuffle(look)
    with open(os.path.join(HERE, "offpolicy.jsonl"), "w", encoding="utf-8") as f:
        for r in off:
            f.write(json.dumps({"text": r[3], "about": False, "type": "offpolicy"}, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "plan_lookalike.jsonl"), "w", encoding="utf-8") as f:
        for r in look:
            f.write(json.dumps({"text": r[3], "about": True, "type": "plan"}, ensure_ascii=False) + "\n")

    print(f"offpolicy.jsonl: {len(off)} lines (ja {n_off_ja}, en {n_off_en}); topics {len(off_topics)}; "
          f"distinct keys {len(keycount)}; max key reuse {max(keycount.values())}; framed {off_framed}")
    print(f"plan_lookalike.jsonl: {len(look)} lines (ja {n_pl_ja}, en {n_pl_en}); "
          f"topics {len({r[1] for r in look})}; framed {pl_framed}")
    if errors:
        print(f"VERIFY: {len(errors)} problem(s)")
        for e in errors:
            print("  -", e)
        sys.exit(1)
    print("VERIFY: OK")


if __name__ == "__main__":
    main()
