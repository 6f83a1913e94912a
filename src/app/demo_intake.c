/*
 * The point of contact's part of the demo data set: a few mails as they
 * arrive at a Japanese CSIRT's address (an employee who opened a phishing
 * mail, a JPCERT/CC notification, a vendor's vulnerability notice, an
 * English abuse report, a bounce, a follow-up that threads into its
 * report, a message without From), fed through the real intake use case
 * so that they show parsed mail, attachments, observables, the queued
 * acknowledgements and threading. Senders use reserved .example domains.
 */
#include "app/demo.h"

#include "app/actor.h"
#include "app/intake.h"
#include "lib/config.h"

#include <stdio.h>
#include <string.h>

static const char *const demo_mails[] = {
        /* an employee reports a phishing mail they opened */
        "From: =?UTF-8?B?6Yi05pyoIOiKseWtkA==?= <suzuki.hanako@hq.group.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: =?UTF-8?B?5LiN5a+p44Gq44Oh44O844Or44KS6ZaL44GE44Gm44GX44G+44GE44G+44GX44Gf?=\r\n"
        "Date: Fri, 20 Nov 2026 09:12:44 +0900\r\n"
        "Message-ID: <demo-0001@hq.group.example>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"demo-b1\"\r\n\r\n"
        "--demo-b1\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "経理部の鈴木です。\r\n"
        "今朝、取引先を名乗る「請求書送付のお知らせ」というメールのリンクを開き、\r\n"
        "ID とパスワードを入力してしまいました。\r\n"
        "リンク先: hxxps://login-micros0ft[.]com/verify?id=8812\r\n"
        "送信元: billing@invoice-center[.]example (203.0.113.45)\r\n"
        "添付されていた請求書も転送します。よろしくお願いします。\r\n"
        "--demo-b1\r\n"
        "Content-Type: application/zip; name=\"=?UTF-8?B?6KuL5rGC5pu4LnppcA==?=\"\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.zip\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        "UEsDBBQAAAAIAAAAIQAAAAAAAAAAAAAAAAAIAAAAaW52b2ljZS5qcw==\r\n"
        "--demo-b1--\r\n",
        /* the same employee follows up: threads into the report above */
        "From: =?UTF-8?B?6Yi05pyoIOiKseWtkA==?= <suzuki.hanako@hq.group.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: =?UTF-8?B?UmU6IOS4jeWvqeOBquODoeODvOODq+OCkumWi+OBhOOBpuOBl+OBvuOBhOOBvuOBl+OBnw==?=\r\n"
        "Date: Fri, 20 Nov 2026 09:40:02 +0900\r\n"
        "Message-ID: <demo-0002@hq.group.example>\r\n"
        "In-Reply-To: <demo-0001@hq.group.example>\r\n"
        "References: <demo-0001@hq.group.example>\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "追加です。パスワードはすでに変更しました。\r\n"
        "同じメールが営業部の数名にも届いているようです。\r\n",
        /* a coordination centre's notification */
        "From: JPCERT/CC <office@jpcert.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: "
        "=?UTF-8?B?44CQSlBDRVJUL0ND44CR6LK057WE57mU44Gu44K144O844OQ44GL44KJ44Gu5LiN5a+p44Gq6YCa5L+h44Gr44Gk44GE44Gm?="
        "\r\n"
        "Date: Thu, 19 Nov 2026 16:03:10 +0900\r\n"
        "Message-ID: <demo-0003@jpcert.example>\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "ご担当者様\r\n\r\n"
        "貴組織の管理するIPアドレス 198.51.100.23 から、マルウェアの C2 サーバ\r\n"
        "evil-c2[.]example[.]net (192.0.2.200) への通信が観測されています。\r\n"
        "観測日時: 2026-11-19 03:14 JST 前後\r\n"
        "関連するハッシュ値: 5d41402abc4b2a76b9719d911017c592\r\n"
        "ご確認のほどよろしくお願いいたします。\r\n",
        /* a vendor's vulnerability notice */
        "From: Product Security <psirt@vendor.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: "
        "=?UTF-8?B?44CQ6YeN6KaB44CR6ISG5byx5oCn5oOF5aCxIENWRS0yMDI2LTEyMzQ1IOOBq+mWouOBmeOCi+OBiuefpeOCieOBmw==?=\r\n"
        "Date: Wed, 18 Nov 2026 11:00:00 +0900\r\n"
        "Message-ID: <demo-0004@vendor.example>\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "VPN 装置のファームウェアに認証回避の脆弱性 (CVE-2026-12345, CVSS 9.8) が見つかりました。\r\n"
        "修正版 7.2.4 を https://support.vendor.example/advisories/2026-011 で公開しています。\r\n",
        /* an abuse report in English */
        "From: Abuse Desk <abuse@isp.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: Abuse report: SSH scanning from 192.0.2.77\r\n"
        "Date: Tue, 17 Nov 2026 22:15:31 +0000\r\n"
        "Message-ID: <demo-0005@isp.example>\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        "Hello,\r\n\r\nWe observed SSH brute-force attempts from 192.0.2.77 against our customers\r\n"
        "between 2026-11-17T20:00Z and 21:30Z (about 14,000 attempts).\r\nPlease investigate.\r\n",
        /* a bounce: recorded, never acknowledged */
        "Return-Path: <>\r\n"
        "From: Mail Delivery System <MAILER-DAEMON@mx.group.example>\r\n"
        "To: csirt@group.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Date: Tue, 17 Nov 2026 08:01:00 +0900\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "Message-ID: <demo-0006@mx.group.example>\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        "This is the mail system at host mx.group.example.\r\n"
        "<old-user@hq.group.example>: user unknown\r\n",
        /* no From at all: recorded and flagged */
        "To: csirt@group.example\r\n"
        "Subject: =?UTF-8?B?44OR44K944Kz44Oz44GM6YGF44GE?=\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "工場のパソコンが急に遅くなり、見慣れないウィンドウが表示されます。\r\n",
};

int demo_intake(struct db *db, const struct config *cfg, char *err, size_t errlen)
{
	struct config c = *cfg;
	if (!c.team_address[0])
		snprintf(c.team_address, sizeof(c.team_address), "csirt@group.example");
	struct actor a;
	actor_system(&a, "demo");
	struct app_ctx ctx = {db, &c, &a};
	for (size_t i = 0; i < sizeof(demo_mails) / sizeof(demo_mails[0]); i++) {
		struct app_result r;
		app_result_init(&r);
		app_intake_mail(&ctx, demo_mails[i], strlen(demo_mails[i]), "demo", NULL, &r);
		int bad = r.err != APP_OK;
		if (bad)
			snprintf(err, errlen, "demo mail %zu: %s", i + 1, r.detail);
		app_result_free(&r);
		if (bad)
			return -1;
	}
	return 0;
}
