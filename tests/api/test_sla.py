"""SLA policies, the business calendar (hours, Japanese public holidays, custom
days), an incident's timers, and the scheduler's near-breach / breach events
(through `hikeshi scheduler run-once --now` and through the live scheduler)."""

import time

from harness import assert_problem, cli, etag_version, expect, parse_time as _parse_time

TARGETS = ("acknowledge", "first_response", "containment", "resolution")

# 内閣府「国民の祝日について」, 令和8年 (2026): the Cabinet Office lists the
# substitute and in-between days as 「休日」; hikeshi names which kind.
HOLIDAYS_2026 = [
    ("2026-01-01", "元日"), ("2026-01-12", "成人の日"), ("2026-02-11", "建国記念の日"),
    ("2026-02-23", "天皇誕生日"), ("2026-03-20", "春分の日"), ("2026-04-29", "昭和の日"),
    ("2026-05-03", "憲法記念日"), ("2026-05-04", "みどりの日"), ("2026-05-05", "こどもの日"),
    ("2026-05-06", "振替休日"), ("2026-07-20", "海の日"), ("2026-08-11", "山の日"),
    ("2026-09-21", "敬老の日"), ("2026-09-22", "国民の休日"), ("2026-09-23", "秋分の日"),
    ("2026-10-12", "スポーツの日"), ("2026-11-03", "文化の日"), ("2026-11-23", "勤労感謝の日"),
]


def parse_time(s):
    """RFC 3339 -> unix seconds (int)."""
    return int(_parse_time(s).timestamp())


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def policies(client):
    return {p["priority"]: p for p in expect(client.get("sla-policies"), 200)["items"]}


def test_sla_policies_defaults_and_writes(srv):
    adm = srv.admin()
    r = adm.get("sla-policies")
    j = expect(r, 200)
    assert [p["priority"] for p in j["items"]] == ["P1", "P2", "P3", "P4"], j
    p = {x["priority"]: x for x in j["items"]}
    assert (p["P1"]["acknowledge_minutes"], p["P1"]["first_response_minutes"], p["P1"]["containment_minutes"],
            p["P1"]["resolution_minutes"], p["P1"]["calendar"]) == (15, 30, 240, 1440, "24x365"), p["P1"]
    assert p["P3"]["calendar"] == "business" and p["P4"]["containment_minutes"] is None, p
    version = j["version"]
    assert etag_version(r) == version

    # viewers and handlers read, only admins write
    h = srv.user_client(srv.make_user(role="handler", all_constituencies=True))
    expect(h.get("sla-policies"), 200)
    assert_problem(h.put("sla-policies", {"items": [{"priority": "P4", "resolution_minutes": 1}]}), 403, "forbidden")

    # validation names the field
    for item, field in (({"priority": "P5"}, "items[0].priority"),
                        ({"priority": "P4", "acknowledge_minutes": 0}, "items[0].acknowledge_minutes"),
                        ({"priority": "P4", "resolution_minutes": "1h"}, "items[0].resolution_minutes"),
                        ({"priority": "P4", "calendar": "weekdays"}, "items[0].calendar"),
                        ({"priority": "P4", "near_breach_percent": 101}, "items[0].near_breach_percent"),
                        ({"priority": "P4", "colour": "red"}, "items[0].colour")):
        assert_problem(adm.put("sla-policies", {"items": [item]}), 422, "validation", field)
    assert_problem(adm.put("sla-policies", {"items": []}), 422, "validation", "items")
    assert_problem(adm.put("sla-policies", {"items": [], "x": 1}), 400, "unknown-field", "x")
    assert_problem(adm.put("sla-policies", {"items": [{"priority": "P4"}]}, if_match=version + 7), 412, "precondition-failed")
    assert policies(adm)["P4"] == p["P4"], "a refused write changed nothing"

    # a good write: members not given keep their values; null clears a target
    r = adm.put("sla-policies", {"items": [{"priority": "P4", "first_response_minutes": None,
                                            "near_breach_percent": 90}]}, if_match=version)
    j = expect(r, 200)
    q = {x["priority"]: x for x in j["items"]}["P4"]
    assert (q["first_response_minutes"], q["near_breach_percent"], q["acknowledge_minutes"], q["version"]) == \
        (None, 90, p["P4"]["acknowledge_minutes"], p["P4"]["version"] + 1), q
    assert j["version"] == version + 1
    # restore for the other tests
    expect(adm.put("sla-policies", {"items": [p["P4"]]}), 200)
    assert policies(adm)["P4"]["first_response_minutes"] == p["P4"]["first_response_minutes"]


