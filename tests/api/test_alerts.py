"""The SOC/SIEM alert webhook (POST /api/v1/alerts): one alert or a batch
becomes "soc" reports; repeats fold into the existing report; a batch is
all-or-nothing; field errors name their index path; intake tokens."""

import json

from harness import RPT_KEY, assert_problem, expect, parse_time, uniq


def soc_reports(adm):
    return adm.list_all("reports", {"channel": "soc"})


def all_reports(adm):
    return adm.list_all("reports")


def alert(**kw):
    a = {"source": "splunk-es", "source_ref": uniq("ref"), "title": "不審な通信 " + uniq("a")}
    a.update(kw)
    return a


def submit(client, body, status=201):
    r = client.post("alerts", body)
    return expect(r, status, "POST /alerts")


RAW = {
    "rule": {"id": 4711, "name": "C2 ビーコン検知", "tags": ["apt", "cobalt"]},
    "score": 87.5,
    "nested": {"a": [1, {"b": None, "c": True}], "絵文字": "🔥 火消し"},
    "empty": {},
}


def test_single_alert_creates_soc_report(srv):
    adm = srv.admin()
    a = alert(title="C2通信の疑い 198.51.100.23", severity="high",
              description="端末 pc-0042 から evil-c2.example[.]com へ定期通信。\nCVE-2024-3400 の悪用の可能性",
              observed_at="2026-03-01T10:00:00+09:00", lang="en", raw=RAW,
              observables=[{"type": "ipv4", "value": "203.0.113.9"},
                           {"type": "domain", "value": "Bad.Example.COM."},
                           {"type": "url", "value": "hxxp://phish.example[.]net/login"},
                           {"type": "sha256", "value": "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"}])
    j = submit(adm, a)
    assert (j["created"], j["updated"]) == (1, 0), j
    item = j["items"][0]
    assert item["index"] == 0 and item["action"] == "created" and item["seen_count"] == 1, item
    assert RPT_KEY.match(item["tracking_number"]), item
    rep = expect(adm.get("reports/%d" % item["report_id"]), 200)
    assert rep["key"] == item["tracking_number"]
    assert (rep["channel"], rep["state"], rep["tlp"]) == ("soc", "new", "AMBER"), rep
    assert rep["subject"] == a["title"] and rep["body"] == a["description"], rep
    assert rep["reporter_name"] == "splunk-es" and rep["lang"] == "en", rep
    assert rep["seen_count"] == 1, rep
    d = rep["details"]
    assert d["raw"] == RAW, d  # verbatim: nested JSON, unicode, floats, null, empty object
    assert (d["source"], d["source_ref"], d["severity"]) == ("splunk-es", a["source_ref"], "high"), d
    assert d["observed_at"] == "2026-03-01T01:00:00Z", d
    assert rep["last_seen_at"] == "2026-03-01T01:00:00Z", rep
    obs = expect(adm.get("reports/%d/observables" % item["report_id"]), 200)
    items = obs["items"] if isinstance(obs, dict) else obs
    got = {(o["type"], o["value"]) for o in items}
    for want in (("ipv4", "203.0.113.9"), ("domain", "bad.example.com"),
                 ("url", "http://phish.example.net/login"),
                 ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                 ("ipv4", "198.51.100.23"), ("domain", "evil-c2.example.com"),
                 ("cve", "CVE-2024-3400")):
        assert want in got, (want, sorted(got))
    src = {(o["type"], o["value"]): o for o in items}
    assert src[("ipv4", "203.0.113.9")]["source"] == "alert", src
    assert src[("ipv4", "198.51.100.23")]["source"] == "text", src
    assert src[("url", "http://phish.example.net/login")]["defanged"] in (1, True), src


def test_defaults_and_minimal_alert(srv):
    adm = srv.admin()
    j = submit(adm, {"source": "wazuh", "title": "ログイン失敗の多発"})
    rep = expect(adm.get("reports/%d" % j["items"][0]["report_id"]), 200)
    assert rep["details"]["severity"] == "medium" and rep["details"]["raw"] is None, rep
    assert rep["details"]["observed_at"] is None and rep["lang"] == "ja", rep
    assert rep["body"] == "" and rep["last_seen_at"], rep
    # no source_ref and no fingerprint: never folded
    k = submit(adm, {"source": "wazuh", "title": "ログイン失敗の多発"})
    assert k["items"][0]["action"] == "created", k
    assert k["items"][0]["report_id"] != j["items"][0]["report_id"]


