"""The contact network (連絡体制図 / 緊急連絡網, issue 5 item 1): CRUD with
If-Match, field errors, rights, stale entries and review, the reminder pass
(hikeshi contacts remind), CSV export/import (UTF-8, Shift_JIS, all-or-
nothing with row errors, formula-injection guard) and the printable sheet."""

import csv
import io

from harness import Server, assert_problem, cli, etag_version, expect, problem_fields, uniq

FP = "0123 4567 89ab cdef 0123 4567 89AB CDEF 0123 4567"
FP_NORM = "0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567"


def new_contact(client, **kw):
    body = {"kind": "internal", "name": "連絡先 " + uniq("c")}
    body.update(kw)
    return expect(client.post("contacts", body), 201, "create contact %r" % (body,))


def test_contact_create_read_update(srv):
    adm = srv.admin()
    r = adm.post("contacts", {"kind": "internal", "name": "山本 一郎", "name_en": "Ichiro Yamamoto",
                              "role": "ciso", "title": "執行役員 CISO", "groups": ["management", "legal", "legal"],
                              "email": "ciso@hikeshi.example", "phone": "03-5555-0101", "mobile": "090-0000-0101",
                              "pgp_fingerprint": FP, "on_call": True, "rota": "第1週", "tlp_max": "tlp:red",
                              "owner_id": srv.admin_id, "review_interval_days": 180})
    c = expect(r, 201)
    assert r.headers["Location"].endswith("/api/v1/contacts/%d" % c["id"])
    assert etag_version(r) == 1 and c["version"] == 1
    assert c["groups"] == ["management", "legal"], c["groups"]
    assert c["pgp_fingerprint"] == FP_NORM and c["tlp_max"] == "RED"
    assert c["on_call"] is True and c["active"] is True and c["stale"] is True and c["reviewed_at"] is None
    assert c["owner_login"] == "admin"
    url = "contacts/%d" % c["id"]
    assert expect(adm.get(url), 200)["name"] == "山本 一郎"
    assert_problem(adm.patch(url, {"title": "CISO"}), 428, "precondition-required")
    u = expect(adm.patch(url, {"title": "CISO", "groups": []}, if_match=1), 200)
    assert u["version"] == 2 and u["title"] == "CISO" and u["groups"] == []
    assert_problem(adm.patch(url, {"title": "古い版"}, if_match=1), 412, "precondition-failed")
    assert expect(adm.get(url), 200)["title"] == "CISO"
    assert_problem(adm.get("contacts/999999"), 404, "not-found")
    # DELETE deactivates and keeps the entry
    d = expect(adm.delete(url), 200)
    assert d["active"] is False
    ids = [x["id"] for x in adm.list_all("contacts")]
    assert c["id"] not in ids
    ids = [x["id"] for x in adm.list_all("contacts", {"active": "false"})]
    assert c["id"] in ids


def test_contact_validation_names_fields(srv):
    adm = srv.admin()
    r = adm.post("contacts", {"kind": "partner", "name": "", "role": "boss", "email": "not-mail",
                              "phone": "03-1234-abcd", "mobile": "０９０", "pgp_fingerprint": "1234",
                              "groups": ["Legal!"], "tlp_max": "PURPLE", "review_interval_days": 0,
                              "owner_id": 987654, "org_unit_id": 987654})
    assert_problem(r, 422, "validation", ["kind", "name", "role", "email", "phone", "mobile", "pgp_fingerprint",
                                          "groups", "tlp_max", "review_interval_days", "owner_id", "org_unit_id"])
    r = adm.post("contacts", {"kind": "internal", "name": "x", "org_type": "police"})
    assert_problem(r, 422, "validation", "org_type")
    r = adm.post("contacts", {"kind": "external", "name": "x", "org_type": "martians"})
    assert_problem(r, 422, "validation", "org_type")
    r = adm.post("contacts", {"kind": "internal", "name": "x", "review_interval_days": 3651})
    assert_problem(r, 422, "validation", "review_interval_days")
    assert_problem(adm.post("contacts", {"kind": "internal", "name": "x", "nope": 1}), 400, "unknown-field", "nope")
    assert_problem(adm.post("contacts", {"name": "x"}), 422, "validation", "kind")
    assert_problem(adm.get("contacts", params={"kind": "alien"}), 400, "invalid-parameter", "kind")
    assert_problem(adm.get("contacts", params={"stale": "maybe"}), 400, "invalid-parameter", "stale")
    assert_problem(adm.get("contacts", params={"cursor": "zzz"}), 400, "invalid-parameter", "cursor")
    meta = expect(adm.get("contacts/meta"), 200)
    codes = {m["code"]: m for m in meta["roles"]}
    assert codes["security_promoter"]["ja"] == "情報セキュリティ推進者" and codes["pr"]["en"]
    assert {m["code"] for m in meta["org_types"]} >= {"coordination", "government", "police", "isac", "vendor",
                                                      "group_company", "partner", "other"}


