/*
 * demo_text.c - the text tables of the demonstration data set (app/demo.c):
 * the group's constituencies with their departments, the demo users, the
 * word lists (names, customers, suppliers, products, malware, places), the
 * incident templates with their report texts, the notes and tasks per kind
 * of handling, follow-up reports and reports rejected at triage.
 *
 * Data only: demo.c picks from these tables with its deterministic PRNG and
 * fills their {placeholders}. The order of every table is part of the data
 * set (a pick is an index), so reordering or adding an entry changes the
 * generated rows for a given seed. Strings are written the way a Japanese
 * CSIRT's handlers and reporters write; the types and what each field means
 * are in demo_text.h.
 */
#include "app/demo_text.h"

#include <stddef.h>

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A NULL-terminated list, for the list fields of templates and kinds. */
#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

/* --- the organisation ------------------------------------------------------ */

/* A constituency's departments, ended by an entry with a NULL name. */
#define UNITS(...) ((const struct demo_unit[]){__VA_ARGS__, {0, NULL, NULL}})

const struct demo_org demo_orgs[] = {
        {"HQ", "火消し工業株式会社（本社）", "Hikeshi Industries Co., Ltd. (HQ)",
         "グループの持株会社機能を持つ本社。国内 3 工場を含む。", "火消し工業", "hikeshi-demo.example",
         "www.hikeshi-demo.example", "HQ", 45,
         UNITS({-1, "経営企画部", "Corporate Planning Dept."}, {0, "情報システム部", "IT Dept."},
               {1, "インフラ課", "Infrastructure Section"}, {-1, "営業本部", "Sales Division"},
               {3, "第一営業部", "Sales Dept. 1"}, {-1, "人事部", "Human Resources Dept."},
               {-1, "経理部", "Accounting Dept."}, {-1, "広報部", "Public Relations Dept."},
               {-1, "法務部", "Legal Dept."}, {-1, "製造部", "Manufacturing Dept."})},
        {"GRP-A", "火消し物流株式会社", "Hikeshi Logistics Co., Ltd.",
         "グループ会社。全国の物流センターと配送網を運営。", "火消し物流", "logi.hikeshi-demo.example",
         "www.logi.hikeshi-demo.example", "HL", 25,
         UNITS({-1, "管理本部", "Administration Division"}, {0, "総務部", "General Affairs Dept."},
               {0, "経理部", "Accounting Dept."}, {0, "情報システム課", "IT Section"}, {-1, "営業部", "Sales Dept."},
               {-1, "物流センター運営部", "Logistics Center Operations Dept."},
               {5, "東日本物流センター", "East Japan Logistics Center"},
               {5, "西日本物流センター", "West Japan Logistics Center"})},
        {"GRP-B", "火消しシステムズ株式会社", "Hikeshi Systems Co., Ltd.",
         "グループ会社。グループ内外向けのシステム開発とクラウドサービスを提供。", "火消しシステムズ",
         "systems.hikeshi-demo.example", "www.systems.hikeshi-demo.example", "HS", 20,
         UNITS({-1, "管理部", "Administration Dept."}, {-1, "開発本部", "Development Division"},
               {1, "第一開発部", "Development Dept. 1"}, {1, "第二開発部", "Development Dept. 2"},
               {-1, "クラウドサービス部", "Cloud Services Dept."}, {4, "SRE 課", "SRE Section"},
               {-1, "営業部", "Sales Dept."}, {-1, "品質管理部", "Quality Assurance Dept."})},
        {"GRP-SG", "Hikeshi Asia Pacific Pte. Ltd.（シンガポール）", "Hikeshi Asia Pacific Pte. Ltd.",
         "海外子会社（シンガポール）。東南アジアの販売・物流拠点。", "Hikeshi Asia Pacific", "sg.hikeshi-demo.example",
         "www.sg.hikeshi-demo.example", "SG", 10,
         UNITS({-1, "管理部", "Administration"}, {0, "財務部", "Finance"}, {-1, "営業部", "Sales"}, {0, "IT 部", "IT"},
               {-1, "倉庫管理部", "Warehouse Operations"})},
};
const size_t demo_orgs_count = COUNT_OF(demo_orgs);

const struct demo_user demo_users[] = {
        {"sato", "佐藤 健一", "佐藤", "handler", "ja", "Asia/Tokyo", "RED", NULL, 30},
        {"suzuki", "鈴木 美咲", "鈴木", "handler", "ja", "Asia/Tokyo", "RED", NULL, 30},
        {"takahashi", "高橋 翔太", "高橋", "handler", "ja", "Asia/Tokyo", "RED", "HQ", 40},
        {"tanaka", "田中 由美", "田中", "handler", "ja", "Asia/Tokyo", "RED", "GRP-A", 50},
        {"ito", "伊藤 大輔", "伊藤", "handler", "ja", "Asia/Tokyo", "RED", "GRP-B", 50},
        {"watanabe", "渡辺 彩", "渡辺", "handler", "ja", "Asia/Tokyo", "AMBER+STRICT", "HQ,GRP-SG", 25},
        {"lim", "Lim Wei Ming", "Lim", "handler", "en", "Asia/Singapore", "RED", "GRP-SG", 50},
        {"ciso", "山本 CISO", "山本", "viewer", "ja", "Asia/Tokyo", "AMBER", NULL, 0},
};
const size_t demo_users_count = COUNT_OF(demo_users);

/* --- word lists ------------------------------------------------------------ */

/* Lists that templates point to (.phish, .attach, .sigs, .malw) end with NULL;
 * the others are picked with PICK through their demo_xxx_count. */

/* Employees who report things (the handlers' family names are left out, so
 * that a reporter is never mistaken for a handler). */
const struct demo_name_pair demo_family_names[] = {
        {"山田", "yamada"},   {"中村", "nakamura"},  {"小林", "kobayashi"},  {"加藤", "kato"},
        {"吉田", "yoshida"},  {"山口", "yamaguchi"}, {"松本", "matsumoto"},  {"井上", "inoue"},
        {"木村", "kimura"},   {"林", "hayashi"},     {"清水", "shimizu"},    {"山崎", "yamazaki"},
        {"森", "mori"},       {"池田", "ikeda"},     {"橋本", "hashimoto"},  {"阿部", "abe"},
        {"石川", "ishikawa"}, {"前田", "maeda"},     {"藤田", "fujita"},     {"小川", "ogawa"},
        {"岡田", "okada"},    {"後藤", "goto"},      {"長谷川", "hasegawa"}, {"村上", "murakami"},
        {"近藤", "kondo"},    {"石井", "ishii"},     {"坂本", "sakamoto"},   {"遠藤", "endo"},
        {"青木", "aoki"},     {"藤井", "fujii"},     {"西村", "nishimura"},  {"福田", "fukuda"},
        {"太田", "ota"},      {"三浦", "miura"},     {"岡本", "okamoto"},    {"松田", "matsuda"},
        {"中川", "nakagawa"}, {"原田", "harada"},    {"小野", "ono"},        {"竹内", "takeuchi"},
};
const size_t demo_family_names_count = COUNT_OF(demo_family_names);
const struct demo_name_pair demo_given_names[] = {
        {"太郎", "taro"},   {"大輔", "daisuke"},  {"拓也", "takuya"}, {"翔", "sho"},       {"直樹", "naoki"},
        {"和也", "kazuya"}, {"誠", "makoto"},     {"隆", "takashi"},  {"浩二", "koji"},    {"亮", "ryo"},
        {"健太", "kenta"},  {"悠斗", "yuto"},     {"陽菜", "hina"},   {"美穂", "miho"},    {"恵", "megumi"},
        {"裕子", "yuko"},   {"真由美", "mayumi"}, {"沙織", "saori"},  {"奈々", "nana"},    {"麻衣", "mai"},
        {"智子", "tomoko"}, {"香織", "kaori"},    {"愛", "ai"},       {"千尋", "chihiro"}, {"雄一", "yuichi"},
        {"聡", "satoshi"},  {"由紀", "yuki"},     {"康介", "kosuke"},
};
const size_t demo_given_names_count = COUNT_OF(demo_given_names);
/* Local staff of the Singapore subsidiary (family, given). */
const struct demo_name_pair demo_sg_names[] = {
        {"Tan", "Mei Ling"}, {"Lim", "Jun Jie"},  {"Ng", "Hui Min"},  {"Wong", "Kai Xiang"}, {"Kumar", "Rajesh"},
        {"Lee", "Sarah"},    {"Goh", "Wei Ting"}, {"Chua", "Daniel"}, {"Teo", "Shu Fen"},    {"Nair", "Priya"},
};
const size_t demo_sg_names_count = COUNT_OF(demo_sg_names);

const struct demo_customer demo_customers[] = {
        {"株式会社青葉商事", "aoba-shoji.example"},   {"丸福食品株式会社", "marufuku-foods.example"},
        {"東邦精機株式会社", "toho-seiki.example"},   {"株式会社みなと建設", "minato-kensetsu.example"},
        {"大和テック株式会社", "daiwa-tech.example"}, {"株式会社北斗メディカル", "hokuto-medical.example"},
};
const size_t demo_customers_count = COUNT_OF(demo_customers);
const struct demo_customer demo_suppliers[] = {
        {"株式会社ミナト印刷", "minato-print.example"},
        {"東和データサービス株式会社", "towa-data.example"},
        {"株式会社さくらコールセンター", "sakura-cc.example"},
        {"北斗システム開発株式会社", "hokuto-sys.example"},
        {"株式会社アオイ物流サービス", "aoi-logi-service.example"},
};
const size_t demo_suppliers_count = COUNT_OF(demo_suppliers);

/* Products that JPCERT/CC issued alerts about; the type is how the alert
 * summarises the flaw. */
const struct demo_vuln demo_vulns[] = {
        {"Ivanti Connect Secure", "CVE-2025-0282", "認証不要でリモートから任意のコードを実行される脆弱性"},
        {"FortiOS SSL-VPN", "CVE-2024-21762", "リモートから任意のコードやコマンドを実行される脆弱性"},
        {"Fortinet FortiOS / FortiProxy", "CVE-2024-55591", "管理者権限を不正に取得される認証回避の脆弱性"},
        {"Citrix NetScaler ADC / Gateway", "CVE-2025-5777",
         "メモリ内の情報（セッショントークン等）を読み取られる脆弱性"},
        {"Palo Alto Networks PAN-OS GlobalProtect", "CVE-2024-3400", "認証不要で OS コマンドを実行される脆弱性"},
        {"Microsoft SharePoint Server", "CVE-2025-53770", "認証不要でリモートから任意のコードを実行される脆弱性"},
        {"SonicWall SonicOS SSLVPN", "CVE-2024-53704", "認証を回避してセッションを乗っ取られる脆弱性"},
        {"Apache Tomcat", "CVE-2025-24813", "条件によりリモートから任意のコードを実行される脆弱性"},
        {"Veeam Backup & Replication", "CVE-2024-40711", "認証不要でリモートから任意のコードを実行される脆弱性"},
};
const size_t demo_vulns_count = COUNT_OF(demo_vulns);

const char *const demo_malware_names[] = {"Emotet",   "AgentTesla",    "FormBook",   "IcedID",
                                          "AsyncRAT", "Cobalt Strike", "SmokeLoader"};
const size_t demo_malware_names_count = COUNT_OF(demo_malware_names);
static const char *const stealer_names[] = {"Lumma Stealer", "RedLine Stealer", "Vidar", "StealC", NULL};
const char *const demo_ransomware_names[] = {"LockBit", "Phobos", "8Base", "Akira", "BlackSuit", "Qilin", "Medusa"};
const size_t demo_ransomware_names_count = COUNT_OF(demo_ransomware_names);
const char *const demo_countries[] = {"ロシア", "オランダ",   "米国",   "ブラジル",    "ベトナム",
                                      "中国",   "ウクライナ", "ドイツ", "インドネシア"};
const size_t demo_countries_count = COUNT_OF(demo_countries);
const char *const demo_places[] = {"品川駅構内",
                                   "東京駅の新幹線ホーム",
                                   "山手線の車内",
                                   "取引先からの帰りのタクシー車内",
                                   "羽田空港第 2 ターミナル",
                                   "新大阪駅付近",
                                   "会食先の飲食店（新橋）",
                                   "自宅最寄り駅の駐輪場",
                                   "出張先のホテル（名古屋）",
                                   "客先の会議室",
                                   "博多駅の待合室",
                                   "京急線の車内"};
const size_t demo_places_count = COUNT_OF(demo_places);
const char *const demo_cloud_services[] = {"Microsoft 365", "Outlook on the web", "SharePoint",
                                           "DocuSign",      "Adobe Acrobat Sign", "Box"};
const size_t demo_cloud_services_count = COUNT_OF(demo_cloud_services);
const char *const demo_couriers[] = {"佐川急便", "ヤマト運輸", "日本郵便"};
const size_t demo_couriers_count = COUNT_OF(demo_couriers);
const char *const demo_invoice_subjects[] = {"請求書送付のご案内",
                                             "【至急】お支払い期日のご確認",
                                             "Re: {month}月分ご請求について",
                                             "ご入金確認のお願い",
                                             "見積書送付の件",
                                             NULL};
