#!/usr/bin/env python3
"""Build and verify the FIT narrowing-follow-up set (nw-01 .. nw-40). Stdlib only."""
import json, os, sys, unicodedata, re

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN_DIR = "/work/shared/plan_texts"
D0 = "000_1412c9d0e289725a.txt"   # 点検 draft
D2 = "002_dc7e15a85d2a7a74.txt"   # 循環経済行動計画 施策集
KINDS = {"which_measure", "target", "number", "schedule", "ministry",
         "ministry_unstated", "indicator", "summary", "unanswerable"}

def item(id_, tag, history, question, kind, doc, relevant, answer_contains, note):
    return dict(id=id_, tag=tag, history=history, question=question, kind=kind, doc=doc,
                relevant=relevant, answer_contains=answer_contains, note=note)

ITEMS = [
# ---------------- Japanese (30) ----------------
item("nw-01", "narrow-ja",
     ["点検の「多種多様な地域の循環システムの構築と地方創生の実現」では、どんな指標で進捗を見てるんですか？"],
     "そのうち数値目標が設定されているのはどれですか？", "indicator", D0,
     [["約580g/人日 (2030年度)", "46% (2027年度)", "100% (2027年度)"]],
     ["約580g/人日", "46%", "100%"],
     "Ⅲ-1 indicators with a numeric target: 1人1日当たりごみ焼却量 約580g/人日(2030), 廃棄物エネルギー外部供給施設割合 46%(2027), 長期広域化・集約化計画策定都道府県割合 100%(2027)."),
item("nw-02", "narrow-ja",
     ["Ⅲ-1の地域循環システムの分野、指標の進捗状況ってどうなってる？"],
     "最新値が出てるやつだけ教えて", "indicator", D0,
     [["233自治体", "662g/人日", "43.1%"]],
     ["233自治体", "662g/人日", "43.1%"],
     "Only three Ⅲ-1 rows have a latest value: 地域循環共生圏 233自治体, ごみ焼却量 662g/人日, 廃棄物エネルギー外部供給 43.1%."),
item("nw-03", "narrow-ja",
     ["地方創生の重点点検分野（Ⅲ-1）の指標と、目指すべき方向を一覧にして"],
     "減少が望ましいとされているのは？", "indicator", D0,
     [["減少が 望ましい ↘"]],
     ["排出量", "焼却量", "1人1日当たりごみ焼却量"],
     "Ⅲ-1 rows marked 減少が望ましい: 地域ごとの一般廃棄物の排出量, 同焼却量, 1人1日当たりごみ焼却量."),
item("nw-04", "narrow-ja",
     ["「資源循環のための事業者間連携によるライフサイクル全体での徹底的な資源循環」の指標には何がありますか。"],
     "その中で目標値が設定されているものはどれでしょうか。", "indicator", D0,
     [["約200万トン (2030年度)", "約250万戸 (2030年度)"]],
     ["バイオマスプラスチックの導入量", "約200万トン", "認定長期優良住宅のストック数", "約250万戸"],
     "Ⅲ-2: only バイオマスプラスチック導入量 (約200万トン) and 認定長期優良住宅ストック数 (約250万戸) have targets, both FY2030."),
item("nw-05", "narrow-ja",
     ["事業者間連携の重点点検分野の指標って何？", "進捗状況の表だとどうなってる？"],
     "数字が入ってるのはどれとどれ？", "indicator", D0,
     [["約15万トン (2022年度)", "34,986億円 (2024年度)", "約173万戸 (2024年度)"]],
     ["約15万トン", "34,986億円", "約173万戸"],
     "Ⅲ-2 progress table: latest values only for バイオマスプラ (約15万トン), リユース市場規模 (34,986億円), 長期優良住宅 (約173万戸)."),
item("nw-06", "narrow-ja",
     ["Ⅲ-2の指標、全部挙げて"],
     "目標値なしのは？", "indicator", D0,
     [["入口側の循環利用率", "出口側の循環利用率"]],
     ["入口側の循環利用率", "出口側の循環利用率", "最終処分量", "リユース市場規模"],
     "Ⅲ-2 indicators whose 数値目標 is —: 入口側/出口側の循環利用率, 最終処分量, リユース市場規模."),
item("nw-07", "narrow-ja",
     ["Ⅲ-2の指標の備考に、循環経済工程表の目標も進捗を把握するって書いてあるけど、例には何が挙がってる？"],
     "その例のうち、2030年の数値が入っているのは？", "target", D0,
     [["2030年時点、燃料使用量の10%をSAFに置き換え(航空運送事業者)", "家庭から廃棄される衣類の量を2030年度までに2020年度比で25%削減"]],
     ["10%", "約50万トン", "25%"],
     "Examples with 2030: SAF 10% (2030年時点), e-scrap 約50万トン (2030年), 衣類廃棄 25%削減 (2030年度)."),
item("nw-08", "narrow-ja",
     ["点検の参考イメージにある、事業者連携のプラットフォームやネットワークの事例を教えて"],
     "参加企業数がいちばん多いのはどこ？", "number", D0,
     [["サーキュラーパートナーズ (CPS)*13"]],
     ["サーキュラーパートナーズ", "833"],
     "Largest 参加企業数 in the reference table: サーキュラーパートナーズ (CPS) 833 (CLOMA 481 next)."),
item("nw-09", "narrow-ja",
     ["事業者連携プラットフォームの事例表、観点ごとにどんな団体が載ってる？"],
     "繊維製品のだけ抜き出して", "which_measure", D0,
     [["JAPAN SUSTAINABLE FASHION ALLIANCE*9", "サステナブルファッション・プラットフォーム協議会*10"]],
     ["JAPAN SUSTAINABLE FASHION ALLIANCE", "サステナブルファッション・プラットフォーム協議会"],
     "繊維製品 rows of the reference table: JSFA (75) and サステナブルファッション・プラットフォーム協議会 (16)."),
item("nw-10", "narrow-ja",
     ["地域の循環システムの構築の分野で、国の取組状況としてどんなことが挙がってる？"],
     "下水汚泥が出てくるのは？", "which_measure", D0,
     [["下水汚泥資源や家畜排せつ物等の国内資源を活用した、肥料の国産化・地域内循環の推進", "下水汚泥の肥料化やバイオマス発電等、下水道資源の地域還元・エネルギー利用の推進"]],
     ["肥料の国産化", "下水道資源の地域還元"],
     "Two Ⅲ-1 国の取組状況 bullets mention 下水汚泥: 肥料の国産化・地域内循環, and 下水道資源の地域還元・エネルギー利用."),
item("nw-11", "narrow-ja",
     ["事業者間連携の分野の「国の取組状況」を一覧で出してもらえますか"],
     "その中で食品に関するものはどれですか", "which_measure", D0,
     [["商慣習見直し（1/3 ルールの緩和等）による食品ロス削減", "食品産業における環境配慮設計や再生材利用の促進"]],
     ["食品ロス削減", "食品産業"],
     "Ⅲ-2 国の取組状況: 食品サプライチェーンの商慣習見直しによる食品ロス削減, and プラ資源循環法等に基づく食品産業の環境配慮設計・再生材利用."),
item("nw-12", "narrow-ja",
     ["行動計画の1.(1)再資源化拠点等の構築・ネットワーク形成には、どんな施策が入ってる？", "それぞれ2030年の目指す姿は？"],
     "そのうち「約3割」が目標になってるのはどれ？", "target", D2,
     [["国産電解銅の約3割を、e-scrap等の再生原料由来に"], ["国内で供給される永久磁石の原材料の約3割をリサイクルによって賄う"]],
     ["国産電解銅", "永久磁石"],
     "約3割 targets in 1.(1): 国産電解銅 (e-scrap等の再生原料由来) and 永久磁石の原材料 (リサイクル). Aluminium is 約4割, iron 約200万トン."),
item("nw-13", "narrow-ja",
     ["再資源化拠点等の構築・ネットワーク形成の施策で、数値の入った取組指標を並べてください"],
     "港湾に関するのはどれで、目標はいくつですか", "target", D2,
     [["サーキュラーエコノミーポートの選定数 (2030年 22港以上)"]],
     ["サーキュラーエコノミーポート", "22港以上"],
     "Port measure: 循環経済拠点港湾 (サーキュラーエコノミーポート) 選定数 2030年 22港以上."),
item("nw-14", "narrow-ja",
     ["リチウムイオン蓄電池の重要鉱物の国内循環システムの構築って、目指す姿はどう書かれてる？"],
     "回収率の目標でいちばん低いのはどの金属？", "target", D2,
     [["リチウム70%、ニッケル95%、コバルト95%以上を回収可能なリサイクル技術"]],
     ["リチウム", "70%"],
     "Recovery targets: リチウム70%, ニッケル95%, コバルト95%以上 -> lowest is lithium 70%."),
item("nw-15", "narrow-ja",
     ["動静脈連携（製造業と資源循環産業）による産業競争力強化に並んでる施策を教えて"],
     "件数で目標を置いてるのはどれ？", "target", D2,
     [["3年で100件以上の事業認定を目指す", "3年で100件認定。"]],
     ["再資源化事業等高度化法", "100件"],
     "Only the 再資源化事業等高度化法 認定 measure has a count target: 3年で100件(以上)."),
item("nw-16", "narrow-ja",
     ["1.(2)動静脈連携の施策と、それぞれの目指す姿を一覧で"],
     "量（トン）で目標を出してるのは？", "target", D2,
     [["2030年までに2.1万t/年"]],
     ["自動車", "2.1万t/年"],
     "Only the 自動車向け再生プラスチック市場構築 (産官学コンソーシアム) sheet has a tonnage goal: 2030年までに2.1万t/年 (2041年以降20万t/年)."),
item("nw-17", "narrow-ja",
     ["サーキュラーエコノミー情報流通プラットフォームの構築ではどんな取組を進める？"],
     "製造業と資源循環産業の間で情報連携するのはどれ？", "which_measure", D2,
     [["RMP (Recycle Management Platform)の構築・実装"]],
     ["RMP"],
     "Of CMP / RMP / use cases, RMP is the platform for 製造業と資源循環産業の間で情報連携."),
item("nw-18", "narrow-ja",
     ["SIP第3期のプラスチックのサーキュラーエコノミーシステム構築、サブ課題って何がある？"],
     "自動車部品・家電の開発を扱っているのはどれ？", "which_measure", D2,
     [["欧州規制等に対応した再生材使用比率の高い自動車部品・家電製品の開発"]],
     ["サブ課題C", "再生材活用技術開発"],
     "Sub-themes A/B/C; C (再生材活用技術開発) covers 自動車部品・家電製品 development."),
item("nw-19", "narrow-ja",
     ["リチウムイオン電池総合対策パッケージの「廃棄時の対策」には何がありますか"],
     "環境省が単独で担当しているものはどれ？", "ministry", D2,
     [["他の廃棄物への混入を防止するための廃棄物処理法に基づく制度的対応(環境)", "膨張・変形したリチウムイオン電池の適正処理の方針策定(環境)"]],
     ["他の廃棄物への混入を防止", "利便性の高い分別回収体制", "膨張・変形したリチウムイオン電池の適正処理"],
     "④廃棄時の対策 items tagged (環境) only: 混入防止の制度的対応, 分別回収体制の構築支援, 膨張・変形電池の適正処理方針."),
item("nw-20", "narrow-ja",
     ["リチウムイオン電池の総合対策パッケージ、使用時の対策って何が書いてある？"],
     "国交省がやるのは？", "ministry", D2,
     [["公共交通機関における持ち込みルールの徹底及び留意事項の周知(国交)"]],
     ["公共交通機関における持ち込みルールの徹底"],
     "③使用時の対策: the (国交) item is 公共交通機関における持ち込みルールの徹底及び留意事項の周知."),
item("nw-21", "narrow-ja",
     ["LiB火災について、計画ではどんな対策がある？", "総合対策パッケージの使用時の対策を全部出して"],
     "消防が入ってるのはどれ", "ministry", D2,
     [["リチウムイオン電池に対するより効果的な消火方法に関する検討(消防)", "リチウムイオン電池火災に関する調査・関係機関との連携(消防、経産)"]],
     ["使用時の注意点の周知啓発強化", "リチウムイオン電池火災に関する調査", "効果的な消火方法"],
     "③使用時の対策 items with 消防: 注意点の周知啓発強化(消費、消防、経産、環境), 火災に関する調査・連携(消防、経産), 消火方法の検討(消防)."),
item("nw-22", "narrow-ja",
     ["リチウムイオン電池総合対策パッケージの「処理・再利用の対策」を教えてください"],
     "経産省の担当はどれ？", "ministry", D2,
     [["リチウムイオン電池からリチウム等重要鉱物の回収・精製に向けた実証支援(経産)"]],
     ["リチウム等重要鉱物の回収・精製に向けた実証支援"],
     "⑤処理・再利用の対策: only the 重要鉱物の回収・精製 実証支援 is (経産); the rest are (環境)."),
item("nw-23", "narrow-ja",
     ["「地域循環資源の徹底活用による地域活性化」の施策で、取組指標に目標年が書いてあるものを拾って"],
     "2035年が目標年なのは？", "target", D2,
     [["住宅ストックに占める認定長期優良住宅及び建設住宅性能評価取得住宅の割合15%(2035年)", "100万戸程度に抑える(2035年)"]],
     ["15%", "100万戸程度"],
     "Only the 長期優良住宅・空家 sheet has 2035 targets: 認定長期優良住宅等の割合15%, 腐朽・破損空き家 100万戸程度."),
item("nw-24", "narrow-ja",
     ["食品ロス削減と食品リサイクルの取組指標は？", "食品リサイクルの方、業種ごとに一覧にして"],
     "一番低い業種は？", "target", D2,
     [["外食産業50%"]],
     ["外食産業", "50%"],
     "再生利用等実施率目標 (2029年度まで): 製造業95%, 卸売業75%, 小売業65%, 外食産業50% -> lowest 外食産業."),
item("nw-25", "narrow-ja",
     ["下水汚泥資源の肥料利用・エネルギー利用の取組指標は？"],
     "基準年が2013年度のほうはどっち？2030年度の目標値も", "target", D2,
     [["下水道バイオマスリサイクル率"]],
     ["下水道バイオマスリサイクル率", "45%"],
     "下水汚泥肥料利用率 is based on 2023年度; 下水道バイオマスリサイクル率 2013年度25% -> 2030年度45%."),
item("nw-26", "narrow-ja",
     ["重要鉱物等リサイクルの同志国連携、G7・米国・クアッド・ASEANでそれぞれどんな合意がある？"],
     "その中でいちばん新しい動きは何？", "schedule", D2,
     [["重要鉱物閣僚会合を開催"]],
     ["重要鉱物閣僚会合", "2026年2月"],
     "Latest dated item on the 同志国連携 sheet: 2026年2月 重要鉱物閣僚会合 (FORGE 立上げ発表)."),
item("nw-27", "narrow-ja",
     ["国民運動の章のJ4CEってどういう枠組み？創設団体とか参加数とか"],
     "創設団体のうち省庁はどこ？", "ministry", D2,
     [["創設団体 : 環境省、経済産業省、経団連"]],
     ["環境省", "経済産業省"],
     "J4CE founders: 環境省、経済産業省、経団連 -> ministries are 環境省 and 経済産業省."),
item("nw-28", "narrow-ja",
     ["ローカル10,000プロジェクトの交付率と助成上限額を教えて"],
     "重点支援分野の交付率は？分野名も", "number", D2,
     [["重点支援分野（地域脱炭素、若者・女性活躍） 3/4"]],
     ["3/4", "地域脱炭素"],
     "交付率: 原則1/2, 条件不利地域等 2/3・3/4, 重点支援分野（地域脱炭素、若者・女性活躍） 3/4."),
item("nw-29", "narrow-ja",
     ["太陽電池廃棄物の再資源化等の推進に関する法律案の主な措置事項を並べて"],
     "製造・輸入業者と販売業者向けの措置だけ教えて", "which_measure", D2,
     [["環境配慮設計の実施等の措置", "含有物質に関する情報提供等の措置"]],
     ["環境配慮設計の実施等の措置", "含有物質に関する情報提供等の措置"],
     "措置事項④ 製造・輸入業者及び販売業者に対する措置: 環境配慮設計の実施等, 含有物質に関する情報提供等."),
item("nw-30", "narrow-ja",
     ["再資源化事業等高度化法の認定制度で促進する3種類の高度化って何？"],
     "温室効果ガスの削減につながるのはどれ？", "which_measure", D2,
     [["再資源化工程の高度化", "温室効果ガス削減効果を高めるための"]],
     ["再資源化工程の高度化", "高効率な設備導入"],
     "Of ①事業形態 ②分離・回収技術 ③再資源化工程, ③ promotes 高効率な設備導入等 for GHG reduction."),
# ---------------- English (10) ----------------
item("nw-31", "narrow-en",
     ["What indicators does the review draft (点検) use for Ⅲ-1, regional circular systems and regional revitalization?"],
     "Which of them have a numerical target set for FY2027?", "target", D0,
     [["46% (2027年度)", "100% (2027年度)"]],
     ["46%", "100%"],
     "FY2027 targets: 廃棄物エネルギーを外部に供給している施設の割合 46%, 長期広域化・集約化計画を策定した都道府県の割合 100%."),
item("nw-32", "narrow-en",
     ["食品ロス削減の目標と2023年度の推計値を教えて"],
     "Only the business-sector (事業系) one, please: what is the reduction target and how much is still left to cut?", "target", D2,
     [["事業系食品ロス 231万トン（60%削減目標まで残り12万トン）"]],
     ["60%", "12万トン"],
     "事業系: 60%減 (2000年度比, 2030年度まで); 2023年度 231万トン, 残り12万トン."),
item("nw-33", "narrow-en",
     ["What are the target indicators for the reuse market expansion package?"],
     "Which of those targets is about local governments?", "target", D2,
     [["リユース業者等と協働取組を行う自治体数 →600自治体"]],
     ["600自治体"],
     "Reuse package targets: 市場規模4.6兆円, 協働自治体数600自治体, 実施率50% -> municipalities: 600."),
item("nw-34", "narrow-en",
     ["What are the disposal-stage measures in the lithium-ion battery comprehensive package?"],
     "Which of those involve the Consumer Affairs Agency?", "ministry", D2,
     [["消費者・国民に向けた分別廃棄の周知強化(環境、消費)"]],
     ["分別廃棄の周知強化"],
     "④廃棄時の対策: only 消費者・国民に向けた分別廃棄の周知強化 is tagged (環境、消費)."),
item("nw-35", "narrow-en",
     ["List the indicators for Ⅲ-2 (inter-business collaboration across the whole life cycle) in the review draft.", "Which ones have target values?"],
     "And which of those is taken from the 住生活基本計画?", "indicator", D0,
     [["約250万戸 (2030年度)"]],
     ["認定長期優良住宅のストック数", "約250万戸"],
     "Of the two targeted indicators, 認定長期優良住宅のストック数 (約250万戸, 2030年度) cites 住生活基本計画; biomass plastics cites 地球温暖化対策計画."),
item("nw-36", "narrow-en",
     ["Which collaboration platforms and networks are listed in the reference table of the review draft?"],
     "Which one is for metals, and how many companies take part?", "number", D0,
     [["SUREコンソーシアム*8"]],
     ["SUREコンソーシアム", "91"],
     "金属 row: SUREコンソーシアム, 参加企業数 91."),
item("nw-37", "narrow-en",
     ["What measures fall under pillar 2 of the action plan, building an international resource circulation network with Japan as the hub?"],
     "Which of those speeds up import procedures, and from when is the electronic filing supposed to start?", "schedule", D2,
     [["2027年度末までに開発を完了し、2028年度から電子化を実現する。"]],
     ["バーゼル", "2028年度"],
     "バーゼル法に基づくe-scrap等の輸入手続の迅速化 (PIC手続の効率化・電子化): development done by end FY2027, e-filing from 2028年度."),
item("nw-38", "narrow-en",
     ["GREEN×EXPO 2027の会場ではどんな資源循環の取組をするの？"],
     "Which of these concerns the temporary buildings?", "which_measure", D2,
     [["GX House（リユース型建築）を推進"]],
     ["GREENサーキュラー建築", "GX House"],
     "Item 2: 仮設建築物への「GREENサーキュラー建築」の実装 (GX House, リユース型建築)."),
item("nw-39", "narrow-en",
     ["What work streams does the plan set out for resource circulation of permanent magnets?"],
     "Which one involves working with partner countries abroad?", "which_measure", D2,
     [["同志国との使用済製品からの磁石/レアースの回収及び国内循環に係る協業"]],
     ["同志国との国際的な磁石リサイクルネットワーク構築"],
     "Three streams: レアース分精製技術開発, 国内磁石リサイクルのスキーム確立, 同志国との国際的な磁石リサイクルネットワーク構築 (the international one)."),
item("nw-40", "narrow-en",
     ["What is the multi-pronged economic support scheme for investment (予算面、金融面等) meant to support?"],
     "Which of those items are about batteries or plastics?", "which_measure", D2,
     [["リチウムイオン電池の再資源化のための無害化・解体施設の整備", "高品質再生プラスチック製造のための高度選別施設の整備"]],
     ["リチウムイオン電池の再資源化のための無害化・解体施設の整備", "高品質再生プラスチック製造のための高度選別施設の整備"],
     "Scheme bullets: the battery one (無害化・解体施設) and the plastics one (高度選別施設)."),
]

