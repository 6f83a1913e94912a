/*
 * The contact network of the demo data set (連絡体制図): the HQ's CISO,
 * management, 部門長 of a few departments, 広報, 法務, 総務, a 情報セキュリティ
 * 推進者, the CSIRT's on-call rota, and external bodies (JPCERT/CC, IPA, the
 * police's cyber-crime desk, an ISAC, vendors, group companies, the SOC
 * contractor, counsel, the cyber-insurance desk). Addresses use reserved
 * .example domains; phone numbers use the unassigned 0000 exchange
 * (03-0000-xxxx, 090-0000-xxxx), so none reaches a real person. A few
 * entries are overdue for review, so the 要見直し badge and the reminders
 * have something to show. Loaded through the real use case, once (only
 * when the directory is empty).
 */
#include "app/demo.h"

#include "app/actor.h"
#include "app/contact.h"
#include "lib/timeutil.h"
#include "store/constituency.h"
#include "store/contact.h"
#include "store/db.h"
#include "store/store.h"
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400

struct demo_contact {
	const char *kind, *name, *name_en, *organization, *org_type, *unit, *role, *title, *groups;
	const char *email, *phone, *mobile, *fingerprint;
	int on_call;
	const char *rota, *owner;
	int reviewed_days_ago; /* -1: never reviewed */
	int interval;
	const char *notes;
};