const char *const demo_invoice_attachments[] = {"請求書_{month}月分.zip", "御請求書.zip", "支払明細_{month}月.zip",
                                                "見積書.zip", NULL};
const char *const demo_bad_domains[] = {"tokai-shoji.example.com", "kanto-trading.example.net",
                                        "billing-notice.example.org", "secure-mail.example.com",
                                        "ohkura-bussan.example.net"};
const size_t demo_bad_domains_count = COUNT_OF(demo_bad_domains);
/* Phishing URLs, defanged as CSIRTs write them in notes and reports. */
const char *const demo_bad_urls[] = {
        "hxxps://login-m365-verify[.]example[.]com/auth/", "hxxps://secure-docs-share[.]example[.]net/view?id={count}",
        "hxxp://delivery-check[.]example[.]org/jp/",       "hxxps://account-update-jp[.]example[.]com/signin",
        "hxxps://mailbox-quota[.]example[.]net/owa/",
};
const size_t demo_bad_urls_count = COUNT_OF(demo_bad_urls);
const char *const demo_dropped_files[] = {"setup_x64.exe",    "invoice_scan.exe", "PDFConverter_Free.exe",
                                          "chrome_update.js", "document.iso",     "zoom_installer.msi"};
const size_t demo_dropped_files_count = COUNT_OF(demo_dropped_files);
static const char *const edr_signatures[] = {
        "Suspicious PowerShell command line", "Malware was detected and quarantined",
        "An active malware process was detected", "Suspicious process injection observed", NULL};

/* --- incident templates ---------------------------------------------------- */

/* The SOC's alert mail: its fixed head and tail around each alert's lines. */
#define SOC_HEAD                                                                                                                 \
	"{company_full} CSIRT ご担当者様\n\nいつもお世話になっております。SOC 監視センターです。\n" \
	"下記のとおりアラートを検知いたしましたので、ご連絡いたします。\n\n"                      \
	"■検知日時: {datetime}\n■重要度: {severity}\n■シグネチャ: {sig}\n"
#define SOC_TAIL                                                                                                          \
	"\nご不明な点がございましたら、本メールへの返信にてお問い合わせください。\n\n" \
	"--\nSOC 監視センター\nsoc@mssp.example\n"
/* The EDR's alert as its API connector posts it. */
#define EDR_BODY                                                                                                       \
	"Alert: {sig}\nSeverity: {severity_en}\nThreat: {malware}\nDevice: {pc} ({lip})\n"                             \
	"User: HIKESHI\\{acct}\nFile: C:\\Users\\{acct}\\Downloads\\{file}\nSHA256: {sha}\n"                           \
	"Action taken: Quarantined\nFirst seen: {datetime} JST\n"
/* A handler's memo of a phone call. */
#define PHONE_HEAD  "【電話受付】\n連絡者: {dept} {person}さん（内線 {ext}）\n受付日時: {datetime}\n\n"
#define JPCERT_SIGN "\n--\nJPCERT コーディネーションセンター\nインシデントレスポンスグループ\n"

