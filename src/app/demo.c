/*
 * demo.c - the demonstration data set: a year in the life of the CSIRT of a
 * Japanese group of companies (本社, two group companies, a subsidiary in
 * Singapore).
 *
 * The data is written the way the handlers of such a team write: incident
 * titles and notes in Japanese, mails from employees with their greetings,
 * SOC alerts in the MSSP's fixed layout, EDR alerts in the tool's English.
 * Everything comes from the text tables below (about forty incident
 * templates with their report texts, per-kind notes and tasks) filled with
 * names, hosts, products and times picked by a small deterministic PRNG
 * (splitmix64), so one seed always gives the same rows.
 *
 * Shape of the generator. Incidents are produced in created_at order from
 * a time line weighted towards the recent months, office hours and working
 * days, so that per-year key sequences are in time order too. Each
 * incident's life is simulated through workflow_transition (so status,
 * milestones and the journal agree with the workflow rules); whatever
 * would happen after `now` does not happen, which leaves the recent ones
 * open. Reports must also get their RPT keys in received order, but a
 * follow-up report arrives after later incidents were created: reports
 * therefore wait in a min-heap keyed by received_at and are released once
 * no later item can arrive before them (a watermark that trails the time
 * line by REPORT_LEAD_MAX). Only that window and one chunk are in memory,
 * so memory follows the number of incidents per day, not their total
 * (measured peak RSS: 15 MB for 300 incidents, 76 MB for 1M).
 *
 * Rows are built into a chunk (an arena plus row arrays) of CHUNK_INCIDENTS
 * incidents and written by one db_write job per chunk, which also brings
 * key_seq up to date, so a failure leaves a consistent database. Ids are
 * assigned here (after the highest existing id) because reports and
 * journal entries reference incidents before the job runs. Incidents and
 * reports reach their tables through TEMP staging tables, one INSERT ...
 * SELECT per chunk, because the full-text triggers cost far less per
 * statement than per row (see "store: one chunk").
 */
#include "app/demo.h"

#include "core/key.h"
#include "core/markdown.h"
#include "core/priority.h"
#include "core/report_state.h"
#include "core/tlp.h"
#include "core/workflow.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/timeutil.h"
#include "store/audit.h"
#include "store/db.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_INCIDENTS 2000       /* incidents per write job (with their rows) */
#define PROGRESS_MIN 10000         /* log progress from this many incidents */
#define SPAN_DAYS 365              /* the data covers the year before now */
#define REPORT_LEAD_MAX (8 * 3600) /* a first report precedes its incident by at most this */
#define MAX_ORGS 32                /* constituencies used (the first ones by id) */
#define MAX_UNITS 512              /* org units used */
#define MAX_HANDLERS 32            /* users who may be assignees */
#define MAX_YEARS 8                /* distinct key years per run (12 months touch 2) */
#define VAR_MAX 200                /* one placeholder value, bytes */
#define TEXT_MAX (64 * 1024)       /* one expanded text, bytes */

/* --- deterministic random numbers ----------------------------------------- */

/* splitmix64: tiny, fast, and good enough to pick demo rows; its whole state
 * is one integer, so the sequence depends on the seed alone. */
struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) (n > 0) by multiply-shift, which has no modulo bias
 * worth mentioning for the small n used here. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	if (n == 0)
		return 0;
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(rng_next(r) % span);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0); /* 2^53 */
}

static int rng_pct(struct rng *r, int pct)
{
	return (int)rng_below(r, 100) < pct;
}

/* A duration of about base seconds with a long right tail (log-normal,
 * sigma 0.8): most steps take about as long as usual, a few much longer. */
static int64_t rng_duration(struct rng *r, double base)
{
	double u1 = rng_unit(r), u2 = rng_unit(r);
	if (u1 < 1e-12)
		u1 = 1e-12;
	double z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
	double d = base * exp(0.8 * z - 0.32); /* -sigma^2/2 keeps the mean near base */
	if (d < 60.0)
		d = 60.0;
	if (d > 400.0 * 86400.0)
		d = 400.0 * 86400.0;
	return (int64_t)d;
}

/* Picks an index by weight; weights sum to total (> 0). */
static size_t rng_weighted(struct rng *r, const unsigned *w, size_t n, unsigned total)
{
	uint32_t x = rng_below(r, total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* --- local calendar ------------------------------------------------------- */

/* The team's wall clock at a unix time, in its fixed UTC offset. */
struct local_time {
	int year, month, day, hour, minute, second;
	int wday; /* 0 = Sunday */
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Proleptic Gregorian date of a day number (days since 1970-01-01), after
 * Howard Hinnant's civil_from_days. */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void local_time_of(int64_t t, int offset_min, struct local_time *lt)
{
	int64_t l = t + (int64_t)offset_min * 60;
	int64_t days = floor_div(l, 86400);
	int64_t secs = l - days * 86400;
	civil_from_days(days, &lt->year, &lt->month, &lt->day);
	lt->hour = (int)(secs / 3600);
	lt->minute = (int)(secs / 60 % 60);
	lt->second = (int)(secs % 60);
	lt->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

/* --- arena: the strings of one chunk, freed together ---------------------- */

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct arena {
	struct arena_block *head;
};

#define ARENA_BLOCK (1024 * 1024)

static char *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof(*b) + cap);
		if (b == NULL)
			return NULL;
		b->used = 0;
		b->cap = cap;
		b->next = a->head;
		a->head = b;
	}
	char *p = b->data + b->used;
	b->used += n;
	return p;
}

static const char *arena_strdup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Keeps the newest block for reuse, frees the others. */
static void arena_reset(struct arena *a)
{
	if (a->head == NULL)
		return;
	struct arena_block *b = a->head->next;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head->next = NULL;
	a->head->used = 0;
}

static void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b != NULL) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* --- the organisation ------------------------------------------------------ */

/* A department; parent is an index into the same constituency's list (-1 for
 * a top-level unit), so the tree is created parents first. */
struct demo_unit {
	int parent;
	const char *name, *name_en;
};

/* A demo constituency with what the texts need to know about it. */
struct demo_org {
	const char *code, *name, *name_en, *description;
	const char *short_name; /* in titles: 火消し物流 */
	const char *domain;     /* employees' mail domain */
	const char *web;        /* public web site */
	const char *host_prefix;
	unsigned weight; /* share of the incidents */
	const struct demo_unit *units;
};

#define UNITS(...) ((const struct demo_unit[]){__VA_ARGS__, {0, NULL, NULL}})

