"""Metrics (issue 7, items 1 and 5): GET /api/v1/metrics over a fixed data
set created through the API in a constituency of its own (so other tests'
incidents do not count), exercise exclusion, scope rules for a restricted
user, monthly series, and the Prometheus /metrics scrape."""

import datetime
import re

from harness import assert_problem, expect, uniq

JST = datetime.timezone(datetime.timedelta(hours=9))


def this_month():
    return datetime.datetime.now(JST).strftime("%Y-%m")


def iso(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def group(m, name, key):
    for e in m[name]:
        if e["key"] == key:
            return e["count"]
    return 0


def walk_to_closed(adm, inc):
    """new -> triage -> analysis -> containment -> eradication -> recovery -> closed (resolved)."""
    for st in ("triage", "analysis", "containment", "eradication", "recovery"):
        inc = expect(adm.patch("incidents/%d" % inc["id"], {"status": st}, if_match=inc["version"]), 200, st)
    body = {"status": "closed", "resolution": "resolved"}
    return expect(adm.patch("incidents/%d" % inc["id"], body, if_match=inc["version"]), 200, "close")


def make_set(srv):
    """Three real incidents, one exercise, three reports in one new constituency."""
    adm = srv.admin()
    c = srv.make_constituency()
    now = datetime.datetime.now(datetime.timezone.utc)
    a = srv.make_incident(constituency_id=c["id"], impact="high", urgency="high", tlp="GREEN",
                          occurred_at=iso(now - datetime.timedelta(hours=30)),
                          detected_at=iso(now - datetime.timedelta(hours=6)), estimated_damage_jpy=1200000)
    b = srv.make_incident(constituency_id=c["id"], impact="low", urgency="low", tlp="AMBER",
                          estimated_damage_jpy=300000)
    d = srv.make_incident(constituency_id=c["id"], impact="low", urgency="low", tlp="RED")
    x = srv.make_incident(constituency_id=c["id"], impact="high", urgency="high", is_exercise=True,
                          estimated_damage_jpy=9999999)
    a = walk_to_closed(adm, a)
    x = walk_to_closed(adm, x)
    for ch in ("email", "email", "web"):
        expect(adm.post("reports", {"channel": ch, "subject": "件名 " + uniq("r"), "constituency_id": c["id"],
                                    "tlp": "GREEN"}), 201, "report")
    return c, a, b, d, x


def test_metrics_counts_times_and_exercise_exclusion(srv):
    c, a, b, d, x = make_set(srv)
    m = expect(srv.admin().get("metrics", {"period": this_month(), "constituency": str(c["id"])}), 200)
    assert m["period"]["label"] == this_month() and m["period"]["time_zone"] == "Asia/Tokyo", m["period"]
    assert m["counts"]["incidents"] == 3, m["counts"]
    assert m["counts"]["reports"] == 3, m["counts"]
    assert m["counts"]["exercises_excluded"] == 1, m["counts"]
    assert m["counts"]["coordinations"] == 0
    assert a["priority"] != b["priority"] == d["priority"], (a["priority"], b["priority"])
    assert group(m, "by_priority", a["priority"]) == 1 and group(m, "by_priority", b["priority"]) == 2
    assert group(m, "by_status", "closed") == 1 and group(m, "by_status", "new") == 2, m["by_status"]
    assert group(m, "reports_by_channel", "email") == 2 and group(m, "reports_by_channel", "web") == 1
    assert [e["code"] for e in m["by_constituency"]] == [c["code"]], m["by_constituency"]
    # Damage: the exercise's 9,999,999 yen is left out.
    assert m["damage"] == {"incidents_with_estimate": 2, "total_jpy": 1500000}, m["damage"]
    # Time to detect: occurred 30 h before, detected 6 h before = 24 h.
    assert m["times"]["ttd"]["n"] == 1 and abs(m["times"]["ttd"]["median_hours"] - 24.0) < 0.01, m["times"]
    # MTTR: detected 6 h before it was resolved (just now).
    assert m["times"]["mttr"]["n"] == 1 and abs(m["times"]["mttr"]["median_hours"] - 6.0) < 0.05, m["times"]
    assert m["times"]["mtta"]["n"] == 1 and m["times"]["mttc"]["n"] == 1
    assert m["backlog"]["open_at_end"] == 2, m["backlog"]
    assert sum(e["count"] for e in m["backlog"]["ageing"]) == 2
    assert m["sla"]["acknowledge"]["with_target"] == 3, m["sla"]
    assert set(m["trend"]) == {"previous", "year_ago"}
    assert m["trend"]["previous"]["incidents"] == 0 and m["trend"]["previous"]["change"]["incidents"] is None


def test_metrics_scope_of_a_restricted_user(srv):
    c, a, b, d, x = make_set(srv)
    other = srv.make_constituency()
    srv.make_incident(constituency_id=other["id"])
    # A viewer of constituency c with clearance AMBER: the RED incident is not counted.
    u = srv.make_user(role="viewer", constituency_ids=[c["id"]], tlp_max="AMBER")
    cl = srv.user_client(u)
    m = expect(cl.get("metrics", {"period": this_month()}), 200)
    assert m["counts"]["incidents"] == 2, m["counts"]
    assert m["scope"]["restricted"] is True
    assert [e["key"] for e in m["by_constituency"]] == [c["id"]]
    # Asking for a constituency outside the scope shows nothing of it.
    m = expect(cl.get("metrics", {"period": this_month(), "constituency": str(other["id"])}), 200)
    assert m["counts"]["incidents"] == 0


def test_metrics_periods_and_validation(srv):
    adm = srv.admin()
    m = expect(adm.get("metrics", {"period": "2026-Q3"}), 200)
    assert (m["period"]["from"], m["period"]["to"]) == ("2026-06-30T15:00:00Z", "2026-09-30T15:00:00Z")
    assert m["trend"]["previous"]["label"] == "2026-Q2" and m["trend"]["year_ago"]["label"] == "2025-Q3"
    m = expect(adm.get("metrics", {"from": "2026-10-01", "to": "2026-10-31"}), 200)
    assert (m["period"]["from"], m["period"]["to"]) == ("2026-09-30T15:00:00Z", "2026-10-31T15:00:00Z")
    m = expect(adm.get("metrics"), 200)
    assert m["period"]["label"] == this_month()
    assert_problem(adm.get("metrics", {"period": "2026-13"}), 400, "invalid-parameter", field="period")
    assert_problem(adm.get("metrics", {"from": "2026-10-01"}), 400, "invalid-parameter", field="to")
    assert_problem(adm.get("metrics", {"period": "2026", "from": "2026-01-01", "to": "2026-02-01"}), 400,
                   "invalid-parameter", field="period")
    assert_problem(adm.get("metrics", {"constituency": "x"}), 400, "invalid-parameter", field="constituency")
    assert_problem(adm.get("metrics", {"bogus": "1"}), 400, ("unknown-field", "invalid-parameter"))
    assert srv.client().get("metrics").status == 401


def test_metrics_series(srv):
    c, a, b, d, x = make_set(srv)
    adm = srv.admin()
    s = expect(adm.get("metrics/series", {"metric": "incidents", "months": "3", "constituency": str(c["id"])}), 200)
    assert s["metric"] == "incidents" and s["unit"] == "count"
    assert [p["value"] for p in s["points"]] == [0, 0, 3], s
    assert s["points"][-1]["period"] == this_month()
    s = expect(adm.get("metrics/series", {"metric": "mttr", "months": "2", "constituency": str(c["id"])}), 200)
    assert s["unit"] == "hours" and s["points"][0]["value"] is None
    assert abs(s["points"][1]["value"] - 6.0) < 0.05, s
    s = expect(adm.get("metrics/series", {"metric": "reports", "constituency": str(c["id"])}), 200)
    assert len(s["points"]) == 12 and s["points"][-1]["value"] == 3
    assert_problem(adm.get("metrics/series", {"metric": "cost"}), 400, "invalid-parameter", field="metric")
    assert_problem(adm.get("metrics/series", {"months": "61"}), 400, "invalid-parameter", field="months")
    assert_problem(adm.get("metrics/series", {"months": "0"}), 400, "invalid-parameter", field="months")


SAMPLE = re.compile(r'^([a-z_]+)(\{[^}]*\})? (-?[0-9.e+]+)$')


def scrape(client):
    r = client.get("/metrics")
    assert r.status == 200, r
    assert r.headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), r.headers
    samples = {}
    for line in r.body.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        mt = SAMPLE.match(line)
        assert mt, "not a Prometheus sample: %r" % line
        samples[mt.group(1) + (mt.group(2) or "")] = float(mt.group(3))
    return samples