const struct demo_tmpl demo_tmpls[] = {
        /* ---- phishing and suspicious mail ---- */
        {.category = "fraud/phishing",
         .weight = 90,
         .kind = K_MAIL,
         .style = RSTY_EMP_MAIL,
         .followup = FU_MAIL,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 8,
         .occ_lag_h = 2,
         .dept_pref = "経理|財務|管理|総務",
         .titles = L("{dept}宛の請求書を装った不審メール（Emotet の可能性）",
                     "{dept}に届いた請求書送付を装う不審メール", "取引先を装った不審メール（パスワード付き ZIP 添付）"),
         .descs = L("{date} {time} 頃、{dept}の複数名宛に「{phish_subj}」という件名のメールが届いた。"
                    "差出人は取引先の担当者名を名乗っているが、送信元アドレスは {sender} で、実在の取引先の"
                    "ドメインとは異なる。添付ファイル「{attach}」はパスワード付き ZIP で、パスワードは本文に"
                    "記載されている。{malware} の配布メールと手口が似ているため、開封者の有無と端末の状態を確認する。",
                    "{dept}の{family}さんから、心当たりのない請求書メール（件名「{phish_subj}」、送信元 "
                    "{sender}）を受信したとの報告。添付ファイル「{attach}」は未開封。同じメールがほかの社員にも"
                    "届いていないか確認し、送信元をブロックする。"),
         .rsubj = L("不審なメールを受信しました", "【確認依頼】心当たりのない請求書メール", "Fw: {phish_subj}"),
         .rbody = L("CSIRT ご担当者様\n\nお疲れ様です。{dept}の{family}です。\n先ほど、取引先を名乗る以下の"
                    "メールが届きました。\n心当たりのない請求書で、差出人のアドレスもいつもと違うため、念のため"
                    "ご連絡します。\n添付ファイルは開いていません。\n\n差出人: {sender}\n件名: {phish_subj}\n"
                    "添付: {attach}\n\nよろしくお願いいたします。\n\n{dept} {person}",
                    "お疲れ様です。{dept}の{family}です。\n\n請求書を装ったメールが届きました。いつもやり取り"
                    "している取引先の担当者の名前になっていますが、署名の電話番号が違っていて怪しいと思います。\n"
                    "添付の ZIP ファイルのパスワードが本文に書かれていました。開いてはいません。\n転送しますので"
                    "確認をお願いします。\n\n---------- 転送メッセージ ----------\nFrom: {sender}\n"
                    "Subject: {phish_subj}\n"),
         .phish = demo_invoice_subjects,
         .attach = demo_invoice_attachments},
        {.category = "fraud/phishing",
         .weight = 70,
         .kind = K_MAIL,
         .style = RSTY_EMP_MAIL,
         .followup = FU_MAIL,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 10,
         .occ_lag_h = 2,
         .titles = L("Microsoft 365 のログイン画面を装ったフィッシングメール",
                     "「{phish_subj}」を件名とするフィッシングメールの一斉受信",
                     "{svc} を装ったフィッシングメール（偽ログインページへの誘導）"),
         .descs = L("{svc} からの通知を装い、偽のログインページ（{url}）へ誘導するメールが{dept}ほか複数の"
                    "部署に届いている。件名は「{phish_subj}」、送信元は {sender}。リンク先で ID とパスワードの"
                    "入力を求められる。入力した社員がいないか確認し、URL をブロックする。",
                    "{dept}の{family}さんから、「{phish_subj}」という件名のメールの報告。本文のリンク先は "
                    "{svc} のログイン画面に似せた偽サイト（{url}）で、認証情報の詐取が目的と見られる。"),
         .rsubj = L("フィッシングメールと思われるメールの報告", "不審なメールについて（{svc}）", "Fw: {phish_subj}"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{svc} を名乗るメールが届きました。"
                    "リンクを開くとログイン画面が表示されましたが、URL がいつもと違うため ID とパスワードは"
                    "入力していません。\n\n件名: {phish_subj}\n差出人: {sender}\nリンク先: {url}\n\n念のため"
                    "ご確認をお願いします。",
                    "お疲れ様です。{family}です。\n「{phish_subj}」というメールが来ていますが、これは本物"
                    "でしょうか。\n差出人が {sender} になっていて怪しい気がします。リンクはクリックしていません。"),
         .phish = L("【重要】パスワードの有効期限が近づいています", "メールボックスの容量が上限に達しました",
                    "新しいドキュメントが共有されました", "[要対応] アカウントの確認が必要です",
                    "未配信のメッセージが 3 件あります", "ボイスメッセージを受信しました")},
        {.category = "fraud/phishing",
         .weight = 25,
         .kind = K_CRED,
         .style = RSTY_EMP_MIX,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 3,
         .occ_lag_h = 3,
         .titles = L("フィッシングサイトへの ID・パスワード入力（{dept}）",
                     "偽の Microsoft 365 ログイン画面への認証情報入力",
                     "フィッシングメールのリンク先での認証情報入力（{acct}）"),
         .descs = L("{dept}の{family}さんが、{svc} を装ったメール（件名「{phish_subj}」）のリンクを開き、"
                    "偽のログイン画面に ID とパスワードを入力した。入力から報告まで約 {hours} 時間。アカウント "
                    "{acct} の不正利用の有無を確認し、パスワードのリセットとセッションの無効化を行う。",
                    "フィッシングサイト（{url}）で認証情報を入力してしまったと{dept}の{family}さんから申告あり。"
                    "多要素認証は有効だが、入力直後に MFA の承認要求が届き、承認してしまった可能性がある。"),
         .rsubj = L("【至急】偽サイトにパスワードを入力してしまいました",
                    "パスワードを入力してしまいました（不審メール）"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n先ほど届いた「{phish_subj}」というメールの"
                    "リンクを開き、表示されたログイン画面で ID とパスワードを入力してしまいました。\n入力した後に"
                    "画面が真っ白になり、おかしいと思ってご連絡しました。\nどうすればよいか指示をお願いします。"
                    "\n\n{person}\n内線 {ext}",
                    "お疲れ様です。{dept}の{family}です。\nメールのリンクから {svc} のログイン画面が出たので"
                    "パスワードを入れたのですが、その後スマホに承認の通知が来て、つい承認してしまいました。\n"
                    "今考えると偽物だったと思います。申し訳ありません。"),
         .psubj = L("【電話】偽サイトへのパスワード入力", "【電話】フィッシングサイトで認証情報を入力"),
         .pbody = L(PHONE_HEAD
                    "{time} 頃、メールのリンクから開いた {svc} のログイン画面に似たページで ID と"
                    "パスワードを入力した。MFA の通知が来たので承認したかもしれない、とのこと。\n"
                    "→ PC はそのまま使用中。パスワードの変更はまだしていない。\n→ すぐに変更手順を案内する。"),
         .phish = L("【重要】パスワードの有効期限が近づいています", "新しいドキュメントが共有されました",
                    "[要対応] アカウントの確認が必要です")},
        {.category = "fraud/phishing",
         .weight = 20,
         .kind = K_SMS,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .fp_pct = 5,
         .occ_lag_h = 12,
         .titles = L("宅配業者の不在通知を装った SMS（社用スマートフォン）",
                     "社用スマートフォンに届いた不審 SMS のリンクへのアクセス",
                     "{courier}を装ったスミッシング（社用携帯）"),
         .descs = L("{dept}の{family}さんの社用スマートフォン（iPhone）に、{courier}の不在通知を装った SMS が"
                    "届き、本人が本文のリンク（{url}）を開いた。アプリのインストールや ID 等の入力はしていない"
                    "とのこと。MDM で端末の状態を確認する。"),
         .rsubj = L("社用携帯に不審な SMS が届きました", "SMS のリンクを開いてしまいました"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n社用携帯に{courier}から「お荷物をお届けにあがり"
                    "ましたが不在のため持ち帰りました」という SMS が届き、リンクを開いてしまいました。\nページが"
                    "表示されたあとすぐに閉じたので、何も入力していません。\n念のためご報告します。")},
        {.category = "fraud/masquerade",
         .weight = 12,
         .kind = K_BEC,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 5,
         .sens = 1,
         .occ_lag_h = 48,
         .dept_pref = "経理|財務",
         .titles = L("取引先を装ったビジネスメール詐欺（BEC）", "振込先口座の変更を依頼する不審メール（BEC の疑い）"),
         .descs = L("{dept}に、取引先（{customer}）の担当者を装い「振込先口座を変更した」とするメールが"
                    "届いた。過去のメールのやり取りが引用されており、送信元ドメインは正規のドメインに酷似した"
                    "別のドメイン。支払は保留中。取引先側のメールアカウント侵害の可能性も含めて確認する。"),
         .rsubj = L("口座変更の依頼メールについて確認させてください", "振込先変更のメールが怪しいです"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{customer}様から、振込先口座が変更になった"
                    "というメールが届きました。\nいつもの担当者の名前ですが、メールアドレスのドメインが少し違って"
                    "いるように見えます。\n今月の支払いが {count} 日後に控えており、振込はまだ行っていません。\n"
                    "本物かどうか確認していただけますでしょうか。")},
        {.category = "fraud/masquerade",
         .weight = 5,
         .kind = K_BEC,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 5,
         .sens = 1,
         .occ_lag_h = 4,
         .dept_pref = "経理|財務|経営",
         .titles = L("役員を装った送金指示メール（CEO 詐欺の疑い）", "社長名義の不審な送金依頼メール"),
         .descs = L("社長名義で「極秘の案件のため、本日中に指定口座へ送金してほしい。この件は他言しないように」"
                    "とのメールが{dept}の{family}さんに届いた。送信元は社外のフリーメールアドレスで、表示名のみ"
                    "社長の名前になっている。"),
         .rsubj = L("社長名の送金依頼メールが届きました"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n社長の名前で「至急、極秘で送金をお願いしたい」と"
                    "いうメールが届きました。\n普段このようなご依頼はなく、差出人のアドレスも社外のものなので、"
                    "詐欺ではないかと思います。\n返信はしていません。")},
        {.category = "fraud/phishing",
         .weight = 8,
         .kind = K_BRANDPHISH,
         .style = RSTY_CUSTOMER,
         .alt_style = RSTY_JPCERT,
         .alt_pct = 25,
         .followup = FU_CUSTOMER,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 5,
         .sens = -1,
         .occ_lag_h = 24,
         .titles =
                 L("当社を騙るフィッシングサイトの報告", "{company}の名前を使った偽サイトに関する顧客からの問い合わせ"),
         .descs = L("顧客（{customer}）から、当社を名乗るメールに記載されたリンク先が当社サイトそっくりの偽サイト"
                    "（{url}）だったとの問い合わせ。ログイン ID とパスワードの入力を求める画面になっている。顧客"
                    "への被害の有無を確認し、テイクダウンを依頼する。"),
         .rsubj = L("御社を名乗るメールについて", "【問い合わせ】御社のサイトに似た不審なページについて"),
         .rbody = L("{company_full} ご担当者様\n\nいつもお世話になっております。{customer}の{cust_person}です。\n"
                    "本日、御社名義で「ご登録情報の確認のお願い」というメールが届き、リンク先でログインを求め"
                    "られました。\nURL が御社のものと違うようでしたので、入力はしておりません。\n御社から送信"
                    "されたものでしょうか。ご確認をお願いいたします。\n\nリンク先: {url}")},
        {.category = "fraud/phishing",
         .weight = 12,
         .kind = K_MAIL,
         .style = RSTY_EMP_MAIL,
         .followup = FU_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 5,
         .occ_lag_h = 6,
         .dept_pref = "人事|管理",
         .titles = L("採用応募を装った標的型メール（{dept}宛）", "履歴書を装った LNK ファイル付きメール"),
         .descs = L("{dept}の採用窓口宛に、応募者を装ったメールが届いた。添付の「{attach}」を展開すると、PDF の"
                    "アイコンに偽装したショートカット（.lnk）ファイルが含まれており、実行すると PowerShell で外部"
                    "からファイルを取得する。{dept}の担当者は開封前に不審に気付き報告した。"),
         .rsubj = L("採用応募メールの添付ファイルが怪しいです", "不審な応募メールについて"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n採用窓口に届いた応募メールの添付ファイルを展開した"
                    "ところ、履歴書のはずが「.lnk」というファイルになっていました。\nダブルクリックはしていません。"
                    "\nメールを転送しますので、確認をお願いします。\n\n件名: {phish_subj}\n差出人: {sender}"),
         .phish = L("応募書類の送付", "中途採用への応募について", "エントリーシートの提出"),
         .attach = L("履歴書_職務経歴書.zip", "応募書類.zip", "エントリーシート.zip")},
        {.category = "fraud/phishing",
         .weight = 10,
         .kind = K_MAIL,
         .style = RSTY_EMP_MAIL,
         .followup = FU_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 5,
         .occ_lag_h = 4,
         .dept_pref = "営業",
         .titles = L("取引先のメールアカウント乗っ取りによる不審メール（{customer}）",
                     "実在の取引先から届いた不審なファイル共有メール"),
         .descs = L("取引先（{customer}）の実在の担当者アドレスから、過去のやり取りに返信する形で「{phish_subj}」"
                    "というメールが{dept}に届いた。本文のリンク先はファイル共有サービスを装った偽のログインページ"
                    "（{url}）。取引先のメールアカウントが乗っ取られている可能性が高い。"),
         .rsubj = L("取引先からのメールが不審です", "Fw: {phish_subj}"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{customer}の担当者の方から、以前のメールへの"
                    "返信という形でファイル共有のメールが届きました。\nリンクを開くと Microsoft のログイン画面が"
                    "表示されたのですが、文面がいつもと違うため入力していません。\n先方に電話で確認したところ、"
                    "送った覚えはないとのことでした。"),
         .phish = L("Re: お見積りの件", "Re: 打ち合わせ資料の共有", "ファイル共有のお知らせ")},

        /* ---- malware ---- */
        {.category = "malicious-code/infected-system",
         .weight = 10,
         .kind = K_RANSOM,
         .style = RSTY_EMP_MIX,
         .imp_lo = 2,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 3,
         .sens = 1,
         .occ_lag_h = 72,
         .srv_role = "fs",
         .titles = L("{dept} PC でのランサムウェア感染疑い", "ファイルサーバ上のファイル暗号化（{ransom} の可能性）"),
         .descs = L("{dept}の{family}さんから、PC 上および共有フォルダのファイルが開けなくなり、拡張子が変わって"
                    "いるとの連絡。デスクトップに脅迫文と見られるテキストファイルが作成されている。{ransom} による"
                    "暗号化の可能性が高い。感染範囲の特定と封じ込めを最優先で行う。",
                    "ファイルサーバ {srv} 上の{dept}の共有フォルダで、大量のファイルが暗号化されていることを確認。"
                    "暗号化は {pc} からの SMB 接続で行われたと見られる。ランサムノートの内容から {ransom} と推定。"),
         .rsubj = L("【至急】PC のファイルが開けません", "【至急】共有フォルダのファイルが開けません"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n先ほどから PC のファイルが開けなくなり、"
                    "ファイル名の後ろに見慣れない拡張子が付いています。\nデスクトップに「README」というファイルが"
                    "できていて、英語で身代金のようなことが書かれています。\nLAN ケーブルは抜きました。至急対応を"
                    "お願いします。",
                    "お疲れ様です。{dept}の{family}です。\n共有フォルダ（{srv}）のファイルが開けません。\n部署の"
                    "複数の人が同じ状態で、フォルダの中に「HOW_TO_DECRYPT」というファイルができています。\n"
                    "至急確認をお願いします。"),
         .psubj = L("【電話】PC のファイルが開けない（ランサムウェアの疑い）",
                    "【電話】共有フォルダのファイルが暗号化されている"),
         .pbody = L(PHONE_HEAD "PC のファイルと共有フォルダのファイルが開けない。拡張子が見慣れないものに変わって"
                               "いて、デスクトップに「README」というファイルができている。\n→ LAN ケーブルを抜き、"
                               "電源は切らずにそのままにするよう指示。\n→ 情報システム部へ連絡済み。",
                    PHONE_HEAD "共有フォルダ（{srv}）のファイルが部署全体で開けなくなっている。フォルダ内に"
                               "「HOW_TO_DECRYPT」というファイルがある。\n→ 部署内の PC をネットワークから外すよう"
                               "依頼。\n→ 情報システム部にファイルサーバの共有停止を依頼。")},
        {.category = "malicious-code/infected-system",
         .weight = 70,
         .kind = K_MALWARE,
         .style = RSTY_EDR,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 15,
         .occ_lag_h = 1,
         .titles = L("EDR によるマルウェア検知（{pc}）", "{malware} の検知と自動隔離（{dept} {pc}）",
                     "EDR アラート：不審なファイルの実行（{pc}）"),
         .descs = L("EDR（Microsoft Defender for Endpoint）が{dept}の端末 {pc} で {malware} を検知し、"
                    "ファイルを自動で隔離した。ファイルはブラウザでダウンロードされたもので、実行の有無と外部通信の"
                    "有無を確認する。\n\nSHA-256: {sha}",
                    "{pc}（{dept}、利用者 {family}さん）で不審なファイル「{file}」の実行を EDR が検知。検知名は "
                    "{malware}。端末の隔離要否を判断する。"),
         .rsubj = L("[EDR] 重要度:{severity} {sig}（{pc}）"),
         .rbody = L(EDR_BODY),
         .sigs = edr_signatures},
        {.category = "malicious-code/infected-system",
         .weight = 35,
         .kind = K_MALWARE,
         .style = RSTY_SOC,
         .followup = FU_SOC,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 20,
         .occ_lag_h = 24,
         .titles = L("C2 サーバへの不審な通信の検知（{pc}）", "SOC アラート：{malware} の通信パターンを検知（{pc}）"),
         .descs = L("SOC から、{dept}の端末 {pc}（{lip}）から既知の C2 サーバ（{ip}）への定期的な通信を検知した"
                    "との通知。通信はファイアウォールで許可されており、{malware} に感染している可能性がある。"
                    "端末を隔離して調査する。"),
         .rsubj = L("【SOC】重要度:{severity} 不審な通信の検知について（{pc}）", "【SOC】{sig} の検知のご連絡"),
         .rbody = L(SOC_HEAD "■送信元: {lip}（{pc}）\n■宛先: {ip}:443（{country}）\n"
                             "■通信状況: ファイアウォールで許可（遮断されていません）\n\n■SOC 所見\n約 60 秒"
                             "間隔の定期的な HTTPS 通信が確認されており、マルウェアのビーコン通信の可能性があります。"
                             "\n\n■推奨対応\n・該当端末のネットワークからの隔離\n・EDR による端末調査\n" SOC_TAIL),
         .sigs = L("ET MALWARE Cobalt Strike Beacon Observed", "ET MALWARE Lumma Stealer CnC Checkin",
                   "ET TROJAN AsyncRAT Activity", "ET MALWARE Possible IcedID CnC Activity")},
        {.category = "malicious-code/infected-system",
         .weight = 8,
         .kind = K_MALWARE,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .fp_pct = 10,
         .occ_lag_h = 2,
         .dept_pref = "製造|物流|倉庫",
         .titles = L("USB メモリ経由のマルウェア感染（{dept}）", "取引先から受け取った USB メモリからのウイルス検知"),
         .descs = L("{dept}で、取引先から受け取った USB メモリを PC（{pc}）に接続したところ、ウイルス対策"
                    "ソフトが {malware} を検知した。USB メモリ内のショートカットファイルが実行された可能性がある。"
                    "同じ USB メモリを接続した端末がほかにないか確認する。"),
         .rsubj = L("USB メモリを挿したらウイルスが検知されました"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n取引先からデータを受け取った USB メモリを PC に"
                    "挿したところ、ウイルスが検知されたというメッセージが出ました。\nすぐに抜きましたが、念のため"
                    " PC はネットワークから外しています。\n同じ USB メモリを、もう 1 台の PC にも挿しています。\n"
                    "指示をお願いします。")},
        {.category = "malicious-code/infected-system",
         .weight = 20,
         .kind = K_MALWARE,
         .style = RSTY_EMP_MIX,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 8,
         .occ_lag_h = 1,
         .titles = L("不審メールの添付ファイル開封による感染疑い（{dept}）",
                     "マクロ付き Excel ファイルの実行（{malware} 感染の疑い）"),
         .descs = L("{dept}の{family}さんが、取引先を装ったメールの添付ファイル「{attach}」を開き、「コンテンツ"
                    "の有効化」をクリックした。その後 PC の動作が重くなったとの申告。{malware} の感染を想定し、"
                    "端末を隔離して調査する。"),
         .rsubj = L("添付ファイルを開いてしまいました", "【至急】不審なメールの添付ファイルを開いてしまいました"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n取引先からと思ったメールの添付ファイル"
                    "（{attach}）を開き、「コンテンツの有効化」を押してしまいました。\nその後、何も表示されず、"
                    "PC の動作が少し重くなっています。\nLAN ケーブルは抜きました。どうすればよいでしょうか。"),
         .psubj = L("【電話】添付ファイル開封（マクロ有効化）"),
         .pbody = L(PHONE_HEAD "不審なメールの添付ファイル（{attach}）を開き、マクロを有効化してしまった。\n"
                               "→ LAN ケーブルを抜き、Wi-Fi をオフにするよう指示。\n→ PC は電源を入れたまま"
                               "保管してもらう。"),
         .attach = L("請求書_{month}月分.xlsm", "注文書.xlsm", "支払明細.doc")},
        {.category = "malicious-code/infected-system",
         .weight = 8,
         .kind = K_MALWARE,
         .style = RSTY_EDR,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 10,
         .occ_lag_h = 24,
         .titles = L("フリーソフト経由の情報窃取型マルウェア（{malware}）感染",
                     "非公式サイトからダウンロードしたツールによるマルウェア感染（{pc}）"),
         .descs = L("{dept}の{family}さんが、業務効率化のため非公式サイトからダウンロードしたツールを実行し、"
                    "情報窃取型マルウェア {malware} に感染した可能性がある。ブラウザに保存された認証情報が窃取"
                    "されたおそれがあるため、関連するアカウントのパスワード変更も行う。"),
         .rsubj = L("[EDR] 重要度:{severity} {sig}（{pc}）"),
         .rbody = L(EDR_BODY),
         .sigs = L("Information stealing malware activity", "Suspicious access to browser credential store"),
         .malw = stealer_names},

        /* ---- attempts, scans, account takeover ---- */
        {.category = "intrusion-attempts/ids-alert",
         .weight = 30,
         .kind = K_WEB,
         .style = RSTY_SOC,
         .followup = FU_SOC,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 0,
         .urg_hi = 1,
         .fp_pct = 15,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "web",
         .titles = L("公開 Web サーバへの SQL インジェクション試行",
                     "{srv} に対する攻撃通信の検知（SQL インジェクション）",
                     "Web アプリケーションへの脆弱性スキャン（{ip}）"),
         .descs = L("SOC から、{ip}（{country}）より公開 Web サーバ {srv} に対し、SQL インジェクションを狙った"
                    "リクエストが約 {records} 件送られているとの通知。WAF で遮断されているものが大半だが、一部は"
                    "アプリケーションまで到達している。攻撃の成否を確認する。"),
         .rsubj = L("【SOC】重要度:{severity} Web サーバへの攻撃通信の検知（{srv}）", "【SOC】{sig} の検知のご連絡"),
         .rbody = L(SOC_HEAD "■送信元: {ip}（{country}）\n■宛先: {srv}（443/tcp）\n■件数: {records} 件\n"
                             "■通信状況: 大半は WAF で遮断済み\n\n■SOC 所見\nパラメータに SQL 構文を含む"
                             "リクエストが自動化ツールにより連続して送信されています。現時点で攻撃が成功した痕跡は"
                             "確認されていません。\n\n■推奨対応\n・アプリケーションログでの応答内容の確認\n"
                             "・送信元 IP アドレスの遮断\n" SOC_TAIL),
         .sigs = L("ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT",
                   "ET WEB_SERVER SQL Injection Attempt (SELECT FROM)", "WAF: SQL Injection Attack Detected")},
        {.category = "intrusion-attempts/brute-force",
         .weight = 35,
         .kind = K_BRUTE,
         .style = RSTY_SOC,
         .followup = FU_SOC,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .fp_pct = 10,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "vpn",
         .titles = L("VPN 機器へのブルートフォース攻撃（海外 IP からのログイン試行）",
                     "SSL-VPN へのログイン失敗の急増（{srv}）"),
         .descs = L("SSL-VPN 装置 {srv} で、{country}などの海外 IP アドレスからのログイン失敗が短時間に約 "
                    "{records} 件記録された。辞書攻撃・パスワードリスト攻撃と見られる。ログイン成功の有無と、試行"
                    "されたアカウントを確認する。"),
         .rsubj = L("【SOC】重要度:{severity} VPN へのログイン試行の多発（{srv}）"),
         .rbody = L(SOC_HEAD "■送信元: {ip} ほか {count} 件の IP アドレス（{country}ほか）\n■宛先: {srv}"
                             "（SSL-VPN）\n■件数: ログイン失敗 {records} 件 / 1 時間\n\n■SOC 所見\n実在する"
                             "アカウント名を含む試行が確認されています。ログイン成功は現時点で確認されていません。"
                             "\n\n■推奨対応\n・送信元 IP アドレスの遮断\n・多要素認証の適用状況の確認\n" SOC_TAIL),
         .sigs = L("SSL-VPN ログイン失敗の多発（閾値超過）", "Brute Force Attempt against VPN Portal")},
        {.category = "intrusion-attempts/brute-force",
         .weight = 20,
         .kind = K_BRUTE,
         .style = RSTY_SOC,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 10,
         .titles = L("Microsoft 365 アカウントへのパスワードスプレー攻撃",
                     "Entra ID で多数アカウントのサインイン失敗を検知"),
         .descs = L("Entra ID のサインインログで、{country}の IP アドレス {ip} から {count} 個のアカウントに"
                    "対し、少数回ずつのサインイン失敗が記録されている。よく使われるパスワードを多数のアカウントに"
                    "試すパスワードスプレー攻撃と見られる。"),
         .rsubj = L("【SOC】重要度:{severity} パスワードスプレー攻撃の検知"),
         .rbody = L(SOC_HEAD "■送信元: {ip}（{country}）\n■対象: Microsoft 365（Entra ID）の {count} "
                             "アカウント\n■結果: すべて失敗\n\n■SOC 所見\n複数アカウントに対し、同一のパスワード"
                             "と見られる試行が低頻度で繰り返されています。\n\n■推奨対応\n・対象アカウントの MFA "
                             "登録状況の確認\n・送信元 IP の条件付きアクセスでのブロック\n" SOC_TAIL),
         .sigs = L("Password Spray", "Unfamiliar sign-in properties")},
        {.category = "information-gathering/scanner",
         .weight = 40,
         .kind = K_SCAN,
         .style = RSTY_SOC,
         .imp_lo = 0,
         .imp_hi = 0,
         .urg_lo = 0,
         .urg_hi = 1,
         .fp_pct = 20,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "web",
         .titles = L("公開サーバに対するポートスキャンの検知", "{ip} からの大量ポートスキャン（{srv}）"),
         .descs = L("SOC から、{ip}（{country}）より当社公開セグメント（{srv} ほか）に対する TCP ポート"
                    "スキャンを検知したとの通知。対象ポートは 22, 80, 443, 3389, 8443 など。スキャン後の攻撃通信"
                    "の有無を確認する。"),
         .rsubj = L("【SOC】重要度:{severity} ポートスキャンの検知（{srv}）", "【SOC】{sig} の検知のご連絡"),
         .rbody = L(SOC_HEAD
                    "■送信元: {ip}（{country}）\n■宛先: {srv} ほか公開セグメント\n"
                    "■対象ポート: 22, 80, 443, 3389, 8443 ほか\n■通信状況: 公開ポート以外は"
                    "ファイアウォールで遮断\n\n■SOC 所見\n広範囲のポートに対する探索行為です。現時点で"
                    "後続の攻撃は確認されていません。\n\n■推奨対応\n・送信元 IP アドレスの遮断（任意）\n" SOC_TAIL),
         .sigs = L("ET SCAN NMAP -sS window 1024", "ET SCAN Suspicious inbound to mySQL port 3306",
                   "ET SCAN Potential SSH Scan", "ET SCAN MS Terminal Server Traffic on Non-standard Port")},
        {.category = "intrusions/unprivileged-account-compromise",
         .weight = 12,
         .kind = K_CRED,
         .style = RSTY_SOC,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 10,
         .occ_lag_h = 6,
         .titles = L("不正ログインの成功（{acct}・海外からのサインイン）",
                     "{dept} 社員アカウントへの不審なサインイン（{country}）"),
         .descs = L("{dept}の{family}さんのアカウント {acct} で、{country}の IP アドレス {ip} からのサインイン"
                    "成功が記録された。本人は海外に渡航しておらず、同時刻に国内からもサインインしている（あり得ない"
                    "移動）。認証情報が漏えいしている可能性がある。"),
         .rsubj = L("【SOC】重要度:{severity} 不審なサインインの検知（{acct}）"),
         .rbody = L(SOC_HEAD "■対象アカウント: {acct}\n■送信元: {ip}（{country}）\n■サインイン結果: 成功"
                             "（MFA 承認済み）\n\n■SOC 所見\n直前に国内（東京）からのサインインがあり、物理的に"
                             "移動できない時間差で海外からサインインしています。\n\n■推奨対応\n・パスワード"
                             "リセットとセッションの無効化\n・メールボックスルールの確認\n" SOC_TAIL),
         .sigs = L("Impossible travel activity", "Atypical travel", "Sign-in from anonymous IP address")},

        /* ---- information leaks and lost devices ---- */
        {.category = "information-content-security/data-leak",
         .weight = 8,
         .kind = K_LEAK,
         .style = RSTY_SUPPLIER,
         .imp_lo = 2,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .pd_pct = 100,
         .sens = 1,
         .occ_lag_h = 240,
         .titles = L("委託先からの個人情報漏洩の報告",
                     "委託先（{supplier}）のランサムウェア被害による当社データ流出の可能性"),
         .descs = L("業務委託先の{supplier}から、同社のサーバがランサムウェアに感染し、当社が預託していた顧客情報"
                    "（氏名、住所、電話番号など約 {records} 件）が外部に流出した可能性があるとの報告を受けた。流出"
                    "した項目と件数の確定、個人情報保護委員会への報告要否の判断、本人通知の準備を行う。"),
         .rsubj = L("【お詫びとご報告】弊社サーバへの不正アクセスについて",
                    "【重要】貴社からお預かりしている個人情報に関するご報告"),
         .rbody = L("{company_full}\n情報セキュリティご担当者様\n\n平素より大変お世話になっております。"
                    "{supplier}でございます。\n\nこのたび、弊社のサーバが第三者による不正アクセスを受け、ランサム"
                    "ウェアに感染していたことが判明いたしました。\n現在調査中ではございますが、貴社からお預かりして"
                    "いる顧客情報（約 {records} 件）が外部に流出した可能性がございます。\n\n多大なるご迷惑とご心配を"
                    "おかけしますことを、深くお詫び申し上げます。\n詳細につきましては、判明次第あらためてご報告"
                    "いたします。\n\n{supplier}\n情報セキュリティ室")},
        {.category = "information-content-security/data-leak",
         .weight = 25,
         .kind = K_LEAK,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .pd_pct = 80,
         .sens = 1,
         .occ_lag_h = 3,
         .dept_pref = "営業|広報",
         .titles = L("メール誤送信による顧客情報の漏洩（{dept}）", "BCC 漏れによるメールアドレスの流出（{count} 件）",
                     "誤った宛先への見積書の送付（{dept}）"),
         .descs = L("{dept}の{family}さんが、顧客宛のメールを誤って別の取引先に送信した。添付ファイルには顧客の"
                    "氏名・連絡先など約 {records} 件の情報が含まれる。誤送信先への削除依頼と、影響を受ける顧客への"
                    "対応を検討する。",
                    "{dept}から取引先 {count} 社へ案内メールを送る際、宛先を BCC ではなく TO に入れて送信したため、"
                    "受信者同士でメールアドレスが見える状態になった。",
                    "{dept}の{family}さんが、{customer}宛の見積書を、オートコンプリートで表示された同姓の別会社の"
                    "担当者に送信した。見積書には価格情報と担当者の氏名・連絡先が含まれる。"),
         .rsubj = L("【お詫び】メール誤送信のご報告", "BCC で送るべきメールを TO で送ってしまいました",
                    "見積書を誤った宛先に送ってしまいました"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n本日 {time} 頃、顧客リストを添付したメールを、"
                    "誤って別の取引先の方に送ってしまいました。\n添付ファイルには約 {records} 件の氏名・電話番号・"
                    "メールアドレスが含まれています。\n送信先の方にはまだ連絡していません。\n申し訳ありません。"
                    "対応について指示をお願いします。",
                    "お疲れ様です。{dept}の{family}です。\nセミナー案内のメールを取引先 {count} 社に送る際、BCC に"
                    "入れるべきアドレスを TO に入れて送信してしまいました。\n受信者の方からご指摘を受けて気付き"
                    "ました。\nどのように対応すればよいでしょうか。",
                    "お疲れ様です。{dept}の{family}です。\n{customer}様宛の見積書を、アドレス帳の候補に出てきた"
                    "別の会社の方に送ってしまいました。\n見積書には金額と先方の担当者名・連絡先が書かれています。"
                    "\n上長には報告済みです。")},
        {.category = "information-content-security/data-leak",
         .weight = 8,
         .kind = K_LEAK,
         .style = RSTY_EXTERNAL,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .pd_pct = 50,
         .sens = 1,
         .occ_lag_h = 720,
         .titles = L("クラウドストレージの公開設定ミスによる情報露出",
                     "共有リンク（リンクを知っている全員）による社外秘資料の公開"),
         .descs = L("{dept}が業務で利用しているクラウドストレージのフォルダが「リンクを知っている全員」に公開"
                    "されており、検索エンジン経由で第三者が閲覧できる状態だったことが判明した。フォルダには社外秘の"
                    "資料と取引先担当者の連絡先（約 {records} 件）が含まれる。アクセスログで第三者の閲覧有無を"
                    "確認する。"),
         .rsubj = L("貴社の資料がインターネット上で閲覧可能になっています",
                    "【ご連絡】貴社のクラウドストレージの公開設定について"),
         .rbody = L("{company_full} ご担当者様\n\n突然のご連絡失礼いたします。セキュリティリサーチャーの Yuki と"
                    "申します。\n調査の過程で、貴社のものと思われる資料がクラウドストレージ上で誰でも閲覧できる"
                    "状態になっていることを確認しましたので、ご連絡いたします。\n\n・確認日時: {datetime}\n"
                    "・内容: 社内資料と思われる Excel ファイル等（取引先の連絡先を含むもの）\n\n該当の URL は"
                    "本メールにご返信いただいたうえでお伝えします。\nご確認のほど、よろしくお願いいたします。")},
        {.category = "information-content-security/unauthorised-information-access",
         .weight = 5,
         .kind = K_LEAK,
         .style = RSTY_SOC,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 1,
         .pd_pct = 40,
         .sens = 1,
         .occ_lag_h = 48,
         .dept_pref = "営業",
         .titles = L("退職予定者による営業資料の持ち出し疑い", "私用クラウドストレージへの大量アップロード（{dept}）"),
         .descs = L("DLP から、{dept}の社員（退職予定）の端末 {pc} から私用クラウドストレージへの大量アップロード"
                    "（約 {records} MB）を検知したとのアラート。アップロードされたファイルには顧客リストと営業資料が"
                    "含まれる可能性がある。人事部・法務部と連携して事実関係を確認する。"),
         .rsubj = L("【SOC】重要度:{severity} 機密ファイルの外部送信の検知（{pc}）"),
         .rbody = L(SOC_HEAD "■対象端末: {pc}（{dept}）\n■宛先: 個人向けクラウドストレージ\n■送信量: 約 "
                             "{records} MB（ファイル数 {count}）\n\n■SOC 所見\n機密ラベルが付与されたファイルを"
                             "含む大量のアップロードが短時間に行われています。\n\n■推奨対応\n・送信された"
                             "ファイルの特定\n・関係部署（人事・法務）との対応協議\n" SOC_TAIL),
         .sigs = L("DLP: 個人向けクラウドストレージへの大量アップロード", "DLP: 機密ラベル付きファイルの外部送信")},
        {.category = "information-content-security/data-loss",
         .weight = 35,
         .kind = K_LOSS,
         .style = RSTY_EMP_MIX,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 2,
         .pd_pct = 30,
         .occ_lag_h = 14,
         .titles = L("社用スマートフォンの紛失（{place}）", "社用携帯電話の置き忘れ（{place}）"),
         .descs = L("{dept}の{family}さんが、{date} の夜、{place}で社用スマートフォン（iPhone）を紛失した。"
                    "画面ロック（6 桁のパスコード）は設定済み。端末には業務メールとチャット、取引先の連絡先が入って"
                    "いる。MDM での位置確認とリモートワイプを行う。"),
         .rsubj = L("社用携帯を紛失しました", "【紛失報告】社用スマートフォン"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n昨日の夜、{place}で社用スマートフォンを紛失して"
                    "しまいました。\n帰宅後に気付き、今朝まで探しましたが見つかっていません。\nパスコードロックは"
                    "かけています。\n遺失届はこれから提出する予定です。\n申し訳ありません。"),
         .psubj = L("【電話】社用スマートフォン紛失"),
         .pbody = L(PHONE_HEAD "{place}で社用スマートフォンを紛失した。最後に使用したのは昨夜 21 時頃。\n"
                               "パスコードロックは設定済み。\n→ 遺失届の提出を依頼。MDM でのリモートロックを"
                               "実施する。")},
        {.category = "information-content-security/data-loss",
         .weight = 20,
         .kind = K_LOSS,
         .style = RSTY_EMP_MIX,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .pd_pct = 40,
         .occ_lag_h = 14,
         .titles = L("社用ノート PC の紛失（{place}）", "ノート PC 入りの鞄の盗難（{place}）"),
         .descs = L("{dept}の{family}さんが、{place}で社用ノート PC（{pc}）を入れた鞄を紛失した。PC は "
                    "BitLocker で暗号化済みで、ログインにはパスワードが必要。顧客との打ち合わせ資料がローカルに"
                    "保存されていた可能性がある。",
                    "{dept}の{family}さんが、{place}で社用ノート PC（{pc}）の入った鞄を盗まれた。警察に被害届を"
                    "提出済み。ディスクは BitLocker で暗号化されている。"),
         .rsubj = L("ノート PC を紛失しました", "ノート PC の入った鞄を盗まれました"),
         .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{place}でノート PC を入れた鞄をなくして"
                    "しまいました。\n鞄には PC（{pc}）と社員証が入っていました。\n警察には届けを出しました。\nPC "
                    "にはログインパスワードを設定しています。",
                    "お疲れ様です。{dept}の{family}です。\n{place}で、少し目を離した間にノート PC（{pc}）の入った"
                    "鞄を盗まれました。\n警察には被害届を出しています。\n申し訳ありません。"),
         .psubj = L("【電話】ノート PC 紛失", "【電話】ノート PC の盗難"),
         .pbody = L(PHONE_HEAD "{place}で社用ノート PC（{pc}）を入れた鞄を紛失した。\n→ 警察への遺失届を"
                               "依頼。\n→ PC のアカウントのパスワード変更と、Entra ID でのデバイス無効化を行う。",
                    PHONE_HEAD "{place}でノート PC（{pc}）の入った鞄を盗まれた。被害届は提出済み。\n→ BitLocker"
                               " の回復キーを確認し、Entra ID でデバイスを無効化する。")},
        {.category = "information-content-security/data-loss",
         .weight = 8,
         .kind = K_LOSS,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .pd_pct = 70,
         .sens = 1,
         .occ_lag_h = 72,
         .dept_pref = "営業",
         .titles = L("USB メモリの紛失（顧客リスト含む）", "持ち出し用 USB メモリの所在不明（{dept}）"),
         .descs = L("{dept}で管理している持ち出し用 USB メモリ 1 本の所在が分からなくなった。最後に使用したのは"
                    "{family}さんで、顧客リスト（約 {records} 件）のファイルが保存されていた。USB メモリは暗号化"
                    "機能付きのものではない。"),
         .rsubj = L("USB メモリが見当たりません"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n客先での打ち合わせに持ち出した USB メモリが見当たり"
                    "ません。\n中には顧客リストの Excel ファイルが入っていました。\n社内と客先に問い合わせて"
                    "いますが、まだ見つかっていません。")},

        /* ---- availability ---- */
        {.category = "availability/ddos",
         .weight = 10,
         .kind = K_DDOS,
         .style = RSTY_SOC,
         .followup = FU_SOC,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 5,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "web",
         .titles = L("コーポレートサイトへの DDoS 攻撃", "{domain} への大量アクセスによるサービス停止"),
         .descs = L("{date} {time} 頃から、コーポレートサイト（{domain}）への HTTP リクエストが急増し、サイトの"
                    "表示に時間がかかる・エラーになる状態が続いている。送信元は多数の国に分散しており、ボット"
                    "ネットによる DDoS 攻撃と見られる。CDN 事業者と連携して対処する。"),
         .rsubj = L("【SOC】重要度:{severity} DDoS 攻撃の検知（{domain}）"),
         .rbody = L(SOC_HEAD "■宛先: {domain}（{srv}）\n■送信元: {ip} ほか多数（{country}ほか）\n■通信量:"
                             " 平常時の約 {count} 倍\n\n■SOC 所見\n多数の送信元からの大量リクエストにより、サイト"
                             "の応答が著しく遅延しています。\n\n■推奨対応\n・CDN / WAF でのレート制限の適用\n"
                             "・上位回線事業者への相談\n" SOC_TAIL),
         .sigs = L("HTTP Flood（閾値超過）", "UDP Flood 検知（閾値 500 Mbps 超過）")},
        {.category = "availability/dos",
         .weight = 5,
         .kind = K_DDOS,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 2,
         .urg_hi = 2,
         .fp_pct = 10,
         .target_srv = 1,
         .srv_role = "ec",
         .dept_pref = "SRE|クラウド|情報システム|IT",
         .titles = L("EC サイトの応答遅延（DoS 攻撃の疑い）", "会員向けサイトへの特定 IP からの大量リクエスト"),
         .descs = L("運用している EC サイト（{srv}）で、{ip} から検索ページへの大量リクエストが発生し、応答遅延が"
                    "起きている。単一の送信元からの DoS 攻撃、またはスクレイピングの可能性がある。"),
         .rsubj = L("EC サイトの応答遅延について（WAF 遮断の判断依頼）"),
         .rbody = L("CSIRT 各位\n\n{dept}の{family}です。\n{time} 頃から、EC サイトの検索ページの応答が遅く"
                    "なっています。\nアクセスログを見ると、{ip} から 1 秒あたり数百件のリクエストが来ています。\n"
                    "一時的に WAF で遮断してよいか判断をお願いします。")},
        {.category = "availability/misconfiguration",
         .weight = 4,
         .kind = K_MISC,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 2,
         .urg_hi = 2,
         .occ_lag_h = 10,
         .titles = L("ファイアウォールの設定変更ミスによる拠点間通信の停止",
                     "設定誤りによる社内システムへの接続障害（{company}）"),
         .descs = L("{date} の夜間作業で実施したファイアウォールのルール変更に誤りがあり、{dept}から基幹システム"
                    "への接続ができなくなった。攻撃によるものではないが、業務影響が出ているため CSIRT でも経緯を"
                    "記録する。"),
         .rsubj = L("基幹システムに接続できません"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n今朝から基幹システムに接続できません。\n同じ部署の"
                    "全員が同じ状態です。\n何か障害が起きていますでしょうか。")},

        /* ---- vulnerabilities ---- */
        {.category = "vulnerable/vulnerable-system",
         .weight = 30,
         .kind = K_VULN,
         .style = RSTY_NONE,
         .alt_style = RSTY_JPCERT,
         .alt_pct = 40,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 1,
         .urg_hi = 2,
         .fp_pct = 10,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "vpn",
         .occ_lag_h = 1,
         .titles = L("{product} の脆弱性（{cve}）に関する JPCERT/CC 注意喚起への対応",
                     "{product} の脆弱性（{cve}）の影響調査と対応"),
         .descs = L("JPCERT/CC から {product} の脆弱性（{cve}）に関する注意喚起が公開された。{vulntype}で、"
                    "悪用も確認されている。グループ内で該当製品を利用している機器を洗い出し、修正版の適用と侵害"
                    "有無の確認を行う。"),
         .rsubj = L("JPCERT/CC からの情報提供（{product} の脆弱性について）[JPCERT#{jpno}]"),
         .rbody = L("{company_full} ご担当者様\n\nJPCERT/CC インシデントレスポンスグループです。\n\n当方にて、"
                    "貴組織が管理していると思われる下記の機器について、{product} の脆弱性（{cve}）の影響を受ける"
                    "バージョンが稼働している可能性があるとの情報を入手しましたので、ご連絡いたします。\n\n対象 IP"
                    " アドレス: {pubip}\n確認日時: {datetime}\n\nつきましては、ご確認のうえ、必要に応じて対策を"
                    "ご検討いただけますと幸いです。\nなお、本件に関する対応状況をお知らせいただけますと、今後の活動"
                    "の参考とさせていただきます。\n" JPCERT_SIGN)},
        {.category = "vulnerable/vulnerable-system",
         .weight = 10,
         .kind = K_VULN,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 1,
         .imp_hi = 1,
         .urg_lo = 0,
         .urg_hi = 1,
         .target_srv = 1,
         .srv_role = "web",
         .occ_lag_h = 1,
         .dept_pref = "情報システム|インフラ|IT|SRE",
         .titles = L("脆弱性診断で指摘された公開サーバの脆弱性（{srv}）",
                     "サポート終了 OS（Windows Server 2012 R2）の稼働サーバの発見"),
         .descs = L("定期の脆弱性診断で、公開サーバ {srv} に危険度「高」の指摘が {count} 件あった（古いバージョン"
                    "の Apache HTTP Server、ディレクトリリスティングの有効化など）。修正計画を立てて対応する。",
                    "資産棚卸しの過程で、サポートが終了した Windows Server 2012 R2 のサーバ {srv} が{dept}で稼働"
                    "していることが判明した。セキュリティ更新が提供されないため、リプレースまたは隔離の計画を立てる。"),
         .rsubj = L("【共有】脆弱性診断結果（{srv}）", "サポート切れ OS のサーバについて"),
         .rbody = L("CSIRT 各位\n\n{dept}の{family}です。\n先週実施した脆弱性診断の報告書が届きました。\n{srv} "
                    "に危険度「高」の指摘が {count} 件あります。\n報告書は共有フォルダに格納しました。対応方針の"
                    "ご相談をさせてください。",
                    "お疲れ様です。{dept}の{family}です。\n資産棚卸しをしていたところ、Windows Server 2012 R2 "
                    "のサーバ（{srv}）がまだ稼働していることが分かりました。\n業務システムのデータ連携に使って"
                    "いるようで、すぐには止められないとのことです。")},
        {.category = "vulnerable/weak-crypto",
         .weight = 5,
         .kind = K_VULN,
         .style = RSTY_CUSTOMER,
         .imp_lo = 0,
         .imp_hi = 0,
         .urg_lo = 0,
         .urg_hi = 1,
         .sens = -1,
         .target_srv = 1,
         .srv_role = "web",
         .occ_lag_h = 1,
         .titles = L("公開サーバで TLS 1.0 / 1.1 と弱い暗号スイートが有効",
                     "取引先から指摘された SSL/TLS 設定の不備（{domain}）"),
         .descs = L("取引先のセキュリティチェックで、{domain} が TLS 1.0 / 1.1 と 3DES などの弱い暗号スイートを"
                    "受け付けていると指摘された。設定を見直し、TLS 1.2 以上に限定する。"),
         .rsubj = L("御社サイトの TLS 設定について"),
         .rbody = L("{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n弊社の取引先セキュリティ評価"
                    "の一環で御社サイト（{domain}）を確認したところ、TLS 1.0 / 1.1 が有効になっていることが分かり"
                    "ました。\nお手数ですが、対応のご予定をお知らせいただけますでしょうか。")},

        /* ---- spam ---- */
        {.category = "abusive-content/spam",
         .weight = 15,
         .kind = K_SPAM,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 0,
         .imp_hi = 0,
         .urg_lo = 0,
         .urg_hi = 1,
         .sens = -1,
         .occ_lag_h = 24,
         .dept_pref = "広報|営業",
         .titles = L("問い合わせフォームからのスパム大量送信", "Web 問い合わせフォームへの大量の迷惑投稿"),
         .descs = L("コーポレートサイトの問い合わせフォームから、広告や不審な URL を含む投稿が短時間に約 "
                    "{records} 件送られ、{dept}の問い合わせ対応業務に支障が出ている。フォームのボット対策を検討する。"),
         .rsubj = L("問い合わせフォームにスパムが大量に届いています"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n問い合わせフォームから英語の広告のような投稿が大量に"
                    "来ており、本来のお問い合わせが埋もれてしまっています。\n昨日からで、すでに {records} 件を"
                    "超えています。\n対策をお願いできますでしょうか。")},
        {.category = "abusive-content/spam",
         .weight = 10,
         .kind = K_SPAM,
         .style = RSTY_CUSTOMER,
         .followup = FU_CUSTOMER,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .sens = -1,
         .occ_lag_h = 24,
         .titles = L("当社ドメインを詐称した迷惑メールに関する苦情",
                     "当社ドメインをかたるなりすましメールの送信（DMARC レポートで確認）"),
         .descs = L("顧客から、当社のドメイン（{maildomain}）を送信元とする迷惑メールが届いているとの問い合わせが"
                    "あった。当社のメールサーバから送信された記録はなく、送信元を詐称したなりすましメールと見られる。"
                    "DMARC ポリシーの強化を検討する。"),
         .rsubj = L("御社のアドレスから不審なメールが届いています"),
         .rbody = L("{company_full} ご担当者様\n\n{customer}の{cust_person}と申します。\n御社のアドレス"
                    "（@{maildomain}）から、身に覚えのない請求のメールが何通も届いております。\n御社から送信された"
                    "ものでしょうか。\nご確認をお願いいたします。")},

        /* ---- intrusions ---- */
        {.category = "intrusions/system-compromise",
         .weight = 5,
         .kind = K_INTRUSION,
         .style = RSTY_CUSTOMER,
         .imp_lo = 2,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .sens = 1,
         .target_srv = 1,
         .srv_role = "cms",
         .occ_lag_h = 120,
         .titles = L("公開 Web サーバの改ざん（WordPress プラグインの脆弱性）",
                     "キャンペーンサイトへの不正なスクリプトの埋め込み"),
         .descs = L("キャンペーンサイト（{srv}）のトップページに、閲覧者を外部の不審なサイトへ転送するスクリプトが"
                    "埋め込まれていることが判明した。WordPress のプラグインの脆弱性を悪用されたと見られる。サイトを"
                    "停止し、改ざんの範囲と侵入経路を調査する。"),
         .rsubj = L("御社のキャンペーンサイトが別のサイトに転送されます"),
         .rbody = L("{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n御社のキャンペーンサイトを"
                    "開いたところ、別の怪しいサイト（懸賞の当選画面）に飛ばされました。\n何度か試しましたが同じ"
                    "です。\n改ざんされているのではないかと思い、ご連絡いたしました。")},
        {.category = "intrusions/system-compromise",
         .weight = 4,
         .kind = K_INTRUSION,
         .style = RSTY_SOC,
         .followup = FU_SOC,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .sens = 1,
         .target_srv = 1,
         .srv_role = "dev",
         .occ_lag_h = 72,
         .titles = L("検証用サーバへの不正侵入（{srv}）", "インターネットに公開されていた検証用サーバの侵害"),
         .descs = L("SOC から、検証用サーバ {srv} から外部への不審な通信（暗号資産のマイニングプールへの接続）を"
                    "検知したとの通知。サーバは一時的にインターネットに公開されており、初期パスワードのままの管理"
                    "アカウントから侵入されたと見られる。"),
         .rsubj = L("【SOC】重要度:{severity} サーバからの不審な通信の検知（{srv}）"),
         .rbody = L(SOC_HEAD "■送信元: {srv}\n■宛先: {ip}:3333（{country}）\n■通信状況: ファイアウォールで"
                             "許可\n\n■SOC 所見\n暗号資産マイニングプールへの接続と見られる通信が継続しています。"
                             "サーバが侵害されている可能性が高いと考えます。\n\n■推奨対応\n・サーバのネットワーク"
                             "からの切り離し\n・ログの保全と侵入経路の調査\n" SOC_TAIL),
         .sigs = L("ET POLICY Crypto Coin Miner Login", "ET MALWARE Linux/XMRig Miner Activity")},

        /* ---- the rest ---- */
        {.category = "information-gathering/social-engineering",
         .weight = 6,
         .kind = K_SOCIAL,
         .style = RSTY_EMP_MIX,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 1,
         .urg_hi = 1,
         .occ_lag_h = 2,
         .titles = L("情報システム部を名乗る不審電話（アカウント情報の聞き出し）",
                     "取引先を装った電話による社員情報の聞き出し"),
         .descs = L("{dept}の{family}さんに、情報システム部の担当者を名乗る人物から電話があり、「メールの移行作業の"
                    "ため」としてアカウントの ID とパスワードを聞かれた。本人は回答せず、折り返すと伝えて電話を"
                    "切った。同様の電話がほかの部署にもかかっていないか確認する。",
                    "{dept}に、取引先を名乗る人物から電話があり、担当者の氏名・メールアドレス・上長の名前を聞かれた。"
                    "応対した社員は一部を回答してしまった。標的型メールの準備行為の可能性がある。"),
         .rsubj = L("情報システム部を名乗る電話がありました", "不審な電話について"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n先ほど、情報システム部の方を名乗る人から電話があり、"
                    "メールの移行作業のためにパスワードを教えてほしいと言われました。\n折り返すと言って切りましたが、"
                    "念のためご報告します。",
                    "お疲れ様です。{dept}の{family}です。\n取引先を名乗る方から電話があり、部署の担当者の名前や"
                    "メールアドレスを聞かれました。\n後で先方の会社に確認したところ、そのような方はいないとのこと"
                    "でした。\n一部お答えしてしまいました。申し訳ありません。"),
         .psubj = L("【電話】情報システム部を名乗る不審電話", "【電話】取引先を装った不審電話"),
         .pbody = L(PHONE_HEAD "情報システム部を名乗る男性から電話があり、メール移行のためパスワードを教えて"
                               "ほしいと言われた。回答はしていない。\n→ 発信元の電話番号は非通知。",
                    PHONE_HEAD "取引先を名乗る人物から電話があり、担当者の氏名とメールアドレスを聞かれた。一部回答"
                               "してしまった。\n→ 先方企業に確認したところ該当者なし。")},
        {.category = "other/undetermined",
         .weight = 6,
         .kind = K_MISC,
         .style = RSTY_SOC,
         .imp_lo = 0,
         .imp_hi = 1,
         .urg_lo = 0,
         .urg_hi = 1,
         .fp_pct = 30,
         .occ_lag_h = 8,
         .titles = L("原因不明の大量通信（{pc}）", "業務時間外の不審な外部通信（調査中）"),
         .descs = L("{pc}（{dept}）から深夜帯に外部への大量の通信（約 {records} MB）が発生している。通信先は海外の"
                    "クラウドサービスで、正規の通信か不正な持ち出しかは現時点で不明。"),
         .rsubj = L("【SOC】重要度:{severity} 通信量の異常（{pc}）"),
         .rbody = L(SOC_HEAD "■送信元: {lip}（{pc}）\n■宛先: {ip}:443（{country}）\n■送信量: 約 {records} MB"
                             "\n\n■SOC 所見\n平常時と比べて通信量が大幅に増加しています。正規の通信かどうかは当方"
                             "では判断できません。\n\n■推奨対応\n・利用者への確認\n" SOC_TAIL),
         .sigs = L("Anomalous Outbound Traffic Volume", "通信量の異常（ベースライン比 10 倍）")},
        /* ---- exercises (訓練): scheduled, not drawn (weight unused), see plan_incident ---- */
        {.category = "malicious-code/infected-system",
         .weight = 0,
         .kind = K_EXERCISE,
         .style = RSTY_NONE,
         .imp_lo = 1,
         .imp_hi = 2,
         .urg_lo = 2,
         .urg_hi = 2,
         .exercise = 1,
         .occ_lag_h = 0,
         .titles = L("【訓練】ランサムウェア感染を想定した机上演習",
                     "【訓練】初動対応訓練（{company}・ランサムウェア想定）"),
         .descs = L("【訓練】{dept}の端末がランサムウェアに感染し、ファイルサーバが暗号化されたという想定で、"
                    "初動対応と経営層への報告までを机上演習で確認する。参加者：{company}の CSIRT メンバー、"
                    "情報システム部門、広報、法務の各担当。")},
        {.category = "test/test",
         .weight = 0,
         .kind = K_DRILL,
         .style = RSTY_EMP_MAIL,
         .imp_lo = 0,
         .imp_hi = 0,
         .urg_lo = 0,
         .urg_hi = 0,
         .exercise = 1,
         .occ_lag_h = 1,
         .titles = L("【訓練】標的型メール訓練メールの開封報告（{dept}）"),
         .descs = L("【訓練】全社の標的型メール訓練で送信した訓練メールについて、{dept}の{family}さんから開封の"
                    "報告があった。手順どおりの報告であることを確認し、訓練結果として記録する。"),
         .rsubj = L("不審なメールのリンクをクリックしてしまいました"),
         .rbody = L("お疲れ様です。{dept}の{family}です。\n先ほど届いた「{phish_subj}」というメールのリンクを"
                    "クリックしてしまいました。\n訓練メールかもしれませんが、念のため報告します。"),
         .phish = L("【社内通知】年末調整の書類提出について", "健康診断の予約受付開始のお知らせ",
                    "【重要】社内システムのパスワード変更のお願い")},
};