def test_business_hours(srv):
    adm = srv.admin()
    j = expect(adm.get("business-hours"), 200)
    assert j["utc_offset_minutes"] == 540
    days = {d["weekday"]: (d["open"], d["close"]) for d in j["days"]}
    assert days == {0: (None, None), 1: ("09:00", "18:00"), 2: ("09:00", "18:00"), 3: ("09:00", "18:00"),
                    4: ("09:00", "18:00"), 5: ("09:00", "18:00"), 6: (None, None)}, days
    h = srv.user_client(srv.make_user(role="handler", all_constituencies=True))
    assert_problem(h.put("business-hours", {"days": []}), 403, "forbidden")
    for days_in, field in (([{"weekday": 7, "open": "09:00", "close": "18:00"}], "days[0].weekday"),
                           ([{"weekday": 1, "open": "9:00", "close": "18:00"}], "days[0].open"),
                           ([{"weekday": 1, "open": "09:00", "close": "08:00"}], "days[0].close"),
                           ([{"weekday": 1, "open": "09:00", "close": "24:30"}], "days[0].close"),
                           ([{"weekday": 1, "open": "09:00", "close": "18:00"},
                             {"weekday": 1, "open": "10:00", "close": "18:00"}], "days[1].weekday"),
                           ([], "days")):
        assert_problem(adm.put("business-hours", {"days": days_in}), 422, "validation", field)
    assert_problem(adm.put("business-hours", {"days": [], "tz": 0}), 400, "unknown-field", "tz")
    new = [{"weekday": wd, "open": "08:30", "close": "17:15"} for wd in range(1, 6)] + \
        [{"weekday": 6, "open": "10:00", "close": "24:00"}]
    j = expect(adm.put("business-hours", {"days": new}), 200)
    got = {d["weekday"]: (d["open"], d["close"]) for d in j["days"]}
    assert got[6] == ("10:00", "24:00") and got[1] == ("08:30", "17:15") and got[0] == (None, None), got
    expect(adm.put("business-hours", {"days": [{"weekday": wd, "open": "09:00", "close": "18:00"}
                                               for wd in range(1, 6)]}), 200)


def test_holidays_2026_listed_with_names(srv):
    adm = srv.admin()
    j = expect(adm.get("holidays", {"year": 2026}), 200)
    assert j["year"] == 2026
    builtin = [(h["day"], h["name"]) for h in j["items"] if h["source"] == "builtin"]
    assert builtin == HOLIDAYS_2026, builtin
    assert all(h["enabled"] and h["name_en"] for h in j["items"] if h["source"] == "builtin"), j
    en = {h["day"]: h["name_en"] for h in j["items"]}
    assert en["2026-01-01"] == "New Year's Day" and en["2026-05-06"] == "Substitute Holiday", en
    for bad in ("1999", "2100", "20x6", "-2026"):
        assert_problem(adm.get("holidays", {"year": bad}), 400, "invalid-parameter", "year")
    assert_problem(adm.get("holidays", {"yr": 2026}), 400, "unknown-field")
    cur = expect(adm.get("holidays"), 200)
    assert 2026 <= cur["year"] <= 2099


def test_holiday_custom_days_and_switches(srv):
    adm = srv.admin()
    h = srv.user_client(srv.make_user(role="handler", all_constituencies=True))
    day = "2027-12-29"
    assert_problem(h.post("holidays", {"day": day, "name": "年末休業"}), 403, "forbidden")
    r = adm.post("holidays", {"day": day, "name": "年末休業", "name_en": "Year-end closure"})
    j = expect(r, 201)
    assert j == {"day": day, "name": "年末休業", "name_en": "Year-end closure", "source": "custom",
                 "enabled": True}, j
    assert r.headers.get("Location", "").endswith("/api/v1/holidays/" + day)
    assert_problem(adm.post("holidays", {"day": day, "name": "again"}), 409, "conflict")
    assert_problem(adm.post("holidays", {"day": "2027-01-01", "name": "x"}), 409, "conflict")
    for d in ("2027-02-30", "27-12-29", "2101-01-01", "2027/12/30"):
        assert_problem(adm.post("holidays", {"day": d, "name": "x"}), 422, "validation", "day")
    assert_problem(adm.post("holidays", {"day": "2027-12-30"}), 422, "validation", "name")
    items = expect(adm.get("holidays", {"year": 2027}), 200)["items"]
    assert [x["day"] for x in items] == sorted(x["day"] for x in items)
    assert {"day": day, "name": "年末休業", "name_en": "Year-end closure", "source": "custom",
            "enabled": True} in items

    # rename and switch a custom day
    j = expect(adm.patch("holidays/" + day, {"name": "年末年始休業", "enabled": False}), 200)
    assert (j["name"], j["enabled"], j["name_en"]) == ("年末年始休業", False, "Year-end closure"), j
    # a public holiday: switched off and on, never renamed or deleted
    j = expect(adm.patch("holidays/2027-05-04", {"enabled": False}), 200)
    assert (j["name"], j["source"], j["enabled"]) == ("みどりの日", "builtin", False), j
    items = {x["day"]: x for x in expect(adm.get("holidays", {"year": 2027}), 200)["items"]}
    assert items["2027-05-04"]["enabled"] is False and items["2027-05-05"]["enabled"] is True
    assert_problem(adm.patch("holidays/2027-05-04", {"name": "x"}), 422, "validation", "name")
    assert_problem(adm.delete("holidays/2027-05-04"), 409, "conflict")
    expect(adm.patch("holidays/2027-05-04", {"enabled": True}), 200)
    assert_problem(adm.patch("holidays/2027-06-01", {"enabled": False}), 404, "not-found")
    assert_problem(adm.patch("holidays/nonsense", {"enabled": False}), 404, "not-found")
    assert_problem(adm.patch("holidays/" + day, {"enabled": "no"}), 422, "validation", "enabled")
    assert_problem(h.delete("holidays/" + day), 403, "forbidden")
    r = adm.delete("holidays/" + day)
    assert r.status == 204, r
    assert_problem(adm.delete("holidays/" + day), 404, "not-found")
    assert day not in {x["day"] for x in expect(adm.get("holidays", {"year": 2027}), 200)["items"]}