def test_contact_rights(srv):
    adm = srv.admin()
    c = new_contact(adm, phone="090-1111-2222")
    viewer = srv.user_client(srv.make_user(role="viewer"))
    handler = srv.user_client(srv.make_user(role="handler"))
    # everyone reads, personal numbers included
    assert expect(viewer.get("contacts/%d" % c["id"]), 200)["phone"] == "090-1111-2222"
    assert any(x["id"] == c["id"] for x in viewer.list_all("contacts"))
    assert expect(viewer.get("contacts.csv"), 200) is None
    # viewers cannot write
    assert_problem(viewer.post("contacts", {"kind": "internal", "name": "x"}), 403, "forbidden")
    assert_problem(viewer.patch("contacts/%d" % c["id"], {"title": "x"}, if_match=1), 403, "forbidden")
    assert_problem(viewer.post("contacts/%d/review" % c["id"]), 403, "forbidden")
    assert_problem(viewer.delete("contacts/%d" % c["id"]), 403, "forbidden")
    assert_problem(viewer.post("contacts/import", data="kind,name\ninternal,x\n", content_type="text/csv"),
                   403, "forbidden")
    # handlers write internal and external entries alike
    e = new_contact(handler, kind="external", org_type="police", organization="警視庁")
    expect(handler.patch("contacts/%d" % e["id"], {"title": "サイバー犯罪相談窓口"}, if_match=1), 200)


def test_contact_search_filters_paging(srv):
    adm = srv.admin()
    tag = uniq("検索")
    a = new_contact(adm, name="広報部長 " + tag, role="pr", groups=["pr"], on_call=True)
    b = new_contact(adm, kind="external", name="窓口", organization="JPCERT/CC " + tag, org_type="coordination",
                    email="office@jpcert.example")
    c = new_contact(adm, name="法務 " + tag, role="legal", groups=["legal", "management"], phone="03-9999-0000")
    got = lambda p: [x["id"] for x in adm.list_all("contacts", p)]  # noqa: E731
    assert set(got({"q": tag})) == {a["id"], b["id"], c["id"]}
    assert got({"q": "jpcert.EXAMPLE"}) == [b["id"]]
    assert set(got({"q": "03-9999-0000"})) == {c["id"]}
    assert got({"q": tag, "kind": "external"}) == [b["id"]]
    assert got({"q": tag, "role": "legal"}) == [c["id"]]
    assert got({"q": tag, "org_type": "coordination"}) == [b["id"]]
    assert got({"q": tag, "group": "management"}) == [c["id"]]
    assert got({"q": tag, "on_call": "true"}) == [a["id"]]
    assert got({"q": "100%_"}) == []
    # paging: one per page in kind, name order, nothing lost or repeated
    pages = adm.list_all("contacts", {"q": tag}, limit=1)
    assert sorted(x["id"] for x in pages) == sorted([a["id"], b["id"], c["id"]]), pages
    assert pages[0]["id"] == b["id"]  # ordered by kind: external before internal