def test_prometheus_scrape(srv):
    adm = srv.admin()
    expect(adm.get("incidents"), 200)
    before = scrape(adm)
    c, a, b, d, x = make_set(srv)
    s = scrape(adm)
    for name in ("hikeshi_http_request_duration_seconds_count", "hikeshi_http_request_duration_seconds_sum",
                 'hikeshi_http_request_duration_seconds_bucket{le="+Inf"}',
                 'hikeshi_http_request_duration_seconds_bucket{le="0.005"}',
                 'hikeshi_http_requests_total{method="GET",code="2xx"}',
                 'hikeshi_incidents_open{priority="P1"}', 'hikeshi_incidents_open{priority="P4"}',
                 "hikeshi_reports_waiting_triage", "hikeshi_outbox_depth", "hikeshi_outbox_failed",
                 'hikeshi_sla_breaches_total{target="acknowledge"}',
                 'hikeshi_sla_breaches_total{target="resolution"}'):
        assert name in s, (name, sorted(s))
    assert s["hikeshi_http_request_duration_seconds_count"] > before["hikeshi_http_request_duration_seconds_count"]
    assert s['hikeshi_http_requests_total{method="POST",code="2xx"}'] >= 7
    assert s['hikeshi_http_request_duration_seconds_bucket{le="+Inf"}'] == \
        s["hikeshi_http_request_duration_seconds_count"]
    opened = sum(v for k, v in s.items() if k.startswith("hikeshi_incidents_open"))
    was = sum(v for k, v in before.items() if k.startswith("hikeshi_incidents_open"))
    assert opened == was + 2, (opened, was)  # b and d; a is closed, x is an exercise
    assert s["hikeshi_reports_waiting_triage"] == before["hikeshi_reports_waiting_triage"] + 3
    # A bearer token of any user may scrape; no credentials may not.
    u = srv.make_user(role="viewer")
    assert srv.user_client(u).get("/metrics").status == 200
    assert srv.client().get("/metrics").status == 401