static const struct demo_contact contact_entries[] = {
        /* internal: management and the functions escalations go to */
        {"internal", "山本 誠", "Makoto Yamamoto", "火消し工業株式会社", NULL, "経営企画部", "ciso", "取締役 CISO",
         "[\"management\"]", "yamamoto.makoto@hikeshi-demo.example", "03-0000-1001", "090-0000-1001", NULL, 0, "",
         "sato", 60, 365, "重大インシデント（P1）は時間帯を問わず携帯へ。"},
        {"internal", "木村 浩二", "Koji Kimura", "火消し工業株式会社", NULL, "経営企画部", "management",
         "代表取締役社長", "[\"management\"]", "kimura.koji@hikeshi-demo.example", "03-0000-1000", "", NULL, 0, "",
         "sato", 60, 365, "連絡は原則 CISO 経由。"},
        {"internal", "中村 恵", "Megumi Nakamura", "火消し工業株式会社", NULL, "広報部", "pr", "広報部長", "[\"pr\"]",
         "nakamura.megumi@hikeshi-demo.example", "03-0000-1201", "080-0000-1201", NULL, 0, "", "suzuki", 120, 365,
         "報道対応・公表文の確認。"},
        {"internal", "小林 隆", "Takashi Kobayashi", "火消し工業株式会社", NULL, "法務部", "legal", "法務部長",
         "[\"legal\"]", "kobayashi.takashi@hikeshi-demo.example", "03-0000-1301", "090-0000-1301", NULL, 0, "",
         "suzuki", 400, 365, "個人情報保護委員会への報告要否の判断。"},
        {"internal", "加藤 裕子", "Yuko Kato", "火消し工業株式会社", NULL, "人事部", "general_affairs",
         "総務・人事課長", "[\"general_affairs\"]", "kato.yuko@hikeshi-demo.example", "03-0000-1401", "", NULL, 0, "",
         "suzuki", 200, 365, "社内周知・入退室記録の確認。"},
        {"internal", "吉田 直樹", "Naoki Yoshida", "火消し工業株式会社", NULL, "情報システム部", "division_head",
         "情報システム部長", "[\"it\"]", "yoshida.naoki@hikeshi-demo.example", "03-0000-1501", "090-0000-1501", NULL, 0,
         "", "takahashi", 30, 365, "システム停止の判断は部長決裁。"},
        {"internal", "井上 亮", "Ryo Inoue", "火消し工業株式会社", NULL, "製造部", "division_head", "製造部長", "[]",
         "inoue.ryo@hikeshi-demo.example", "03-0000-1601", "", NULL, 0, "", "takahashi", -1, 365, ""},
        {"internal", "松本 美穂", "Miho Matsumoto", "火消し工業株式会社", NULL, "経理部", "security_promoter",
         "経理部 情報セキュリティ推進者", "[]", "matsumoto.miho@hikeshi-demo.example", "03-0000-1701", "", NULL, 0, "",
         "takahashi", 100, 365, ""},
        {"internal", "清水 悠斗", "Yuto Shimizu", "火消し工業株式会社", NULL, "インフラ課", "it", "インフラ課長",
         "[\"it\"]", "shimizu.yuto@hikeshi-demo.example", "03-0000-1502", "090-0000-1502", NULL, 0, "", "takahashi",
         150, 180, "ネットワーク遮断の実作業。"},
        /* the CSIRT's on-call rota */
        {"internal", "佐藤 健一", "Kenichi Sato", "火消し工業株式会社", NULL, "情報システム部", "csirt",
         "CSIRT リーダー", "[\"csirt\"]", "sato@hikeshi-demo.example", "03-0000-2001", "090-0000-2001", NULL, 1,
         "第1・第3週 平日夜間", "sato", 20, 90, ""},
        {"internal", "鈴木 美咲", "Misaki Suzuki", "火消し工業株式会社", NULL, "情報システム部", "csirt",
         "CSIRT メンバー", "[\"csirt\"]", "suzuki@hikeshi-demo.example", "03-0000-2002", "090-0000-2002", NULL, 1,
         "第2・第4週 平日夜間・週末", "sato", 20, 90, ""},
        {"internal", "高橋 翔太", "Shota Takahashi", "火消し工業株式会社", NULL, "情報システム部", "csirt",
         "CSIRT メンバー", "[\"csirt\"]", "takahashi@hikeshi-demo.example", "03-0000-2003", "090-0000-2003", NULL, 0,
         "休日当番（月 1 回）", "sato", 120, 90, ""},
        /* external bodies */
        {"external", "インシデント対応依頼窓口", "Incident response desk", "JPCERT コーディネーションセンター",
         "coordination", NULL, "", "", "[\"external\"]", "info@jpcert.example", "03-0000-7001", "",
         "4A2B 19C0 77D1 0E3F 5A6B 8C9D 0E1F 2A3B 4C5D 6E7F", 0, "", "sato", 90, 365,
         "報告は PGP で暗号化。TLP:AMBER まで共有可。"},
        {"external", "セキュリティセンター 届出窓口", "Security Center", "独立行政法人 情報処理推進機構（IPA）",
         "government", NULL, "", "", "[\"external\"]", "vuln@ipa.example", "03-0000-7101", "", NULL, 0, "", "sato", 300,
         365, "ウイルス・不正アクセスの届出。"},
        {"external", "サイバー犯罪相談窓口", "Cyber crime desk", "警視庁 サイバー犯罪対策課", "police", NULL, "", "",
         "[\"external\"]", "", "03-0000-0110", "", NULL, 0, "", "sato", 420, 365, "被害届の相談。事前に法務部と協議。"},
        {"external", "事務局", "Secretariat", "製造業 ISAC（架空）", "isac", NULL, "", "", "[\"external\"]",
         "office@mfg-isac.example", "03-0000-7301", "", "9F8E 7D6C 5B4A 3928 1706 F5E4 D3C2 B1A0 9F8E 7D6C", 0, "",
         "suzuki", 180, 365, "会員向け情報共有（TLP:GREEN まで）。"},
        {"external", "PSIRT", "PSIRT", "VPN 装置ベンダー株式会社", "vendor", NULL, "", "", "[]", "psirt@vendor.example",
         "03-0000-7401", "", NULL, 0, "", "suzuki", 60, 365, "保守契約番号 VPN-0000-123"},
        {"external", "24 時間サポート", "24/7 support", "クラウド事業者株式会社", "vendor", NULL, "", "", "[]",
         "support@cloud.example", "03-0000-7402", "", NULL, 1, "24 時間 365 日", "suzuki", 45, 365, ""},
        {"external", "情報システム課 窓口", "IT section", "火消し物流株式会社", "group_company", NULL, "", "", "[]",
         "it@logi.hikeshi-demo.example", "03-0000-7501", "", NULL, 0, "", "takahashi", 100, 365, ""},
        {"external", "SRE 課 当番", "SRE on call", "火消しシステムズ株式会社", "group_company", NULL, "", "", "[]",
         "sre-oncall@systems.hikeshi-demo.example", "03-0000-7502", "090-0000-7502", NULL, 1, "SRE 当番表に従う",
         "takahashi", 70, 180, ""},
        {"external", "SOC 監視センター", "SOC", "株式会社サンプル運用サービス（監視委託先）", "partner", NULL, "", "",
         "[]", "soc@ops-partner.example", "03-0000-7601", "", NULL, 1, "24 時間 365 日", "takahashi", 500, 365,
         "委託契約の見直し時に連絡先を更新すること。"},
        {"external", "担当弁護士", "Counsel", "サンプル法律事務所", "partner", NULL, "", "", "[\"legal\"]",
         "counsel@law-firm.example", "03-0000-7701", "", NULL, 0, "", "suzuki", 250, 365, "法務部経由で依頼。"},
        {"external", "事故受付", "Claims desk", "サンプル損害保険株式会社（サイバー保険）", "other", NULL, "", "", "[]",
         "cyber-claims@insurer.example", "03-0000-7801", "", NULL, 0, "", "suzuki", -1, 365,
         "証券番号 CY-0000-4567。事故発生後速やかに連絡。"},
};