def test_contact_stale_and_review(srv):
    adm = srv.admin()
    tag = uniq("stale")
    never = new_contact(adm, name="未見直し " + tag)
    old = new_contact(adm, name="期限切れ " + tag, reviewed_at="2020-01-01T00:00:00Z", review_interval_days=365)
    fresh = new_contact(adm, name="最新 " + tag, reviewed_at="2026-01-01T00:00:00Z", review_interval_days=3650)
    assert fresh["stale"] is False and fresh["review_due_at"].startswith("2035-12-30")
    stale = {x["id"] for x in adm.list_all("contacts", {"q": tag, "stale": "true"})}
    assert stale == {never["id"], old["id"]}, stale
    r = adm.post("contacts/%d/review" % old["id"])
    j = expect(r, 200)
    assert j["stale"] is False and j["reviewed_at"] and j["version"] == 2 and etag_version(r) == 2
    stale = {x["id"] for x in adm.list_all("contacts", {"q": tag, "stale": "true"})}
    assert stale == {never["id"]}
    assert_problem(adm.post("contacts", {"kind": "internal", "name": "x", "reviewed_at": "2099-01-01T00:00:00Z"}),
                   422, "validation", "reviewed_at")


def outbox_reminders(adm):
    return [o for o in adm.list_all("outbox") if o["kind"] == "reminder"]


def test_contact_reminder_pass(tmp):
    (tmp / "srv").mkdir()
    s = Server(workdir=str(tmp / "srv"), start=False)
    try:
        cfg = s.write_file("hikeshi.ini", "[intake]\nteam_address = csirt@example.jp\nteam_name = テストCSIRT\n")
        s.start(extra_args=("--config", cfg))
        adm = s.admin()
        owner = s.make_user(email="owner@example.jp")
        other = s.make_user(email="other@example.jp", lang="en")
        a = new_contact(adm, name="JPCERT/CC 窓口", kind="external", owner_id=owner["id"])
        new_contact(adm, name="IPA 窓口", kind="external", owner_id=owner["id"], reviewed_at="2020-01-01T00:00:00Z")
        new_contact(adm, name="Fresh", owner_id=owner["id"], reviewed_at="2026-01-01T00:00:00Z",
                    review_interval_days=3650)
        new_contact(adm, name="Legal desk", owner_id=other["id"])
        new_contact(adm, name="no owner")
        # without team_address nothing is queued
        r = cli("contacts", "remind", "--db", s.db)
        assert r.rc == 0 and "Queued 0" in r.stdout, r.describe()
        assert outbox_reminders(adm) == []
        r = cli("contacts", "remind", "--db", s.db, "--config", cfg, "--now", "2026-11-22T09:00:00+09:00")
        assert r.rc == 0 and "Queued 2" in r.stdout, r.describe()
        mails = outbox_reminders(adm)
        assert sorted(m["mail_to"] for m in mails) == ["other@example.jp", "owner@example.jp"], mails
        mine = [m for m in mails if m["mail_to"] == "owner@example.jp"][0]
        assert mine["mail_from"] == "csirt@example.jp" and mine["state"] == "queued"
        assert "2 件" in mine["subject"] and "JPCERT/CC 窓口" in mine["body"] and "IPA 窓口" in mine["body"]
        assert "Fresh" not in mine["body"]
        en = [m for m in mails if m["mail_to"] == "other@example.jp"][0]
        assert en["subject"].startswith("Review due") and "Legal desk" in en["body"]
        assert expect(adm.get("contacts/%d" % a["id"]), 200)["reminded_at"]
        # a second pass (and one within the week) adds nothing
        for when in ("2026-11-22T09:00:00+09:00", "2026-11-28T09:00:00+09:00"):
            r = cli("contacts", "remind", "--db", s.db, "--config", cfg, "--now", when)
            assert r.rc == 0 and "Queued 0" in r.stdout, r.describe()
        assert len(outbox_reminders(adm)) == 2
        # a week later the owners are reminded again
        r = cli("contacts", "remind", "--db", s.db, "--config", cfg, "--now", "2026-11-30T09:00:00+09:00")
        assert "Queued 2" in r.stdout, r.describe()
        assert len(outbox_reminders(adm)) == 4
    finally:
        s.close()