def test_repeat_folds_into_same_report(srv):
    adm = srv.admin()
    a = alert(observed_at="2026-03-01T00:00:00Z")
    first = submit(adm, a)["items"][0]
    before = len(soc_reports(adm))
    rep1 = expect(adm.get("reports/%d" % first["report_id"]), 200)
    b = dict(a, observed_at="2026-03-02T00:00:00Z", title="same alert, new text",
             observables=[{"type": "ipv4", "value": "192.0.2.77"}])
    j = submit(adm, b)
    assert (j["created"], j["updated"]) == (0, 1), j
    it = j["items"][0]
    assert it["action"] == "updated" and it["report_id"] == first["report_id"], it
    assert it["tracking_number"] == first["tracking_number"] and it["seen_count"] == 2, it
    assert len(soc_reports(adm)) == before, "a repeat must not create a report"
    rep = expect(adm.get("reports/%d" % first["report_id"]), 200)
    assert rep["seen_count"] == 2 and rep["last_seen_at"] == "2026-03-02T00:00:00Z", rep
    assert rep["version"] == rep1["version"] + 1, (rep1["version"], rep["version"])
    assert rep["subject"] == a["title"], "the first alert's text stays"
    # a third time, without observed_at: last_seen_at becomes now
    j = submit(adm, dict(a, observed_at=None))
    assert j["items"][0]["seen_count"] == 3
    rep = expect(adm.get("reports/%d" % first["report_id"]), 200)
    assert parse_time(rep["last_seen_at"]) > parse_time("2026-03-02T00:00:00Z"), rep
    obs = expect(adm.get("reports/%d/observables" % first["report_id"]), 200)
    items = obs["items"] if isinstance(obs, dict) else obs
    assert ("ipv4", "192.0.2.77") in {(o["type"], o["value"]) for o in items}
    # same source_ref from another source is another alert
    other = submit(adm, dict(a, source="qradar"))["items"][0]
    assert other["action"] == "created" and other["report_id"] != first["report_id"], other


def test_fingerprint_overrides_dedupe_key(srv):
    adm = srv.admin()
    fp = uniq("fp")
    x = submit(adm, alert(source="siem-a", fingerprint=fp))["items"][0]
    y = submit(adm, alert(source="siem-b", fingerprint=fp))["items"][0]  # other source and ref
    assert y["action"] == "updated" and y["report_id"] == x["report_id"] and y["seen_count"] == 2, y
    # without the fingerprint the same source_ref is its own alert again
    a = alert()
    p = submit(adm, dict(a, fingerprint=uniq("fp")))["items"][0]
    q = submit(adm, a)["items"][0]
    assert q["action"] == "created" and q["report_id"] != p["report_id"], (p, q)


def test_batch_of_500_and_repeats_inside_a_batch(srv):
    adm = srv.admin()
    before = len(soc_reports(adm))
    batch = [alert(title="バッチ %d" % i, description="ホスト host%d.example.jp" % i) for i in range(500)]
    j = submit(adm, {"alerts": batch})
    assert (j["created"], j["updated"]) == (500, 0), {k: j[k] for k in ("created", "updated")}
    assert [it["index"] for it in j["items"]] == list(range(500))
    keys = {it["tracking_number"] for it in j["items"]}
    assert len(keys) == 500 and all(RPT_KEY.match(k) for k in keys)
    assert len(soc_reports(adm)) == before + 500
    some = j["items"][321]
    rep = expect(adm.get("reports/%d" % some["report_id"]), 200)
    assert rep["subject"] == "バッチ 321" and rep["key"] == some["tracking_number"], rep
    # repeats within one batch fold too (and into earlier reports)
    a = alert()
    j = submit(adm, {"alerts": [a, alert(), dict(a), batch[7]]})
    acts = [(it["action"], it["seen_count"]) for it in j["items"]]
    assert acts == [("created", 1), ("created", 1), ("updated", 2), ("updated", 2)], acts
    assert j["items"][2]["report_id"] == j["items"][0]["report_id"]
    assert (j["created"], j["updated"]) == (2, 2), j


def test_bad_alert_in_batch_stores_nothing(srv):
    adm = srv.admin()
    good = [alert() for _ in range(6)]

    def bad_batch(i, **change):
        b = [dict(x) for x in good]
        b[i].update(change)
        for k, v in list(b[i].items()):
            if v is None:
                del b[i][k]
        return {"alerts": b}

    before = len(all_reports(adm))
    r = adm.post("alerts", bad_batch(3, severity="urgent"))
    assert_problem(r, 422, "validation", "alerts[3].severity")
    r = adm.post("alerts", bad_batch(2, observables=[{"type": "ipv4", "value": "10.0.0.1"},
                                                     {"type": "ipv4", "value": "999.1.2.3"}]))
    assert_problem(r, 422, "validation", "alerts[2].observables[1].value")
    r = adm.post("alerts", bad_batch(4, observables=[{"type": "md4", "value": "x"}]))
    assert_problem(r, 422, "validation", "alerts[4].observables[0].type")
    r = adm.post("alerts", bad_batch(1, title=None))
    assert_problem(r, 422, "validation", "alerts[1].title")
    r = adm.post("alerts", bad_batch(5, colour="red"))
    assert_problem(r, 400, "unknown-field", "alerts[5].colour")
    r = adm.post("alerts", bad_batch(0, observables=[{"type": "ipv4", "value": "1.2.3.4", "x": 1}]))
    assert_problem(r, 400, "unknown-field", "alerts[0].observables[0].x")
    # every bad field is listed, not only the first
    b = bad_batch(1, title="")
    b["alerts"][4]["observed_at"] = "yesterday"
    b["alerts"][5]["source"] = "x" * 101
    b["alerts"][2]["description"] = 5
    b["alerts"][3]["lang"] = "de"
    r = adm.post("alerts", b)
    assert_problem(r, 422, "validation", ["alerts[1].title", "alerts[4].observed_at", "alerts[5].source",
                                          "alerts[2].description", "alerts[3].lang"])
    # a single alert's fields have no prefix
    assert_problem(adm.post("alerts", {"title": "x"}), 422, "validation", "source")
    assert_problem(adm.post("alerts", dict(good[0], nope=1)), 400, "unknown-field", "nope")
    assert_problem(adm.post("alerts", {"alerts": good, "extra": 1}), 400, "unknown-field", "extra")
    assert_problem(adm.post("alerts", {"alerts": []}), 422, "validation", "alerts")
    assert_problem(adm.post("alerts", {"alerts": {"a": 1}}), 422, "validation", "alerts")
    assert_problem(adm.post("alerts", {"alerts": [good[0], "x"]}), 422, "validation", "alerts[1]")
    assert_problem(adm.post("alerts", {"alerts": [alert() for _ in range(10001)]}), 422, "validation",
                   "alerts")
    assert len(all_reports(adm)) == before, "nothing may be stored on any error"
    # the same batch without the bad alert goes through
    j = submit(adm, {"alerts": good})
    assert j["created"] == 6