static const struct demo_org demo_orgs[] = {
	{"HQ", "火消し工業株式会社（本社）", "Hikeshi Industries Co., Ltd. (HQ)",
	 "グループの持株会社機能を持つ本社。国内 3 工場を含む。", "火消し工業", "hikeshi-demo.example",
	 "www.hikeshi-demo.example", "HQ", 45,
	 UNITS({-1, "経営企画部", "Corporate Planning Dept."}, {0, "情報システム部", "IT Dept."},
	       {1, "インフラ課", "Infrastructure Section"}, {-1, "営業本部", "Sales Division"},
	       {3, "第一営業部", "Sales Dept. 1"}, {-1, "人事部", "Human Resources Dept."},
	       {-1, "経理部", "Accounting Dept."}, {-1, "広報部", "Public Relations Dept."},
	       {-1, "法務部", "Legal Dept."}, {-1, "製造部", "Manufacturing Dept."})},
	{"GRP-A", "火消し物流株式会社", "Hikeshi Logistics Co., Ltd.",
	 "グループ会社。全国の物流センターと配送網を運営。", "火消し物流",
	 "logi.hikeshi-demo.example", "www.logi.hikeshi-demo.example", "HL", 25,
	 UNITS({-1, "管理本部", "Administration Division"}, {0, "総務部", "General Affairs Dept."},
	       {0, "経理部", "Accounting Dept."}, {0, "情報システム課", "IT Section"},
	       {-1, "営業部", "Sales Dept."},
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
	 "海外子会社（シンガポール）。東南アジアの販売・物流拠点。", "Hikeshi Asia Pacific",
	 "sg.hikeshi-demo.example", "www.sg.hikeshi-demo.example", "SG", 10,
	 UNITS({-1, "管理部", "Administration"}, {0, "財務部", "Finance"}, {-1, "営業部", "Sales"},
	       {0, "IT 部", "IT"}, {-1, "倉庫管理部", "Warehouse Operations"})},
};
#define DEMO_ORG_COUNT (sizeof(demo_orgs) / sizeof(demo_orgs[0]))

/* Demo users. They are created without a password (password_hash NULL), so
 * nobody can log in as them until an admin sets one: a demo database put on
 * a network by mistake has no well-known credentials. */
struct demo_user {
	const char *login, *display_name, *family, *role;
	const char *lang, *time_zone, *tlp_max;
	const char *scope; /* NULL: all constituencies; else codes separated by ',' */
	unsigned weight;   /* share of the assignments among eligible handlers */
};

static const struct demo_user demo_users[] = {
	{"sato", "佐藤 健一", "佐藤", "handler", "ja", "Asia/Tokyo", "RED", NULL, 30},
	{"suzuki", "鈴木 美咲", "鈴木", "handler", "ja", "Asia/Tokyo", "RED", NULL, 30},
	{"takahashi", "高橋 翔太", "高橋", "handler", "ja", "Asia/Tokyo", "RED", "HQ", 40},
	{"tanaka", "田中 由美", "田中", "handler", "ja", "Asia/Tokyo", "RED", "GRP-A", 50},
	{"ito", "伊藤 大輔", "伊藤", "handler", "ja", "Asia/Tokyo", "RED", "GRP-B", 50},
	{"watanabe", "渡辺 彩", "渡辺", "handler", "ja", "Asia/Tokyo", "AMBER+STRICT", "HQ,GRP-SG", 25},
	{"lim", "Lim Wei Ming", "Lim", "handler", "en", "Asia/Singapore", "RED", "GRP-SG", 50},
	{"ciso", "山本 CISO", "山本", "viewer", "ja", "Asia/Tokyo", "AMBER", NULL, 0},
};
#define DEMO_USER_COUNT (sizeof(demo_users) / sizeof(demo_users[0]))

/* --- word lists ------------------------------------------------------------ */

/* Lists that templates point to (.phish, .attach, .sigs, .malw) end with NULL;
 * the others are picked with PICK (they have a known size). */

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

struct name_pair {
	const char *kanji, *romaji;
};

/* Employees who report things (the handlers' family names are left out, so
 * that a reporter is never mistaken for a handler). */
static const struct name_pair family_names[] = {
	{"山田", "yamada"},   {"中村", "nakamura"}, {"小林", "kobayashi"}, {"加藤", "kato"},
	{"吉田", "yoshida"},  {"山口", "yamaguchi"}, {"松本", "matsumoto"}, {"井上", "inoue"},
	{"木村", "kimura"},   {"林", "hayashi"},     {"清水", "shimizu"},  {"山崎", "yamazaki"},
	{"森", "mori"},       {"池田", "ikeda"},     {"橋本", "hashimoto"}, {"阿部", "abe"},
	{"石川", "ishikawa"}, {"前田", "maeda"},     {"藤田", "fujita"},   {"小川", "ogawa"},
	{"岡田", "okada"},    {"後藤", "goto"},      {"長谷川", "hasegawa"}, {"村上", "murakami"},
	{"近藤", "kondo"},    {"石井", "ishii"},     {"坂本", "sakamoto"}, {"遠藤", "endo"},
	{"青木", "aoki"},     {"藤井", "fujii"},     {"西村", "nishimura"}, {"福田", "fukuda"},
	{"太田", "ota"},      {"三浦", "miura"},     {"岡本", "okamoto"},  {"松田", "matsuda"},
	{"中川", "nakagawa"}, {"原田", "harada"},    {"小野", "ono"},      {"竹内", "takeuchi"},
};
static const struct name_pair given_names[] = {
	{"太郎", "taro"},   {"大輔", "daisuke"}, {"拓也", "takuya"},  {"翔", "sho"},
	{"直樹", "naoki"},  {"和也", "kazuya"},  {"誠", "makoto"},    {"隆", "takashi"},
	{"浩二", "koji"},   {"亮", "ryo"},       {"健太", "kenta"},   {"悠斗", "yuto"},
	{"陽菜", "hina"},   {"美穂", "miho"},    {"恵", "megumi"},    {"裕子", "yuko"},
	{"真由美", "mayumi"}, {"沙織", "saori"}, {"奈々", "nana"},    {"麻衣", "mai"},
	{"智子", "tomoko"}, {"香織", "kaori"},   {"愛", "ai"},        {"千尋", "chihiro"},
	{"雄一", "yuichi"}, {"聡", "satoshi"},   {"由紀", "yuki"},    {"康介", "kosuke"},
};
/* Local staff of the Singapore subsidiary (family, given). */
static const struct name_pair sg_names[] = {
	{"Tan", "Mei Ling"},  {"Lim", "Jun Jie"},   {"Ng", "Hui Min"},   {"Wong", "Kai Xiang"},
	{"Kumar", "Rajesh"},  {"Lee", "Sarah"},     {"Goh", "Wei Ting"}, {"Chua", "Daniel"},
	{"Teo", "Shu Fen"},   {"Nair", "Priya"},
};

struct customer {
	const char *name, *domain;
};
static const struct customer customers[] = {
	{"株式会社青葉商事", "aoba-shoji.example"},   {"丸福食品株式会社", "marufuku-foods.example"},
	{"東邦精機株式会社", "toho-seiki.example"},   {"株式会社みなと建設", "minato-kensetsu.example"},
	{"大和テック株式会社", "daiwa-tech.example"}, {"株式会社北斗メディカル", "hokuto-medical.example"},
};
static const struct customer suppliers[] = {
	{"株式会社ミナト印刷", "minato-print.example"},
	{"東和データサービス株式会社", "towa-data.example"},
	{"株式会社さくらコールセンター", "sakura-cc.example"},
	{"北斗システム開発株式会社", "hokuto-sys.example"},
	{"株式会社アオイ物流サービス", "aoi-logi-service.example"},
};

struct vuln {
	const char *product, *cve, *type;
};
/* Products that JPCERT/CC issued alerts about; the type is how the alert
 * summarises the flaw. */
static const struct vuln vulns[] = {
	{"Ivanti Connect Secure", "CVE-2025-0282", "認証不要でリモートから任意のコードを実行される脆弱性"},
	{"FortiOS SSL-VPN", "CVE-2024-21762", "リモートから任意のコードやコマンドを実行される脆弱性"},
	{"Fortinet FortiOS / FortiProxy", "CVE-2024-55591", "管理者権限を不正に取得される認証回避の脆弱性"},
	{"Citrix NetScaler ADC / Gateway", "CVE-2025-5777", "メモリ内の情報（セッショントークン等）を読み取られる脆弱性"},
	{"Palo Alto Networks PAN-OS GlobalProtect", "CVE-2024-3400", "認証不要で OS コマンドを実行される脆弱性"},
	{"Microsoft SharePoint Server", "CVE-2025-53770", "認証不要でリモートから任意のコードを実行される脆弱性"},
	{"SonicWall SonicOS SSLVPN", "CVE-2024-53704", "認証を回避してセッションを乗っ取られる脆弱性"},
	{"Apache Tomcat", "CVE-2025-24813", "条件によりリモートから任意のコードを実行される脆弱性"},
	{"Veeam Backup & Replication", "CVE-2024-40711", "認証不要でリモートから任意のコードを実行される脆弱性"},
};

static const char *const malware_names[] = {"Emotet", "AgentTesla", "FormBook", "IcedID",
					    "AsyncRAT", "Cobalt Strike", "SmokeLoader"};
static const char *const stealer_names[] = {"Lumma Stealer", "RedLine Stealer", "Vidar", "StealC",
					    NULL};
static const char *const ransomware_names[] = {"LockBit", "Phobos", "8Base", "Akira",
					       "BlackSuit", "Qilin", "Medusa"};
static const char *const countries[] = {"ロシア", "オランダ", "米国",   "ブラジル", "ベトナム",
					"中国",   "ウクライナ", "ドイツ", "インドネシア"};
static const char *const places[] = {
	"品川駅構内",         "東京駅の新幹線ホーム", "山手線の車内",       "取引先からの帰りのタクシー車内",
	"羽田空港第 2 ターミナル", "新大阪駅付近",     "会食先の飲食店（新橋）", "自宅最寄り駅の駐輪場",
	"出張先のホテル（名古屋）", "客先の会議室",     "博多駅の待合室",     "京急線の車内"};
static const char *const cloud_services[] = {"Microsoft 365", "Outlook on the web", "SharePoint",
					     "DocuSign", "Adobe Acrobat Sign", "Box"};
static const char *const couriers[] = {"佐川急便", "ヤマト運輸", "日本郵便"};
static const char *const invoice_subjects[] = {"請求書送付のご案内", "【至急】お支払い期日のご確認",
					       "Re: {month}月分ご請求について", "ご入金確認のお願い",
					       "見積書送付の件", NULL};
static const char *const invoice_attachments[] = {"請求書_{month}月分.zip", "御請求書.zip",
						  "支払明細_{month}月.zip", "見積書.zip", NULL};
static const char *const bad_domains[] = {"tokai-shoji.example.com", "kanto-trading.example.net",
					  "billing-notice.example.org", "secure-mail.example.com",
					  "ohkura-bussan.example.net"};
/* Phishing URLs, defanged as CSIRTs write them in notes and reports. */
static const char *const bad_urls[] = {
	"hxxps://login-m365-verify[.]example[.]com/auth/",
	"hxxps://secure-docs-share[.]example[.]net/view?id={count}",
	"hxxp://delivery-check[.]example[.]org/jp/",
	"hxxps://account-update-jp[.]example[.]com/signin",
	"hxxps://mailbox-quota[.]example[.]net/owa/",
};
static const char *const dropped_files[] = {"setup_x64.exe", "invoice_scan.exe", "PDFConverter_Free.exe",
					    "chrome_update.js", "document.iso", "zoom_installer.msi"};
static const char *const edr_signatures[] = {
	"Suspicious PowerShell command line", "Malware was detected and quarantined",
	"An active malware process was detected", "Suspicious process injection observed", NULL};

/* --- incident templates ---------------------------------------------------- */

/* What kind of handling an incident gets: selects its notes, tasks and the
 * status paths it takes. */
enum kind {
	K_MAIL,        /* suspicious mail received */
	K_CRED,        /* credentials entered / account taken over */
	K_SMS,         /* smishing on a company phone */
	K_BEC,         /* business e-mail compromise */
	K_BRANDPHISH,  /* a phishing site imitating the company */
	K_RANSOM,      /* ransomware */
	K_MALWARE,     /* an infected PC */
	K_WEB,         /* attacks on a web application */
	K_BRUTE,       /* login attempts */
	K_SCAN,        /* scans */
	K_LEAK,        /* information leaked */
	K_LOSS,        /* lost or stolen device */
	K_DDOS,        /* (D)DoS */
	K_VULN,        /* a vulnerable system */
	K_SPAM,        /* spam */
	K_INTRUSION,   /* a compromised server */
	K_SOCIAL,      /* social engineering */
	K_MISC,        /* anything else */
	K_EXERCISE,    /* 訓練: tabletop exercise */
	K_DRILL,       /* 訓練: a phishing drill mail reported by an employee */
	K_COUNT
};

/* How the first report arrives. */
enum style {
	RSTY_NONE,     /* the CSIRT opened the incident itself */
	RSTY_EMP_MAIL, /* an employee's mail to the PoC */
	RSTY_EMP_MIX,  /* an employee's mail, or a phone call (memo by the handler) */
	RSTY_SOC,      /* the MSSP's SOC alert mail */
	RSTY_EDR,      /* the EDR's alert through the API */
	RSTY_JPCERT,   /* a notification from JPCERT/CC */
	RSTY_CUSTOMER, /* a customer, by mail or the web form */
	RSTY_SUPPLIER, /* a contractor's report */
	RSTY_EXTERNAL, /* a security researcher */
};

/* Who else reports the same thing later. */
enum followup { FU_NONE, FU_MAIL, FU_SOC, FU_CUSTOMER };

/* Levels: 0 low, 1 medium, 2 high. */
struct tmpl {
	const char *category;
	unsigned weight;
	enum kind kind;
	enum style style;
	enum style alt_style; /* used instead of style alt_pct % of the time */
	int alt_pct;
	enum followup followup;
	int imp_lo, imp_hi, urg_lo, urg_hi;
	int pd_pct;     /* personal data involved */
	int fp_pct;     /* ends as a false positive */
	int sens;       /* -1 public matter, 0 normal, 1 sensitive: shifts TLP/PAP */
	int exercise;   /* 訓練 */
	int target_srv; /* {target} is the server, not the PC */
	int occ_lag_h;  /* how long before detection it may have happened */
	const char *srv_role;
	const char *dept_pref; /* preferred departments, '|'-separated substrings */
	/* Parallel variants: variant v uses element v % count of each list. */
	const char *const *titles, *const *descs;
	const char *const *rsubj, *const *rbody; /* mail / web / SOC / API report */
	const char *const *psubj, *const *pbody; /* phone memo (RSTY_EMP_MIX) */
	const char *const *sigs;                 /* {sig} for SOC / EDR */
	const char *const *phish, *const *attach, *const *malw;
};

/* The SOC's alert mail: its fixed head and tail around each alert's lines. */
#define SOC_HEAD                                                                                   \
	"{company_full} CSIRT ご担当者様\n\nいつもお世話になっております。SOC 監視センターです。\n" \
	"下記のとおりアラートを検知いたしましたので、ご連絡いたします。\n\n"                     \
	"■検知日時: {datetime}\n■重要度: {severity}\n■シグネチャ: {sig}\n"
#define SOC_TAIL                                                                                   \
	"\nご不明な点がございましたら、本メールへの返信にてお問い合わせください。\n\n"            \
	"--\nSOC 監視センター\nsoc@mssp.example\n"
/* The EDR's alert as its API connector posts it. */
#define EDR_BODY                                                                                   \
	"Alert: {sig}\nSeverity: {severity_en}\nThreat: {malware}\nDevice: {pc} ({lip})\n"        \
	"User: HIKESHI\\{acct}\nFile: C:\\Users\\{acct}\\Downloads\\{file}\nSHA256: {sha}\n"     \
	"Action taken: Quarantined\nFirst seen: {datetime} JST\n"
/* A handler's memo of a phone call. */
#define PHONE_HEAD "【電話受付】\n連絡者: {dept} {person}さん（内線 {ext}）\n受付日時: {datetime}\n\n"
#define JPCERT_SIGN "\n--\nJPCERT コーディネーションセンター\nインシデントレスポンスグループ\n"

static const struct tmpl tmpls[] = {
	/* ---- phishing and suspicious mail ---- */
	{.category = "fraud/phishing", .weight = 90, .kind = K_MAIL, .style = RSTY_EMP_MAIL,
	 .followup = FU_MAIL, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 8,
	 .occ_lag_h = 2, .dept_pref = "経理|財務|管理|総務",
	 .titles = L("{dept}宛の請求書を装った不審メール（Emotet の可能性）",
		     "{dept}に届いた請求書送付を装う不審メール",
		     "取引先を装った不審メール（パスワード付き ZIP 添付）"),
	 .descs = L("{date} {time} 頃、{dept}の複数名宛に「{phish_subj}」という件名のメールが届いた。"
		    "差出人は取引先の担当者名を名乗っているが、送信元アドレスは {sender} で、実在の取引先の"
		    "ドメインとは異なる。添付ファイル「{attach}」はパスワード付き ZIP で、パスワードは本文に"
		    "記載されている。{malware} の配布メールと手口が似ているため、開封者の有無と端末の状態を確認する。",
		    "{dept}の{family}さんから、心当たりのない請求書メール（件名「{phish_subj}」、送信元 "
		    "{sender}）を受信したとの報告。添付ファイル「{attach}」は未開封。同じメールがほかの社員にも"
		    "届いていないか確認し、送信元をブロックする。"),
	 .rsubj = L("不審なメールを受信しました", "【確認依頼】心当たりのない請求書メール",
		    "Fw: {phish_subj}"),
	 .rbody = L("CSIRT ご担当者様\n\nお疲れ様です。{dept}の{family}です。\n先ほど、取引先を名乗る以下の"
		    "メールが届きました。\n心当たりのない請求書で、差出人のアドレスもいつもと違うため、念のため"
		    "ご連絡します。\n添付ファイルは開いていません。\n\n差出人: {sender}\n件名: {phish_subj}\n"
		    "添付: {attach}\n\nよろしくお願いいたします。\n\n{dept} {person}",
		    "お疲れ様です。{dept}の{family}です。\n\n請求書を装ったメールが届きました。いつもやり取り"
		    "している取引先の担当者の名前になっていますが、署名の電話番号が違っていて怪しいと思います。\n"
		    "添付の ZIP ファイルのパスワードが本文に書かれていました。開いてはいません。\n転送しますので"
		    "確認をお願いします。\n\n---------- 転送メッセージ ----------\nFrom: {sender}\n"
		    "Subject: {phish_subj}\n"),
	 .phish = invoice_subjects, .attach = invoice_attachments},
	{.category = "fraud/phishing", .weight = 70, .kind = K_MAIL, .style = RSTY_EMP_MAIL,
	 .followup = FU_MAIL, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 10,
	 .occ_lag_h = 2,
	 .titles = L("Microsoft 365 のログイン画面を装ったフィッシングメール",
		     "「{phish_subj}」を件名とするフィッシングメールの一斉受信",
		     "{svc} を装ったフィッシングメール（偽ログインページへの誘導）"),
	 .descs = L("{svc} からの通知を装い、偽のログインページ（{url}）へ誘導するメールが{dept}ほか複数の"
		    "部署に届いている。件名は「{phish_subj}」、送信元は {sender}。リンク先で ID とパスワードの"
		    "入力を求められる。入力した社員がいないか確認し、URL をブロックする。",
		    "{dept}の{family}さんから、「{phish_subj}」という件名のメールの報告。本文のリンク先は "
		    "{svc} のログイン画面に似せた偽サイト（{url}）で、認証情報の詐取が目的と見られる。"),
	 .rsubj = L("フィッシングメールと思われるメールの報告", "不審なメールについて（{svc}）",
		    "Fw: {phish_subj}"),
	 .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{svc} を名乗るメールが届きました。"
		    "リンクを開くとログイン画面が表示されましたが、URL がいつもと違うため ID とパスワードは"
		    "入力していません。\n\n件名: {phish_subj}\n差出人: {sender}\nリンク先: {url}\n\n念のため"
		    "ご確認をお願いします。",
		    "お疲れ様です。{family}です。\n「{phish_subj}」というメールが来ていますが、これは本物"
		    "でしょうか。\n差出人が {sender} になっていて怪しい気がします。リンクはクリックしていません。"),
	 .phish = L("【重要】パスワードの有効期限が近づいています", "メールボックスの容量が上限に達しました",
		    "新しいドキュメントが共有されました", "[要対応] アカウントの確認が必要です",
		    "未配信のメッセージが 3 件あります", "ボイスメッセージを受信しました")},
	{.category = "fraud/phishing", .weight = 25, .kind = K_CRED, .style = RSTY_EMP_MIX,
	 .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 3, .occ_lag_h = 3,
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
	 .pbody = L(PHONE_HEAD "{time} 頃、メールのリンクから開いた {svc} のログイン画面に似たページで ID と"
			       "パスワードを入力した。MFA の通知が来たので承認したかもしれない、とのこと。\n"
			       "→ PC はそのまま使用中。パスワードの変更はまだしていない。\n→ すぐに変更手順を案内する。"),
	 .phish = L("【重要】パスワードの有効期限が近づいています", "新しいドキュメントが共有されました",
		    "[要対応] アカウントの確認が必要です")},
	{.category = "fraud/phishing", .weight = 20, .kind = K_SMS, .style = RSTY_EMP_MAIL,
	 .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .fp_pct = 5, .occ_lag_h = 12,
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
	{.category = "fraud/masquerade", .weight = 12, .kind = K_BEC, .style = RSTY_EMP_MAIL,
	 .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 5, .sens = 1, .occ_lag_h = 48,
	 .dept_pref = "経理|財務",
	 .titles = L("取引先を装ったビジネスメール詐欺（BEC）",
		     "振込先口座の変更を依頼する不審メール（BEC の疑い）"),
	 .descs = L("{dept}に、取引先（{customer}）の担当者を装い「振込先口座を変更した」とするメールが"
		    "届いた。過去のメールのやり取りが引用されており、送信元ドメインは正規のドメインに酷似した"
		    "別のドメイン。支払は保留中。取引先側のメールアカウント侵害の可能性も含めて確認する。"),
	 .rsubj = L("口座変更の依頼メールについて確認させてください", "振込先変更のメールが怪しいです"),
	 .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n{customer}様から、振込先口座が変更になった"
		    "というメールが届きました。\nいつもの担当者の名前ですが、メールアドレスのドメインが少し違って"
		    "いるように見えます。\n今月の支払いが {count} 日後に控えており、振込はまだ行っていません。\n"
		    "本物かどうか確認していただけますでしょうか。")},
	{.category = "fraud/masquerade", .weight = 5, .kind = K_BEC, .style = RSTY_EMP_MAIL,
	 .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 5, .sens = 1, .occ_lag_h = 4,
	 .dept_pref = "経理|財務|経営",
	 .titles = L("役員を装った送金指示メール（CEO 詐欺の疑い）", "社長名義の不審な送金依頼メール"),
	 .descs = L("社長名義で「極秘の案件のため、本日中に指定口座へ送金してほしい。この件は他言しないように」"
		    "とのメールが{dept}の{family}さんに届いた。送信元は社外のフリーメールアドレスで、表示名のみ"
		    "社長の名前になっている。"),
	 .rsubj = L("社長名の送金依頼メールが届きました"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n社長の名前で「至急、極秘で送金をお願いしたい」と"
		    "いうメールが届きました。\n普段このようなご依頼はなく、差出人のアドレスも社外のものなので、"
		    "詐欺ではないかと思います。\n返信はしていません。")},
	{.category = "fraud/phishing", .weight = 8, .kind = K_BRANDPHISH, .style = RSTY_CUSTOMER,
	 .alt_style = RSTY_JPCERT, .alt_pct = 25, .followup = FU_CUSTOMER, .imp_lo = 1, .imp_hi = 2,
	 .urg_lo = 1, .urg_hi = 2, .fp_pct = 5, .sens = -1, .occ_lag_h = 24,
	 .titles = L("当社を騙るフィッシングサイトの報告",
		     "{company}の名前を使った偽サイトに関する顧客からの問い合わせ"),
	 .descs = L("顧客（{customer}）から、当社を名乗るメールに記載されたリンク先が当社サイトそっくりの偽サイト"
		    "（{url}）だったとの問い合わせ。ログイン ID とパスワードの入力を求める画面になっている。顧客"
		    "への被害の有無を確認し、テイクダウンを依頼する。"),
	 .rsubj = L("御社を名乗るメールについて", "【問い合わせ】御社のサイトに似た不審なページについて"),
	 .rbody = L("{company_full} ご担当者様\n\nいつもお世話になっております。{customer}の{cust_person}です。\n"
		    "本日、御社名義で「ご登録情報の確認のお願い」というメールが届き、リンク先でログインを求め"
		    "られました。\nURL が御社のものと違うようでしたので、入力はしておりません。\n御社から送信"
		    "されたものでしょうか。ご確認をお願いいたします。\n\nリンク先: {url}")},
	{.category = "fraud/phishing", .weight = 12, .kind = K_MAIL, .style = RSTY_EMP_MAIL,
	 .followup = FU_MAIL, .imp_lo = 1, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 5,
	 .occ_lag_h = 6, .dept_pref = "人事|管理",
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
	{.category = "fraud/phishing", .weight = 10, .kind = K_MAIL, .style = RSTY_EMP_MAIL,
	 .followup = FU_MAIL, .imp_lo = 1, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 5,
	 .occ_lag_h = 4, .dept_pref = "営業",
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
	{.category = "malicious-code/infected-system", .weight = 10, .kind = K_RANSOM,
	 .style = RSTY_EMP_MIX, .imp_lo = 2, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 3,
	 .sens = 1, .occ_lag_h = 72, .srv_role = "fs",
	 .titles = L("{dept} PC でのランサムウェア感染疑い",
		     "ファイルサーバ上のファイル暗号化（{ransom} の可能性）"),
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
	{.category = "malicious-code/infected-system", .weight = 70, .kind = K_MALWARE,
	 .style = RSTY_EDR, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 15,
	 .occ_lag_h = 1,
	 .titles = L("EDR によるマルウェア検知（{pc}）", "{malware} の検知と自動隔離（{dept} {pc}）",
		     "EDR アラート：不審なファイルの実行（{pc}）"),
	 .descs = L("EDR（Microsoft Defender for Endpoint）が{dept}の端末 {pc} で {malware} を検知し、"
		    "ファイルを自動で隔離した。ファイルはブラウザでダウンロードされたもので、実行の有無と外部通信の"
		    "有無を確認する。\n\nSHA-256: {sha}",
		    "{pc}（{dept}、利用者 {family}さん）で不審なファイル「{file}」の実行を EDR が検知。検知名は "
		    "{malware}。端末の隔離要否を判断する。"),
	 .rsubj = L("[EDR] 重要度:{severity} {sig}（{pc}）"), .rbody = L(EDR_BODY),
	 .sigs = edr_signatures},
	{.category = "malicious-code/infected-system", .weight = 35, .kind = K_MALWARE,
	 .style = RSTY_SOC, .followup = FU_SOC, .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2,
	 .fp_pct = 20, .occ_lag_h = 24,
	 .titles = L("C2 サーバへの不審な通信の検知（{pc}）",
		     "SOC アラート：{malware} の通信パターンを検知（{pc}）"),
	 .descs = L("SOC から、{dept}の端末 {pc}（{lip}）から既知の C2 サーバ（{ip}）への定期的な通信を検知した"
		    "との通知。通信はファイアウォールで許可されており、{malware} に感染している可能性がある。"
		    "端末を隔離して調査する。"),
	 .rsubj = L("【SOC】重要度:{severity} 不審な通信の検知について（{pc}）",
		    "【SOC】{sig} の検知のご連絡"),
	 .rbody = L(SOC_HEAD "■送信元: {lip}（{pc}）\n■宛先: {ip}:443（{country}）\n"
			     "■通信状況: ファイアウォールで許可（遮断されていません）\n\n■SOC 所見\n約 60 秒"
			     "間隔の定期的な HTTPS 通信が確認されており、マルウェアのビーコン通信の可能性があります。"
			     "\n\n■推奨対応\n・該当端末のネットワークからの隔離\n・EDR による端末調査\n" SOC_TAIL),
	 .sigs = L("ET MALWARE Cobalt Strike Beacon Observed", "ET MALWARE Lumma Stealer CnC Checkin",
		   "ET TROJAN AsyncRAT Activity", "ET MALWARE Possible IcedID CnC Activity")},
	{.category = "malicious-code/infected-system", .weight = 8, .kind = K_MALWARE,
	 .style = RSTY_EMP_MAIL, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .fp_pct = 10,
	 .occ_lag_h = 2, .dept_pref = "製造|物流|倉庫",
	 .titles = L("USB メモリ経由のマルウェア感染（{dept}）",
		     "取引先から受け取った USB メモリからのウイルス検知"),
	 .descs = L("{dept}で、取引先から受け取った USB メモリを PC（{pc}）に接続したところ、ウイルス対策"
		    "ソフトが {malware} を検知した。USB メモリ内のショートカットファイルが実行された可能性がある。"
		    "同じ USB メモリを接続した端末がほかにないか確認する。"),
	 .rsubj = L("USB メモリを挿したらウイルスが検知されました"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n取引先からデータを受け取った USB メモリを PC に"
		    "挿したところ、ウイルスが検知されたというメッセージが出ました。\nすぐに抜きましたが、念のため"
		    " PC はネットワークから外しています。\n同じ USB メモリを、もう 1 台の PC にも挿しています。\n"
		    "指示をお願いします。")},
	{.category = "malicious-code/infected-system", .weight = 20, .kind = K_MALWARE,
	 .style = RSTY_EMP_MIX, .imp_lo = 1, .imp_hi = 1, .urg_lo = 2, .urg_hi = 2, .fp_pct = 8,
	 .occ_lag_h = 1,
	 .titles = L("不審メールの添付ファイル開封による感染疑い（{dept}）",
		     "マクロ付き Excel ファイルの実行（{malware} 感染の疑い）"),
	 .descs = L("{dept}の{family}さんが、取引先を装ったメールの添付ファイル「{attach}」を開き、「コンテンツ"
		    "の有効化」をクリックした。その後 PC の動作が重くなったとの申告。{malware} の感染を想定し、"
		    "端末を隔離して調査する。"),
	 .rsubj = L("添付ファイルを開いてしまいました",
		    "【至急】不審なメールの添付ファイルを開いてしまいました"),
	 .rbody = L("CSIRT ご担当者様\n\n{dept}の{family}です。\n取引先からと思ったメールの添付ファイル"
		    "（{attach}）を開き、「コンテンツの有効化」を押してしまいました。\nその後、何も表示されず、"
		    "PC の動作が少し重くなっています。\nLAN ケーブルは抜きました。どうすればよいでしょうか。"),
	 .psubj = L("【電話】添付ファイル開封（マクロ有効化）"),
	 .pbody = L(PHONE_HEAD "不審なメールの添付ファイル（{attach}）を開き、マクロを有効化してしまった。\n"
			       "→ LAN ケーブルを抜き、Wi-Fi をオフにするよう指示。\n→ PC は電源を入れたまま"
			       "保管してもらう。"),
	 .attach = L("請求書_{month}月分.xlsm", "注文書.xlsm", "支払明細.doc")},
	{.category = "malicious-code/infected-system", .weight = 8, .kind = K_MALWARE,
	 .style = RSTY_EDR, .imp_lo = 1, .imp_hi = 2, .urg_lo = 1, .urg_hi = 2, .fp_pct = 10,
	 .occ_lag_h = 24,
	 .titles = L("フリーソフト経由の情報窃取型マルウェア（{malware}）感染",
		     "非公式サイトからダウンロードしたツールによるマルウェア感染（{pc}）"),
	 .descs = L("{dept}の{family}さんが、業務効率化のため非公式サイトからダウンロードしたツールを実行し、"
		    "情報窃取型マルウェア {malware} に感染した可能性がある。ブラウザに保存された認証情報が窃取"
		    "されたおそれがあるため、関連するアカウントのパスワード変更も行う。"),
	 .rsubj = L("[EDR] 重要度:{severity} {sig}（{pc}）"), .rbody = L(EDR_BODY),
	 .sigs = L("Information stealing malware activity", "Suspicious access to browser credential store"),
	 .malw = stealer_names},

	/* ---- attempts, scans, account takeover ---- */
	{.category = "intrusion-attempts/ids-alert", .weight = 30, .kind = K_WEB, .style = RSTY_SOC,
	 .followup = FU_SOC, .imp_lo = 0, .imp_hi = 1, .urg_lo = 0, .urg_hi = 1, .fp_pct = 15,
	 .sens = -1, .target_srv = 1, .srv_role = "web",
	 .titles = L("公開 Web サーバへの SQL インジェクション試行",
		     "{srv} に対する攻撃通信の検知（SQL インジェクション）",
		     "Web アプリケーションへの脆弱性スキャン（{ip}）"),
	 .descs = L("SOC から、{ip}（{country}）より公開 Web サーバ {srv} に対し、SQL インジェクションを狙った"
		    "リクエストが約 {records} 件送られているとの通知。WAF で遮断されているものが大半だが、一部は"
		    "アプリケーションまで到達している。攻撃の成否を確認する。"),
	 .rsubj = L("【SOC】重要度:{severity} Web サーバへの攻撃通信の検知（{srv}）",
		    "【SOC】{sig} の検知のご連絡"),
	 .rbody = L(SOC_HEAD "■送信元: {ip}（{country}）\n■宛先: {srv}（443/tcp）\n■件数: {records} 件\n"
			     "■通信状況: 大半は WAF で遮断済み\n\n■SOC 所見\nパラメータに SQL 構文を含む"
			     "リクエストが自動化ツールにより連続して送信されています。現時点で攻撃が成功した痕跡は"
			     "確認されていません。\n\n■推奨対応\n・アプリケーションログでの応答内容の確認\n"
			     "・送信元 IP アドレスの遮断\n" SOC_TAIL),
	 .sigs = L("ET WEB_SERVER Possible SQL Injection Attempt UNION SELECT",
		   "ET WEB_SERVER SQL Injection Attempt (SELECT FROM)", "WAF: SQL Injection Attack Detected")},
	{.category = "intrusion-attempts/brute-force", .weight = 35, .kind = K_BRUTE, .style = RSTY_SOC,
	 .followup = FU_SOC, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .fp_pct = 10,
	 .sens = -1, .target_srv = 1, .srv_role = "vpn",
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
	{.category = "intrusion-attempts/brute-force", .weight = 20, .kind = K_BRUTE, .style = RSTY_SOC,
	 .imp_lo = 1, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .fp_pct = 10,
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
	{.category = "information-gathering/scanner", .weight = 40, .kind = K_SCAN, .style = RSTY_SOC,
	 .imp_lo = 0, .imp_hi = 0, .urg_lo = 0, .urg_hi = 1, .fp_pct = 20, .sens = -1,
	 .target_srv = 1, .srv_role = "web",
	 .titles = L("公開サーバに対するポートスキャンの検知", "{ip} からの大量ポートスキャン（{srv}）"),
	 .descs = L("SOC から、{ip}（{country}）より当社公開セグメント（{srv} ほか）に対する TCP ポート"
		    "スキャンを検知したとの通知。対象ポートは 22, 80, 443, 3389, 8443 など。スキャン後の攻撃通信"
		    "の有無を確認する。"),
	 .rsubj = L("【SOC】重要度:{severity} ポートスキャンの検知（{srv}）", "【SOC】{sig} の検知のご連絡"),
	 .rbody = L(SOC_HEAD "■送信元: {ip}（{country}）\n■宛先: {srv} ほか公開セグメント\n"
			     "■対象ポート: 22, 80, 443, 3389, 8443 ほか\n■通信状況: 公開ポート以外は"
			     "ファイアウォールで遮断\n\n■SOC 所見\n広範囲のポートに対する探索行為です。現時点で"
			     "後続の攻撃は確認されていません。\n\n■推奨対応\n・送信元 IP アドレスの遮断（任意）\n"
			     SOC_TAIL),
	 .sigs = L("ET SCAN NMAP -sS window 1024", "ET SCAN Suspicious inbound to mySQL port 3306",
		   "ET SCAN Potential SSH Scan", "ET SCAN MS Terminal Server Traffic on Non-standard Port")},
	{.category = "intrusions/unprivileged-account-compromise", .weight = 12, .kind = K_CRED,
	 .style = RSTY_SOC, .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 10,
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
	{.category = "information-content-security/data-leak", .weight = 8, .kind = K_LEAK,
	 .style = RSTY_SUPPLIER, .imp_lo = 2, .imp_hi = 2, .urg_lo = 1, .urg_hi = 2, .pd_pct = 100,
	 .sens = 1, .occ_lag_h = 240,
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
	{.category = "information-content-security/data-leak", .weight = 25, .kind = K_LEAK,
	 .style = RSTY_EMP_MAIL, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .pd_pct = 80,
	 .sens = 1, .occ_lag_h = 3, .dept_pref = "営業|広報",
	 .titles = L("メール誤送信による顧客情報の漏洩（{dept}）",
		     "BCC 漏れによるメールアドレスの流出（{count} 件）", "誤った宛先への見積書の送付（{dept}）"),
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
	{.category = "information-content-security/data-leak", .weight = 8, .kind = K_LEAK,
	 .style = RSTY_EXTERNAL, .imp_lo = 1, .imp_hi = 2, .urg_lo = 1, .urg_hi = 2, .pd_pct = 50,
	 .sens = 1, .occ_lag_h = 720,
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
	{.category = "information-content-security/unauthorised-information-access", .weight = 5,
	 .kind = K_LEAK, .style = RSTY_SOC, .imp_lo = 1, .imp_hi = 2, .urg_lo = 1, .urg_hi = 1,
	 .pd_pct = 40, .sens = 1, .occ_lag_h = 48, .dept_pref = "営業",
	 .titles = L("退職予定者による営業資料の持ち出し疑い",
		     "私用クラウドストレージへの大量アップロード（{dept}）"),
	 .descs = L("DLP から、{dept}の社員（退職予定）の端末 {pc} から私用クラウドストレージへの大量アップロード"
		    "（約 {records} MB）を検知したとのアラート。アップロードされたファイルには顧客リストと営業資料が"
		    "含まれる可能性がある。人事部・法務部と連携して事実関係を確認する。"),
	 .rsubj = L("【SOC】重要度:{severity} 機密ファイルの外部送信の検知（{pc}）"),
	 .rbody = L(SOC_HEAD "■対象端末: {pc}（{dept}）\n■宛先: 個人向けクラウドストレージ\n■送信量: 約 "
			     "{records} MB（ファイル数 {count}）\n\n■SOC 所見\n機密ラベルが付与されたファイルを"
			     "含む大量のアップロードが短時間に行われています。\n\n■推奨対応\n・送信された"
			     "ファイルの特定\n・関係部署（人事・法務）との対応協議\n" SOC_TAIL),
	 .sigs = L("DLP: 個人向けクラウドストレージへの大量アップロード",
		   "DLP: 機密ラベル付きファイルの外部送信")},
	{.category = "information-content-security/data-loss", .weight = 35, .kind = K_LOSS,
	 .style = RSTY_EMP_MIX, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 2, .pd_pct = 30,
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
	{.category = "information-content-security/data-loss", .weight = 20, .kind = K_LOSS,
	 .style = RSTY_EMP_MIX, .imp_lo = 1, .imp_hi = 2, .urg_lo = 1, .urg_hi = 2, .pd_pct = 40,
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
	{.category = "information-content-security/data-loss", .weight = 8, .kind = K_LOSS,
	 .style = RSTY_EMP_MAIL, .imp_lo = 1, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .pd_pct = 70,
	 .sens = 1, .occ_lag_h = 72, .dept_pref = "営業",
	 .titles = L("USB メモリの紛失（顧客リスト含む）", "持ち出し用 USB メモリの所在不明（{dept}）"),
	 .descs = L("{dept}で管理している持ち出し用 USB メモリ 1 本の所在が分からなくなった。最後に使用したのは"
		    "{family}さんで、顧客リスト（約 {records} 件）のファイルが保存されていた。USB メモリは暗号化"
		    "機能付きのものではない。"),
	 .rsubj = L("USB メモリが見当たりません"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n客先での打ち合わせに持ち出した USB メモリが見当たり"
		    "ません。\n中には顧客リストの Excel ファイルが入っていました。\n社内と客先に問い合わせて"
		    "いますが、まだ見つかっていません。")},

	/* ---- availability ---- */
	{.category = "availability/ddos", .weight = 10, .kind = K_DDOS, .style = RSTY_SOC,
	 .followup = FU_SOC, .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .fp_pct = 5,
	 .sens = -1, .target_srv = 1, .srv_role = "web",
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
	{.category = "availability/dos", .weight = 5, .kind = K_DDOS, .style = RSTY_EMP_MAIL,
	 .imp_lo = 1, .imp_hi = 1, .urg_lo = 2, .urg_hi = 2, .fp_pct = 10, .target_srv = 1,
	 .srv_role = "ec", .dept_pref = "SRE|クラウド|情報システム|IT",
	 .titles = L("EC サイトの応答遅延（DoS 攻撃の疑い）", "会員向けサイトへの特定 IP からの大量リクエスト"),
	 .descs = L("運用している EC サイト（{srv}）で、{ip} から検索ページへの大量リクエストが発生し、応答遅延が"
		    "起きている。単一の送信元からの DoS 攻撃、またはスクレイピングの可能性がある。"),
	 .rsubj = L("EC サイトの応答遅延について（WAF 遮断の判断依頼）"),
	 .rbody = L("CSIRT 各位\n\n{dept}の{family}です。\n{time} 頃から、EC サイトの検索ページの応答が遅く"
		    "なっています。\nアクセスログを見ると、{ip} から 1 秒あたり数百件のリクエストが来ています。\n"
		    "一時的に WAF で遮断してよいか判断をお願いします。")},
	{.category = "availability/misconfiguration", .weight = 4, .kind = K_MISC,
	 .style = RSTY_EMP_MAIL, .imp_lo = 1, .imp_hi = 1, .urg_lo = 2, .urg_hi = 2, .occ_lag_h = 10,
	 .titles = L("ファイアウォールの設定変更ミスによる拠点間通信の停止",
		     "設定誤りによる社内システムへの接続障害（{company}）"),
	 .descs = L("{date} の夜間作業で実施したファイアウォールのルール変更に誤りがあり、{dept}から基幹システム"
		    "への接続ができなくなった。攻撃によるものではないが、業務影響が出ているため CSIRT でも経緯を"
		    "記録する。"),
	 .rsubj = L("基幹システムに接続できません"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n今朝から基幹システムに接続できません。\n同じ部署の"
		    "全員が同じ状態です。\n何か障害が起きていますでしょうか。")},

	/* ---- vulnerabilities ---- */
	{.category = "vulnerable/vulnerable-system", .weight = 30, .kind = K_VULN, .style = RSTY_NONE,
	 .alt_style = RSTY_JPCERT, .alt_pct = 40, .imp_lo = 1, .imp_hi = 2, .urg_lo = 1, .urg_hi = 2,
	 .fp_pct = 10, .sens = -1, .target_srv = 1, .srv_role = "vpn", .occ_lag_h = 1,
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
	{.category = "vulnerable/vulnerable-system", .weight = 10, .kind = K_VULN,
	 .style = RSTY_EMP_MAIL, .imp_lo = 1, .imp_hi = 1, .urg_lo = 0, .urg_hi = 1, .target_srv = 1,
	 .srv_role = "web", .occ_lag_h = 1, .dept_pref = "情報システム|インフラ|IT|SRE",
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
	{.category = "vulnerable/weak-crypto", .weight = 5, .kind = K_VULN, .style = RSTY_CUSTOMER,
	 .imp_lo = 0, .imp_hi = 0, .urg_lo = 0, .urg_hi = 1, .sens = -1, .target_srv = 1,
	 .srv_role = "web", .occ_lag_h = 1,
	 .titles = L("公開サーバで TLS 1.0 / 1.1 と弱い暗号スイートが有効",
		     "取引先から指摘された SSL/TLS 設定の不備（{domain}）"),
	 .descs = L("取引先のセキュリティチェックで、{domain} が TLS 1.0 / 1.1 と 3DES などの弱い暗号スイートを"
		    "受け付けていると指摘された。設定を見直し、TLS 1.2 以上に限定する。"),
	 .rsubj = L("御社サイトの TLS 設定について"),
	 .rbody = L("{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n弊社の取引先セキュリティ評価"
		    "の一環で御社サイト（{domain}）を確認したところ、TLS 1.0 / 1.1 が有効になっていることが分かり"
		    "ました。\nお手数ですが、対応のご予定をお知らせいただけますでしょうか。")},

	/* ---- spam ---- */
	{.category = "abusive-content/spam", .weight = 15, .kind = K_SPAM, .style = RSTY_EMP_MAIL,
	 .imp_lo = 0, .imp_hi = 0, .urg_lo = 0, .urg_hi = 1, .sens = -1, .occ_lag_h = 24,
	 .dept_pref = "広報|営業",
	 .titles = L("問い合わせフォームからのスパム大量送信", "Web 問い合わせフォームへの大量の迷惑投稿"),
	 .descs = L("コーポレートサイトの問い合わせフォームから、広告や不審な URL を含む投稿が短時間に約 "
		    "{records} 件送られ、{dept}の問い合わせ対応業務に支障が出ている。フォームのボット対策を検討する。"),
	 .rsubj = L("問い合わせフォームにスパムが大量に届いています"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n問い合わせフォームから英語の広告のような投稿が大量に"
		    "来ており、本来のお問い合わせが埋もれてしまっています。\n昨日からで、すでに {records} 件を"
		    "超えています。\n対策をお願いできますでしょうか。")},
	{.category = "abusive-content/spam", .weight = 10, .kind = K_SPAM, .style = RSTY_CUSTOMER,
	 .followup = FU_CUSTOMER, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .sens = -1,
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
	{.category = "intrusions/system-compromise", .weight = 5, .kind = K_INTRUSION,
	 .style = RSTY_CUSTOMER, .imp_lo = 2, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .sens = 1,
	 .target_srv = 1, .srv_role = "cms", .occ_lag_h = 120,
	 .titles = L("公開 Web サーバの改ざん（WordPress プラグインの脆弱性）",
		     "キャンペーンサイトへの不正なスクリプトの埋め込み"),
	 .descs = L("キャンペーンサイト（{srv}）のトップページに、閲覧者を外部の不審なサイトへ転送するスクリプトが"
		    "埋め込まれていることが判明した。WordPress のプラグインの脆弱性を悪用されたと見られる。サイトを"
		    "停止し、改ざんの範囲と侵入経路を調査する。"),
	 .rsubj = L("御社のキャンペーンサイトが別のサイトに転送されます"),
	 .rbody = L("{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n御社のキャンペーンサイトを"
		    "開いたところ、別の怪しいサイト（懸賞の当選画面）に飛ばされました。\n何度か試しましたが同じ"
		    "です。\n改ざんされているのではないかと思い、ご連絡いたしました。")},
	{.category = "intrusions/system-compromise", .weight = 4, .kind = K_INTRUSION,
	 .style = RSTY_SOC, .followup = FU_SOC, .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2,
	 .sens = 1, .target_srv = 1, .srv_role = "dev", .occ_lag_h = 72,
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
	{.category = "information-gathering/social-engineering", .weight = 6, .kind = K_SOCIAL,
	 .style = RSTY_EMP_MIX, .imp_lo = 0, .imp_hi = 1, .urg_lo = 1, .urg_hi = 1, .occ_lag_h = 2,
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
	{.category = "other/undetermined", .weight = 6, .kind = K_MISC, .style = RSTY_SOC,
	 .imp_lo = 0, .imp_hi = 1, .urg_lo = 0, .urg_hi = 1, .fp_pct = 30, .occ_lag_h = 8,
	 .titles = L("原因不明の大量通信（{pc}）", "業務時間外の不審な外部通信（調査中）"),
	 .descs = L("{pc}（{dept}）から深夜帯に外部への大量の通信（約 {records} MB）が発生している。通信先は海外の"
		    "クラウドサービスで、正規の通信か不正な持ち出しかは現時点で不明。"),
	 .rsubj = L("【SOC】重要度:{severity} 通信量の異常（{pc}）"),
	 .rbody = L(SOC_HEAD "■送信元: {lip}（{pc}）\n■宛先: {ip}:443（{country}）\n■送信量: 約 {records} MB"
			     "\n\n■SOC 所見\n平常時と比べて通信量が大幅に増加しています。正規の通信かどうかは当方"
			     "では判断できません。\n\n■推奨対応\n・利用者への確認\n" SOC_TAIL),
	 .sigs = L("Anomalous Outbound Traffic Volume", "通信量の異常（ベースライン比 10 倍）")},
	/* ---- exercises (訓練): scheduled, not drawn (weight unused), see plan_incident ---- */
	{.category = "malicious-code/infected-system", .weight = 0, .kind = K_EXERCISE,
	 .style = RSTY_NONE, .imp_lo = 1, .imp_hi = 2, .urg_lo = 2, .urg_hi = 2, .exercise = 1,
	 .occ_lag_h = 0,
	 .titles = L("【訓練】ランサムウェア感染を想定した机上演習",
		     "【訓練】初動対応訓練（{company}・ランサムウェア想定）"),
	 .descs = L("【訓練】{dept}の端末がランサムウェアに感染し、ファイルサーバが暗号化されたという想定で、"
		    "初動対応と経営層への報告までを机上演習で確認する。参加者：{company}の CSIRT メンバー、"
		    "情報システム部門、広報、法務の各担当。")},
	{.category = "test/test", .weight = 0, .kind = K_DRILL, .style = RSTY_EMP_MAIL,
	 .imp_lo = 0, .imp_hi = 0, .urg_lo = 0, .urg_hi = 0, .exercise = 1, .occ_lag_h = 1,
	 .titles = L("【訓練】標的型メール訓練メールの開封報告（{dept}）"),
	 .descs = L("【訓練】全社の標的型メール訓練で送信した訓練メールについて、{dept}の{family}さんから開封の"
		    "報告があった。手順どおりの報告であることを確認し、訓練結果として記録する。"),
	 .rsubj = L("不審なメールのリンクをクリックしてしまいました"),
	 .rbody = L("お疲れ様です。{dept}の{family}です。\n先ほど届いた「{phish_subj}」というメールのリンクを"
		    "クリックしてしまいました。\n訓練メールかもしれませんが、念のため報告します。"),
	 .phish = L("【社内通知】年末調整の書類提出について", "健康診断の予約受付開始のお知らせ",
		    "【重要】社内システムのパスワード変更のお願い")},
};
#define TMPL_COUNT (sizeof(tmpls) / sizeof(tmpls[0]))

/* --- handling: status paths, notes and tasks per kind ---------------------- */

/*
 * paths: the statuses a resolved incident of this kind walks through after
 * new, one letter each: t triage, a analysis, c containment, e eradication,
 * r recovery, x closed. Every step is checked against the workflow table.
 * Notes are Markdown, written the way handlers write the timeline.
 */
struct kind_text {
	const char *const *paths;
	const char *const *triage, *const *analysis, *const *contain, *const *eradicate,
		*const *recover, *const *close;
	const char *const *tasks;
};

static const struct kind_text kinds[K_COUNT] = {
	[K_MAIL] = {
		.paths = L("tax", "tax", "tacx"),
		.triage = L("ヘッダを確認したところ、送信元は `{sender}`（Return-Path も同一）。SPF は `softfail`、"
			    "DKIM 署名なし。取引先の正規ドメインではない。",
			    "報告メールを受領。同じ件名のメールがほかにも届いていないか、メールゲートウェイのログで確認する。",
			    "添付ファイル `{attach}` のハッシュ値を取得。\n\n- SHA-256: `{sha}`\n\nVirusTotal では"
			    "検出 0 件（未知の検体の可能性あり）。"),
		.analysis = L("メールゲートウェイのログを検索した結果、同じ送信元から {count} 名宛に配送されていた。\n\n"
			      "- 添付ファイルを開いたという申告：なし\n- EDR のアラート：なし\n\n該当メールは全受信者の"
			      "メールボックスから削除済み。",
			      "サンドボックスで添付ファイルを動的解析。マクロ実行後に `{ip}` への通信を確認。{malware} "
			      "の特徴と一致するため、通信先をプロキシでブロックした。",
			      "受信者 {count} 名に個別に確認し、添付ファイルを開いた者はいないことを確認した。"),
		.contain = L("受信者のうち 1 名が添付ファイルを開いていたため、EDR で該当端末（`{pc}`）をネットワーク"
			     "から隔離済み。フルスキャンを実施中。",
			     "送信元ドメインと本文中の URL を、メールゲートウェイとプロキシのブロックリストに登録した。"),
		.close = L("感染端末なし、被害なしと判断しクローズ。全社向けに不審メールの注意喚起を社内ポータルに掲載"
			   "済み。",
			   "対応完了。送信元ドメインのブロックを継続し、類似メールの受信状況を 1 週間監視したが再発なし。"),
		.tasks = L("受信者への開封有無の確認", "送信元ドメインのブロック", "関係部署への注意喚起",
			   "添付ファイルの解析")},
	[K_CRED] = {
		.paths = L("tacx", "acerx", "tacex"),
		.triage = L("本人に電話で状況を確認。{time} 頃にメール内のリンクから偽のログイン画面を開き、ID と"
			    "パスワードを入力したとのこと。多要素認証は有効。",
			    "Entra ID のサインインログを確認中。対象アカウント：`{acct}`"),
		.analysis = L("サインインログを確認したところ、{country}の IP アドレス `{ip}` から {time} にサインイン"
			      "成功の記録あり。MFA はプッシュ通知で承認されていた。",
			      "メールボックスの受信トレイルールを確認。外部アドレスへの自動転送ルールが作成されていたため"
			      "削除した。\n\n- 転送先：`{sender}`\n- 作成日時：{datetime}",
			      "監査ログを確認。不正なサインイン後、メールの閲覧はあったがファイルのダウンロードは記録"
			      "されていない。"),
		.contain = L("以下を実施済み。\n\n1. パスワードリセット\n2. 全セッションの取り消し（サインアウト）\n"
			     "3. MFA の登録情報の再設定\n4. 不審な IP `{ip}` を条件付きアクセスでブロック",
			     "アカウントを一時停止。本人には新しい仮パスワードを対面で通知した。"),
		.eradicate = L("不正な受信トレイルールとアプリの登録を削除。OAuth アプリへの同意状況も確認し、問題なし。"),
		.recover = L("アカウントの停止を解除し、本人が新しいパスワードと MFA で利用を再開したことを確認。"),
		.close = L("不正アクセス後のメール送信・ファイル閲覧の痕跡を監査ログで確認し、情報の持ち出しはないと"
			   "判断。本人への再教育を実施してクローズ。",
			   "被害の拡大なし。MFA の承認方式を番号照合に変更することを情報システム部に提案済み（別途"
			   "検討）。クローズ。"),
		.tasks = L("パスワードリセットの実施", "サインインログの確認", "受信トレイルールの確認",
			   "本人への再教育")},
	[K_SMS] = {
		.paths = L("tax", "tacx"),
		.triage = L("本人に確認。SMS のリンク先でアプリのインストールを求められたが、インストールはしていない"
			    "とのこと。"),
		.analysis = L("MDM で端末の状態を確認。不審な構成プロファイルやアプリのインストールはなし。リンク先 "
			      "`{url}` は現在アクセスできない。"),
		.contain = L("念のため端末を初期化し、MDM から再登録。Apple ID のパスワードも変更してもらった。"),
		.close = L("被害なし。スミッシングの手口について全社に注意喚起を行いクローズ。"),
		.tasks = L("MDM での端末状態の確認", "関係部署への注意喚起")},
	[K_BEC] = {
		.paths = L("tacx", "tax"),
		.triage = L("送金は保留してもらっている。メールの原本（.eml）を提出してもらい、ヘッダを確認する。"),
		.analysis = L("ヘッダを確認したところ、送信元ドメインは正規のドメインではなく 1 文字違いの類似ドメイン"
			      "だった。過去のメールのやり取りが引用されており、取引先側のメールアカウントが侵害されている"
			      "可能性が高い。",
			      "取引先の担当者に電話（既知の番号）で確認し、口座変更の依頼は出していないとの回答を得た。"),
		.contain = L("振込は実行前に止めることができた。取引先には、メールアカウント侵害の可能性を伝えて調査を"
			     "依頼した。"),
		.close = L("金銭的被害なし。経理部門向けに「振込先の変更依頼は必ず登録済みの電話番号で確認する」ルール"
			   "を再周知してクローズ。"),
		.tasks = L("取引先への電話確認", "振込の停止確認", "関係部署への注意喚起",
			   "取引先への侵害可能性の連絡")},
	[K_BRANDPHISH] = {
		.paths = L("tacx", "tax"),
		.triage = L("報告された URL（`{url}`）を確認。当社サイトのデザインを流用したフィッシングサイトで、"
			    "ログイン ID とパスワードの入力を求める画面になっている。"),
		.analysis = L("ドメインは最近登録されたもので、ホスティング事業者は海外。同じ IP アドレスでほかの"
			      "ブランドを装ったサイトも稼働している。"),
		.contain = L("JPCERT/CC にテイクダウンの調整を依頼。Google Safe Browsing と Microsoft SmartScreen にも"
			     "報告済み。"),
		.close = L("サイトの閉鎖を確認。当社 Web サイトに注意喚起を掲載し、お客様窓口には問い合わせ対応の手順を"
			   "共有した。"),
		.tasks = L("JPCERT/CC へのテイクダウン依頼", "Web サイトへの注意喚起の掲載",
			   "お客様窓口への対応手順の共有")},
	[K_RANSOM] = {
		.paths = L("acerx", "tacerx"),
		.triage = L("LAN ケーブルを抜くよう指示済み。電源は切らずに保全する。経営層への第一報の準備を開始。"),
		.analysis = L("EDR のタイムラインを確認。{time} 頃に `{pc}` で不審な PowerShell の実行があり、その後 "
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
	[K_MALWARE] = {
		.paths = L("acerx", "acex", "tacrx"),
		.triage = L("EDR のアラートを確認。`{pc}`（{dept}）で検知されたファイルは自動隔離済み。\n\n"
			    "- 検知名: {malware}\n- SHA-256: `{sha}`",
			    "利用者に連絡し、PC の使用を中止してもらった。"),
		.analysis = L("端末のタイムラインを確認したところ、{time} 頃にブラウザでダウンロードしたファイルを実行して"
			      "いた。外部への通信は `{ip}` への HTTPS 通信が数回あり。",
			      "プロキシログで、同じ通信先 `{ip}` へのアクセスを全社で検索。ほかの端末からの通信はなし。",
			      "本人へのヒアリング：業務で使うツールを検索してダウンロードしたとのこと。"),
		.contain = L("EDR で端末をネットワークから隔離済み。通信先 `{ip}` をファイアウォールでブロック。"),
		.eradicate = L("端末を初期化して再セットアップ。ブラウザに保存されていた認証情報については、各サービスの"
			       "パスワード変更を依頼した。"),
		.recover = L("再セットアップした端末を本人に返却。EDR で 1 週間監視し、不審な挙動なし。"),
		.close = L("影響は当該端末のみと判断しクローズ。フリーソフトのインストール制限について、情報システム部"
			   "と検討する。",
			   "対応完了。EDR の検知から隔離まで約 5 分で、被害の拡大はなかった。"),
		.tasks = L("端末のフォレンジック保全", "端末の初期化・再セットアップ", "通信先のブロック",
			   "同じ通信先へのアクセス有無の全社調査")},
	[K_WEB] = {
		.paths = L("tax", "tacx"),
		.triage = L("SOC からのアラートを確認。送信元 `{ip}` から `{srv}` に対し、`UNION SELECT` を含む"
			    "リクエストが約 {records} 件。"),
		.analysis = L("Web サーバのアクセスログを確認。レスポンスはすべて 403（WAF で遮断）またはエラー画面で、"
			      "DB の内容が返った形跡はない。",
			      "該当パラメータはプレースホルダで SQL を組み立てており、SQL インジェクションは成立しない"
			      "ことを開発担当に確認した。"),
		.contain = L("送信元 IP `{ip}` を WAF のブロックリストに追加。"),
		.close = L("攻撃は成功していないと判断しクローズ。WAF のシグネチャ更新状況は月次で確認する。"),
		.tasks = L("WAF ログの確認", "送信元 IP のブロック", "アプリケーションの脆弱性確認")},
	[K_BRUTE] = {
		.paths = L("tax", "tacx"),
		.triage = L("ログを確認。{country}の IP アドレス（`{ip}` ほか）から、存在しないユーザ名を含むログイン"
			    "失敗が約 {records} 件。"),
		.analysis = L("ログイン成功の記録を確認したが、試行元 IP からの成功はなし。使われたユーザ名は `admin`、"
			      "`test`、`vpn` など一般的なもの。",
			      "実在するアカウント `{acct}` への試行も含まれていたため、本人にパスワード変更を依頼した。"),
		.contain = L("試行元の IP アドレス帯をファイアウォールで遮断。ロックアウトの閾値を 10 回から 5 回に"
			     "変更した。"),
		.close = L("不正ログインの成功はなし。VPN への多要素認証の導入は別タスクで進める。クローズ。"),
		.tasks = L("試行元 IP の遮断", "対象アカウントのパスワード変更", "VPN への多要素認証の導入")},
	[K_SCAN] = {
		.paths = L("tx", "tax"),
		.triage = L("SOC からの通知を確認。`{ip}`（{country}）から公開セグメントに対する TCP ポートスキャン。"),
		.analysis = L("ファイアウォールのログを確認。公開ポート以外はすべて遮断されており、スキャン後の攻撃通信"
			      "もなし。調査目的のスキャナからの通信と思われる。"),
		.close = L("日常的なスキャンで実害なしと判断しクローズ。送信元はブロックリストに追加済み。"),
		.tasks = L("ファイアウォールログの確認")},
	[K_LEAK] = {
		.paths = L("tacx", "tacex"),
		.triage = L("報告内容を確認。漏えいした可能性のある情報の範囲：\n\n- 氏名・メールアドレス：約 "
			    "{records} 件\n- 電話番号：一部含む\n- クレジットカード情報：含まない",
			    "本人と上長から経緯を聴取。発生は {date} {time} 頃。"),
		.analysis = L("法務部・広報部と対応方針を協議。個人情報保護委員会への報告要否を確認する（要配慮個人情報は"
			      "含まれない）。",
			      "相手先に連絡し、メール（ファイル）の削除を依頼。削除した旨の回答をメールで受領した。"),
		.contain = L("本人通知の文面を法務部と作成中。お問い合わせ窓口の想定問答も準備した。"),
		.eradicate = L("影響を受けた方への通知を完了。個人情報保護委員会へ速報を提出済み。"),
		.close = L("確報を提出し、対応完了。再発防止策として、メールの送信保留（5 分）機能を全社で有効化した。",
			   "相手先での削除を確認し、二次被害の報告もないことからクローズ。部内で再発防止策を共有済み。"),
		.tasks = L("漏えい範囲の特定", "法務部との対応方針の協議", "個人情報保護委員会への報告",
			   "本人通知の送付", "再発防止策の検討")},
	[K_LOSS] = {
		.paths = L("tacx", "acx"),
		.triage = L("本人から状況を聴取。紛失に気付いたのは {date} の夜。端末の画面ロックは設定済み。"),
		.analysis = L("MDM で端末の最終接続日時を確認：{datetime}。位置情報は取得できず。本人には最寄りの警察署に"
			      "遺失届を出すよう依頼した。"),
		.contain = L("MDM からリモートワイプを実行し、完了を確認。端末に紐づくアカウントのパスワードを変更し、"
			     "セッションを失効させた。"),
		.close = L("遺失物として警察から連絡があり、端末を回収。ワイプ済みのため情報漏えいのおそれは低いと判断"
			   "しクローズ。",
			   "端末は見つかっていないが、ワイプ完了・アカウント対策済みのため、情報漏えいのリスクは低いと"
			   "判断しクローズ。"),
		.tasks = L("リモートワイプの実行", "遺失届の提出確認", "アカウントのパスワード変更",
			   "紛失報告書の提出")},
	[K_DDOS] = {
		.paths = L("acrx", "acerx"),
		.triage = L("監視で `{domain}` の応答遅延を確認。{ip} ほか多数の IP から HTTP リクエストが急増"
			    "（平常時の約 {count} 倍）。"),
		.analysis = L("CDN のログを確認。特定の URL への GET リクエストが大半で、送信元は{country}を中心に"
			      "数千 IP。ボットネットによる HTTP フラッドと見られる。"),
		.contain = L("CDN 事業者に連絡し、レート制限と国別のフィルタを適用。その後レスポンスが回復した。"),
		.eradicate = L("攻撃元の IP リストを WAF に登録し、フィルタを恒久設定にした。"),
		.recover = L("サイトの応答時間は平常値に戻った。念のため 24 時間は監視を強化する。"),
		.close = L("被害はサービスの一時的な遅延のみ。DDoS 対策サービスの契約内容を見直すこととした。"),
		.tasks = L("CDN 事業者への連絡", "レート制限の設定", "経緯報告書の作成")},
	[K_VULN] = {
		.paths = L("taex", "taerx"),
		.triage = L("影響を受ける製品を利用しているシステムを資産台帳から洗い出す。対象：{product}"
			    "（{cve}）"),
		.analysis = L("資産台帳と各社の情報システム担当への確認結果：\n\n| 会社 | 機器 | 影響 |\n|---|---|---|\n"
			      "| {company} | `{srv}` | あり（要対応） |\n\nほかのグループ会社では該当製品を利用して"
			      "いない。",
			      "ベンダの公開情報を確認。修正版が公開されており、回避策もある。悪用が確認されているため"
			      "緊急度は高と判断。",
			      "侵害の有無を確認するため、ベンダ提供の整合性チェックツールを実行。不審なファイルは検出"
			      "されなかった。"),
		.eradicate = L("夜間にメンテナンス枠を確保し、修正版へのアップデートを実施。適用後のバージョンを確認"
			       "済み。",
			       "設定の修正を実施し、外部から再スキャンして指摘事項が解消されたことを確認した。"),
		.recover = L("アップデート後、利用部門で接続の動作確認を行い、問題なし。"),
		.close = L("全対象機器への修正適用を確認しクローズ。",
			   "対応完了。次回の定期診断で再確認する。"),
		.tasks = L("影響を受ける機器の洗い出し", "修正版の適用", "侵害有無の確認", "ベンダへの問い合わせ")},
	[K_SPAM] = {
		.paths = L("tx", "tax", "tacx"),
		.triage = L("投稿・受信の状況を確認。同じ内容の広告が短時間に {count} 件以上届いている。"),
		.analysis = L("送信元 IP は複数の国に分散。フォームに CAPTCHA 等のボット対策がないことが原因と考え"
			      "られる。",
			      "DMARC の集計レポートを確認。当社のメールサーバ以外からの送信が多数あり、DMARC ポリシーが "
			      "`p=none` のため受信側で拒否されていない。"),
		.contain = L("フォームに CAPTCHA を導入し、投稿数のレート制限を設定した。",
			     "DMARC ポリシーを `p=quarantine` に変更した。"),
		.close = L("対策後、スパムは止まった。対応完了。", "なりすましメールの苦情はその後なし。クローズ。"),
		.tasks = L("フォームへの CAPTCHA の導入", "DMARC ポリシーの見直し")},
	[K_INTRUSION] = {
		.paths = L("acerx", "tacerx"),
		.triage = L("`{srv}` で不審なプロセスと外部への通信を確認。管理者アカウントに身に覚えのないログインが"
			    "ある。"),
		.analysis = L("アクセスログを確認したところ、プラグインの脆弱性を悪用した不正なファイル（Web シェル）の"
			      "アップロードを確認。\n\n- 設置ファイル：`/wp-content/uploads/.cache.php`\n- アクセス"
			      "元：`{ip}`",
			      "サーバのディスクイメージを取得し、フォレンジック調査をベンダに依頼した。"),
		.contain = L("サーバをネットワークから切り離し、メンテナンス画面に切り替えた。"),
		.eradicate = L("Web シェルを削除し、プラグインを最新版に更新。管理者パスワードをすべて変更した。"),
		.recover = L("クリーンなバックアップから再構築し、脆弱性診断を実施したうえで公開を再開した。"),
		.close = L("個人情報を扱うデータベースへのアクセスはなかったことをフォレンジック報告書で確認。"
			   "JPCERT/CC へのインシデント報告も済み。クローズ。"),
		.tasks = L("ディスクイメージの取得", "フォレンジック調査の依頼", "サーバの再構築", "JPCERT/CC への報告",
			   "再発防止策の検討")},
	[K_SOCIAL] = {
		.paths = L("tax", "tx"),
		.triage = L("本人から状況を聴取。通話は約 5 分。相手は部署名と担当者名を知っていた。"),
		.analysis = L("情報システム部にそのような電話をかけた者はいないことを確認。同様の電話がほかの部署にも"
			      "かかっていないか各部に確認中。"),
		.close = L("他部署での被害はなし。パスワードを電話で聞くことはない旨を全社に再周知してクローズ。"),
		.tasks = L("関係部署への注意喚起", "不審電話の記録の共有")},
	[K_MISC] = {
		.paths = L("tax", "tacrx"),
		.triage = L("状況を確認中。関係部署にヒアリングする。"),
		.analysis = L("通信先は大手クラウドストレージ。利用者に確認したところ、業務データのクラウドバックアップの"
			      "同期だった。",
			      "前日夜の作業記録を確認し、原因は設定変更の誤りと特定。"),
		.contain = L("変更前の設定に切り戻した。"),
		.recover = L("業務部門で接続を確認し、復旧した。"),
		.close = L("原因と対処を記録しクローズ。作業手順書にダブルチェックの手順を追加する。",
			   "不正な通信ではないと判断しクローズ。"),
		.tasks = L("通信ログの確認", "関係部署へのヒアリング")},
	[K_EXERCISE] = {
		.paths = L("tacerx", "tax"),
		.triage = L("【訓練】シナリオに基づき、{dept}からの報告を受けた想定で開始。"),
		.analysis = L("【訓練】初動対応（隔離・報告）を手順書どおりに実施。経営層への第一報まで 25 分。"),
		.contain = L("【訓練】該当端末の隔離と、ファイルサーバの共有停止の判断を確認。"),
		.eradicate = L("【訓練】復旧手順を机上で確認。"),
		.recover = L("【訓練】バックアップからの復元手順を確認。"),
		.close = L("【訓練】振り返りを実施。連絡網に古い電話番号が残っていたため、更新を依頼した。"),
		.tasks = L("訓練報告書の作成", "連絡網の更新", "手順書の見直し")},
	[K_DRILL] = {
		.paths = L("tx", "tax"),
		.triage = L("【訓練】訓練メールであることを確認。報告の手順（転送と電話連絡）は手順書どおり。"),
		.analysis = L("【訓練】同じ部署の開封状況を集計中。"),
		.close = L("【訓練】訓練結果として記録しクローズ。開封した社員には e ラーニングの再受講を案内した。"),
		.tasks = L("訓練結果の集計")},
};

/* Notes when an incident ends another way than resolved. */
static const char *const notes_false_positive[] = {
	"確認の結果、実害のない事象であり誤検知と判断。",
	"送信元は当社が契約しているサービスで、正規の通知であることを確認した。誤検知としてクローズ。",
	"事前に申請のあった脆弱性診断の通信だった。誤検知としてクローズ。",
	"利用者に確認したところ、業務で使用している正規のツールだった。除外設定を登録し、誤検知としてクローズ。",
};
static const char *const notes_out_of_scope[] = {
	"従業員の私物端末・私用アカウントに関する事象のため、CSIRT の対応対象外としてクローズ。本人には警察と"
	"契約事業者への相談を案内した。",
	"グループ外の会社のシステムに関する事象のため対象外。先方の窓口に情報を提供してクローズ。",
};
#define NOTE_DUPLICATE "{orig} と同一の事象のため、重複としてクローズ。以降の対応は {orig} で行う。"

/* Others who report the same mail, alert or site later. */
static const char *const fu_mail_subj[] = {"Fw: {phish_subj}", "同じメールが届いています",
					   "不審メールの報告（{phish_subj}）"};
static const char *const fu_mail_body[] = {
	"お疲れ様です。{dept}の{family}です。\n「{phish_subj}」というメールが私のところにも届きました。\n"
	"開いていません。念のため報告します。",
	"CSIRT ご担当者様\n\n{dept}の{family}です。\n下記のメールを受信しました。怪しいと思いますので報告します。"
	"\n\n差出人: {sender}\n件名: {phish_subj}",
};
static const char *const fu_soc_subj[] = {"【SOC】続報: {sig}（{target}）"};
static const char *const fu_soc_body[] = {
	SOC_HEAD "■続報\n同一の送信元・宛先間で、追加の通信を検知しました（{count} 件）。\n\n引き続き監視を継続"
		 "いたします。\n" SOC_TAIL};
static const char *const fu_customer_subj[] = {"御社名のメールについて", "不審なメールが届いています"};
static const char *const fu_customer_body[] = {
	"{company_full} ご担当者様\n\n{customer}の{cust_person}です。\n御社名で不審なメールが届いております。"
	"念のためお知らせいたします。",
	"お世話になっております。{customer}の{cust_person}です。\n御社からのメールと思われるものに不審な点が"
	"ありましたのでご連絡します。ご確認をお願いいたします。"};

/* English mail reports by the Singapore staff, and what their phishing
 * mails are called. */
static const char *const sg_phish_subjects[] = {"Your password expires today", "Invoice payment overdue",
						"Shared document: Q3 sales report", "Mailbox storage is full",
						"Action required: verify your account"};
static const char *const sg_mail_subj[] = {"Suspicious email received", "FW: {phish_subj}",
					   "Please check this email"};
static const char *const sg_mail_body[] = {
	"Hi CSIRT team,\n\nI received the email below and it looks suspicious. The sender address is not "
	"the one our vendor normally uses. I did not open the attachment.\n\nFrom: {sender}\nSubject: "
	"{phish_subj}\n\nRegards,\n{person}\n{dept_en}",
	"Hello,\n\nCould you check whether this email is genuine? It asks me to log in to {svc} through a "
	"link. I have not clicked it.\n\nThanks,\n{person}"};

/* Reports rejected at triage. */
struct loose_report {
	enum report_channel channel;
	enum reject_reason reason; /* RJ_NONE: by an employee, left for triage */
	int employee;              /* reporter is an employee (else from, addr) */
	const char *from, *addr, *subject, *body;
};
static const struct loose_report rejected_reports[] = {
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
#define REJECTED_COUNT (sizeof(rejected_reports) / sizeof(rejected_reports[0]))

/* --- placeholders ---------------------------------------------------------- */

enum var {
	V_DEPT, V_DEPT_EN, V_COMPANY, V_COMPANY_FULL, V_PERSON, V_FAMILY, V_ACCT, V_EXT,
	V_PC, V_SRV, V_TARGET, V_LIP, V_IP, V_PUBIP, V_COUNTRY, V_MALWARE, V_RANSOM, V_SHA,
	V_FILE, V_SIG, V_SEVERITY, V_SEVERITY_EN, V_SVC, V_COURIER, V_PHSUBJ, V_SENDER,
	V_ATTACH, V_URL, V_PLACE, V_SUPPLIER, V_CUSTOMER, V_CUST_PERSON, V_RECORDS, V_COUNT,
	V_HOURS, V_DATE, V_TIME, V_DATETIME, V_MONTH, V_PRODUCT, V_CVE, V_VULNTYPE, V_DOMAIN,
	V_MAILDOMAIN, V_ORIG, V_JPNO, V_N
};

static const char *const var_names[V_N] = {
	"dept", "dept_en", "company", "company_full", "person", "family", "acct", "ext",
	"pc", "srv", "target", "lip", "ip", "pubip", "country", "malware", "ransom", "sha",
	"file", "sig", "severity", "severity_en", "svc", "courier", "phish_subj", "sender",
	"attach", "url", "place", "supplier", "customer", "cust_person", "records", "count",
	"hours", "date", "time", "datetime", "month", "product", "cve", "vulntype", "domain",
	"maildomain", "orig", "jpno"};

/* --- runtime view of the organisation -------------------------------------- */

struct org_rt {
	int64_t id;
	const struct demo_org *demo; /* NULL for a constituency that is not ours */
	char name[160], short_name[96], name_en[160];
	char domain[80], web[96], host_prefix[8];
	int unit_first, unit_count;
	int handlers[MAX_HANDLERS]; /* indexes into gen.handlers */
	int nhandlers;
};

struct unit_rt {
	int64_t id;
	char name[96], name_en[96];
};

struct handler_rt {
	int64_t id;
	unsigned weight;
	enum tlp tlp_max;
};

/* Per-year sequence numbers of one key kind. */
struct seqs {
	int year[MAX_YEARS];
	int64_t last[MAX_YEARS];
	int n;
};

static int seqs_next(struct seqs *s, int year, int64_t *out)
{
	for (int i = 0; i < s->n; i++) {
		if (s->year[i] == year) {
			*out = ++s->last[i];
			return 0;
		}
	}
	if (s->n == MAX_YEARS)
		return -1;
	s->year[s->n] = year;
	s->last[s->n] = 1;
	s->n++;
	*out = 1;
	return 0;
}

/* --- time line ------------------------------------------------------------- */

/* The year before now in hours, each weighted by how likely something is
 * reported then: more in recent months, in office hours, on working days,
 * less around the New Year, Golden Week and Obon. Positions on it are found
 * through the cumulative weights, so sorted uniform numbers give sorted
 * times with that density. */
struct timeline {
	int64_t start;
	int hours;
	double *cum;
};

static const double hour_weight[24] = {0.15, 0.1, 0.1, 0.1, 0.1, 0.15, 0.25, 0.5,
				       0.9,  1.6, 1.7, 1.6, 1.0, 1.5, 1.6,  1.6,
				       1.5,  1.3, 0.9, 0.6, 0.45, 0.35, 0.3, 0.2};

static int is_holiday(int month, int day)
{
	return (month == 12 && day >= 29) || (month == 1 && day <= 3) ||
	       (month == 5 && day >= 3 && day <= 6) || (month == 8 && day >= 13 && day <= 16);
}

static int timeline_init(struct timeline *tl, int64_t now, int offset)
{
	tl->hours = SPAN_DAYS * 24;
	tl->start = now - (int64_t)tl->hours * 3600;
	tl->cum = malloc(sizeof(double) * (size_t)tl->hours);
	if (tl->cum == NULL)
		return -1;
	double sum = 0;
	for (int h = 0; h < tl->hours; h++) {
		struct local_time lt;
		local_time_of(tl->start + (int64_t)h * 3600, offset, &lt);
		double w = (0.55 + 0.9 * h / tl->hours) * hour_weight[lt.hour];
		if (lt.wday == 0 || lt.wday == 6)
			w *= 0.3;
		if (is_holiday(lt.month, lt.day))
			w *= 0.35;
		sum += w;
		tl->cum[h] = sum;
	}
	return 0;
}

/* The time at fraction u (0..1) of the weighted year. */
static int64_t timeline_at(const struct timeline *tl, double u)
{
	double total = tl->cum[tl->hours - 1];
	double target = u * total;
	int lo = 0, hi = tl->hours - 1;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (tl->cum[mid] > target)
			hi = mid;
		else
			lo = mid + 1;
	}
	double prev = lo > 0 ? tl->cum[lo - 1] : 0.0;
	double width = tl->cum[lo] - prev;
	double frac = width > 0 ? (target - prev) / width : 0.0;
	if (frac < 0)
		frac = 0;
	if (frac > 0.9999)
		frac = 0.9999;
	return tl->start + (int64_t)lo * 3600 + (int64_t)(frac * 3600.0);
}

/* The fraction of the weighted year before time t. */
static double timeline_fraction(const struct timeline *tl, int64_t t)
{
	int64_t h = (t - tl->start) / 3600;
	if (h <= 0)
		return 0;
	if (h >= tl->hours)
		return 1;
	return tl->cum[h - 1] / tl->cum[tl->hours - 1];
}

/* count items at sorted random positions in [lo, 1) of the time line: item
 * i sits at (i + jitter) / count, which keeps the order. */
struct stream {
	int64_t count, idx, next; /* next: INT64_MAX when done */
	double lo;
};

static void stream_advance(struct stream *s, const struct timeline *tl, struct rng *r, int64_t now)
{
	if (s->idx >= s->count) {
		s->next = INT64_MAX;
		return;
	}
	double u = s->lo + (1.0 - s->lo) * (((double)s->idx + rng_unit(r)) / (double)s->count);
	int64_t t = timeline_at(tl, u);
	if (s->idx > 0 && t < s->next)
		t = s->next; /* rounding must never step back in time */
	s->next = t > now ? now : t;
	s->idx++;
}

/* --- reports waiting for their key ----------------------------------------- */

/* A report whose key is given when the watermark passes its received_at. */
struct pending {
	int64_t received_at;
	uint64_t order; /* ties keep creation order */
	enum report_channel channel;
	enum report_state state;
	enum reject_reason reason;
	enum tlp tlp;
	int64_t org_unit_id, constituency_id, incident_id, created_by, updated_at;
	int64_t link_at, link_author; /* link_at != 0: a journal 'link' entry */
	char *name, *addr, *subject, *body; /* one allocation, owned */
};

struct heap {
	struct pending **a;
	size_t n, cap;
};

static int pending_before(const struct pending *x, const struct pending *y)
{
	return x->received_at < y->received_at ||
	       (x->received_at == y->received_at && x->order < y->order);
}

static int heap_push(struct heap *h, struct pending *p)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 1024;
		struct pending **a = realloc(h->a, cap * sizeof(*a));
		if (a == NULL)
			return -1;
		h->a = a;
		h->cap = cap;
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!pending_before(p, h->a[parent]))
			break;
		h->a[i] = h->a[parent];
		i = parent;
	}
	h->a[i] = p;
	return 0;
}

static struct pending *heap_pop(struct heap *h)
{
	if (h->n == 0)
		return NULL;
	struct pending *top = h->a[0];
	struct pending *last = h->a[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && pending_before(h->a[c + 1], h->a[c]))
			c++;
		if (!pending_before(h->a[c], last))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n > 0)
		h->a[i] = last;
	return top;
}

static void pending_free(struct pending *p)
{
	if (p != NULL)
		free(p->name);
	free(p);
}

/* --- chunk: the rows of one write job -------------------------------------- */

struct inc_row {
	int64_t id;
	char key[KEY_MAX];
	const char *title, *description, *category;
	enum level impact, urgency;
	enum priority priority;
	enum incident_status status;
	enum resolution resolution;
	enum tlp tlp;
	enum pap pap;
	int64_t constituency_id, org_unit_id, assignee_id, created_by;
	int is_exercise, personal_data;
	struct incident_times t;
	int64_t created_at, updated_at;
};

struct rpt_row {
	int64_t id;
	char key[KEY_MAX];
	char fingerprint[65];
	enum report_channel channel;
	enum report_state state;
	enum reject_reason reason;
	enum tlp tlp;
	const char *name, *addr, *subject, *body;
	int64_t org_unit_id, received_at, constituency_id, incident_id, created_by, updated_at;
};

struct jrn_row {
	int64_t incident_id, at, author_id;
	const char *kind, *body_md, *body_html, *data;
};

struct task_row {
	int64_t incident_id, assignee_id, due_at, done_at, created_by, created_at, updated_at;
	const char *title;
	int done;
};

/* A growable array of rows. */
#define ROWS(type)                                                                                 \
	struct {                                                                                   \
		type *a;                                                                           \
		size_t n, cap;                                                                     \
	}

struct chunk {
	struct arena mem;
	ROWS(struct inc_row) inc;
	ROWS(struct rpt_row) rpt;
	ROWS(struct jrn_row) jrn;
	ROWS(struct task_row) task;
	struct seqs inc_seq, rpt_seq; /* key_seq after this chunk */
};

/* Returns a new zeroed slot at the end of rows (or NULL). */
static void *rows_add(void **a, size_t *n, size_t *cap, size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		void *p = realloc(*a, ncap * size);
		if (p == NULL)
			return NULL;
		*a = p;
		*cap = ncap;
	}
	char *slot = (char *)*a + (*n)++ * size;
	memset(slot, 0, size);
	return slot;
}
#define ROW_ADD(r) rows_add((void **)&(r).a, &(r).n, &(r).cap, sizeof(*(r).a))

static void chunk_reset(struct chunk *ch)
{
	arena_reset(&ch->mem);
	ch->inc.n = ch->rpt.n = ch->jrn.n = ch->task.n = 0;
}

static void chunk_free(struct chunk *ch)
{
	arena_free(&ch->mem);
	free(ch->inc.a);
	free(ch->rpt.a);
	free(ch->jrn.a);
	free(ch->task.a);
	memset(ch, 0, sizeof(*ch));
}

/* --- the generator --------------------------------------------------------- */

struct gen {
	struct rng rng;
	int64_t now;
	int offset;
	struct timeline tl;
	struct org_rt orgs[MAX_ORGS];
	int norgs;
	unsigned org_w[MAX_ORGS], org_wsum;
	struct unit_rt units[MAX_UNITS];
	int nunits;
	struct handler_rt handlers[MAX_HANDLERS];
	int nhandlers;
	struct priority_matrix pm;
	struct seqs inc_seq, rpt_seq;
	int64_t next_incident_id, next_report_id;
	int cat_ok[TMPL_COUNT];
	unsigned tmpl_w[TMPL_COUNT], tmpl_wsum; /* drawn templates (not the exercises) */
	size_t exercise_tmpls[TMPL_COUNT], n_exercise_tmpls;
	unsigned loose_w[TMPL_COUNT], loose_wsum; /* templates for reports waiting for triage */
	int64_t last_id[TMPL_COUNT];              /* the latest incident per template (duplicates) */
	char last_key[TMPL_COUNT][KEY_MAX];
	struct stream s_inc, s_wait, s_rej;
	struct heap heap;
	uint64_t order;
	char *status_data[ST_COUNT][ST_COUNT]; /* {"from":..,"to":..}, made once */
	size_t var_len[V_N];
	char val[V_N][VAR_MAX];
	char reporter_mail[VAR_MAX], cust_full[VAR_MAX], cust_mail[VAR_MAX], supplier_mail[VAR_MAX];
	int sg_local; /* the reporter is local staff in Singapore (writes English) */
	struct buf tmp;
	int64_t n_inc, n_rpt, n_jrn, n_task;
	int orgs_created, units_created, users_created;
	char err[256];
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(g, a) ((a)[rng_below(&(g)->rng, (uint32_t)COUNT_OF(a))])

static size_t list_len(const char *const *l)
{
	size_t n = 0;
	while (l != NULL && l[n] != NULL)
		n++;
	return n;
}

/* Element v % count of a NULL-terminated list, or NULL for an empty one. */
static const char *list_variant(const char *const *l, unsigned v)
{
	size_t n = list_len(l);
	return n ? l[v % n] : NULL;
}

static const char *list_pick(struct gen *g, const char *const *l)
{
	size_t n = list_len(l);
	return n ? l[rng_below(&g->rng, (uint32_t)n)] : NULL;
}

/* Copies src into dst (len > 0 bytes), cut at a UTF-8 character boundary
 * when it does not fit. */
static void copy_text(char *dst, size_t len, const char *src)
{
	size_t n = src ? strlen(src) : 0;
	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--; /* do not split a multi-byte character */
	}
	memmove(dst, src ? src : "", n); /* memmove: src may be another value of the same table */
	dst[n] = '\0';
}

static void setv(struct gen *g, enum var k, const char *s)
{
	copy_text(g->val[k], VAR_MAX, s);
}

static void setvf(struct gen *g, enum var k, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void setvf(struct gen *g, enum var k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->val[k], VAR_MAX, fmt, ap);
	va_end(ap);
}

/* Expands {name} placeholders of tpl into g->tmp; unknown names stay as they
 * are (the template tests look for leftover braces). 0 / -1 (too long). */
static int expand(struct gen *g, const char *tpl)
{
	buf_reset(&g->tmp);
	const char *p = tpl;
	for (;;) {
		const char *open = strchr(p, '{');
		if (open == NULL)
			return buf_puts(&g->tmp, p);
		if (buf_append(&g->tmp, p, (size_t)(open - p)) < 0)
			return -1;
		const char *close = strchr(open + 1, '}');
		if (close == NULL)
			return buf_puts(&g->tmp, open);
		size_t n = (size_t)(close - open - 1);
		int found = -1;
		for (int i = 0; i < V_N; i++) {
			if (g->var_len[i] == n && memcmp(var_names[i], open + 1, n) == 0) {
				found = i;
				break;
			}
		}
		int rc = found >= 0 ? buf_puts(&g->tmp, g->val[found])
				    : buf_append(&g->tmp, open, (size_t)(close - open + 1));
		if (rc < 0)
			return -1;
		p = close + 1;
	}
}

/* Expands tpl into the arena. NULL on failure (message in g->err). */
static const char *expand_dup(struct gen *g, struct arena *a, const char *tpl)
{
	const char *s = NULL;
	if (expand(g, tpl) == 0)
		s = arena_strdup(a, g->tmp.data, g->tmp.len);
	if (s == NULL)
		snprintf(g->err, sizeof(g->err), "demo: out of memory while writing texts");
	return s;
}

/* A variable whose value is itself a template (e.g. "請求書_{month}月分.zip"). */
static void setv_tpl(struct gen *g, enum var k, const char *tpl)
{
	if (expand(g, tpl) == 0)
		setv(g, k, g->tmp.data);
	else
		setv(g, k, "");
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* "1,234" */
static void format_count(char *out, size_t len, int64_t n)
{
	if (n >= 1000)
		snprintf(out, len, "%" PRId64 ",%03" PRId64, n / 1000, n % 1000);
	else
		snprintf(out, len, "%" PRId64, n);
}

/* The reporting employee: person, family, acct, ext and their mail address. */
static void pick_person(struct gen *g, const struct org_rt *org, int sg_local)
{
	char local[96];
	if (sg_local) {
		const struct name_pair *n = &PICK(g, sg_names); /* kanji = family, romaji = given */
		setvf(g, V_PERSON, "%s %s", n->romaji, n->kanji);
		setv(g, V_FAMILY, n->kanji);
		size_t j = 0;
		for (const char *s = n->romaji; *s && j + 1 < sizeof(local); s++)
			if (*s != ' ')
				local[j++] = *s;
		local[j] = '\0';
		snprintf(local + j, sizeof(local) - j, ".%s", n->kanji);
	} else {
		const struct name_pair *f = &PICK(g, family_names);
		const struct name_pair *gv = &PICK(g, given_names);
		setvf(g, V_PERSON, "%s %s", f->kanji, gv->kanji);
		setv(g, V_FAMILY, f->kanji);
		snprintf(local, sizeof(local), "%s.%s", gv->romaji, f->romaji);
	}
	lower_ascii(local);
	setv(g, V_ACCT, local);
	setvf(g, V_EXT, "%u", 2000 + rng_below(&g->rng, 6000));
	snprintf(g->reporter_mail, sizeof(g->reporter_mail), "%s@%s", local,
		 org->domain[0] ? org->domain : "hikeshi-demo.example");
}

/* A customer's contact: {customer}, {cust_person} (family name, as people
 * introduce themselves), the full name and the address. */
static void pick_customer(struct gen *g)
{
	const struct customer *cu = &PICK(g, customers);
	const struct name_pair *f = &PICK(g, family_names);
	const struct name_pair *gv = &PICK(g, given_names);
	setv(g, V_CUSTOMER, cu->name);
	setv(g, V_CUST_PERSON, f->kanji);
	snprintf(g->cust_full, sizeof(g->cust_full), "%s %s（%s）", f->kanji, gv->kanji, cu->name);
	snprintf(g->cust_mail, sizeof(g->cust_mail), "%c.%s@%s", gv->romaji[0], f->romaji, cu->domain);
}

/* An org unit of org, preferring names that contain one of the '|'-separated
 * parts of pref (most of the time). NULL when the org has no units. */
static const struct unit_rt *pick_unit(struct gen *g, const struct org_rt *org, const char *pref)
{
	if (org->unit_count == 0)
		return NULL;
	if (pref != NULL && rng_pct(&g->rng, 75)) {
		int match[MAX_UNITS];
		int n = 0;
		for (int i = 0; i < org->unit_count; i++) {
			const char *name = g->units[org->unit_first + i].name;
			const char *p = pref;
			while (*p) {
				const char *bar = strchr(p, '|');
				size_t len = bar ? (size_t)(bar - p) : strlen(p);
				char part[64];
				if (len >= sizeof(part))
					len = sizeof(part) - 1;
				memcpy(part, p, len);
				part[len] = '\0';
				if (len > 0 && strstr(name, part) != NULL) {
					match[n++] = org->unit_first + i;
					break;
				}
				p += len + (bar ? 1 : 0);
			}
		}
		if (n > 0)
			return &g->units[match[rng_below(&g->rng, (uint32_t)n)]];
	}
	return &g->units[org->unit_first + (int)rng_below(&g->rng, (uint32_t)org->unit_count)];
}

/* A handler who may see org's incidents at TLP t, by weight, other than
 * `not`; -1 when there is none. */
static int pick_handler(struct gen *g, const struct org_rt *org, enum tlp t, int not)
{
	unsigned w[MAX_HANDLERS], sum = 0;
	int idx[MAX_HANDLERS], n = 0;
	for (int i = 0; i < org->nhandlers; i++) {
		int h = org->handlers[i];
		if (h == not || g->handlers[h].tlp_max < t)
			continue;
		idx[n] = h;
		w[n] = g->handlers[h].weight ? g->handlers[h].weight : 1;
		sum += w[n];
		n++;
	}
	if (n == 0)
		return -1;
	return idx[rng_weighted(&g->rng, w, (size_t)n, sum)];
}

static int64_t handler_id(const struct gen *g, int h)
{
	return h >= 0 ? g->handlers[h].id : 0;
}

static enum tlp pick_tlp(struct gen *g, int sens)
{
	static const unsigned w[3][TLP_COUNT] = {
		{20, 60, 20, 0, 0}, {3, 37, 54, 2, 4}, {0, 5, 55, 12, 28}};
	return (enum tlp)rng_weighted(&g->rng, w[sens + 1], TLP_COUNT, 100);
}

static enum pap pick_pap(struct gen *g, int sens)
{
	static const unsigned w[3][PAP_COUNT] = {{25, 55, 20, 0}, {5, 40, 50, 5}, {0, 10, 60, 30}};
	return (enum pap)rng_weighted(&g->rng, w[sens + 1], PAP_COUNT, 100);
}

/* Fills every placeholder for one incident (or report) of template t. */
static void fill_vars(struct gen *g, const struct tmpl *t, int org_index, const struct unit_rt *unit,
		      int64_t detected, enum level urgency)
{
	const struct org_rt *org = &g->orgs[org_index];
	struct local_time lt;
	local_time_of(detected, g->offset, &lt);

	setv(g, V_DEPT, unit ? unit->name : org->short_name);
	setv(g, V_DEPT_EN, unit ? unit->name_en : org->name_en);
	setv(g, V_COMPANY, org->short_name);
	setv(g, V_COMPANY_FULL, org->name);
	char *paren = strstr(g->val[V_COMPANY_FULL], "（"); /* "火消し工業株式会社（本社）" -> legal name */
	if (paren != NULL && paren != g->val[V_COMPANY_FULL])
		*paren = '\0';
	setvf(g, V_MONTH, "%d", lt.month);
	setvf(g, V_DATE, "%d月%d日", lt.month, lt.day);
	setvf(g, V_TIME, "%02d:%02d", lt.hour, lt.minute);
	setvf(g, V_DATETIME, "%04d/%02d/%02d %02d:%02d:%02d", lt.year, lt.month, lt.day, lt.hour,
	      lt.minute, lt.second);
	setvf(g, V_COUNT, "%u", 2 + rng_below(&g->rng, 39));
	char n[32];
	format_count(n, sizeof(n), 20 + (int64_t)rng_below(&g->rng, 5000));
	setv(g, V_RECORDS, n);
	setvf(g, V_HOURS, "%u", 1 + rng_below(&g->rng, 6));

	char lower_prefix[8];
	snprintf(lower_prefix, sizeof(lower_prefix), "%s", org->host_prefix);
	lower_ascii(lower_prefix);
	setvf(g, V_PC, "%s-PC%04u", org->host_prefix, 1 + rng_below(&g->rng, 2999));
	setvf(g, V_SRV, "%s-%s%02u", lower_prefix, t->srv_role ? t->srv_role : "fs",
	      1 + rng_below(&g->rng, 3));
	setv(g, V_TARGET, t->target_srv ? g->val[V_SRV] : g->val[V_PC]);
	setvf(g, V_LIP, "10.%d.%u.%u", 16 + org_index, rng_below(&g->rng, 254) + 1,
	      rng_below(&g->rng, 250) + 2);
	/* Addresses from the documentation ranges (RFC 5737), never real hosts. */
	setvf(g, V_IP, "%s.%u", rng_pct(&g->rng, 50) ? "192.0.2" : "203.0.113",
	      1 + rng_below(&g->rng, 254));
	setvf(g, V_PUBIP, "198.51.100.%u", (unsigned)(10 + (org_index % 20) * 10) + rng_below(&g->rng, 8));
	setv(g, V_COUNTRY, PICK(g, countries));
	setv(g, V_MALWARE, t->malw ? list_pick(g, t->malw) : PICK(g, malware_names));
	setv(g, V_RANSOM, PICK(g, ransomware_names));
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 64; i += 16) {
		uint64_t x = rng_next(&g->rng);
		for (int j = 0; j < 16; j++)
			g->val[V_SHA][i + j] = hex[(x >> (4 * j)) & 15];
	}
	g->val[V_SHA][64] = '\0';
	setv(g, V_FILE, PICK(g, dropped_files));
	setv(g, V_SIG, t->sigs ? list_pick(g, t->sigs) : "");
	static const char *const sev_ja[] = {"低", "中", "高"};
	static const char *const sev_en[] = {"Low", "Medium", "High"};
	setv(g, V_SEVERITY, sev_ja[urgency]);
	setv(g, V_SEVERITY_EN, sev_en[urgency]);
	setv(g, V_SVC, PICK(g, cloud_services));
	setv(g, V_COURIER, PICK(g, couriers));
	setv_tpl(g, V_PHSUBJ, t->phish ? list_pick(g, t->phish) : list_pick(g, invoice_subjects));
	setv_tpl(g, V_ATTACH, t->attach ? list_pick(g, t->attach) : list_pick(g, invoice_attachments));
	setv_tpl(g, V_URL, PICK(g, bad_urls));
	const struct name_pair *s = &PICK(g, family_names);
	setvf(g, V_SENDER, "%s@%s", s->romaji, PICK(g, bad_domains));
	setv(g, V_PLACE, PICK(g, places));
	const struct customer *sup = &PICK(g, suppliers);
	setv(g, V_SUPPLIER, sup->name);
	snprintf(g->supplier_mail, sizeof(g->supplier_mail), "security@%s", sup->domain);
	pick_customer(g);
	const struct vuln *vu = &PICK(g, vulns);
	setv(g, V_PRODUCT, vu->product);
	setv(g, V_CVE, vu->cve);
	setv(g, V_VULNTYPE, vu->type);
	setv(g, V_DOMAIN, org->web[0] ? org->web : "www.hikeshi-demo.example");
	setv(g, V_MAILDOMAIN, org->domain[0] ? org->domain : "hikeshi-demo.example");
	setv(g, V_ORIG, "");
	setvf(g, V_JPNO, "%08u", rng_below(&g->rng, 100000000));

	g->sg_local = org->demo != NULL && strcmp(org->demo->code, "GRP-SG") == 0 && t->kind == K_MAIL &&
		      rng_pct(&g->rng, 70);
	pick_person(g, org, g->sg_local);
	if (g->sg_local)
		setv(g, V_PHSUBJ, PICK(g, sg_phish_subjects));
}

/* --- reports --------------------------------------------------------------- */

/* A report as text, before it gets a key. */
struct report_text {
	enum report_channel channel;
	const char *name, *addr, *subject, *body; /* templates (name, addr may be literal) */
	int employee;                             /* reporter_org_unit_id = the unit */
	int by_handler;                           /* typed in by a handler (phone) */
};

static const char *const jpcert_phish_subj[] = {
	"JPCERT/CC からの情報提供（貴組織を装ったフィッシングサイトについて）[JPCERT#{jpno}]"};
static const char *const jpcert_phish_body[] = {
	"{company_full} ご担当者様\n\nJPCERT/CC インシデントレスポンスグループです。\n\n貴組織を装ったフィッシング"
	"サイトに関する報告を受け付けましたので、ご連絡いたします。\n\nURL: {url}\n確認日時: {datetime}\n\n当方では、"
	"サイトを運用しているホスティング事業者に対し、停止に向けた調整を開始しております。\n貴組織にて把握されて"
	"いる情報がございましたら、ご提供いただけますと幸いです。\n" JPCERT_SIGN};

/* The first report of an incident of template t, written in style st;
 * phone: the employee called (only for RSTY_EMP_MIX templates with a memo). */
static void report_text_of(struct gen *g, const struct tmpl *t, enum style st, unsigned v, int phone,
			   struct report_text *r)
{
	memset(r, 0, sizeof(*r));
	r->subject = list_variant(t->rsubj, v);
	r->body = list_variant(t->rbody, v);
	switch (st) {
	case RSTY_NONE:
	case RSTY_EMP_MAIL:
	case RSTY_EMP_MIX:
		r->channel = CH_EMAIL;
		r->name = "{person}";
		r->addr = g->reporter_mail;
		r->employee = 1;
		if (phone) {
			r->channel = CH_PHONE;
			r->addr = "内線 {ext}";
			r->subject = list_variant(t->psubj, v);
			r->body = list_variant(t->pbody, v);
			r->by_handler = 1;
		} else if (g->sg_local) {
			r->subject = PICK(g, sg_mail_subj);
			r->body = PICK(g, sg_mail_body);
		} else if (t->kind == K_LOSS && rng_pct(&g->rng, 40)) {
			r->channel = CH_WEB; /* the constituents' form for lost devices */
		}
		break;
	case RSTY_SOC:
		r->channel = CH_SOC;
		r->name = "SOC 監視センター";
		r->addr = "soc@mssp.example";
		break;
	case RSTY_EDR:
		r->channel = CH_API;
		r->name = "Microsoft Defender for Endpoint（API 連携）";
		r->addr = "mde-connector@{maildomain}";
		break;
	case RSTY_JPCERT:
		r->channel = CH_EMAIL;
		r->name = "JPCERT/CC インシデントレスポンスグループ";
		r->addr = "ir-notice@jpcert.example";
		if (t->kind == K_BRANDPHISH) {
			r->subject = PICK(g, jpcert_phish_subj);
			r->body = PICK(g, jpcert_phish_body);
		}
		break;
	case RSTY_CUSTOMER:
		r->channel = rng_pct(&g->rng, 50) ? CH_WEB : CH_EMAIL;
		r->name = g->cust_full;
		r->addr = g->cust_mail;
		break;
	case RSTY_SUPPLIER:
		r->channel = CH_EMAIL;
		r->name = "{supplier} 情報セキュリティ室";
		r->addr = g->supplier_mail;
		break;
	case RSTY_EXTERNAL:
		r->channel = CH_EMAIL;
		r->name = "Yuki（セキュリティリサーチャー）";
		r->addr = "yuki@secresearch.example";
		break;
	}
	if (r->subject == NULL)
		r->subject = "インシデントの報告";
	if (r->body == NULL)
		r->body = "";
}

/* Expands a report's texts and queues it for its key. The pending report
 * owns one allocation holding its four strings. NULL on failure. */
static struct pending *pending_new(struct gen *g, const struct report_text *rt, int64_t received)
{
	const char *src[4] = {rt->name, rt->addr, rt->subject, rt->body};
	size_t len[4], total = 0;
	char *copy[4] = {NULL, NULL, NULL, NULL};
	for (int i = 0; i < 4; i++) {
		if (expand(g, src[i]) < 0)
			goto fail;
		len[i] = g->tmp.len;
		copy[i] = malloc(len[i] + 1);
		if (copy[i] == NULL)
			goto fail;
		memcpy(copy[i], g->tmp.data, len[i] + 1);
		total += len[i] + 1;
	}
	struct pending *p = calloc(1, sizeof(*p));
	char *mem = malloc(total);
	if (p == NULL || mem == NULL) {
		free(p);
		free(mem);
		goto fail;
	}
	char **dst[4] = {&p->name, &p->addr, &p->subject, &p->body};
	char *w = mem;
	for (int i = 0; i < 4; i++) {
		memcpy(w, copy[i], len[i] + 1);
		*dst[i] = w;
		w += len[i] + 1;
		free(copy[i]);
	}
	p->received_at = received;
	p->order = g->order++;
	p->channel = rt->channel;
	return p;
fail:
	for (int i = 0; i < 4; i++)
		free(copy[i]);
	snprintf(g->err, sizeof(g->err), "demo: out of memory while writing reports");
	return NULL;
}

static int pending_push(struct gen *g, struct pending *p)
{
	if (heap_push(&g->heap, p) < 0) {
		pending_free(p);
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	return 0;
}

/* Gives a report its id and key and moves it into the chunk (with a 'link'
 * journal entry when it was linked to an existing incident). */
static int emit_report(struct gen *g, struct chunk *ch, struct pending *p)
{
	int rc = -1;
	struct rpt_row *r = ROW_ADD(ch->rpt);
	if (r == NULL)
		goto out;
	int year = key_year_of(p->received_at, g->offset);
	int64_t seq;
	if (seqs_next(&g->rpt_seq, year, &seq) < 0 || key_format(r->key, sizeof(r->key), "RPT", year, seq) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: cannot make a report key for %d", year);
		goto out;
	}
	r->id = g->next_report_id++;
	r->channel = p->channel;
	r->state = p->state;
	r->reason = p->reason;
	r->tlp = p->tlp;
	r->name = arena_strdup(&ch->mem, p->name, strlen(p->name));
	r->addr = arena_strdup(&ch->mem, p->addr, strlen(p->addr));
	r->subject = arena_strdup(&ch->mem, p->subject, strlen(p->subject));
	r->body = arena_strdup(&ch->mem, p->body, strlen(p->body));
	if (!r->name || !r->addr || !r->subject || !r->body)
		goto oom;
	report_fingerprint(p->addr, p->subject, p->body, r->fingerprint);
	r->org_unit_id = p->org_unit_id;
	r->received_at = p->received_at;
	r->constituency_id = p->constituency_id;
	r->incident_id = p->incident_id;
	r->created_by = p->created_by;
	r->updated_at = p->updated_at;
	g->n_rpt++;
	if (p->link_at != 0) {
		json_t *d = json_pack("{s:I, s:s}", "report_id", (json_int_t)r->id, "report_key", r->key);
		char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
		json_decref(d);
		struct jrn_row *j = text ? ROW_ADD(ch->jrn) : NULL;
		if (j != NULL) {
			j->incident_id = p->incident_id;
			j->at = p->link_at;
			j->author_id = p->link_author;
			j->kind = "link";
			j->body_md = j->body_html = "";
			j->data = arena_strdup(&ch->mem, text, strlen(text));
		}
		free(text);
		if (j == NULL || j->data == NULL)
			goto oom;
		g->n_jrn++;
	}
	rc = 0;
	goto out;
oom:
	snprintf(g->err, sizeof(g->err), "demo: out of memory");
out:
	pending_free(p);
	return rc;
}

/* Emits, in received order, every queued report received at or before wm. */
static int release_reports(struct gen *g, struct chunk *ch, int64_t wm)
{
	while (g->heap.n > 0 && g->heap.a[0]->received_at <= wm) {
		if (emit_report(g, ch, heap_pop(&g->heap)) < 0)
			return -1;
	}
	return 0;
}

/* --- one incident ------------------------------------------------------------ */

/* Typical time (seconds) to move from one status to the next, before the
 * priority factor: a P1 moves about three times as fast as a P3. */
static double step_base(enum incident_status from, enum incident_status to)
{
	switch (to) {
	case ST_TRIAGE: return 4 * 3600.0;
	case ST_ANALYSIS: return from == ST_NEW ? 3600.0 : 86400.0; /* waiting for the reporter's answers */
	case ST_CONTAINMENT: return 12 * 3600.0;
	case ST_ERADICATION: return 4 * 86400.0;
	case ST_RECOVERY: return 5 * 86400.0;
	case ST_CLOSED:
		switch (from) {
		case ST_NEW: return 86400.0;
		case ST_TRIAGE: return 3 * 86400.0;
		case ST_ANALYSIS: return 12 * 86400.0;
		case ST_CONTAINMENT: return 14 * 86400.0;
		case ST_ERADICATION: return 10 * 86400.0;
		default: return 14 * 86400.0;
		}
	default: return 3600.0;
	}
}

static const double prio_factor[PRIO_COUNT] = {0.35, 0.6, 1.0, 1.5};

static enum incident_status status_of_letter(char c)
{
	switch (c) {
	case 't': return ST_TRIAGE;
	case 'a': return ST_ANALYSIS;
	case 'c': return ST_CONTAINMENT;
	case 'e': return ST_ERADICATION;
	case 'r': return ST_RECOVERY;
	default: return ST_CLOSED;
	}
}

/* The next office time (weekday 09:00-18:00 local) at or after t, plus a
 * little: a P3 reported at night is picked up the next morning. */
static int64_t office_time(struct gen *g, int64_t t)
{
	for (int i = 0; i < 8; i++) {
		struct local_time lt;
		local_time_of(t, g->offset, &lt);
		int weekend = lt.wday == 0 || lt.wday == 6;
		if (!weekend && lt.hour >= 9 && lt.hour < 18)
			return t;
		int64_t midnight = t - lt.hour * 3600 - lt.minute * 60 - lt.second;
		if (!weekend && lt.hour < 9)
			return midnight + 9 * 3600 + rng_range(&g->rng, 0, 5400);
		t = midnight + 86400 + 9 * 3600 + rng_range(&g->rng, 0, 5400);
	}
	return t;
}

#define MAX_STEPS 8
#define MAX_ENTRIES 16

/* An incident's life as simulated up to now. */
struct life {
	enum incident_status status;
	enum resolution resolution;
	struct incident_times t;
	int nsteps;
	enum incident_status from[MAX_STEPS], to[MAX_STEPS];
	int64_t at[MAX_STEPS];
};

/* Walks path (letters, see struct kind_text) from new, starting at created,
 * each step through workflow_transition; stops at the first step that would
 * happen after now. */
static void simulate(struct gen *g, const char *path, enum resolution res, enum priority prio,
		     int slow, int kind_slow, int64_t created, struct life *L)
{
	int64_t t = created;
	enum incident_status st = ST_NEW;
	for (int i = 0; path[i] != '\0' && L->nsteps < MAX_STEPS; i++) {
		enum incident_status to = status_of_letter(path[i]);
		double base = step_base(st, to) * prio_factor[prio];
		if (slow && i >= 2)
			base *= 6; /* waiting for a vendor, a contractor, a committee */
		if (kind_slow && i >= 2)
			base *= 2; /* leaks wait for the final report, fixes for a maintenance window */
		/* P1 is worked on around the clock (on call), the rest in office hours. */
		int office = prio >= PRIO_P2;
		int64_t from_t = (st == ST_NEW && office) ? office_time(g, t) : t;
		int64_t next = from_t + rng_duration(&g->rng, base);
		if (office)
			next = office_time(g, next);
		if (next > g->now)
			break;
		enum resolution r = to == ST_CLOSED ? res : RES_NONE;
		enum resolution out = RES_NONE;
		if (workflow_transition(st, to, r, next, &L->t, &out) != WF_OK)
			break; /* a path the table refuses: stop there (never expected) */
		L->from[L->nsteps] = st;
		L->to[L->nsteps] = to;
		L->at[L->nsteps] = next;
		L->nsteps++;
		L->resolution = out;
		st = to;
		t = next;
	}
	L->status = st;
}

/* Journal entries of one incident, collected and then sorted by time. */
struct entry {
	int64_t at, author;
	const char *kind;
	const char *md;   /* note template, or NULL */
	const char *data; /* JSON text (static or arena), or NULL for "{}" */
	int assign_from, assign_to; /* handler indexes for 'assign' */
};

static void entries_sort(struct entry *e, int n)
{
	for (int i = 1; i < n; i++) { /* insertion sort: stable, n <= MAX_ENTRIES */
		struct entry x = e[i];
		int j = i - 1;
		while (j >= 0 && e[j].at > x.at) {
			e[j + 1] = e[j];
			j--;
		}
		e[j + 1] = x;
	}
}

static const char *const notes_unassigned[] = {
	"一次受付済み。担当者の割り当て待ち。",
	"報告を受領。詳細を報告者に確認中。",
};

static const char *const *phase_notes(const struct kind_text *k, enum incident_status s)
{
	switch (s) {
	case ST_TRIAGE: return k->triage;
	case ST_ANALYSIS: return k->analysis;
	case ST_CONTAINMENT: return k->contain;
	case ST_ERADICATION: return k->eradicate;
	case ST_RECOVERY: return k->recover;
	default: return NULL;
	}
}

/* Turns the collected entries into journal rows. */
static int write_entries(struct gen *g, struct chunk *ch, int64_t incident_id, struct entry *e, int n)
{
	entries_sort(e, n);
	for (int i = 0; i < n; i++) {
		struct jrn_row *j = ROW_ADD(ch->jrn);
		if (j == NULL)
			goto oom;
		j->incident_id = incident_id;
		j->at = e[i].at;
		j->author_id = e[i].author;
		j->kind = e[i].kind;
		j->body_md = "";
		j->body_html = "";
		j->data = e[i].data ? e[i].data : "{}";
		if (e[i].md != NULL) {
			j->body_md = expand_dup(g, &ch->mem, e[i].md);
			if (j->body_md == NULL)
				return -1;
			char *html = markdown_to_html(j->body_md, strlen(j->body_md));
			if (html == NULL)
				goto oom;
			j->body_html = arena_strdup(&ch->mem, html, strlen(html));
			free(html);
			if (j->body_html == NULL)
				goto oom;
		}
		if (strcmp(e[i].kind, "assign") == 0) {
			json_t *from = e[i].assign_from >= 0 ? json_integer(handler_id(g, e[i].assign_from)) : json_null();
			json_t *to = e[i].assign_to >= 0 ? json_integer(handler_id(g, e[i].assign_to)) : json_null();
			json_t *d = json_pack("{s:o, s:o}", "from", from, "to", to);
			char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
			json_decref(d);
			j->data = text ? arena_strdup(&ch->mem, text, strlen(text)) : NULL;
			free(text);
			if (j->data == NULL)
				goto oom;
		}
		g->n_jrn++;
	}
	return 0;
oom:
	snprintf(g->err, sizeof(g->err), "demo: out of memory");
	return -1;
}

/* Tasks of an incident from its kind's list: done when the incident is
 * closed, some done and some open otherwise. */
static int add_tasks(struct gen *g, struct chunk *ch, const struct inc_row *inc, const struct kind_text *k,
		     const struct org_rt *org, int assignee, int64_t *updated)
{
	size_t avail = list_len(k->tasks);
	if (avail == 0 || inc->status == ST_NEW || (inc->resolution != RES_NONE && inc->resolution != RES_RESOLVED))
		return 0;
	size_t n = rng_below(&g->rng, 5);
	if (n > avail)
		n = avail;
	int order[8];
	for (size_t i = 0; i < avail && i < 8; i++)
		order[i] = (int)i;
	for (size_t i = 0; i < n; i++) { /* partial Fisher-Yates */
		size_t j = i + rng_below(&g->rng, (uint32_t)(avail - i));
		int x = order[i];
		order[i] = order[j];
		order[j] = x;
	}
	int64_t base = inc->t.acknowledged ? inc->t.acknowledged : inc->created_at;
	int64_t limit = inc->t.closed ? inc->t.closed : g->now;
	for (size_t i = 0; i < n; i++) {
		struct task_row *tk = ROW_ADD(ch->task);
		if (tk == NULL) {
			snprintf(g->err, sizeof(g->err), "demo: out of memory");
			return -1;
		}
		tk->incident_id = inc->id;
		tk->title = k->tasks[order[i]];
		int who = rng_pct(&g->rng, 70) ? assignee : pick_handler(g, org, inc->tlp, -1);
		tk->assignee_id = handler_id(g, who);
		tk->created_by = handler_id(g, assignee >= 0 ? assignee : who);
		tk->created_at = base + rng_range(&g->rng, 300, 7200);
		if (tk->created_at > limit)
			tk->created_at = limit;
		tk->due_at = tk->created_at + rng_range(&g->rng, 1, 10) * 86400;
		if (inc->t.closed) {
			tk->done = 1;
			tk->done_at = tk->created_at + (int64_t)((double)(limit - tk->created_at) * rng_unit(&g->rng));
		} else if (rng_pct(&g->rng, 45)) {
			int64_t d = tk->created_at + rng_duration(&g->rng, 86400.0);
			if (d <= g->now) {
				tk->done = 1;
				tk->done_at = d;
			}
		}
		tk->updated_at = tk->done ? tk->done_at : tk->created_at;
		if (tk->updated_at > *updated)
			*updated = tk->updated_at;
		g->n_task++;
	}
	return 0;
}

/* How long before the incident was created its first report arrived, and
 * how long before that it was detected, by who reported it. */
static void report_times(struct gen *g, enum style st, int phone, int64_t created, int64_t *reported,
			 int64_t *detected)
{
	int64_t lead, lag;
	switch (st) {
	case RSTY_NONE:
		lead = rng_range(&g->rng, 0, 1200);
		lag = rng_range(&g->rng, 0, 7200);
		break;
	case RSTY_SOC:
	case RSTY_EDR:
		lead = rng_range(&g->rng, 180, 2700);
		lag = rng_range(&g->rng, 60, 900);
		break;
	case RSTY_EMP_MAIL:
	case RSTY_EMP_MIX:
		lead = phone ? rng_range(&g->rng, 120, 1200) : rng_duration(&g->rng, 2400.0);
		lag = rng_range(&g->rng, 0, 5400);
		break;
	default:
		lead = rng_duration(&g->rng, 7200.0);
		lag = rng_duration(&g->rng, 6 * 3600.0);
		break;
	}
	if (lead > REPORT_LEAD_MAX)
		lead = REPORT_LEAD_MAX;
	*reported = created - lead;
	*detected = *reported - lag;
}

static enum level pick_level(struct gen *g, int lo, int hi)
{
	return (enum level)rng_range(&g->rng, lo, hi);
}

/* Everything decided about one incident before its rows are written. */
struct plan {
	size_t ti;
	const struct tmpl *t;
	const struct kind_text *k;
	int oi;
	const struct org_rt *org;
	const struct unit_rt *unit;
	unsigned v; /* text variant */
	enum level impact, urgency;
	enum priority prio;
	enum tlp tlp;
	enum style st;
	struct report_text rt; /* the first report */
	int64_t created, reported;
	struct life L;
	int assignee, creator, reassign_to; /* handler indexes, -1 = nobody */
	int64_t assign_at, reassign_at;     /* 0 = did not happen */
	int64_t fu_received[2], fu_link[2]; /* follow-up reports; link 0 = not linked yet */
	int nfu, nlinks;
};

/* What the incident is, who reported it when, how it ends, and its life
 * up to now. */
static void plan_incident(struct gen *g, int64_t created, struct plan *P)
{
	memset(P, 0, sizeof(*P));
	/* Exercises are scheduled, not drawn: max(4, N/100) of them, evenly
	 * spread over the year, taking turns between the exercise templates. */
	int64_t index = g->s_inc.idx - 1; /* this incident's place in the stream */
	int64_t n_ex = g->s_inc.count / 100 > 4 ? g->s_inc.count / 100 : 4;
	int64_t every = g->s_inc.count / n_ex;
	if (g->n_exercise_tmpls > 0 && every > 0 && index % every == every / 2)
		P->ti = g->exercise_tmpls[(index / every) % g->n_exercise_tmpls];
	else
		P->ti = rng_weighted(&g->rng, g->tmpl_w, TMPL_COUNT, g->tmpl_wsum);
	P->t = &tmpls[P->ti];
	P->k = &kinds[P->t->kind];
	P->oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	P->org = &g->orgs[P->oi];
	P->unit = pick_unit(g, P->org, P->t->dept_pref);
	P->v = (unsigned)rng_below(&g->rng, 1u << 16);
	P->impact = pick_level(g, P->t->imp_lo, P->t->imp_hi);
	P->urgency = pick_level(g, P->t->urg_lo, P->t->urg_hi);
	P->prio = priority_compute(&g->pm, P->impact, P->urgency);
	P->tlp = pick_tlp(g, P->t->sens);
	P->st = (P->t->alt_pct && rng_pct(&g->rng, P->t->alt_pct)) ? P->t->alt_style : P->t->style;
	P->created = created;

	/* Who reported it decides when it was reported and detected. */
	int phone = P->st == RSTY_EMP_MIX && P->t->pbody != NULL && rng_pct(&g->rng, 50);
	int64_t detected;
	report_times(g, P->st, phone, created, &P->reported, &detected);
	fill_vars(g, P->t, P->oi, P->unit, detected, P->urgency);
	report_text_of(g, P->t, P->st, P->v, phone, &P->rt);

	/* How it ends. */
	enum resolution res = RES_RESOLVED;
	const char *path = list_pick(g, P->k->paths);
	int x = (int)rng_below(&g->rng, 100);
	if (!P->t->exercise) {
		if (x < P->t->fp_pct) {
			res = RES_FALSE_POSITIVE;
			path = "tx";
		} else if (x < P->t->fp_pct + 3 && g->last_id[P->ti] != 0) {
			res = RES_DUPLICATE;
			path = "tx";
			setv(g, V_ORIG, g->last_key[P->ti]);
		} else if (x < P->t->fp_pct + 5) {
			res = RES_OUT_OF_SCOPE;
			path = "tx";
		}
	}
	/* The newest few are not acknowledged yet (an alert that came in last
	 * night, a report the on-duty handler has not opened), so that every
	 * status is on screen whatever time of day the data is loaded. */
	int64_t fresh = g->s_inc.count / 150 > 2 ? g->s_inc.count / 150 : 2;
	if (index >= g->s_inc.count - fresh && P->prio != PRIO_P1)
		path = "";
	P->L.t.occurred = detected - rng_range(&g->rng, 0, (int64_t)P->t->occ_lag_h * 3600);
	P->L.t.detected = detected;
	P->L.t.reported = P->reported;
	int slow = rng_pct(&g->rng, 12);
	simulate(g, path, res, P->prio, slow, P->t->kind == K_LEAK || P->t->kind == K_VULN, created, &P->L);
}

/* The intake handler creates the incident, the assignee takes it (before
 * the first status change), and now and then hands it over. */
static void plan_people(struct gen *g, struct plan *P)
{
	const struct life *L = &P->L;
	P->assignee = pick_handler(g, P->org, P->tlp, -1);
	P->creator = rng_pct(&g->rng, 60) ? P->assignee : pick_handler(g, P->org, P->tlp, -1);
	P->reassign_to = -1;
	if (P->assignee < 0)
		return;
	if (L->nsteps > 0) {
		P->assign_at = P->created + (int64_t)((double)(L->at[0] - P->created) * 0.5 * rng_unit(&g->rng));
		if (P->prio >= PRIO_P2 && office_time(g, P->assign_at) <= L->at[0])
			P->assign_at = office_time(g, P->assign_at);
	} else if (rng_pct(&g->rng, 65)) {
		P->assign_at = P->created + rng_duration(&g->rng, 1800.0);
	}
	if (P->assign_at > g->now)
		P->assign_at = 0;
	if (P->assign_at == 0) {
		P->assignee = -1;
		return;
	}
	if (L->nsteps >= 2 && rng_pct(&g->rng, 6)) {
		P->reassign_to = pick_handler(g, P->org, P->tlp, P->assignee);
		if (P->reassign_to >= 0)
			P->reassign_at = L->at[0] + (L->at[1] - L->at[0]) / 2;
	}
}

/* The handler responsible for the incident at time at. */
static int holder_at(const struct plan *P, int64_t at)
{
	if (P->reassign_to >= 0 && at >= P->reassign_at)
		return P->reassign_to;
	if (P->assignee >= 0 && at >= P->assign_at)
		return P->assignee;
	return P->creator;
}

/* Others who report the same thing later. Planned before the notes so that
 * the timeline (n entries so far) keeps room for their 'link' entries: up
 * to 8 entries, only the longest paths get a ninth (the closing note). */
static void plan_followups(struct gen *g, struct plan *P, int n)
{
	const struct tmpl *t = P->t;
	if (P->st == RSTY_NONE || t->followup == FU_NONE)
		return;
	int extra = t->followup == FU_MAIL ? (int)rng_weighted(&g->rng, (const unsigned[]){50, 30, 20}, 3, 100)
					   : rng_pct(&g->rng, 30);
	int allowed = 8 - n - (P->L.status == ST_CLOSED);
	double gap = t->followup == FU_MAIL ? 3 * 3600.0 : t->followup == FU_SOC ? 6 * 3600.0 : 12 * 3600.0;
	for (int i = 0; i < extra && P->nlinks < allowed; i++) {
		int64_t received = P->reported + 300 + rng_duration(&g->rng, gap);
		if (received > g->now)
			continue;
		int64_t link_at = received + rng_duration(&g->rng, 3600.0);
		if (link_at < P->created)
			link_at = P->created;
		P->fu_received[P->nfu] = received;
		P->fu_link[P->nfu] = link_at <= g->now ? link_at : 0; /* 0: arrived minutes ago, still new */
		P->nlinks += P->fu_link[P->nfu] != 0;
		P->nfu++;
	}
}

/* Adds the notes: one on closing (why it was closed), and one per phase
 * reached as room allows. */
static void add_notes(struct gen *g, const struct plan *P, struct entry *e, int *n)
{
	const struct life *L = &P->L;
	int room = 8 - *n - P->nlinks;
	if (room > 3)
		room = 3;
	if (room < 1)
		room = L->status == ST_CLOSED; /* a closed incident always says why */
	if (L->status == ST_CLOSED && room > 0) {
		const char *md = NULL;
		switch (L->resolution) {
		case RES_FALSE_POSITIVE: md = PICK(g, notes_false_positive); break;
		case RES_OUT_OF_SCOPE: md = PICK(g, notes_out_of_scope); break;
		case RES_DUPLICATE: md = NOTE_DUPLICATE; break;
		default: md = list_pick(g, P->k->close); break;
		}
		if (md != NULL) {
			int64_t at = L->t.closed - rng_range(&g->rng, 60, 900);
			int64_t prev = L->nsteps >= 2 ? L->at[L->nsteps - 2] : P->created;
			if (at < prev)
				at = prev;
			e[(*n)++] = (struct entry){.at = at, .author = handler_id(g, holder_at(P, at)), .kind = "note",
						   .md = md};
			room--;
		}
	}
	for (int i = 0; i < L->nsteps && room > 0 && *n < MAX_ENTRIES; i++) {
		const char *const *pool = phase_notes(P->k, L->to[i]);
		if (pool == NULL || !rng_pct(&g->rng, 75))
			continue;
		int64_t end = i + 1 < L->nsteps ? L->at[i + 1] : g->now;
		int64_t at = L->at[i] + 60 + (int64_t)((double)(end - L->at[i] - 60) * (0.1 + 0.6 * rng_unit(&g->rng)));
		if (at > end)
			at = end;
		if (P->prio >= PRIO_P2 && office_time(g, at) <= end)
			at = office_time(g, at);
		e[(*n)++] = (struct entry){.at = at, .author = handler_id(g, holder_at(P, at)), .kind = "note",
					   .md = list_pick(g, pool)};
		room--;
	}
}

/* The timeline: create, assignment, status changes and notes. *updated
 * receives the latest entry's time. */
static int add_journal(struct gen *g, struct chunk *ch, struct plan *P, int64_t incident_id, int64_t *updated)
{
	const struct life *L = &P->L;
	struct entry e[MAX_ENTRIES];
	int n = 0;
	e[n++] = (struct entry){.at = P->created, .author = handler_id(g, P->creator), .kind = "create"};
	if (P->assign_at) {
		e[n++] = (struct entry){.at = P->assign_at, .author = handler_id(g, P->creator >= 0 ? P->creator : P->assignee),
					.kind = "assign", .assign_from = -1, .assign_to = P->assignee};
	} else {
		int64_t at = P->created + rng_range(&g->rng, 60, 600);
		e[n++] = (struct entry){.at = at < g->now ? at : g->now, .author = handler_id(g, P->creator),
					.kind = "note", .md = PICK(g, notes_unassigned)};
	}
	if (P->reassign_to >= 0)
		e[n++] = (struct entry){.at = P->reassign_at, .author = handler_id(g, P->assignee), .kind = "assign",
					.assign_from = P->assignee, .assign_to = P->reassign_to};
	for (int i = 0; i < L->nsteps; i++)
		e[n++] = (struct entry){.at = L->at[i], .author = handler_id(g, holder_at(P, L->at[i])),
					.kind = "status", .data = g->status_data[L->from[i]][L->to[i]]};
	plan_followups(g, P, n);
	add_notes(g, P, e, &n);
	*updated = P->created;
	for (int i = 0; i < n; i++)
		if (e[i].at > *updated)
			*updated = e[i].at;
	return write_entries(g, ch, incident_id, e, n);
}

/* Queues the first report (the incident was created from it) and the
 * follow-ups; a linked follow-up gets its 'link' entry when it is keyed. */
static int queue_reports(struct gen *g, const struct plan *P, const struct inc_row *inc, int64_t *updated)
{
	if (P->st == RSTY_NONE)
		return 0;
	struct pending *p = pending_new(g, &P->rt, P->reported);
	if (p == NULL)
		return -1;
	p->state = RS_LINKED;
	p->tlp = P->tlp;
	p->org_unit_id = P->rt.employee && P->unit ? P->unit->id : 0;
	p->constituency_id = P->org->id;
	p->incident_id = inc->id;
	p->created_by = P->rt.by_handler ? inc->created_by : 0;
	p->updated_at = P->created;
	if (pending_push(g, p) < 0)
		return -1;
	for (int i = 0; i < P->nfu; i++) {
		struct report_text fu;
		const struct unit_rt *unit = NULL;
		if (P->t->followup == FU_MAIL) { /* a colleague elsewhere got the same mail */
			unit = pick_unit(g, P->org, NULL);
			setv(g, V_DEPT, unit ? unit->name : P->org->short_name);
			pick_person(g, P->org, 0);
			fu = (struct report_text){CH_EMAIL, "{person}", g->reporter_mail, PICK(g, fu_mail_subj),
						  PICK(g, fu_mail_body), 1, 0};
		} else if (P->t->followup == FU_SOC) {
			setvf(g, V_COUNT, "%u", 2 + rng_below(&g->rng, 30));
			fu = (struct report_text){CH_SOC, "SOC 監視センター", "soc@mssp.example", PICK(g, fu_soc_subj),
						  PICK(g, fu_soc_body), 0, 0};
		} else {
			pick_customer(g);
			fu = (struct report_text){CH_EMAIL, g->cust_full, g->cust_mail, PICK(g, fu_customer_subj),
						  PICK(g, fu_customer_body), 0, 0};
		}
		struct pending *q = pending_new(g, &fu, P->fu_received[i]);
		if (q == NULL)
			return -1;
		q->tlp = P->tlp;
		q->org_unit_id = unit ? unit->id : 0;
		q->constituency_id = P->org->id;
		q->state = RS_NEW;
		q->updated_at = P->fu_received[i];
		if (P->fu_link[i] != 0) {
			q->state = RS_LINKED;
			q->incident_id = inc->id;
			q->updated_at = P->fu_link[i];
			q->link_at = P->fu_link[i];
			q->link_author = handler_id(g, holder_at(P, P->fu_link[i]));
			if (P->fu_link[i] > *updated)
				*updated = P->fu_link[i];
		}
		if (pending_push(g, q) < 0)
			return -1;
	}
	return 0;
}

/* Generates one incident created at `created`: its row, journal and tasks
 * into the chunk, its reports into the queue. */
static int gen_incident(struct gen *g, struct chunk *ch, int64_t created)
{
	struct plan P;
	plan_incident(g, created, &P);
	plan_people(g, &P);

	struct inc_row *inc = ROW_ADD(ch->inc);
	if (inc == NULL) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	int year = key_year_of(created, g->offset);
	int64_t seq;
	if (seqs_next(&g->inc_seq, year, &seq) < 0 || key_format(inc->key, sizeof(inc->key), "INC", year, seq) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: cannot make an incident key for %d", year);
		return -1;
	}
	inc->id = g->next_incident_id++;
	inc->title = expand_dup(g, &ch->mem, list_variant(P.t->titles, P.v));
	inc->description = expand_dup(g, &ch->mem, list_variant(P.t->descs, P.v));
	if (inc->title == NULL || inc->description == NULL)
		return -1;
	inc->category = g->cat_ok[P.ti] ? P.t->category : NULL;
	inc->impact = P.impact;
	inc->urgency = P.urgency;
	inc->priority = P.prio;
	inc->status = P.L.status;
	inc->resolution = P.L.status == ST_CLOSED ? P.L.resolution : RES_NONE;
	inc->tlp = P.tlp;
	inc->pap = pick_pap(g, P.t->sens);
	inc->constituency_id = P.org->id;
	inc->org_unit_id = P.unit ? P.unit->id : 0;
	int holder = P.reassign_to >= 0 ? P.reassign_to : P.assignee;
	inc->assignee_id = handler_id(g, holder);
	inc->created_by = handler_id(g, P.creator);
	inc->is_exercise = P.t->exercise;
	inc->personal_data = P.t->pd_pct > 0 && rng_pct(&g->rng, P.t->pd_pct);
	inc->t = P.L.t;
	inc->created_at = created;
	g->n_inc++;

	int64_t updated;
	if (add_journal(g, ch, &P, inc->id, &updated) < 0 ||
	    add_tasks(g, ch, inc, P.k, P.org, holder, &updated) < 0 || queue_reports(g, &P, inc, &updated) < 0)
		return -1;
	inc->updated_at = updated > g->now ? g->now : updated;
	g->last_id[P.ti] = inc->id;
	memcpy(g->last_key[P.ti], inc->key, sizeof(inc->key));
	return 0;
}

/* A report still waiting for triage (new) or triaged but not yet linked. */
static int gen_waiting(struct gen *g, int64_t received)
{
	size_t ti = rng_weighted(&g->rng, g->loose_w, TMPL_COUNT, g->loose_wsum);
	const struct tmpl *t = &tmpls[ti];
	int oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	const struct unit_rt *unit = pick_unit(g, &g->orgs[oi], t->dept_pref);
	unsigned v = (unsigned)rng_below(&g->rng, 1u << 16);
	enum level urgency = pick_level(g, t->urg_lo, t->urg_hi);
	fill_vars(g, t, oi, unit, received - rng_range(&g->rng, 0, 3600), urgency);
	struct report_text rt;
	int phone = t->style == RSTY_EMP_MIX && t->pbody != NULL && rng_pct(&g->rng, 50);
	report_text_of(g, t, t->style, v, phone, &rt);
	struct pending *p = pending_new(g, &rt, received);
	if (p == NULL)
		return -1;
	int triaged = rng_pct(&g->rng, 30);
	p->state = triaged ? RS_TRIAGED : RS_NEW;
	p->tlp = rng_pct(&g->rng, 60) ? TLP_AMBER : TLP_GREEN;
	p->org_unit_id = rt.employee && unit ? unit->id : 0;
	int internal = rt.employee || rt.channel == CH_SOC || rt.channel == CH_API;
	p->constituency_id = (internal || triaged || rng_pct(&g->rng, 50)) ? g->orgs[oi].id : 0;
	p->created_by = rt.by_handler ? handler_id(g, pick_handler(g, &g->orgs[oi], p->tlp, -1)) : 0;
	p->updated_at = received;
	if (triaged) {
		int64_t at = received + rng_duration(&g->rng, 2400.0);
		p->updated_at = at > g->now ? g->now : at;
	}
	return pending_push(g, p);
}

/* A report rejected at triage: spam to the PoC address, a false alarm, or
 * something outside the CSIRT's remit. */
static int gen_rejected(struct gen *g, int64_t received)
{
	const struct loose_report *lr = &rejected_reports[rng_below(&g->rng, (uint32_t)REJECTED_COUNT)];
	int oi = (int)rng_weighted(&g->rng, g->org_w, (size_t)g->norgs, g->org_wsum);
	const struct unit_rt *unit = pick_unit(g, &g->orgs[oi], NULL);
	fill_vars(g, &tmpls[0], oi, unit, received, LEVEL_LOW);
	char prefix[8];
	snprintf(prefix, sizeof(prefix), "%s", g->orgs[oi].host_prefix);
	lower_ascii(prefix);
	setvf(g, V_SRV, "%s-web01", prefix); /* scanners look at the public web server */
	struct report_text rt = {lr->channel, lr->from, lr->addr, lr->subject, lr->body, lr->employee, 0};
	if (lr->employee) {
		rt.name = "{person}";
		rt.addr = lr->channel == CH_PHONE ? "内線 {ext}" : g->reporter_mail;
		rt.by_handler = lr->channel == CH_PHONE;
	}
	struct pending *p = pending_new(g, &rt, received);
	if (p == NULL)
		return -1;
	p->state = RS_REJECTED;
	p->reason = lr->reason;
	p->tlp = lr->reason == RJ_SPAM ? TLP_CLEAR : TLP_GREEN;
	p->org_unit_id = lr->employee && unit ? unit->id : 0;
	p->constituency_id = (lr->employee || lr->channel == CH_SOC) ? g->orgs[oi].id : 0;
	int triager = pick_handler(g, &g->orgs[oi], p->tlp, -1);
	p->created_by = rt.by_handler ? handler_id(g, triager) : 0;
	int64_t at = received + rng_duration(&g->rng, 2 * 3600.0);
	p->updated_at = at > g->now ? g->now : at;
	return pending_push(g, p);
}

/* Fills ch with the next CHUNK_INCIDENTS incidents (and whatever reports
 * fall due). *done is set when every stream is exhausted and the queue is
 * empty. */
static int gen_chunk(struct gen *g, struct chunk *ch, int *done)
{
	*done = 0;
	while (ch->inc.n < CHUNK_INCIDENTS) {
		struct stream *s = &g->s_inc;
		if (g->s_wait.next < s->next)
			s = &g->s_wait;
		if (g->s_rej.next < s->next)
			s = &g->s_rej;
		int64_t t = s->next;
		if (t == INT64_MAX)
			break;
		if (release_reports(g, ch, t - REPORT_LEAD_MAX) < 0)
			return -1;
		int rc = s == &g->s_inc ? gen_incident(g, ch, t) : s == &g->s_wait ? gen_waiting(g, t) : gen_rejected(g, t);
		if (rc < 0)
			return -1;
		stream_advance(s, &g->tl, &g->rng, g->now);
	}
	if (g->s_inc.next == INT64_MAX && g->s_wait.next == INT64_MAX && g->s_rej.next == INT64_MAX) {
		if (release_reports(g, ch, INT64_MAX) < 0)
			return -1;
		*done = 1;
	}
	ch->inc_seq = g->inc_seq;
	ch->rpt_seq = g->rpt_seq;
	return 0;
}

/* --- store: the organisation (setup job) ----------------------------------- */

struct setup_job {
	struct gen *g;
	int64_t created_at; /* when the organisation "was set up" */
};

static int scalar_int(struct db_conn *c, const char *sql, int64_t *out)
{
	struct db_stmt *st = db_prepare(c, sql);
	if (st == NULL)
		return -1;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = db_col_int(st, 0);
	db_done(st);
	return rc == DB_ROW ? 0 : -1;
}

/* Creates the demo constituencies and their org-unit trees (parents first). */
static int create_orgs(struct db_conn *c, struct gen *g, int64_t at)
{
	static const char ins_org[] = "INSERT INTO constituency (code, name, name_en, description, created_at, "
				      "updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)";
	static const char ins_unit[] = "INSERT INTO org_unit (constituency_id, parent_id, name, name_en, "
				       "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)";
	for (size_t i = 0; i < DEMO_ORG_COUNT; i++) {
		const struct demo_org *d = &demo_orgs[i];
		struct db_stmt *st = db_prepare(c, ins_org);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, d->code);
		db_bind_text(st, 2, d->name);
		db_bind_text(st, 3, d->name_en);
		db_bind_text(st, 4, d->description);
		db_bind_int(st, 5, at);
		db_bind_int(st, 6, at);
		if (db_exec_stmt(st) < 0)
			return -1;
		int64_t org_id = db_last_insert_id(c);
		g->orgs_created++;
		int64_t unit_ids[16] = {0};
		for (int u = 0; d->units[u].name != NULL && u < 16; u++) {
			const struct demo_unit *du = &d->units[u];
			st = db_prepare(c, ins_unit);
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, org_id);
			db_bind_int_or_null(st, 2, du->parent >= 0 ? unit_ids[du->parent] : 0);
			db_bind_text(st, 3, du->name);
			db_bind_text(st, 4, du->name_en);
			db_bind_int(st, 5, at);
			db_bind_int(st, 6, at);
			if (db_exec_stmt(st) < 0)
				return -1;
			unit_ids[u] = db_last_insert_id(c);
			g->units_created++;
		}
	}
	return 0;
}

/* Creates the demo users (no password, see demo_users) and their scopes. */
static int create_users(struct db_conn *c, struct gen *g, int64_t at)
{
	static const char ins_user[] =
		"INSERT INTO app_user (login, display_name, email, role, all_constituencies, lang, time_zone, "
		"tlp_max, password_hash, disabled, created_at, updated_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, 0, ?, ?, 1)";
	static const char org_by_code[] = "SELECT id FROM constituency WHERE code = ?";
	static const char ins_scope[] = "INSERT INTO user_constituency (user_id, constituency_id) VALUES (?, ?)";
	for (size_t i = 0; i < DEMO_USER_COUNT; i++) {
		const struct demo_user *u = &demo_users[i];
		char email[96];
		snprintf(email, sizeof(email), "%s@hikeshi-demo.example", u->login);
		struct db_stmt *st = db_prepare(c, ins_user);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, u->login);
		db_bind_text(st, 2, u->display_name);
		db_bind_text(st, 3, email);
		db_bind_text(st, 4, u->role);
		db_bind_int(st, 5, u->scope == NULL);
		db_bind_text(st, 6, u->lang);
		db_bind_text(st, 7, u->time_zone);
		db_bind_text(st, 8, u->tlp_max);
		db_bind_int(st, 9, at);
		db_bind_int(st, 10, at);
		if (db_exec_stmt(st) < 0)
			return -1;
		int64_t user_id = db_last_insert_id(c);
		g->users_created++;
		for (const char *p = u->scope; p != NULL && *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			char code[33];
			snprintf(code, sizeof(code), "%.*s", (int)len, p);
			p += len + (comma ? 1 : 0);
			st = db_prepare(c, org_by_code);
			if (st == NULL)
				return -1;
			db_bind_text(st, 1, code);
			int rc = db_step(st);
			int64_t org_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
			db_done(st);
			if (rc < 0)
				return -1;
			if (org_id == 0)
				continue; /* the constituencies are not ours: the user sees none of them */
			st = db_prepare(c, ins_scope);
			if (st == NULL)
				return -1;
			db_bind_int(st, 1, user_id);
			db_bind_int(st, 2, org_id);
			if (db_exec_stmt(st) < 0)
				return -1;
		}
	}
	return 0;
}

/* The constituency's texts: ours come with names, domains and host names;
 * another team's are used with their name and a host prefix from the code. */
static void org_from_row(struct gen *g, struct org_rt *o, struct db_stmt *st)
{
	memset(o, 0, sizeof(*o));
	o->id = db_col_int(st, 0);
	const char *code = db_col_text(st, 1);
	for (size_t i = 0; i < DEMO_ORG_COUNT; i++)
		if (strcmp(code, demo_orgs[i].code) == 0)
			o->demo = &demo_orgs[i];
	copy_text(o->name, sizeof(o->name), db_col_text(st, 2));
	copy_text(o->name_en, sizeof(o->name_en), db_col_text(st, 3));
	if (o->demo != NULL) {
		copy_text(o->short_name, sizeof(o->short_name), o->demo->short_name);
		copy_text(o->domain, sizeof(o->domain), o->demo->domain);
		copy_text(o->web, sizeof(o->web), o->demo->web);
		copy_text(o->host_prefix, sizeof(o->host_prefix), o->demo->host_prefix);
		g->org_w[g->norgs] = o->demo->weight;
		return;
	}
	copy_text(o->short_name, sizeof(o->short_name), o->name);
	size_t j = 0;
	for (const char *p = code; *p && j < 3; p++)
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
			o->host_prefix[j++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	o->host_prefix[j] = '\0';
	if (j == 0)
		copy_text(o->host_prefix, sizeof(o->host_prefix), "PC");
	g->org_w[g->norgs] = 10;
}

/* Reads the constituencies (the first MAX_ORGS) and their org units. */
static int load_orgs(struct db_conn *c, struct gen *g)
{
	static const char orgs[] = "SELECT id, code, name, name_en FROM constituency ORDER BY id";
	static const char units[] = "SELECT id, constituency_id, name, name_en FROM org_unit "
				    "ORDER BY constituency_id, id";
	int rc;
	struct db_stmt *st = db_prepare(c, orgs);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->norgs < MAX_ORGS) {
		org_from_row(g, &g->orgs[g->norgs], st);
		g->org_wsum += g->org_w[g->norgs];
		g->norgs++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, units);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->nunits < MAX_UNITS) {
		int64_t org_id = db_col_int(st, 1);
		for (int i = 0; i < g->norgs; i++) {
			struct org_rt *o = &g->orgs[i];
			if (o->id != org_id)
				continue;
			if (o->unit_count == 0)
				o->unit_first = g->nunits; /* rows come grouped by constituency */
			struct unit_rt *u = &g->units[g->nunits++];
			u->id = db_col_int(st, 0);
			copy_text(u->name, sizeof(u->name), db_col_text(st, 2));
			copy_text(u->name_en, sizeof(u->name_en), db_col_text(st, 3));
			o->unit_count++;
			break;
		}
	}
	db_done(st);
	return rc < 0 ? -1 : 0;
}

/* Reads the users who may be assignees and which constituencies each may
 * handle: the handlers, or the admin when there is no handler. */
static int load_handlers(struct db_conn *c, struct gen *g)
{
	static const char users[] = "SELECT id, login, role, all_constituencies, tlp_max FROM app_user "
				    "WHERE disabled = 0 AND role IN ('admin', 'handler') ORDER BY id";
	static const char scopes[] = "SELECT user_id, constituency_id FROM user_constituency";
	int all[MAX_HANDLERS], admin[MAX_HANDLERS], have_handler = 0, rc;
	unsigned char scoped[MAX_HANDLERS][MAX_ORGS];
	memset(scoped, 0, sizeof(scoped));

	struct db_stmt *st = db_prepare(c, users);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW && g->nhandlers < MAX_HANDLERS) {
		struct handler_rt *h = &g->handlers[g->nhandlers];
		h->id = db_col_int(st, 0);
		const char *login = db_col_text(st, 1);
		h->weight = 20;
		for (size_t i = 0; i < DEMO_USER_COUNT; i++)
			if (strcmp(login, demo_users[i].login) == 0)
				h->weight = demo_users[i].weight;
		admin[g->nhandlers] = strcmp(db_col_text(st, 2), "admin") == 0;
		have_handler |= !admin[g->nhandlers];
		all[g->nhandlers] = (int)db_col_int(st, 3);
		if (tlp_parse(db_col_text(st, 4), &h->tlp_max) < 0)
			h->tlp_max = TLP_CLEAR;
		g->nhandlers++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, scopes);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t uid = db_col_int(st, 0), oid = db_col_int(st, 1);
		for (int h = 0; h < g->nhandlers; h++)
			for (int o = 0; o < g->norgs; o++)
				if (g->handlers[h].id == uid && g->orgs[o].id == oid)
					scoped[h][o] = 1;
	}
	db_done(st);
	if (rc < 0)
		return -1;
	for (int o = 0; o < g->norgs; o++)
		for (int h = 0; h < g->nhandlers; h++)
			if ((!have_handler || !admin[h]) && (all[h] || scoped[h][o]))
				g->orgs[o].handlers[g->orgs[o].nhandlers++] = h;
	return 0;
}

/* Reads the priority matrix, the key sequences, the highest ids and which
 * template categories the taxonomy has. */
static int load_state(struct db_conn *c, struct gen *g)
{
	static const char matrix[] = "SELECT impact, urgency, priority FROM priority_matrix";
	static const char seqs[] = "SELECT kind, year, last FROM key_seq";
	static const char max_inc[] = "SELECT coalesce(max(id), 0) FROM incident";
	static const char max_rpt[] = "SELECT coalesce(max(id), 0) FROM report";
	static const char tax[] = "SELECT 1 FROM taxonomy WHERE code = ?";
	int rc;

	struct db_stmt *st = db_prepare(c, matrix);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		enum level i, u;
		enum priority p;
		if (level_parse(db_col_text(st, 0), &i) == 0 && level_parse(db_col_text(st, 1), &u) == 0 &&
		    priority_parse(db_col_text(st, 2), &p) == 0)
			g->pm.cell[i][u] = p;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	st = db_prepare(c, seqs);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		struct seqs *s = strcmp(kind, "INC") == 0 ? &g->inc_seq : strcmp(kind, "RPT") == 0 ? &g->rpt_seq : NULL;
		if (s == NULL || s->n == MAX_YEARS)
			continue;
		s->year[s->n] = (int)db_col_int(st, 1);
		s->last[s->n] = db_col_int(st, 2);
		s->n++;
	}
	db_done(st);
	if (rc < 0)
		return -1;

	if (scalar_int(c, max_inc, &g->next_incident_id) < 0 || scalar_int(c, max_rpt, &g->next_report_id) < 0)
		return -1;
	g->next_incident_id++;
	g->next_report_id++;

	for (size_t i = 0; i < TMPL_COUNT; i++) {
		st = db_prepare(c, tax);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, tmpls[i].category);
		rc = db_step(st);
		db_done(st);
		if (rc < 0)
			return -1;
		g->cat_ok[i] = rc == DB_ROW;
		if (!g->cat_ok[i])
			log_warn("demo: taxonomy has no %s; those incidents get no category", tmpls[i].category);
	}
	return 0;
}

static int setup_job_fn(struct db_conn *c, void *arg)
{
	struct setup_job *j = arg;
	struct gen *g = j->g;
	static const char count_orgs[] = "SELECT count(*) FROM constituency";
	static const char count_users[] = "SELECT count(*) FROM app_user";
	int64_t n;
	if (scalar_int(c, count_orgs, &n) < 0 || (n == 0 && create_orgs(c, g, j->created_at) < 0))
		goto fail;
	if (scalar_int(c, count_users, &n) < 0 || (n <= 1 && create_users(c, g, j->created_at) < 0))
		goto fail;
	if (load_orgs(c, g) < 0 || load_handlers(c, g) < 0 || load_state(c, g) < 0)
		goto fail;
	return 0;
fail:
	snprintf(g->err, sizeof(g->err), "demo: cannot set up the organisation: %s", db_errmsg(c));
	return -1;
}

/* --- store: one chunk (write job) ------------------------------------------ */

/*
 * Incidents and reports are written through TEMP staging tables and moved
 * into place with one INSERT ... SELECT per chunk. The full-text triggers
 * still fire for every row, but FTS5 does per-statement work (flushing its
 * pending terms into a new segment, which later has to be merged), so one
 * statement per 2000 rows instead of one per row makes loading twice as
 * fast (measured on 2 cores: 100k incidents 70 s -> 33 s; without the FTS
 * triggers at all it would be about 9 s). The staging tables copy
 * the real tables' columns (WHERE 1 = 0), live only on the writer
 * connection, and are dropped at the end; everything stays inside the
 * chunk's transaction, so a failure leaves nothing half-indexed.
 */
#define INCIDENT_COLUMNS                                                                           \
	"id, key, title, description, category, impact, urgency, priority, status, resolution, tlp, "   \
	"pap, constituency_id, org_unit_id, assignee_id, created_by, is_exercise, personal_data, "   \
	"merged_into_id, occurred_at, detected_at, reported_at, acknowledged_at, contained_at, "    \
	"resolved_at, closed_at, created_at, updated_at, version"
#define REPORT_COLUMNS                                                                             \
	"id, key, channel, reporter_name, reporter_address, reporter_org_unit_id, received_at, "    \
	"subject, body, state, rejection_reason, tlp, constituency_id, incident_id, fingerprint, "  \
	"duplicate_of_id, created_by, created_at, updated_at, version"

static int exec_literal(struct db_conn *c, const char *sql)
{
	struct db_stmt *st = db_prepare(c, sql);
	return st == NULL ? -1 : db_exec_stmt(st);
}

static int staging_create(struct db_conn *c)
{
	static const char inc[] = "CREATE TEMP TABLE IF NOT EXISTS demo_incident AS SELECT " INCIDENT_COLUMNS
				  " FROM incident WHERE 1 = 0";
	static const char rpt[] = "CREATE TEMP TABLE IF NOT EXISTS demo_report AS SELECT " REPORT_COLUMNS
				  " FROM report WHERE 1 = 0";
	return exec_literal(c, inc) < 0 || exec_literal(c, rpt) < 0 ? -1 : 0;
}

static int staging_drop(struct db_conn *c)
{
	static const char inc[] = "DROP TABLE IF EXISTS temp.demo_incident";
	static const char rpt[] = "DROP TABLE IF EXISTS temp.demo_report";
	return exec_literal(c, inc) < 0 || exec_literal(c, rpt) < 0 ? -1 : 0;
}

struct chunk_job {
	struct gen *g;
	const struct chunk *ch;
};

static int write_seqs(struct db_conn *c, const char *kind, const struct seqs *s)
{
	static const char upsert[] =
		"INSERT INTO key_seq (kind, year, last) VALUES (?, ?, ?) ON CONFLICT (kind, year) DO UPDATE "
		"SET last = CASE WHEN excluded.last > key_seq.last THEN excluded.last ELSE key_seq.last END";
	for (int i = 0; i < s->n; i++) {
		struct db_stmt *st = db_prepare(c, upsert);
		if (st == NULL)
			return -1;
		db_bind_text(st, 1, kind);
		db_bind_int(st, 2, s->year[i]);
		db_bind_int(st, 3, s->last[i]);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

static int insert_incidents(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] =
		"INSERT INTO temp.demo_incident (id, key, title, description, category, impact, urgency, priority, status, "
		"resolution, tlp, pap, constituency_id, org_unit_id, assignee_id, created_by, is_exercise, "
		"personal_data, merged_into_id, occurred_at, detected_at, reported_at, acknowledged_at, "
		"contained_at, resolved_at, closed_at, created_at, updated_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
	static const char move[] =
		"INSERT INTO incident (" INCIDENT_COLUMNS ") SELECT " INCIDENT_COLUMNS " FROM temp.demo_incident ORDER BY id";
	static const char clear[] = "DELETE FROM temp.demo_incident";
	for (size_t i = 0; i < ch->inc.n; i++) {
		const struct inc_row *r = &ch->inc.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->key);
		db_bind_text(st, 3, r->title);
		db_bind_text(st, 4, r->description);
		db_bind_text(st, 5, r->category);
		db_bind_text(st, 6, level_name(r->impact));
		db_bind_text(st, 7, level_name(r->urgency));
		db_bind_text(st, 8, priority_name(r->priority));
		db_bind_text(st, 9, workflow_status_name(r->status));
		db_bind_text(st, 10, r->resolution == RES_NONE ? NULL : workflow_resolution_name(r->resolution));
		db_bind_text(st, 11, tlp_name(r->tlp));
		db_bind_text(st, 12, pap_name(r->pap));
		db_bind_int(st, 13, r->constituency_id);
		db_bind_int_or_null(st, 14, r->org_unit_id);
		db_bind_int_or_null(st, 15, r->assignee_id);
		db_bind_int_or_null(st, 16, r->created_by);
		db_bind_int(st, 17, r->is_exercise);
		db_bind_int(st, 18, r->personal_data);
		db_bind_int_or_null(st, 19, r->t.occurred);
		db_bind_int_or_null(st, 20, r->t.detected);
		db_bind_int_or_null(st, 21, r->t.reported);
		db_bind_int_or_null(st, 22, r->t.acknowledged);
		db_bind_int_or_null(st, 23, r->t.contained);
		db_bind_int_or_null(st, 24, r->t.resolved);
		db_bind_int_or_null(st, 25, r->t.closed);
		db_bind_int(st, 26, r->created_at);
		db_bind_int(st, 27, r->updated_at);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return exec_literal(c, move) < 0 || exec_literal(c, clear) < 0 ? -1 : 0;
}

static int insert_reports(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] =
		"INSERT INTO temp.demo_report (id, key, channel, reporter_name, reporter_address, reporter_org_unit_id, "
		"received_at, subject, body, state, rejection_reason, tlp, constituency_id, incident_id, "
		"fingerprint, duplicate_of_id, created_by, created_at, updated_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 1)";
	static const char move[] =
		"INSERT INTO report (" REPORT_COLUMNS ") SELECT " REPORT_COLUMNS " FROM temp.demo_report ORDER BY id";
	static const char clear[] = "DELETE FROM temp.demo_report";
	for (size_t i = 0; i < ch->rpt.n; i++) {
		const struct rpt_row *r = &ch->rpt.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->id);
		db_bind_text(st, 2, r->key);
		db_bind_text(st, 3, report_channel_name(r->channel));
		db_bind_text(st, 4, r->name);
		db_bind_text(st, 5, r->addr);
		db_bind_int_or_null(st, 6, r->org_unit_id);
		db_bind_int(st, 7, r->received_at);
		db_bind_text(st, 8, r->subject);
		db_bind_text(st, 9, r->body);
		db_bind_text(st, 10, report_state_name(r->state));
		db_bind_text(st, 11, r->reason == RJ_NONE ? NULL : report_reject_name(r->reason));
		db_bind_text(st, 12, tlp_name(r->tlp));
		db_bind_int_or_null(st, 13, r->constituency_id);
		db_bind_int_or_null(st, 14, r->incident_id);
		db_bind_text(st, 15, r->fingerprint);
		db_bind_int_or_null(st, 16, r->created_by);
		db_bind_int(st, 17, r->received_at);
		db_bind_int(st, 18, r->updated_at);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return exec_literal(c, move) < 0 || exec_literal(c, clear) < 0 ? -1 : 0;
}

static int insert_journal(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] = "INSERT INTO journal (incident_id, at, author_id, kind, body_md, body_html, data) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?)";
	for (size_t i = 0; i < ch->jrn.n; i++) {
		const struct jrn_row *r = &ch->jrn.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->incident_id);
		db_bind_int(st, 2, r->at);
		db_bind_int_or_null(st, 3, r->author_id);
		db_bind_text(st, 4, r->kind);
		db_bind_text(st, 5, r->body_md);
		db_bind_text(st, 6, r->body_html);
		db_bind_text(st, 7, r->data);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

static int insert_tasks(struct db_conn *c, const struct chunk *ch)
{
	static const char sql[] = "INSERT INTO task (incident_id, title, assignee_id, due_at, done, done_at, "
				  "created_by, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
	for (size_t i = 0; i < ch->task.n; i++) {
		const struct task_row *r = &ch->task.a[i];
		struct db_stmt *st = db_prepare(c, sql);
		if (st == NULL)
			return -1;
		db_bind_int(st, 1, r->incident_id);
		db_bind_text(st, 2, r->title);
		db_bind_int_or_null(st, 3, r->assignee_id);
		db_bind_int_or_null(st, 4, r->due_at);
		db_bind_int(st, 5, r->done);
		db_bind_int_or_null(st, 6, r->done_at);
		db_bind_int_or_null(st, 7, r->created_by);
		db_bind_int(st, 8, r->created_at);
		db_bind_int(st, 9, r->updated_at);
		if (db_exec_stmt(st) < 0)
			return -1;
	}
	return 0;
}

/* Writes a chunk: incidents before the reports and journal entries that
 * reference them, and key_seq up to the last key written. */
static int chunk_job_fn(struct db_conn *c, void *arg)
{
	struct chunk_job *j = arg;
	if (staging_create(c) < 0 || insert_incidents(c, j->ch) < 0 || insert_reports(c, j->ch) < 0 ||
	    insert_journal(c, j->ch) < 0 ||
	    insert_tasks(c, j->ch) < 0 || write_seqs(c, "INC", &j->ch->inc_seq) < 0 ||
	    write_seqs(c, "RPT", &j->ch->rpt_seq) < 0) {
		snprintf(j->g->err, sizeof(j->g->err), "demo: writing failed: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

struct audit_job {
	struct gen *g;
	json_t *summary;
};

static int audit_job_fn(struct db_conn *c, void *arg)
{
	struct audit_job *j = arg;
	const struct audit_actor cli = {0, "cli"};
	if (staging_drop(c) < 0 || audit_append(c, &cli, "demo.load", "database", "demo", j->summary) < 0) {
		snprintf(j->g->err, sizeof(j->g->err), "demo: cannot write the audit row: %s", db_errmsg(c));
		return -1;
	}
	return 0;
}

/* --- the entry point ------------------------------------------------------- */

void demo_options_default(struct demo_options *o)
{
	o->incidents = DEMO_DEFAULT_INCIDENTS;
	o->seed = DEMO_DEFAULT_SEED;
	o->now = time_now();
	o->utc_offset_minutes = DEMO_DEFAULT_UTC_OFFSET;
}

static int gen_init(struct gen *g, const struct demo_options *o)
{
	g->rng.s = o->seed;
	g->now = o->now;
	g->offset = o->utc_offset_minutes;
	buf_init(&g->tmp, TEXT_MAX);
	for (int i = 0; i < V_N; i++)
		g->var_len[i] = strlen(var_names[i]);
	priority_matrix_default(&g->pm);
	for (int a = 0; a < ST_COUNT; a++) {
		for (int b = 0; b < ST_COUNT; b++) {
			if (!workflow_allowed((enum incident_status)a, (enum incident_status)b))
				continue;
			json_t *d = json_pack("{s:s, s:s}", "from", workflow_status_name((enum incident_status)a), "to",
					      workflow_status_name((enum incident_status)b));
			g->status_data[a][b] = d ? json_dumps(d, JSON_COMPACT) : NULL;
			json_decref(d);
			if (g->status_data[a][b] == NULL)
				return -1;
		}
	}
	for (size_t i = 0; i < TMPL_COUNT; i++) {
		if (tmpls[i].exercise) {
			g->exercise_tmpls[g->n_exercise_tmpls++] = i;
			continue;
		}
		g->tmpl_w[i] = tmpls[i].weight;
		g->tmpl_wsum += tmpls[i].weight;
		if (tmpls[i].style != RSTY_NONE && !tmpls[i].exercise) {
			g->loose_w[i] = tmpls[i].weight;
			g->loose_wsum += tmpls[i].weight;
		}
	}
	return timeline_init(&g->tl, g->now, g->offset);
}

static void gen_free(struct gen *g)
{
	for (size_t i = 0; i < g->heap.n; i++)
		pending_free(g->heap.a[i]);
	free(g->heap.a);
	for (int a = 0; a < ST_COUNT; a++)
		for (int b = 0; b < ST_COUNT; b++)
			free(g->status_data[a][b]);
	free(g->tl.cum);
	buf_free(&g->tmp);
	free(g);
}

static void stream_start(struct gen *g, struct stream *s, int64_t count, double lo)
{
	s->count = count;
	s->idx = 0;
	s->next = 0;
	s->lo = lo;
	stream_advance(s, &g->tl, &g->rng, g->now);
}

/* db_write's result as a message in g->err (when the job left none). */
static int write_failed(struct gen *g, int wrc)
{
	if (wrc == DB_WRITE_FAILED)
		snprintf(g->err, sizeof(g->err), "demo: the database could not commit (disk full or I/O error?)");
	else if (g->err[0] == '\0')
		snprintf(g->err, sizeof(g->err), "demo: writing failed");
	return -1;
}

/* Generates and writes every chunk, logging progress for large sizes. */
static int load_chunks(struct db *db, struct gen *g, int64_t n)
{
	struct chunk ch;
	memset(&ch, 0, sizeof(ch));
	int rc = 0;
	int64_t t0 = time_now(), next_progress = n / 10;
	for (int done = 0; !done && rc == 0;) {
		chunk_reset(&ch);
		if (gen_chunk(g, &ch, &done) < 0) {
			rc = -1;
			break;
		}
		if (ch.inc.n + ch.rpt.n + ch.jrn.n + ch.task.n == 0)
			continue;
		struct chunk_job cj = {g, &ch};
		int wrc = db_write(db, chunk_job_fn, &cj);
		if (wrc != 0)
			rc = write_failed(g, wrc);
		else if (n >= PROGRESS_MIN && g->n_inc >= next_progress && !done) {
			log_info("demo: %" PRId64 "/%" PRId64 " incidents, %" PRId64 " reports (%" PRId64 " s)", g->n_inc,
				 n, g->n_rpt, time_now() - t0);
			next_progress += n / 10;
		}
	}
	chunk_free(&ch);
	return rc;
}

/* The one audit row for the whole load. */
static int write_audit(struct db *db, struct gen *g, const struct demo_options *o)
{
	json_t *seed = o->seed <= INT64_MAX ? json_integer((json_int_t)o->seed) : json_sprintf("%" PRIu64, o->seed);
	struct audit_job aj = {g, json_pack("{s:I, s:I, s:I, s:I, s:o, s:I, s:i, s:i, s:i}", "incidents",
					     (json_int_t)g->n_inc, "reports", (json_int_t)g->n_rpt,
					     "journal_entries", (json_int_t)g->n_jrn, "tasks", (json_int_t)g->n_task,
					     "seed", seed, "now", (json_int_t)g->now, "constituencies_created",
					     g->orgs_created, "org_units_created", g->units_created,
					     "users_created", g->users_created)};
	if (aj.summary == NULL) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		return -1;
	}
	int wrc = db_write(db, audit_job_fn, &aj);
	json_decref(aj.summary);
	return wrc == 0 ? 0 : write_failed(g, wrc);
}

int demo_load(struct db *db, const struct demo_options *o, char *err, size_t errlen)
{
	if (db == NULL || o == NULL || o->incidents < 0 || o->incidents > DEMO_MAX_INCIDENTS) {
		snprintf(err, errlen, "demo: the number of incidents must be between 0 and %d", DEMO_MAX_INCIDENTS);
		return -1;
	}
	if (o->utc_offset_minutes < -14 * 60 || o->utc_offset_minutes > 14 * 60) {
		snprintf(err, errlen, "demo: the UTC offset must be between -14:00 and +14:00");
		return -1;
	}
	/* Keys need years 1970..9999 for the whole year before now. */
	if (o->now < 2 * 366 * 86400LL || o->now > 253402214400LL) {
		snprintf(err, errlen, "demo: \"now\" is out of range");
		return -1;
	}
	struct gen *g = calloc(1, sizeof(*g));
	if (g == NULL) {
		snprintf(err, errlen, "demo: out of memory");
		return -1;
	}
	int rc = -1;
	int64_t n = o->incidents, t0 = time_now();
	struct setup_job sj = {g, o->now - 400 * 86400LL};
	if (gen_init(g, o) < 0) {
		snprintf(g->err, sizeof(g->err), "demo: out of memory");
		goto out;
	}
	int wrc = db_write(db, setup_job_fn, &sj);
	if (wrc != 0) {
		write_failed(g, wrc);
		goto out;
	}
	if (g->norgs == 0) {
		snprintf(g->err, sizeof(g->err), "demo: the database has no constituency");
		goto out;
	}
	stream_start(g, &g->s_inc, n, 0.0);
	stream_start(g, &g->s_wait, (n + 5) / 10, timeline_fraction(&g->tl, g->now - 10 * 86400LL));
	stream_start(g, &g->s_rej, (n + 7) / 15, 0.0);
	if (load_chunks(db, g, n) < 0 || write_audit(db, g, o) < 0)
		goto out;
	if (n >= PROGRESS_MIN)
		log_info("demo: done: %" PRId64 " incidents, %" PRId64 " reports, %" PRId64 " journal entries, %" PRId64
			 " tasks in %" PRId64 " s",
			 g->n_inc, g->n_rpt, g->n_jrn, g->n_task, time_now() - t0);
	rc = 0;
out:
	if (rc != 0)
		snprintf(err, errlen, "%s", g->err[0] ? g->err : "demo: loading failed");
	gen_free(g);
	return rc;
}