/* --- handling: status paths, notes and tasks per kind ---------------------- */

const struct demo_kind_text demo_kinds[K_COUNT] = {
        [K_MAIL] =
                {.paths = L("tax", "tax", "tacx"),
                 .triage = L("ヘッダを確認したところ、送信元は `{sender}`（Return-Path も同一）。SPF は `softfail`、"
                             "DKIM 署名なし。取引先の正規ドメインではない。",
                             "報告メールを受領。同じ件名のメールがほかにも届いていないか、メールゲートウェイのログで確"
                             "認する。",
                             "添付ファイル `{attach}` のハッシュ値を取得。\n\n- SHA-256: `{sha}`\n\nVirusTotal では"
                             "検出 0 件（未知の検体の可能性あり）。"),
                 .analysis =
                         L("メールゲートウェイのログを検索した結果、同じ送信元から {count} 名宛に配送されていた。\n\n"
                           "- 添付ファイルを開いたという申告：なし\n- EDR のアラート：なし\n\n該当メールは全受信者の"
                           "メールボックスから削除済み。",
                           "サンドボックスで添付ファイルを動的解析。マクロ実行後に `{ip}` への通信を確認。{malware} "
                           "の特徴と一致するため、通信先をプロキシでブロックした。",
                           "受信者 {count} 名に個別に確認し、添付ファイルを開いた者はいないことを確認した。"),
                 .contain =
                         L("受信者のうち 1 名が添付ファイルを開いていたため、EDR で該当端末（`{pc}`）をネットワーク"
                           "から隔離済み。フルスキャンを実施中。",
                           "送信元ドメインと本文中の URL を、メールゲートウェイとプロキシのブロックリストに登録した。"),
                 .close = L("感染端末なし、被害なしと判断しクローズ。全社向けに不審メールの注意喚起を社内ポータルに掲載"
                            "済み。",
                            "対応完了。送信元ドメインのブロックを継続し、類似メールの受信状況を 1 "
                            "週間監視したが再発なし。"),
                 .tasks = L("受信者への開封有無の確認", "送信元ドメインのブロック", "関係部署への注意喚起",
                            "添付ファイルの解析")},
        [K_CRED] =
                {.paths = L("tacx", "acerx", "tacex"),
                 .triage = L("本人に電話で状況を確認。{time} 頃にメール内のリンクから偽のログイン画面を開き、ID と"
                             "パスワードを入力したとのこと。多要素認証は有効。",
                             "Entra ID のサインインログを確認中。対象アカウント：`{acct}`"),
                 .analysis =
                         L("サインインログを確認したところ、{country}の IP アドレス `{ip}` から {time} にサインイン"
                           "成功の記録あり。MFA はプッシュ通知で承認されていた。",
                           "メールボックスの受信トレイルールを確認。外部アドレスへの自動転送ルールが作成されていたため"
                           "削除した。\n\n- 転送先：`{sender}`\n- 作成日時：{datetime}",
                           "監査ログを確認。不正なサインイン後、メールの閲覧はあったがファイルのダウンロードは記録"
                           "されていない。"),
                 .contain = L("以下を実施済み。\n\n1. パスワードリセット\n2. 全セッションの取り消し（サインアウト）\n"
                              "3. MFA の登録情報の再設定\n4. 不審な IP `{ip}` を条件付きアクセスでブロック",
                              "アカウントを一時停止。本人には新しい仮パスワードを対面で通知した。"),
                 .eradicate =
                         L("不正な受信トレイルールとアプリの登録を削除。OAuth アプリへの同意状況も確認し、問題なし。"),
                 .recover = L("アカウントの停止を解除し、本人が新しいパスワードと MFA で利用を再開したことを確認。"),
                 .close = L("不正アクセス後のメール送信・ファイル閲覧の痕跡を監査ログで確認し、情報の持ち出しはないと"
                            "判断。本人への再教育を実施してクローズ。",
                            "被害の拡大なし。MFA の承認方式を番号照合に変更することを情報システム部に提案済み（別途"
                            "検討）。クローズ。"),
                 .tasks = L("パスワードリセットの実施", "サインインログの確認", "受信トレイルールの確認",
                            "本人への再教育")},
        [K_SMS] = {.paths = L("tax", "tacx"),
                   .triage =
                           L("本人に確認。SMS のリンク先でアプリのインストールを求められたが、インストールはしていない"
                             "とのこと。"),
                   .analysis = L("MDM で端末の状態を確認。不審な構成プロファイルやアプリのインストールはなし。リンク先 "
                                 "`{url}` は現在アクセスできない。"),
                   .contain = L("念のため端末を初期化し、MDM から再登録。Apple ID のパスワードも変更してもらった。"),
                   .close = L("被害なし。スミッシングの手口について全社に注意喚起を行いクローズ。"),
                   .tasks = L("MDM での端末状態の確認", "関係部署への注意喚起")},
        [K_BEC] = {.paths = L("tacx", "tax"),
                   .triage = L("送金は保留してもらっている。メールの原本（.eml）を提出してもらい、ヘッダを確認する。"),
                   .analysis = L(
                           "ヘッダを確認したところ、送信元ドメインは正規のドメインではなく 1 文字違いの類似ドメイン"
                           "だった。過去のメールのやり取りが引用されており、取引先側のメールアカウントが侵害されている"
                           "可能性が高い。",
                           "取引先の担当者に電話（既知の番号）で確認し、口座変更の依頼は出していないとの回答を得た。"),
                   .contain =
                           L("振込は実行前に止めることができた。取引先には、メールアカウント侵害の可能性を伝えて調査を"
                             "依頼した。"),
                   .close = L(
                           "金銭的被害なし。経理部門向けに「振込先の変更依頼は必ず登録済みの電話番号で確認する」ルール"
                           "を再周知してクローズ。"),
                   .tasks = L("取引先への電話確認", "振込の停止確認", "関係部署への注意喚起",
                              "取引先への侵害可能性の連絡")},
        [K_BRANDPHISH] =
                {.paths = L("tacx", "tax"),
                 .triage = L("報告された URL（`{url}`）を確認。当社サイトのデザインを流用したフィッシングサイトで、"
                             "ログイン ID とパスワードの入力を求める画面になっている。"),
                 .analysis = L("ドメインは最近登録されたもので、ホスティング事業者は海外。同じ IP アドレスでほかの"
                               "ブランドを装ったサイトも稼働している。"),
                 .contain = L("JPCERT/CC にテイクダウンの調整を依頼。Google Safe Browsing と Microsoft SmartScreen にも"
                              "報告済み。"),
                 .close =
                         L("サイトの閉鎖を確認。当社 Web サイトに注意喚起を掲載し、お客様窓口には問い合わせ対応の手順を"
                           "共有した。"),
                 .tasks = L("JPCERT/CC へのテイクダウン依頼", "Web サイトへの注意喚起の掲載",
                            "お客様窓口への対応手順の共有")},
        [K_RANSOM] =
                {.paths = L("acerx", "tacerx"),
                 .triage = L("LAN ケーブルを抜くよう指示済み。電源は切らずに保全する。経営層への第一報の準備を開始。"),
                 .analysis =
                         L("EDR のタイムラインを確認。{time} 頃に `{pc}` で不審な PowerShell の実行があり、その後 "
                           "`vssadmin delete shadows /all /quiet` が実行されている。脅迫文の内容から {ransom} と推定。",
                           "ファイルサーバ `{srv}` の共有フォルダで暗号化されたファイルは約 {records} 件。暗号化は "
                           "`{pc}` からの SMB 経由と見られる。"),
                 .contain = L("以下を実施済み。\n\n- `{pc}` を EDR で隔離\n- `{srv}` の共有を一時停止\n- 該当ユーザの"
                              "アカウントを無効化\n- 経営層・法務部へ第一報"),
                 .eradicate = L("感染端末は初期化のうえ再キッティング。侵入経路は VPN 機器の既知の脆弱性と推定し、"
                                "ファームウェアを更新した。"),
                 .recover = L("暗号化されたファイルを前日夜のバックアップから復元。業務部門に復元結果を確認してもらって"
                              "いる。"),
                 .close = L("復旧完了。警察（サイバー犯罪相談窓口）へ相談済み。個人情報の流出は確認されなかった。"
                            "再発防止策として、VPN の多要素認証化を前倒しで実施する（別途タスク化）。"),
                 .tasks = L("端末のフォレンジック保全", "バックアップからの復元", "経営層への報告", "警察への相談",
                            "再発防止策の検討")},
        [K_MALWARE] =
                {.paths = L("acerx", "acex", "tacrx"),
                 .triage = L("EDR のアラートを確認。`{pc}`（{dept}）で検知されたファイルは自動隔離済み。\n\n"
                             "- 検知名: {malware}\n- SHA-256: `{sha}`",
                             "利用者に連絡し、PC の使用を中止してもらった。"),
                 .analysis =
                         L("端末のタイムラインを確認したところ、{time} 頃にブラウザでダウンロードしたファイルを実行して"
                           "いた。外部への通信は `{ip}` への HTTPS 通信が数回あり。",
                           "プロキシログで、同じ通信先 `{ip}` へのアクセスを全社で検索。ほかの端末からの通信はなし。",
                           "本人へのヒアリング：業務で使うツールを検索してダウンロードしたとのこと。"),
                 .contain = L("EDR で端末をネットワークから隔離済み。通信先 `{ip}` をファイアウォールでブロック。"),
                 .eradicate =
                         L("端末を初期化して再セットアップ。ブラウザに保存されていた認証情報については、各サービスの"
                           "パスワード変更を依頼した。"),
                 .recover = L("再セットアップした端末を本人に返却。EDR で 1 週間監視し、不審な挙動なし。"),
                 .close = L("影響は当該端末のみと判断しクローズ。フリーソフトのインストール制限について、情報システム部"
                            "と検討する。",
                            "対応完了。EDR の検知から隔離まで約 5 分で、被害の拡大はなかった。"),
                 .tasks = L("端末のフォレンジック保全", "端末の初期化・再セットアップ", "通信先のブロック",
                            "同じ通信先へのアクセス有無の全社調査")},
        [K_WEB] = {.paths = L("tax", "tacx"),
                   .triage = L("SOC からのアラートを確認。送信元 `{ip}` から `{srv}` に対し、`UNION SELECT` を含む"
                               "リクエストが約 {records} 件。"),
                   .analysis =
                           L("Web サーバのアクセスログを確認。レスポンスはすべて 403（WAF で遮断）またはエラー画面で、"
                             "DB の内容が返った形跡はない。",
                             "該当パラメータはプレースホルダで SQL を組み立てており、SQL インジェクションは成立しない"
                             "ことを開発担当に確認した。"),
                   .contain = L("送信元 IP `{ip}` を WAF のブロックリストに追加。"),
                   .close = L("攻撃は成功していないと判断しクローズ。WAF のシグネチャ更新状況は月次で確認する。"),
                   .tasks = L("WAF ログの確認", "送信元 IP のブロック", "アプリケーションの脆弱性確認")},
        [K_BRUTE] =
                {.paths = L("tax", "tacx"),
                 .triage = L("ログを確認。{country}の IP アドレス（`{ip}` ほか）から、存在しないユーザ名を含むログイン"
                             "失敗が約 {records} 件。"),
                 .analysis =
                         L("ログイン成功の記録を確認したが、試行元 IP からの成功はなし。使われたユーザ名は `admin`、"
                           "`test`、`vpn` など一般的なもの。",
                           "実在するアカウント `{acct}` への試行も含まれていたため、本人にパスワード変更を依頼した。"),
                 .contain = L("試行元の IP アドレス帯をファイアウォールで遮断。ロックアウトの閾値を 10 回から 5 回に"
                              "変更した。"),
                 .close = L("不正ログインの成功はなし。VPN への多要素認証の導入は別タスクで進める。クローズ。"),
                 .tasks = L("試行元 IP の遮断", "対象アカウントのパスワード変更", "VPN への多要素認証の導入")},
        [K_SCAN] = {.paths = L("tx", "tax"),
                    .triage = L(
                            "SOC からの通知を確認。`{ip}`（{country}）から公開セグメントに対する TCP ポートスキャン。"),
                    .analysis =
                            L("ファイアウォールのログを確認。公開ポート以外はすべて遮断されており、スキャン後の攻撃通信"
                              "もなし。調査目的のスキャナからの通信と思われる。"),
                    .close = L("日常的なスキャンで実害なしと判断しクローズ。送信元はブロックリストに追加済み。"),
                    .tasks = L("ファイアウォールログの確認")},
        [K_LEAK] =
                {.paths = L("tacx", "tacex"),
                 .triage = L("報告内容を確認。漏えいした可能性のある情報の範囲：\n\n- 氏名・メールアドレス：約 "
                             "{records} 件\n- 電話番号：一部含む\n- クレジットカード情報：含まない",
                             "本人と上長から経緯を聴取。発生は {date} {time} 頃。"),
                 .analysis =
                         L("法務部・広報部と対応方針を協議。個人情報保護委員会への報告要否を確認する（要配慮個人情報は"
                           "含まれない）。",
                           "相手先に連絡し、メール（ファイル）の削除を依頼。削除した旨の回答をメールで受領した。"),
                 .contain = L("本人通知の文面を法務部と作成中。お問い合わせ窓口の想定問答も準備した。"),
                 .eradicate = L("影響を受けた方への通知を完了。個人情報保護委員会へ速報を提出済み。"),
                 .close = L(
                         "確報を提出し、対応完了。再発防止策として、メールの送信保留（5 分）機能を全社で有効化した。",
                         "相手先での削除を確認し、二次被害の報告もないことからクローズ。部内で再発防止策を共有済み。"),
                 .tasks = L("漏えい範囲の特定", "法務部との対応方針の協議", "個人情報保護委員会への報告",
                            "本人通知の送付", "再発防止策の検討")},
        [K_LOSS] = {.paths = L("tacx", "acx"),
                    .triage = L("本人から状況を聴取。紛失に気付いたのは {date} の夜。端末の画面ロックは設定済み。"),
                    .analysis = L(
                            "MDM で端末の最終接続日時を確認：{datetime}。位置情報は取得できず。本人には最寄りの警察署に"
                            "遺失届を出すよう依頼した。"),
                    .contain =
                            L("MDM からリモートワイプを実行し、完了を確認。端末に紐づくアカウントのパスワードを変更し、"
                              "セッションを失効させた。"),
                    .close = L(
                            "遺失物として警察から連絡があり、端末を回収。ワイプ済みのため情報漏えいのおそれは低いと判断"
                            "しクローズ。",
                            "端末は見つかっていないが、ワイプ完了・アカウント対策済みのため、情報漏えいのリスクは低いと"
                            "判断しクローズ。"),
                    .tasks = L("リモートワイプの実行", "遺失届の提出確認", "アカウントのパスワード変更",
                               "紛失報告書の提出")},
        [K_DDOS] = {.paths = L("acrx", "acerx"),
                    .triage = L("監視で `{domain}` の応答遅延を確認。{ip} ほか多数の IP から HTTP リクエストが急増"
                                "（平常時の約 {count} 倍）。"),
                    .analysis = L("CDN のログを確認。特定の URL への GET リクエストが大半で、送信元は{country}を中心に"
                                  "数千 IP。ボットネットによる HTTP フラッドと見られる。"),
                    .contain = L("CDN 事業者に連絡し、レート制限と国別のフィルタを適用。その後レスポンスが回復した。"),
                    .eradicate = L("攻撃元の IP リストを WAF に登録し、フィルタを恒久設定にした。"),
                    .recover = L("サイトの応答時間は平常値に戻った。念のため 24 時間は監視を強化する。"),
                    .close = L("被害はサービスの一時的な遅延のみ。DDoS 対策サービスの契約内容を見直すこととした。"),
                    .tasks = L("CDN 事業者への連絡", "レート制限の設定", "経緯報告書の作成")},
        [K_VULN] = {.paths = L("taex", "taerx"),
                    .triage = L("影響を受ける製品を利用しているシステムを資産台帳から洗い出す。対象：{product}"
                                "（{cve}）"),
                    .analysis = L(
                            "資産台帳と各社の情報システム担当への確認結果：\n\n| 会社 | 機器 | 影響 |\n|---|---|---|\n"
                            "| {company} | `{srv}` | あり（要対応） |\n\nほかのグループ会社では該当製品を利用して"
                            "いない。",
                            "ベンダの公開情報を確認。修正版が公開されており、回避策もある。悪用が確認されているため"
                            "緊急度は高と判断。",
                            "侵害の有無を確認するため、ベンダ提供の整合性チェックツールを実行。不審なファイルは検出"
                            "されなかった。"),
                    .eradicate =
                            L("夜間にメンテナンス枠を確保し、修正版へのアップデートを実施。適用後のバージョンを確認"
                              "済み。",
                              "設定の修正を実施し、外部から再スキャンして指摘事項が解消されたことを確認した。"),
                    .recover = L("アップデート後、利用部門で接続の動作確認を行い、問題なし。"),
                    .close = L("全対象機器への修正適用を確認しクローズ。", "対応完了。次回の定期診断で再確認する。"),
                    .tasks = L("影響を受ける機器の洗い出し", "修正版の適用", "侵害有無の確認", "ベンダへの問い合わせ")},
        [K_SPAM] = {.paths = L("tx", "tax", "tacx"),
                    .triage = L("投稿・受信の状況を確認。同じ内容の広告が短時間に {count} 件以上届いている。"),
                    .analysis = L(
                            "送信元 IP は複数の国に分散。フォームに CAPTCHA 等のボット対策がないことが原因と考え"
                            "られる。",
                            "DMARC の集計レポートを確認。当社のメールサーバ以外からの送信が多数あり、DMARC ポリシーが "
                            "`p=none` のため受信側で拒否されていない。"),
                    .contain = L("フォームに CAPTCHA を導入し、投稿数のレート制限を設定した。",
                                 "DMARC ポリシーを `p=quarantine` に変更した。"),
                    .close =
                            L("対策後、スパムは止まった。対応完了。", "なりすましメールの苦情はその後なし。クローズ。"),
                    .tasks = L("フォームへの CAPTCHA の導入", "DMARC ポリシーの見直し")},
        [K_INTRUSION] =
                {.paths = L("acerx", "tacerx"),
                 .triage = L("`{srv}` で不審なプロセスと外部への通信を確認。管理者アカウントに身に覚えのないログインが"
                             "ある。"),
                 .analysis =
                         L("アクセスログを確認したところ、プラグインの脆弱性を悪用した不正なファイル（Web シェル）の"
                           "アップロードを確認。\n\n- 設置ファイル：`/wp-content/uploads/.cache.php`\n- アクセス"
                           "元：`{ip}`",
                           "サーバのディスクイメージを取得し、フォレンジック調査をベンダに依頼した。"),
                 .contain = L("サーバをネットワークから切り離し、メンテナンス画面に切り替えた。"),
                 .eradicate = L("Web シェルを削除し、プラグインを最新版に更新。管理者パスワードをすべて変更した。"),
                 .recover = L("クリーンなバックアップから再構築し、脆弱性診断を実施したうえで公開を再開した。"),
                 .close = L("個人情報を扱うデータベースへのアクセスはなかったことをフォレンジック報告書で確認。"
                            "JPCERT/CC へのインシデント報告も済み。クローズ。"),
                 .tasks = L("ディスクイメージの取得", "フォレンジック調査の依頼", "サーバの再構築",
                            "JPCERT/CC への報告", "再発防止策の検討")},
        [K_SOCIAL] = {.paths = L("tax", "tx"),
                      .triage = L("本人から状況を聴取。通話は約 5 分。相手は部署名と担当者名を知っていた。"),
                      .analysis =
                              L("情報システム部にそのような電話をかけた者はいないことを確認。同様の電話がほかの部署にも"
                                "かかっていないか各部に確認中。"),
                      .close =
                              L("他部署での被害はなし。パスワードを電話で聞くことはない旨を全社に再周知してクローズ。"),
                      .tasks = L("関係部署への注意喚起", "不審電話の記録の共有")},
        [K_MISC] = {.paths = L("tax", "tacrx"),
                    .triage = L("状況を確認中。関係部署にヒアリングする。"),
                    .analysis = L(
                            "通信先は大手クラウドストレージ。利用者に確認したところ、業務データのクラウドバックアップの"
                            "同期だった。",
                            "前日夜の作業記録を確認し、原因は設定変更の誤りと特定。"),
                    .contain = L("変更前の設定に切り戻した。"),
                    .recover = L("業務部門で接続を確認し、復旧した。"),
                    .close = L("原因と対処を記録しクローズ。作業手順書にダブルチェックの手順を追加する。",
                               "不正な通信ではないと判断しクローズ。"),
                    .tasks = L("通信ログの確認", "関係部署へのヒアリング")},
        [K_EXERCISE] = {.paths = L("tacerx", "tax"),
                        .triage = L("【訓練】シナリオに基づき、{dept}からの報告を受けた想定で開始。"),
                        .analysis =
                                L("【訓練】初動対応（隔離・報告）を手順書どおりに実施。経営層への第一報まで 25 分。"),
                        .contain = L("【訓練】該当端末の隔離と、ファイルサーバの共有停止の判断を確認。"),
                        .eradicate = L("【訓練】復旧手順を机上で確認。"),
                        .recover = L("【訓練】バックアップからの復元手順を確認。"),
                        .close = L("【訓練】振り返りを実施。連絡網に古い電話番号が残っていたため、更新を依頼した。"),
                        .tasks = L("訓練報告書の作成", "連絡網の更新", "手順書の見直し")},
        [K_DRILL] = {.paths = L("tx", "tax"),
                     .triage = L("【訓練】訓練メールであることを確認。報告の手順（転送と電話連絡）は手順書どおり。"),
                     .analysis = L("【訓練】同じ部署の開封状況を集計中。"),
                     .close = L(
                             "【訓練】訓練結果として記録しクローズ。開封した社員には e ラーニングの再受講を案内した。"),
                     .tasks = L("訓練結果の集計")},
};