/* The ids the entries refer to: the HQ org units and the owners. */
static int64_t unit_id(struct db_conn *c, int64_t hq, const char *name)
{
	json_t *units = hq ? store_org_unit_list(c, hq, 0, 0, 500) : NULL;
	int64_t id = 0;
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u) if (strcmp(json_string_value(json_object_get(u, "name")), name) == 0) id =
	        json_integer_value(json_object_get(u, "id"));
	json_decref(units);
	return id;
}

/* Builds the input object of entry d (ids looked up in c). New reference. */
static json_t *entry_input(struct db_conn *c, int64_t hq, const struct demo_contact *d, int64_t now)
{
	json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:s}", "kind", d->kind,
	                       "name", d->name, "name_en", d->name_en, "organization", d->organization, "role", d->role,
	                       "title", d->title, "email", d->email, "phone", d->phone, "mobile", d->mobile, "on_call",
	                       d->on_call, "rota", d->rota, "review_interval_days", d->interval, "notes", d->notes);
	json_object_set_new(in, "groups", json_loads(d->groups, 0, NULL));
	if (d->org_type)
		json_object_set_new(in, "org_type", json_string(d->org_type));
	if (d->fingerprint)
		json_object_set_new(in, "pgp_fingerprint", json_string(d->fingerprint));
	int64_t id = d->unit ? unit_id(c, hq, d->unit) : 0;
	if (id) {
		json_object_set_new(in, "org_unit_id", json_integer(id));
		json_object_set_new(in, "constituency_id", json_integer(hq));
	}
	if (store_user_id_by_login(c, d->owner, &id) == 1)
		json_object_set_new(in, "owner_id", json_integer(id));
	if (d->reviewed_days_ago >= 0) {
		char t[32];
		time_format(now - (int64_t)d->reviewed_days_ago * DAY, t);
		json_object_set_new(in, "reviewed_at", json_string(t));
	}
	return in;
}

int demo_contacts(struct db *db, const struct demo_options *o, char *err, size_t errlen)
{
	size_t n = sizeof(contact_entries) / sizeof(contact_entries[0]);
	json_t *inputs = json_array();
	struct db_conn *c = db_read_begin(db);
	if (!c) {
		snprintf(err, errlen, "demo contacts: the database is not available");
		json_decref(inputs);
		return -1;
	}
	struct store_contact_filter f = {.on_call = -1, .active = -1, .limit = 1};
	json_t *existing = store_contact_list(c, &f);
	int64_t hq = 0;
	if (store_constituency_by_code(c, "HQ", &hq) != 1)
		hq = 0;
	for (size_t i = 0; existing && json_array_size(existing) == 0 && i < n; i++)
		json_array_append_new(inputs, entry_input(c, hq, &contact_entries[i], o->now));
	db_read_end(db, c);
	json_decref(existing);
	struct actor a;
	actor_system(&a, "demo");
	struct app_ctx ctx = {db, NULL, &a};
	int rc = 0;
	size_t i;
	json_t *in;
	json_array_foreach(inputs, i, in)
	{
		struct app_result r;
		app_result_init(&r);
		if (app_contact_create(&ctx, in, &r) != APP_OK) {
			snprintf(err, errlen, "demo contact %zu: %s", i + 1, r.detail);
			rc = -1;
		}
		app_result_free(&r);
		if (rc)
			break;
	}
	json_decref(inputs);
	return rc;
}
