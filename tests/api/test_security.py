"""Findings of the security review, kept as tests: merges and links never
move text to readers with less clearance, references never reveal hidden
objects, and the login throttle holds under parallel guessing."""

import threading

from harness import assert_problem, expect, problem_fields


def _two_constituencies(srv):
    a = srv.make_constituency()
    b = srv.make_constituency()
    return a, b


def test_merge_never_lowers_tlp_or_crosses_constituencies(srv):
    adm = srv.admin()
    a, b = _two_constituencies(srv)
    red = srv.make_incident(adm, constituency_id=a["id"], tlp="RED", title="RED 事案")
    expect(adm.post("incidents/%d/journal" % red["id"], {"body": "RED secret: hunter2"}), 201, "note")
    green = srv.make_incident(adm, constituency_id=a["id"], tlp="GREEN", title="GREEN 事案")
    other = srv.make_incident(adm, constituency_id=b["id"], tlp="RED", title="other constituency")
    assert_problem(adm.post("incidents/%d/merge" % red["id"], {"into": green["id"]}), 422, "validation", "into")
    assert_problem(adm.post("incidents/%d/merge" % red["id"], {"into": other["id"]}), 422, "validation", "into")
    # nothing moved
    j = expect(adm.get("incidents/%d/journal" % green["id"]), 200, "journal")
    assert all("hunter2" not in e["body_md"] for e in j["items"]), j
    # the other way round (GREEN into RED, same constituency) is fine
    r = expect(adm.post("incidents/%d/merge" % green["id"], {"into": red["id"]}), 200, "merge up")
    assert r["status"] == "closed" and r["resolution"] == "duplicate"


def test_scope_references_do_not_reveal_existence(srv):
    a, b = _two_constituencies(srv)
    ou_b = expect(srv.admin().post("org-units", {"constituency_id": b["id"], "name": "隠れ部署"}), 201, "ou")
    h = srv.make_user(role="handler", constituency_ids=[a["id"]])
    c = srv.user_client(h)
    hidden = c.post("incidents", {"title": "x", "constituency_id": b["id"]})
    absent = c.post("incidents", {"title": "x", "constituency_id": 999999})
    assert hidden.status == absent.status == 422, (hidden, absent)
    assert problem_fields(hidden) == problem_fields(absent) == ["constituency_id"]
    hidden = c.post("incidents", {"title": "x", "constituency_id": a["id"], "org_unit_id": ou_b["id"]})
    absent = c.post("incidents", {"title": "x", "constituency_id": a["id"], "org_unit_id": 999999})
    assert hidden.status == absent.status == 422, (hidden, absent)
    assert hidden.json["errors"][0]["message"].replace(str(ou_b["id"]), "N") == \
        absent.json["errors"][0]["message"].replace("999999", "N")


def test_links_never_point_at_stricter_reports(srv):
    adm = srv.admin()
    a, b = _two_constituencies(srv)
    amber = srv.make_incident(adm, constituency_id=a["id"], tlp="AMBER")
    red_rep = expect(adm.post("reports", {"subject": "RED report", "tlp": "RED", "constituency_id": a["id"]}),
                     201, "report")
    other_rep = expect(adm.post("reports", {"subject": "B report", "constituency_id": b["id"]}), 201, "report")
    assert_problem(adm.post("reports/%d/link" % red_rep["id"], {"incident_id": amber["id"]}), 422, "validation",
                   "incident_id")
    assert_problem(adm.post("reports/%d/link" % other_rep["id"], {"incident_id": amber["id"]}), 422, "validation",
                   "incident_id")
    # an incident made from the RED report starts RED in its constituency
    inc = expect(adm.post("incidents", {"title": "from RED report", "report_id": red_rep["id"]}), 201, "create")
    assert inc["tlp"] == "RED" and inc["constituency_id"] == a["id"], inc
    # asking for a lower TLP than the report's is refused, nothing created
    rep2 = expect(adm.post("reports", {"subject": "RED again", "tlp": "RED", "constituency_id": a["id"]}), 201, "r")
    assert_problem(adm.post("incidents", {"title": "low", "report_id": rep2["id"], "tlp": "GREEN"}), 422,
                   "validation", "report_id")


def test_parallel_guesses_do_not_beat_the_login_throttle(fresh):
    u = fresh.make_user(role="viewer", all_constituencies=True)
    results = []
    lock = threading.Lock()

    def guess(i):
        r = fresh.client().post("session", {"login": u["login"], "password": "wrong-guess-%d" % i})
        with lock:
            results.append(r.status)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked = [s for s in results if s == 401]
    assert len(checked) <= 5, "passwords checked: %d of %d (%r)" % (len(checked), len(results), results)
    assert results.count(429) == len(results) - len(checked), results