/* Notes when an incident ends another way than resolved. */
const char *const demo_notes_false_positive[] = {
        "確認の結果、実害のない事象であり誤検知と判断。",
        "送信元は当社が契約しているサービスで、正規の通知であることを確認した。誤検知としてクローズ。",
        "事前に申請のあった脆弱性診断の通信だった。誤検知としてクローズ。",
        "利用者に確認したところ、業務で使用している正規のツールだった。除外設定を登録し、誤検知としてクローズ。",
};
const size_t demo_notes_false_positive_count = COUNT_OF(demo_notes_false_positive);
const char *const demo_notes_out_of_scope[] = {
        "従業員の私物端末・私用アカウントに関する事象のため、CSIRT の対応対象外としてクローズ。本人には警察と"
        "契約事業者への相談を案内した。",
        "グループ外の会社のシステムに関する事象のため対象外。先方の窓口に情報を提供してクローズ。",
};
const size_t demo_notes_out_of_scope_count = COUNT_OF(demo_notes_out_of_scope);
/* The note on an incident closed as a duplicate of {orig}. */
const char demo_note_duplicate[] = "{orig} と同一の事象のため、重複としてクローズ。以降の対応は {orig} で行う。";

/* Others who report the same mail, alert or site later. */
const char *const demo_fu_mail_subj[] = {"Fw: {phish_subj}", "同じメールが届いています",
                                         "不審メールの報告（{phish_subj}）"};