def test_malformed_json_content_type_and_auth(srv):
    adm = srv.admin()
    before = len(all_reports(adm))
    assert_problem(adm.post("alerts", data='{"alerts": [{"source": "x", "title": "y"},'), 400, "invalid-json")
    assert_problem(adm.post("alerts", data='[{"source": "x", "title": "y"}]'), 400, "invalid-json")
    assert_problem(adm.post("alerts", data=json.dumps(alert()), content_type="text/plain"), 415,
                   "unsupported-media-type")
    big = '{"alerts": [' + ",".join([json.dumps(alert(description="x" * 90000))] * 190) + "]}"
    assert len(big) > 16 * 1024 * 1024
    assert_problem(adm.post("alerts", data=big), 413, "payload-too-large")
    assert_problem(srv.client().post("alerts", alert()), 401, "unauthorized")
    viewer = srv.make_user(role="viewer", all_constituencies=True)
    assert_problem(srv.user_client(viewer).post("alerts", alert()), 403, "forbidden")
    assert len(all_reports(adm)) == before


def test_intake_token(srv):
    adm = srv.admin()
    # an intake-scoped token of a viewer may submit alerts, and nothing else
    u = srv.make_user(role="viewer", all_constituencies=True)
    r = adm.post("users/%d/tokens" % u["id"], {"name": "siem", "scope": "intake"})
    tok = expect(r, 201, "create intake token")["token"]
    c = srv.client(tok)
    j = submit(c, alert(title="intake token alert"))
    assert j["created"] == 1
    assert_problem(c.get("reports"), 403, "forbidden")
    assert_problem(c.get("reports/%d" % j["items"][0]["report_id"]), 403, "forbidden")
    rep = expect(adm.get("reports/%d" % j["items"][0]["report_id"]), 200)
    assert rep["channel"] == "soc" and rep["subject"] == "intake token alert"
    # a handler's full token works too
    h = srv.make_user(role="handler", all_constituencies=True)
    assert submit(srv.user_client(h), alert())["created"] == 1


def test_alerts_survive_kill9(fresh):
    adm = fresh.admin()
    batch = [alert(title="永続 %d" % i, raw={"i": i}) for i in range(50)]
    j = submit(adm, {"alerts": batch})
    rep_ids = [it["report_id"] for it in j["items"]]
    again = submit(adm, batch[0])["items"][0]
    assert again["seen_count"] == 2
    fresh.kill9()
    fresh.start()
    adm = fresh.admin()
    for i, rid in enumerate(rep_ids):
        rep = expect(adm.get("reports/%d" % rid), 200, "report after kill -9")
        assert rep["subject"] == "永続 %d" % i and rep["details"]["raw"] == {"i": i}, rep
    assert expect(adm.get("reports/%d" % rep_ids[0]), 200)["seen_count"] == 2
    # the dedupe key survives too
    assert submit(adm, batch[1])["items"][0]["seen_count"] == 2


def test_batch_reports_are_searchable(srv):
    """Alert batches are indexed for search in one statement at the end of
    the job: the reports must be found like any other."""
    adm = srv.admin()
    tag = uniq("srch")
    batch = [alert(title="EDR 検知 %s-%d 不審なプロセス" % (tag, i), source_ref=uniq("ref")) for i in range(20)]
    submit(adm, {"alerts": batch})
    found = adm.list_all("reports", {"q": tag})
    assert len(found) == 20, [r["subject"] for r in found]
    one = adm.list_all("reports", {"q": "%s-7 " % tag})
    assert any(r["subject"].startswith("EDR 検知 %s-7 " % tag) for r in one), one
    # a report created through the API in between is indexed by its trigger as before
    expect(adm.post("reports", {"subject": "手動 %s" % tag}), 201)
    assert len(adm.list_all("reports", {"q": tag})) == 21