def test_metrics_are_never_stale(srv):
    """The metrics of a (period, scope) are kept between requests (a dashboard
    asks for them once per chart), but a commit by anyone — this server, or
    another process writing the database file — makes them computed again."""
    import sqlite3
    adm = srv.admin()
    c = srv.make_constituency()
    q = {"period": this_month(), "constituency": c["id"]}
    first = expect(adm.get("metrics", params=q), 200)
    assert first["counts"]["incidents"] == 0, first["counts"]
    assert expect(adm.get("metrics", params=q), 200) == first  # the same answer again
    sq = {"metric": "incidents", "months": "2", "constituency": str(c["id"])}
    assert [p["value"] for p in expect(adm.get("metrics/series", sq), 200)["points"]] == [0, 0]
    inc = srv.make_incident(constituency_id=c["id"], estimated_damage_jpy=100000)
    m = expect(adm.get("metrics", params=q), 200)
    assert m["counts"]["incidents"] == 1 and m["damage"]["total_jpy"] == 100000, (m["counts"], m["damage"])
    assert [p["value"] for p in expect(adm.get("metrics/series", sq), 200)["points"]] == [0, 1]
    # another process (a maintenance script, mailgate, a cron run) commits to the file
    db = sqlite3.connect(srv.db, timeout=10)
    try:
        db.execute("UPDATE incident SET estimated_damage_jpy = 250000 WHERE id = ?", (inc["id"],))
        db.commit()
    finally:
        db.close()
    m = expect(adm.get("metrics", params=q), 200)
    assert m["damage"]["total_jpy"] == 250000, m["damage"]
    # a different scope is a different entry: a user of another constituency sees nothing of it
    other = srv.make_constituency()
    u = srv.user_client(srv.make_user(role="viewer", constituency_ids=[other["id"]]))
    assert expect(u.get("metrics", params={"period": this_month()}), 200)["damage"]["total_jpy"] == 0