const size_t demo_fu_mail_subj_count = COUNT_OF(demo_fu_mail_subj);
const char *const demo_fu_mail_body[] = {
        "お疲れ様です。{dept}の{family}です。\n「{phish_subj}」というメールが私のところにも届きました。\n"
        "開いていません。念のため報告します。",
        "CSIRT ご担当者様\n\n{dept}の{family}です。\n下記のメールを受信しました。怪しいと思いますので報告します。"
        "\n\n差出人: {sender}\n件名: {phish_subj}",
};
const size_t demo_fu_mail_body_count = COUNT_OF(demo_fu_mail_body);
const char *const demo_fu_soc_subj[] = {"【SOC】続報: {sig}（{target}）"};
const size_t demo_fu_soc_subj_count = COUNT_OF(demo_fu_soc_subj);
const char *const demo_fu_soc_body[] = {
        SOC_HEAD "■続報\n同一の送信元・宛先間で、追加の通信を検知しました（{count} 件）。\n\n引き続き監視を継続"
                 "いたします。\n" SOC_TAIL};
const size_t demo_fu_soc_body_count = COUNT_OF(demo_fu_soc_body);
const char *const demo_fu_customer_subj[] = {"御社名のメールについて", "不審なメールが届いています"};
const size_t demo_fu_customer_subj_count = COUNT_OF(demo_fu_customer_subj);
const char *const demo_fu_customer_body[] = {
        "{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n御社名で不審なメールが届いております。"
        "念のためお知らせいたします。",
        "お世話になっております。{customer}の{cust_person}です。\n御社からのメールと思われるものに不審な点が"
        "ありましたのでご連絡します。ご確認をお願いいたします。"};
