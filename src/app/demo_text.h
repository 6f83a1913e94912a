/*
 * demo_text.h - the text tables of the demonstration data set, and the types
 * that describe them.
 *
 * The tables live in demo_text.c, the generator that picks from them in
 * demo.c; nothing else uses them. Tables picked at random have their length
 * in demo_xxx_count (demo.c's PICK(g, demo_xxx) uses it); lists that end
 * with NULL have no count. demo_tmpls has a compile-time length,
 * DEMO_TMPL_COUNT, because demo.c sizes per-template arrays with it; the
 * definition in demo_text.c must have exactly that many entries (a
 * different number is a "conflicting types" error).
 */
#ifndef HIKESHI_APP_DEMO_TEXT_H
#define HIKESHI_APP_DEMO_TEXT_H

#include "core/report_state.h"

#include <stddef.h>

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

/* Demo users. They are created without a password (password_hash NULL), so
 * nobody can log in as them until an admin sets one: a demo database put on
 * a network by mistake has no well-known credentials. */
struct demo_user {
	const char *login, *display_name, *family, *role;
	const char *lang, *time_zone, *tlp_max;
	const char *scope; /* NULL: all constituencies; else codes separated by ',' */
	unsigned weight;   /* share of the assignments among eligible handlers */
};

extern const struct demo_org demo_orgs[];
extern const size_t demo_orgs_count;
extern const struct demo_user demo_users[];
extern const size_t demo_users_count;

/* --- word lists ------------------------------------------------------------ */

/* A person's name: family name in kanji and its romaji (demo_sg_names:
 * family, given). */
struct demo_name_pair {
	const char *kanji, *romaji;
};

/* A company the group deals with, and its mail domain. */
struct demo_customer {
	const char *name, *domain;
};

/* A product that JPCERT/CC issued an alert about: its CVE, and how the
 * alert summarises the flaw. */
struct demo_vuln {
	const char *product, *cve, *type;
};

extern const struct demo_name_pair demo_family_names[]; /* reporters (no handler's name) */
extern const size_t demo_family_names_count;
extern const struct demo_name_pair demo_given_names[];
extern const size_t demo_given_names_count;
extern const struct demo_name_pair demo_sg_names[]; /* Singapore local staff */
extern const size_t demo_sg_names_count;
extern const struct demo_customer demo_customers[];
extern const size_t demo_customers_count;
extern const struct demo_customer demo_suppliers[];
extern const size_t demo_suppliers_count;
extern const struct demo_vuln demo_vulns[];
extern const size_t demo_vulns_count;
extern const char *const demo_malware_names[];
extern const size_t demo_malware_names_count;
extern const char *const demo_ransomware_names[];
extern const size_t demo_ransomware_names_count;
extern const char *const demo_countries[];
extern const size_t demo_countries_count;
extern const char *const demo_places[]; /* where a device was lost */
extern const size_t demo_places_count;
extern const char *const demo_cloud_services[];
extern const size_t demo_cloud_services_count;
extern const char *const demo_couriers[];
extern const size_t demo_couriers_count;
extern const char *const demo_invoice_subjects[];    /* NULL-terminated */
extern const char *const demo_invoice_attachments[]; /* NULL-terminated */
extern const char *const demo_bad_domains[];
extern const size_t demo_bad_domains_count;
extern const char *const demo_bad_urls[]; /* defanged */
extern const size_t demo_bad_urls_count;
extern const char *const demo_dropped_files[];
extern const size_t demo_dropped_files_count;

/* --- incident templates ---------------------------------------------------- */

/* What kind of handling an incident gets: selects its notes, tasks and the
 * status paths it takes. */