def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))

def verify(items):
    errs = []
    texts = {d: open(os.path.join(PLAN_DIR, d), encoding="utf-8").read() for d in (D0, D2)}
    ids = [it["id"] for it in items]
    if len(ids) != len(set(ids)):
        errs.append("duplicate ids")
    if ids != ["nw-%02d" % i for i in range(1, 41)]:
        errs.append("ids not nw-01..nw-40 in order")
    ja = sum(1 for it in items if it["tag"] == "narrow-ja")
    en = sum(1 for it in items if it["tag"] == "narrow-en")
    if (ja, en) != (30, 10):
        errs.append("counts ja=%d en=%d (want 30/10)" % (ja, en))
    for it in items:
        i = it["id"]
        if it["kind"] not in KINDS or it["kind"] == "unanswerable":
            errs.append(i + ": bad kind")
        if it["doc"] not in texts:
            errs.append(i + ": bad doc"); continue
        h = it["history"]
        if not (1 <= len(h) <= 3) or not all(isinstance(x, str) and x for x in h):
            errs.append(i + ": history must be 1-3 questions")
        if not it["answer_contains"] or not it["relevant"]:
            errs.append(i + ": empty gold")
        raw = texts[it["doc"]]
        other = "".join(t for d, t in texts.items() if d != it["doc"])
        for a in it["answer_contains"]:
            if a.strip() in ("はい", "いいえ"):
                errs.append(i + ": yes/no answer")
            for alt in a.split("|"):
                if alt not in raw:
                    errs.append("%s: answer_contains %r not verbatim in %s" % (i, alt, it["doc"]))
        for g in it["relevant"]:
            if not (1 <= len(g) <= 3):
                errs.append(i + ": group must have 1-3 snippets")
            for s in g:
                if s not in raw:
                    errs.append("%s: snippet %r not verbatim in %s" % (i, s, it["doc"]))
                if norm(s) in norm(other):
                    errs.append("%s: snippet %r also occurs in the other doc" % (i, s))
        if it["tag"] == "narrow-en" and re.search(r"[\u3040-\u30ff]", it["question"][:20]):
            errs.append(i + ": english item with japanese question start")
    return errs

def main():
    errs = verify(ITEMS)
    if errs:
        print("VERIFY FAILED", file=sys.stderr)
        for e in errs:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    keys = ["id", "history", "question", "kind", "doc", "relevant", "answer_contains", "note"]
    with open(os.path.join(HERE, "narrow.jsonl"), "w", encoding="utf-8") as f:
        for it in ITEMS:
            f.write(json.dumps({k: it[k] for k in keys}, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "tags.json"), "w", encoding="utf-8") as f:
        json.dump({it["id"]: it["tag"] for it in ITEMS}, f, ensure_ascii=False, indent=1)
    ja = sum(1 for it in ITEMS if it["tag"] == "narrow-ja")
    print("OK: %d items (%d ja, %d en); all answer_contains/relevant verbatim in their docs" % (len(ITEMS), ja, len(ITEMS) - ja))

if __name__ == "__main__":
    main()