const size_t demo_fu_customer_body_count = COUNT_OF(demo_fu_customer_body);

/* English mail reports by the Singapore staff, and what their phishing
 * mails are called. */
const char *const demo_sg_phish_subjects[] = {"Your password expires today", "Invoice payment overdue",
                                              "Shared document: Q3 sales report", "Mailbox storage is full",
                                              "Action required: verify your account"};
const size_t demo_sg_phish_subjects_count = COUNT_OF(demo_sg_phish_subjects);
const char *const demo_sg_mail_subj[] = {"Suspicious email received", "FW: {phish_subj}", "Please check this email"};
const size_t demo_sg_mail_subj_count = COUNT_OF(demo_sg_mail_subj);
const char *const demo_sg_mail_body[] = {
        "Hi CSIRT team,\n\nI received the email below and it looks suspicious. The sender address is not "
        "the one our vendor normally uses. I did not open the attachment.\n\nFrom: {sender}\nSubject: "
        "{phish_subj}\n\nRegards,\n{person}\n{dept_en}",
        "Hello,\n\nCould you check whether this email is genuine? It asks me to log in to {svc} through a "
        "link. I have not clicked it.\n\nThanks,\n{person}"};
const size_t demo_sg_mail_body_count = COUNT_OF(demo_sg_mail_body);