enum demo_kind {
	K_MAIL,       /* suspicious mail received */
	K_CRED,       /* credentials entered / account taken over */
	K_SMS,        /* smishing on a company phone */
	K_BEC,        /* business e-mail compromise */
	K_BRANDPHISH, /* a phishing site imitating the company */
	K_RANSOM,     /* ransomware */
	K_MALWARE,    /* an infected PC */
	K_WEB,        /* attacks on a web application */
	K_BRUTE,      /* login attempts */
	K_SCAN,       /* scans */
	K_LEAK,       /* information leaked */
	K_LOSS,       /* lost or stolen device */
	K_DDOS,       /* (D)DoS */
	K_VULN,       /* a vulnerable system */
	K_SPAM,       /* spam */
	K_INTRUSION,  /* a compromised server */
	K_SOCIAL,     /* social engineering */
	K_MISC,       /* anything else */
	K_EXERCISE,   /* 訓練: tabletop exercise */
	K_DRILL,      /* 訓練: a phishing drill mail reported by an employee */
	K_COUNT
};

/* How the first report arrives. */
enum demo_style {
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
enum demo_followup { FU_NONE, FU_MAIL, FU_SOC, FU_CUSTOMER };

/* An incident template. Levels (imp_*, urg_*): 0 low, 1 medium, 2 high. The
 * list fields are NULL-terminated lists, or NULL when the template does not
 * use them. */
struct demo_tmpl {
	const char *category;
	unsigned weight;
	enum demo_kind kind;
	enum demo_style style;
	enum demo_style alt_style; /* used instead of style alt_pct % of the time */
	int alt_pct;
	enum demo_followup followup;
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

#define DEMO_TMPL_COUNT 41
extern const struct demo_tmpl demo_tmpls[DEMO_TMPL_COUNT];

/* --- handling: status paths, notes and tasks per kind ---------------------- */

/*
 * paths: the statuses a resolved incident of this kind walks through after
 * new, one letter each: t triage, a analysis, c containment, e eradication,
 * r recovery, x closed. Every step is checked against the workflow table.
 * Notes are Markdown, written the way handlers write the timeline.
 */
struct demo_kind_text {
	const char *const *paths;
	const char *const *triage, *const *analysis, *const *contain, *const *eradicate, *const *recover, *const *close;
	const char *const *tasks;
};

extern const struct demo_kind_text demo_kinds[K_COUNT];

/* Notes when an incident ends another way than resolved. */
extern const char *const demo_notes_false_positive[];
extern const size_t demo_notes_false_positive_count;
extern const char *const demo_notes_out_of_scope[];
extern const size_t demo_notes_out_of_scope_count;
extern const char demo_note_duplicate[]; /* {orig}: the incident it duplicates */
extern const char *const demo_notes_unassigned[];
extern const size_t demo_notes_unassigned_count;

/* --- reports --------------------------------------------------------------- */

/* Others who report the same mail, alert or site later. */
extern const char *const demo_fu_mail_subj[];
extern const size_t demo_fu_mail_subj_count;
extern const char *const demo_fu_mail_body[];
extern const size_t demo_fu_mail_body_count;
extern const char *const demo_fu_soc_subj[];
extern const size_t demo_fu_soc_subj_count;
extern const char *const demo_fu_soc_body[];
extern const size_t demo_fu_soc_body_count;
extern const char *const demo_fu_customer_subj[];
extern const size_t demo_fu_customer_subj_count;
extern const char *const demo_fu_customer_body[];
extern const size_t demo_fu_customer_body_count;

/* English mail reports by the Singapore staff, and their phishing subjects. */
extern const char *const demo_sg_phish_subjects[];
extern const size_t demo_sg_phish_subjects_count;
extern const char *const demo_sg_mail_subj[];
extern const size_t demo_sg_mail_subj_count;
extern const char *const demo_sg_mail_body[];
extern const size_t demo_sg_mail_body_count;

/* JPCERT/CC's notice of a phishing site imitating the company. */
extern const char *const demo_jpcert_phish_subj[];
extern const size_t demo_jpcert_phish_subj_count;
extern const char *const demo_jpcert_phish_body[];
extern const size_t demo_jpcert_phish_body_count;

/* A report rejected at triage, or left waiting for it. */
struct demo_loose_report {
	enum report_channel channel;
	enum reject_reason reason; /* RJ_NONE: by an employee, left for triage */
	int employee;              /* reporter is an employee (else from, addr) */
	const char *from, *addr, *subject, *body;
};

extern const struct demo_loose_report demo_rejected_reports[];
extern const size_t demo_rejected_reports_count;

#endif