def parse_csv(body):
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    return list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline="")))


def test_contact_csv_round_trip_and_guard(srv):
    adm = srv.admin()
    tag = uniq("csv")
    new_contact(adm, name="=HYPERLINK(\"http://x.example\") " + tag, phone="+81 3-1234-5678", groups=["pr", "legal"],
                notes="複数行の\nメモ, \"引用\" 付き", pgp_fingerprint=FP, owner_id=srv.admin_id)
    new_contact(adm, kind="external", name="@窓口 " + tag, org_type="isac", organization="-ISAC-", on_call=True)
    r = adm.get("contacts.csv", params={"q": tag})
    assert r.status == 200 and r.headers["Content-Type"] == "text/csv; charset=utf-8", r
    assert "attachment" in r.headers.get("Content-Disposition", "")
    rows = parse_csv(r.body)
    head = rows[0]
    assert head[:3] == ["id", "kind", "name"] and "owner" in head and "reviewed_at" in head
    by = {row[head.index("kind")]: dict(zip(head, row)) for row in rows[1:]}
    assert by["internal"]["name"].startswith("'=HYPERLINK"), by["internal"]["name"]
    assert by["internal"]["phone"] == "'+81 3-1234-5678"
    assert by["internal"]["notes"] == "複数行の\nメモ, \"引用\" 付き"
    assert by["internal"]["groups"] == "pr legal" and by["internal"]["owner"] == "admin"
    assert by["external"]["name"].startswith("'@") and by["external"]["organization"] == "'-ISAC-"
    assert by["external"]["on_call"] == "1"
    before = {x["id"]: x for x in adm.list_all("contacts", {"q": tag})}
    # the unchanged export imports back: 0 created, n updated, nothing changes
    j = expect(adm.post("contacts/import", data=r.body, content_type="text/csv"), 200)
    assert j == {"created": 0, "updated": 2}, j
    after = {x["id"]: x for x in adm.list_all("contacts", {"q": tag})}
    assert after == before


def test_contact_csv_import_bad_rows_rejected_whole(srv):
    adm = srv.admin()
    tag = uniq("imp")
    keep = new_contact(adm, name="既存 " + tag, title="元の役職")
    text = ("kind,name,email,phone,role,id,title\r\n"
            "internal,新規A %s,a@example.jp,03-1111-2222,pr,,\r\n"
            "internal,新規B %s,not-an-address,03-1111-2222,pr,,\r\n"
            "external,,b@example.jp,,,,\r\n"
            "\r\n"
            "internal,新規C %s,c@example.jp,電話,boss,,\r\n"
            "internal,更新 %s,,,,%d,新しい役職\r\n"
            "internal,幽霊 %s,,,,999999,\r\n") % (tag, tag, tag, tag, keep["id"], tag)
    r = adm.post("contacts/import", data=text, content_type="text/csv")
    assert_problem(r, 422, "validation", ["row 3: email", "row 4: name", "row 6: phone", "row 6: role",
                                          "row 8: id"])
    assert "row 2: email" not in problem_fields(r) and "nothing was imported" in r.json["detail"]
    assert adm.list_all("contacts", {"q": tag}) == [expect(adm.get("contacts/%d" % keep["id"]), 200)]
    assert expect(adm.get("contacts/%d" % keep["id"]), 200)["title"] == "元の役職"
    # a bad header and a broken file are named too
    assert_problem(adm.post("contacts/import", data="kind,name,colour\r\ninternal,x,red\r\n",
                            content_type="text/csv"), 422, "validation", "header")
    assert_problem(adm.post("contacts/import", data="kind,name\r\ninternal,\"open\r\n", content_type="text/csv"),
                   422, "validation", "file")
    assert_problem(adm.post("contacts/import", data="kind,name\n", content_type="application/json"), 415,
                   "unsupported-media-type")
    big = "kind,name\r\n" + ("internal,%s\r\n" % ("x" * 100)) * 12000
    r = adm.post("contacts/import", data=big, content_type="text/csv")
    assert_problem(r, 413, "payload-too-large")
    assert "1024 KiB" in r.json["detail"]
    # the corrected file imports whole
    good = text.replace("not-an-address", "b2@example.jp").replace("external,,", "external,IPA " + tag + ",")
    good = good.replace("電話,boss", "03-3333-4444,legal").replace("internal,幽霊 %s,,,,999999,\r\n" % tag, "")
    j = expect(adm.post("contacts/import", data=good, content_type="text/csv"), 200)
    assert j == {"created": 4, "updated": 1}, j
    assert expect(adm.get("contacts/%d" % keep["id"]), 200)["title"] == "新しい役職"