/* Reports rejected at triage. */
const struct demo_loose_report demo_rejected_reports[] = {
        {CH_EMAIL, RJ_SPAM, 0, "株式会社ウェブ集客ラボ 営業部", "info@webshukyaku-lab.example",
         "【無料】SEO 対策のご提案",
         "ご担当者様\n\n突然のご連絡失礼いたします。株式会社ウェブ集客ラボの営業担当でございます。\n貴社 Web"
         " サイトの集客力向上のため、無料の SEO 診断をご案内しております。\nご興味がございましたら、本メールに"
         "ご返信ください。"},
        {CH_EMAIL, RJ_SPAM, 0, "Security Audit Service", "sales@sec-audit-offer.example",
         "【期間限定 50% OFF】セキュリティ診断サービスのご案内",
         "平素より大変お世話になっております。\n今なら Web サイトの脆弱性診断を通常価格の半額でご提供いたします。"
         "\nお申し込みは下記フォームから。"},
        {CH_WEB, RJ_SPAM, 0, "Best Offer", "noreply@promo-mail.example", "Great business opportunity",
         "Dear Sir/Madam,\n\nWe offer cheap backlinks and guaranteed traffic for your website. Contact us "
         "now."},
        {CH_EMAIL, RJ_FALSE_POSITIVE, 1, NULL, NULL, "このメールは本物でしょうか（{svc}）",
         "お疲れ様です。{dept}の{family}です。\n{svc} から「サインイン方法の変更」というメールが届きました。\n"
         "本物かどうか分からないので、確認をお願いします。"},
        {CH_SOC, RJ_FALSE_POSITIVE, 0, "SOC 監視センター", "soc@mssp.example",
         "【SOC】重要度:低 ET POLICY Possible Vulnerability Scanner Activity（{srv}）",
         SOC_HEAD "■送信元: {ip}\n■宛先: {srv}\n\n■SOC 所見\n脆弱性スキャナの通信と見られます。\n\n"
                  "■推奨対応\n・事前に申請された診断でないかご確認ください\n" SOC_TAIL},
        {CH_EMAIL, RJ_OUT_OF_SCOPE, 1, NULL, NULL, "私物のスマートフォンに届いた SMS について",
         "お疲れ様です。{dept}の{family}です。\n私用のスマートフォンに{courier}を名乗る SMS が届き、リンクを"
         "開いてしまいました。\n会社の業務には使っていない端末ですが、大丈夫でしょうか。"},
        {CH_PHONE, RJ_OUT_OF_SCOPE, 1, NULL, NULL, "【電話】自宅 PC のウイルス警告について",
         PHONE_HEAD "自宅の私用 PC で「ウイルスに感染しています」という警告が表示され、表示された番号に電話を"
                    "かけそうになった。業務には使っていない。\n→ サポート詐欺の可能性が高い旨を説明し、消費者"
                    "ホットライン（188）を案内。"},
};
const size_t demo_rejected_reports_count = COUNT_OF(demo_rejected_reports);

/* --- reports and notes used outside the templates -------------------------- */

/* JPCERT/CC's notice of a phishing site imitating the company (K_BRANDPHISH). */
const char *const demo_jpcert_phish_subj[] = {
        "JPCERT/CC からの情報提供（貴組織を装ったフィッシングサイトについて）[JPCERT#{jpno}]"};
const size_t demo_jpcert_phish_subj_count = COUNT_OF(demo_jpcert_phish_subj);
const char *const demo_jpcert_phish_body[] = {
        "{company_full} ご担当者様\n\nJPCERT/CC インシデントレスポンスグループです。\n\n貴組織を装ったフィッシング"
        "サイトに関する報告を受け付けましたので、ご連絡いたします。\n\nURL: {url}\n確認日時: {datetime}\n\n当方では、"
        "サイトを運用しているホスティング事業者に対し、停止に向けた調整を開始しております。\n貴組織にて把握されて"
        "いる情報がございましたら、ご提供いただけますと幸いです。\n" JPCERT_SIGN};
const size_t demo_jpcert_phish_body_count = COUNT_OF(demo_jpcert_phish_body);

/* The note on an incident that nobody has picked up yet. */
const char *const demo_notes_unassigned[] = {
        "一次受付済み。担当者の割り当て待ち。",
        "報告を受領。詳細を報告者に確認中。",
};
const size_t demo_notes_unassigned_count = COUNT_OF(demo_notes_unassigned);