def sla_view(client, inc):
    return expect(client.get("incidents/%d/sla" % inc["id"]), 200)


def test_incident_sla_view_before_and_after_acknowledging(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = srv.make_incident(constituency_id=c["id"], impact="high", urgency="high")
    assert inc["priority"] == "P1", inc
    v = sla_view(adm, inc)
    assert (v["incident_id"], v["key"], v["priority"], v["calendar"], v["near_breach_percent"]) == \
        (inc["id"], inc["key"], "P1", "24x365", 75), v
    t = {x["target"]: x for x in v["targets"]}
    assert list(t) == list(TARGETS)
    created = parse_time(inc["created_at"])
    ack = t["acknowledge"]
    assert (ack["minutes"], ack["state"], ack["met_at"], ack["breached"]) == (15, "ok", None, False), ack
    assert parse_time(ack["due_at"]) == created + 15 * 60, ack
    assert parse_time(ack["near_at"]) == created + 15 * 60 * 75 // 100, ack
    assert 14 <= ack["remaining_minutes"] <= 15 and ack["elapsed_minutes"] <= 1, ack
    assert parse_time(t["resolution"]["due_at"]) == created + 24 * 3600
    assert v["events"] == []

    # by key too; the same visibility as the incident
    expect(adm.get("incidents/%s/sla" % inc["key"]), 200)
    other = srv.make_constituency()
    outsider = srv.user_client(srv.make_user(role="handler", constituency_ids=[other["id"]]))
    assert_problem(outsider.get("incidents/%d/sla" % inc["id"]), 404, "not-found")
    assert_problem(adm.get("incidents/999999/sla"), 404, "not-found")
    assert_problem(adm.get("incidents/%d/sla" % inc["id"], {"x": 1}), 400, "unknown-field")

    # acknowledging (leaving "new") meets the acknowledge target
    expect(adm.patch("incidents/%d" % inc["id"], {"status": "triage"}, if_match=inc["version"]), 200)
    t = {x["target"]: x for x in sla_view(adm, inc)["targets"]}
    assert t["acknowledge"]["state"] == "met" and t["acknowledge"]["met_at"], t["acknowledge"]
    assert t["acknowledge"]["breached"] is False
    assert t["first_response"]["state"] == "ok", t["first_response"]
    # a note by a handler is the first response
    expect(adm.post("incidents/%d/journal" % inc["id"], {"body": "初動対応を開始しました。"}), 201)
    t = {x["target"]: x for x in sla_view(adm, inc)["targets"]}
    assert t["first_response"]["state"] == "met", t["first_response"]
    assert t["containment"]["state"] == "ok"

    # a P4 runs on business hours
    p4 = srv.make_incident(constituency_id=c["id"], impact="low", urgency="low")
    v = sla_view(adm, p4)
    assert (v["priority"], v["calendar"]) == ("P4", "business"), v
    t = {x["target"]: x for x in v["targets"]}
    assert t["containment"]["state"] == "none" and t["containment"]["due_at"] is None, t["containment"]
    due = parse_time(t["acknowledge"]["due_at"])
    assert due > parse_time(p4["created_at"]) + 9 * 3600, t["acknowledge"]  # a business day, not 9 h


def sla_entries(client, inc):
    items = client.list_all("incidents/%d/journal" % inc["id"])
    return [(e["data"]["target"], e["data"]["state"]) for e in items if e["kind"] == "sla"]


def run_once(srv, now):
    r = cli("scheduler", "run-once", "--db", srv.db, "--now", rfc3339(now))
    assert r.rc == 0, r.describe()
    assert "scheduler pass at %s" % rfc3339(now) in r.stdout, r.stdout
    return r


def test_breach_detection_through_run_once(srv):
    adm = srv.admin()
    c = srv.make_constituency()
    inc = srv.make_incident(constituency_id=c["id"], impact="high", urgency="high")
    created = parse_time(inc["created_at"])
    # 12 minutes in: the acknowledge target (15 min, near at 75 %) is near
    run_once(srv, created + 12 * 60)
    assert sla_entries(adm, inc) == [("acknowledge", "near")]
    run_once(srv, created + 12 * 60)
    assert sla_entries(adm, inc) == [("acknowledge", "near")], "never twice"
    # two days in: every target is breached, each recorded once
    run_once(srv, created + 2 * 86400)
    got = sla_entries(adm, inc)
    assert got[0] == ("acknowledge", "near") and sorted(got[1:]) == sorted((t, "breach") for t in TARGETS), got
    run_once(srv, created + 2 * 86400)
    run_once(srv, created + 3 * 86400)
    assert sla_entries(adm, inc) == got, "never twice"
    items = adm.list_all("incidents/%d/journal" % inc["id"])
    e = next(e for e in items if e["kind"] == "sla" and e["data"]["target"] == "acknowledge"
             and e["data"]["state"] == "breach")
    assert parse_time(e["data"]["due_at"]) == created + 15 * 60 and e["data"]["priority"] == "P1", e
    assert "期限超過" in e["body_html"], e
    v = sla_view(adm, inc)
    assert sorted((x["target"], x["state"]) for x in v["events"]) == \
        sorted([("acknowledge", "near")] + [(t, "breach") for t in TARGETS]), v["events"]

    # an incident acknowledged in time never breaches its acknowledge target
    ok = srv.make_incident(constituency_id=c["id"], impact="high", urgency="high")
    expect(adm.patch("incidents/%d" % ok["id"], {"status": "triage"}, if_match=ok["version"]), 200)
    expect(adm.post("incidents/%d/journal" % ok["id"], {"body": "対応中"}), 201)
    run_once(srv, parse_time(ok["created_at"]) + 2 * 86400)
    assert sorted(sla_entries(adm, ok)) == [("containment", "breach"), ("resolution", "breach")], \
        sla_entries(adm, ok)
    # the server still answers (the CLI wrote next to it)
    assert srv.health().status == 200


def test_run_once_usage(srv):
    r = cli("scheduler", "run-once", "--db", srv.db, "--now", "tomorrow")
    assert r.rc == 64, r.describe()
    r = cli("scheduler", "walk", "--db", srv.db)
    assert r.rc == 64, r.describe()
    r = cli("scheduler", "--help")
    assert r.rc == 0 and "run-once" in r.stdout, r.describe()


def test_live_scheduler_records_near_breach(fresh, tmp):
    fresh.stop()
    cfg = tmp / "hikeshi.ini"
    cfg.write_text("[scheduler]\ninterval = 1\n", "utf-8")
    fresh.start(extra_args=("--config", str(cfg)))
    adm = fresh.admin()
    # one minute to acknowledge, warned at 1 %: near within a second or two
    expect(adm.put("sla-policies", {"items": [{"priority": "P1", "acknowledge_minutes": 1,
                                               "near_breach_percent": 1}]}), 200)
    c = fresh.make_constituency()
    inc = fresh.make_incident(constituency_id=c["id"], impact="high", urgency="high")
    deadline = time.time() + 15
    got = []
    while time.time() < deadline:
        got = sla_entries(adm, inc)
        if ("acknowledge", "near") in got:
            break
        time.sleep(0.3)
    assert ("acknowledge", "near") in got, got
    time.sleep(2.5)  # more passes: still once
    assert sla_entries(adm, inc).count(("acknowledge", "near")) == 1
    t = {x["target"]: x for x in sla_view(adm, inc)["targets"]}
    assert t["acknowledge"]["state"] == "near", t["acknowledge"]
    # bad [scheduler] values stop serve before it answers
    fresh.stop()
    cfg.write_text("[scheduler]\ninterval = 0\n", "utf-8")
    r = cli("serve", "--db", fresh.db, "--config", str(cfg), "--listen", "127.0.0.1:1")
    assert r.rc != 0 and "[scheduler] interval" in r.stderr, r.describe()