def test_contact_import_shift_jis(srv):
    adm = srv.admin()
    tag = uniq("sj")
    text = "種別ではなく英語の列名,\r\n"  # a header Excel users might write: refused, named
    r = adm.post("contacts/import", data=text.encode("cp932"), content_type="text/csv")
    assert_problem(r, 422, "validation", "header")
    text = ("kind,name,organization,org_type,phone,notes\r\n"
            "external,サイバー犯罪相談窓口 %s,警視庁,police,03-0000-0110,①髙橋さん経由\r\n" % tag)
    for ct in ("text/csv", "text/csv; charset=Shift_JIS"):
        j = expect(adm.post("contacts/import", data=text.replace(tag, tag + ct[-3:]).encode("cp932"),
                            content_type=ct), 200)
        assert j == {"created": 1, "updated": 0}
    got = adm.list_all("contacts", {"q": tag})
    assert len(got) == 2 and all(x["organization"] == "警視庁" and x["notes"] == "①髙橋さん経由" for x in got), got
    # UTF-8 with BOM works too
    bom = "\ufeffkind,name\r\ninternal,ＢＯＭ付き %s\r\n" % tag
    expect(adm.post("contacts/import", data=bom.encode("utf-8"), content_type="text/csv"), 200)
    assert_problem(adm.post("contacts/import", data=b"kind,name\r\ninternal,\xff\xfe\xfd\r\n",
                            content_type="text/csv"), 422, "validation", "file")


def test_contact_sheet_escapes(srv):
    adm = srv.admin()
    tag = uniq("sheet")
    new_contact(adm, name="<script>alert(1)</script>" + tag, role="ciso", on_call=True,
                title="\"><img src=x onerror=alert(2)>")
    new_contact(adm, kind="external", name="窓口 " + tag, organization="JPCERT/CC & <b>", org_type="coordination",
                pgp_fingerprint=FP)
    r = adm.get("contacts/sheet", params={"lang": "ja"})
    assert r.status == 200 and r.headers["Content-Type"] == "text/html; charset=utf-8", r
    csp = r.headers["Content-Security-Policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "style-src 'self'" in csp, csp
    html = r.body.decode("utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" + tag in html
    assert "<img" not in html and "JPCERT/CC &amp; &lt;b&gt;" in html
    assert "/contacts-print.css" in html and "当番" in html and "社内連絡先" in html and "外部連絡先" in html
    assert FP_NORM in html and "<style" not in html and "<script" not in html
    en = adm.get("contacts/sheet", params={"lang": "en"}).body.decode("utf-8")
    assert "Internal contacts" in en and "On call" in en
    css = srv.client().get("/contacts-print.css")
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css") and b"@media print" in css.body
    assert_problem(adm.get("contacts/sheet", params={"lang": "fr"}), 400, "invalid-parameter", "lang")
