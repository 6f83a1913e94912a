"""Authority and decisions (issue 5, item 3; seed 002 §2.2.8, §4.2): the
authority matrix (read by all, replaced by admins with If-Match, validated
cell by cell), users' organisational roles, and decisions on incidents
checked against the matrix: outside one's authority a decision is refused
(403) naming who holds the power; inside it, it lands in the decision list,
the journal and the audit log, and can never be changed."""

import sqlite3

from harness import assert_problem, etag_version, expect, problem_fields


def cell(m, action, role):
    for c in m["cells"]:
        if c["action"] == action and c["role"] == role:
            return c["power"]
    return None


_cons = {}


def incident(srv, client):
    """An incident in this module's constituency, created by client."""
    if srv not in _cons:
        _cons[srv] = srv.make_constituency()
    return srv.make_incident(client, constituency_id=_cons[srv]["id"])


def user_with(srv, roles, role="handler", **extra):
    u = srv.make_user(role=role, all_constituencies=True, **extra)
    if roles is not None:
        cur = expect(srv.admin().get("users/%d" % u["id"]), 200)
        upd = expect(srv.admin().patch("users/%d" % u["id"], {"authority_roles": roles},
                                       if_match=cur["version"]), 200)
        assert upd["authority_roles"] == roles, upd
    return u, srv.user_client(u)


def test_default_matrix_and_labels(srv):
    m = expect(srv.admin().get("authority"), 200)
    codes = [a["code"] for a in m["actions"]]
    for code in ("system_stop", "network_isolation", "public_announcement", "police_report",
                 "regulator_report", "customer_notification", "account_suspension",
                 "evidence_preservation"):
        assert code in codes, codes
    stop = [a for a in m["actions"] if a["code"] == "system_stop"][0]
    assert stop["label_ja"] == "システム停止" and stop["label_en"] == "system stop" and stop["builtin"]
    roles = {r["code"]: r for r in m["roles"]}
    assert roles["csirt_lead"]["label_ja"] == "CSIRT責任者" and roles["management"]["label_ja"] == "経営層"
    assert [p["code"] for p in m["powers"]] == ["order", "approve", "advise"]
    # the survey's common case: the CSIRT approves, the CISO orders, handlers advise
    assert cell(m, "system_stop", "ciso") == "order"
    assert cell(m, "system_stop", "csirt_lead") == "approve"
    assert cell(m, "system_stop", "handler") == "advise"
    assert cell(m, "public_announcement", "management") == "order"
    assert cell(m, "police_report", "legal") == "approve"
    assert isinstance(m["version"], int)
    # any user may read it (the decision form needs it)
    _, viewer = user_with(srv, None, role="viewer")
    expect(viewer.get("authority"), 200)


def test_matrix_put_admin_only_and_validated(srv):
    admin = srv.admin()
    r = admin.get("authority")
    m, version = r.json, etag_version(r)
    _, handler = user_with(srv, ["ciso"])
    cells = [{"action": c["action"], "role": c["role"], "power": c["power"]} for c in m["cells"]]
    assert_problem(handler.put("authority", {"cells": cells}, if_match=version), 403, "forbidden")
    # without If-Match: 428
    assert admin.put("authority", {"cells": cells}).status == 428
    bad = cells + [{"action": "coffee_break", "role": "ciso", "power": "order"},
                   {"action": "system_stop", "role": "janitor", "power": "order"},
                   {"action": "system_stop", "role": "pr", "power": "veto"},
                   {"action": "system_stop", "role": "ciso", "power": "advise"}]
    n = len(cells)
    r = admin.put("authority", {"cells": bad}, if_match=version)
    assert_problem(r, 422, "validation")
    fields = problem_fields(r)
    for f in ("cells[%d].action" % n, "cells[%d].role" % (n + 1), "cells[%d].power" % (n + 2),
              "cells[%d]" % (n + 3)):
        assert f in fields, fields
    assert_problem(admin.put("authority", {"cells": cells, "rows": []}, if_match=version), 400,
                   "unknown-field")
    assert_problem(admin.put("authority", {"actions": []}, if_match=version), 422, "validation",
                   "cells")
    # local action: a code of [a-z_], not a built-in one
    r = admin.put("authority", {"cells": cells, "actions": [
        {"code": "Bad-Code", "label_ja": "x", "label_en": "x"},
        {"code": "system_stop", "label_ja": "x", "label_en": "x"},
        {"code": "dns_sinkhole", "label_ja": "", "label_en": "DNS sinkhole"}]}, if_match=version)
    assert_problem(r, 422, "validation")
    assert {"actions[0].code", "actions[1].code", "actions[2].label_ja"} <= set(problem_fields(r))
    # nothing changed by the refused attempts
    assert expect(admin.get("authority"), 200)["version"] == version
    # a real change: a local action and a CSIRT that may order a system stop (the 12%)
    cells2 = [c for c in cells if not (c["action"] == "system_stop" and c["role"] == "csirt_lead")]
    cells2 += [{"action": "system_stop", "role": "csirt_lead", "power": "order"},
               {"action": "dns_sinkhole", "role": "csirt_lead", "power": "order"}]
    r = admin.put("authority", {"cells": cells2, "actions": [
        {"code": "dns_sinkhole", "label_ja": "DNSシンクホール", "label_en": "DNS sinkhole"}]},
        if_match=version)
    m2 = expect(r, 200)
    assert m2["version"] == version + 1 and etag_version(r) == version + 1
    assert cell(m2, "system_stop", "csirt_lead") == "order"
    assert cell(m2, "dns_sinkhole", "csirt_lead") == "order"
    assert [a for a in m2["actions"] if a["code"] == "dns_sinkhole"][0]["builtin"] is False
    # a stale version is refused
    assert_problem(admin.put("authority", {"cells": cells}, if_match=version), 412,
                   "precondition-failed")
    # restore the default for the other tests (keeping the local action)
    m3 = expect(admin.put("authority", {"cells": cells}, if_match=version + 1), 200)
    assert cell(m3, "system_stop", "csirt_lead") == "approve"
    assert "dns_sinkhole" in [a["code"] for a in m3["actions"]]
    con = sqlite3.connect(srv.db, timeout=10)
    try:
        n = con.execute("SELECT count(*) FROM audit WHERE action = 'authority.update'").fetchone()[0]
    finally:
        con.close()
    assert n == 2, n


def test_user_authority_roles(srv):
    u, _ = user_with(srv, ["csirt_lead", "handler"])
    got = expect(srv.admin().get("users/%d" % u["id"]), 200)
    assert got["authority_roles"] == ["csirt_lead", "handler"]
    assert got in srv.admin().list_all("users")
    r = srv.admin().patch("users/%d" % u["id"], {"authority_roles": ["janitor"]},
                          if_match=got["version"])
    assert_problem(r, 422, "validation", "authority_roles")
    r = srv.admin().patch("users/%d" % u["id"], {"authority_roles": "ciso"}, if_match=got["version"])
    assert_problem(r, 422, "validation", "authority_roles")
    r = srv.admin().patch("users/%d" % u["id"], {"authority_roles": ["ciso", "ciso"]},
                          if_match=got["version"])
    assert_problem(r, 422, "validation", "authority_roles")
    # a handler may not give themself a role
    h, hc = user_with(srv, [])
    cur = expect(srv.admin().get("users/%d" % h["id"]), 200)
    assert_problem(hc.patch("users/%d" % h["id"], {"authority_roles": ["ciso"]},
                            if_match=cur["version"]), 403, "forbidden")
    # and on creation
    made = srv.make_user(role="handler", authority_roles=["legal"])
    assert made["authority_roles"] == ["legal"]


def test_handler_advises_but_may_not_order(srv):
    _, hc = user_with(srv, ["handler"])
    inc = incident(srv, hc)
    path = "incidents/%d/decisions" % inc["id"]
    d = expect(hc.post(path, {"action": "system_stop", "outcome": "advised",
                              "rationale": "C2 通信が継続しているため停止を推奨"}), 201)
    assert d["action"] == "system_stop" and d["outcome"] == "advised"
    assert d["power"] == "advise" and d["authority_role"] == "handler"
    assert d["action_label_ja"] == "システム停止" and d["decided_at"]
    r = hc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "止めます"})
    assert_problem(r, 403, "forbidden", "outcome")
    assert "CISO" in r.json["detail"] and "システム停止の命令権限" in r.json["detail"], r.json
    assert "the authority to order system stop lies with: CISO" in r.json["detail"], r.json
    err = [e for e in r.json["errors"] if e["field"] == "outcome"][0]
    assert err["holders"] == ["ciso"], err
    # approve: who holds it, in the roles' order
    r = hc.post(path, {"action": "system_stop", "outcome": "approved", "rationale": "承認"})
    assert_problem(r, 403, "forbidden", "outcome")
    assert [e for e in r.json["errors"] if e["field"] == "outcome"][0]["holders"] == \
        ["ciso", "csirt_lead", "division_head"]
    # the refused ones left nothing behind
    items = expect(hc.get(path), 200)["items"]
    assert [x["outcome"] for x in items] == ["advised"]


def test_no_roles_is_refused_and_field_checks(srv):
    _, hc = user_with(srv, [])
    inc = incident(srv, hc)
    path = "incidents/%d/decisions" % inc["id"]
    assert_problem(hc.post(path, {"action": "system_stop", "outcome": "advised"}), 403, "forbidden",
                   "outcome")
    _, cc = user_with(srv, ["ciso"])
    assert_problem(cc.post(path, {"action": "coffee", "outcome": "advised"}), 422, "validation",
                   "action")
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "vetoed"}), 422, "validation",
                   "outcome")
    # ordered and approved need a rationale
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered"}), 422, "validation",
                   "rationale")
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "  "}),
                   422, "validation", "rationale")
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "x",
                                  "decided_at": "2999-01-01T00:00:00Z"}), 422, "validation",
                   "decided_at")
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "x",
                                  "authority_role": "management"}), 422, "validation",
                   "authority_role")
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "x",
                                  "extra": 1}), 400, "unknown-field")
    assert expect(cc.get(path), 200)["items"] == []


def test_ciso_orders_and_it_is_recorded(srv):
    u, cc = user_with(srv, ["handler", "ciso"])
    inc = incident(srv, cc)
    path = "incidents/%d/decisions" % inc["id"]
    d = expect(cc.post(path, {"action": "system_stop", "outcome": "ordered",
                              "rationale": "ランサムウェアの横展開を止めるため基幹サーバを停止",
                              "decided_at": "2026-01-05T09:30:00+09:00"}), 201)
    assert d["authority_role"] == "ciso" and d["power"] == "order" and d["decided_by"] == u["id"]
    assert d["decided_at"] == "2026-01-05T00:30:00Z", d
    assert d["authority_role_label_ja"] == "CISO"
    # acting under the weaker role explicitly: advise only
    d2 = expect(cc.post(path, {"action": "system_stop", "outcome": "advised",
                               "authority_role": "handler"}), 201)
    assert d2["authority_role"] == "handler" and d2["power"] == "advise"
    assert_problem(cc.post(path, {"action": "system_stop", "outcome": "ordered", "rationale": "x",
                                  "authority_role": "handler"}), 403, "forbidden", "outcome")
    listed = expect(cc.get(path), 200)["items"]
    assert [x["id"] for x in listed] == [d["id"], d2["id"]]
    assert listed[0]["rationale"].startswith("ランサムウェア")
    assert listed[0]["decided_by_name"] == u["display_name"]
    # by key too
    assert len(expect(cc.get("incidents/%s/decisions" % inc["key"]), 200)["items"]) == 2
    # the journal carries it
    j = expect(cc.get("incidents/%d/journal" % inc["id"]), 200)["items"]
    dec = [e for e in j if e["kind"] == "decision"]
    assert len(dec) == 2, j
    assert dec[0]["data"] == {"decision_id": d["id"], "action": "system_stop", "outcome": "ordered",
                              "power": "order", "authority_role": "ciso"}, dec[0]
    assert "CISO" in dec[0]["body_md"] and "システム停止" in dec[0]["body_md"], dec[0]
    # and the audit log, in the same commit
    con = sqlite3.connect(srv.db, timeout=10)
    try:
        rows = con.execute("SELECT action, actor_id, summary FROM audit WHERE object_type = 'decision' "
                           "AND object_id = ?", (str(d["id"]),)).fetchall()
    finally:
        con.close()
    assert len(rows) == 1 and rows[0][0] == "decision.create" and rows[0][1] == u["id"], rows
    assert "ランサムウェア" in rows[0][2]


def test_viewer_and_invisible_incident(srv):
    _, cc = user_with(srv, ["ciso"])
    inc = incident(srv, cc)
    path = "incidents/%d/decisions" % inc["id"]
    expect(cc.post(path, {"action": "network_isolation", "outcome": "ordered",
                          "rationale": "感染端末を隔離"}), 201)
    # a viewer (even one holding an organisational role) may read but not decide
    _, vc = user_with(srv, ["ciso"], role="viewer")
    assert len(expect(vc.get(path), 200)["items"]) == 1
    assert_problem(vc.post(path, {"action": "system_stop", "outcome": "advised"}), 403, "forbidden")
    # outside one's constituency the incident does not exist
    other = srv.make_constituency()
    out = srv.make_user(role="handler", constituency_ids=[other["id"]])
    cur = expect(srv.admin().get("users/%d" % out["id"]), 200)
    expect(srv.admin().patch("users/%d" % out["id"], {"authority_roles": ["ciso"]},
                             if_match=cur["version"]), 200)
    oc = srv.user_client(out)
    con = srv.make_constituency()
    hidden = srv.make_incident(srv.admin(), constituency_id=con["id"])
    hp = "incidents/%d/decisions" % hidden["id"]
    assert_problem(oc.get(hp), 404, "not-found")
    assert_problem(oc.post(hp, {"action": "system_stop", "outcome": "ordered", "rationale": "x"}),
                   404, "not-found")
    assert_problem(oc.get("incidents/999999999/decisions"), 404, "not-found")


def test_decisions_are_immutable(srv):
    _, cc = user_with(srv, ["ciso"])
    inc = incident(srv, cc)
    path = "incidents/%d/decisions" % inc["id"]
    d = expect(cc.post(path, {"action": "police_report", "outcome": "ordered",
                              "rationale": "不正アクセス禁止法違反の疑い"}), 201)
    # no routes that change a decision
    for method in ("PATCH", "DELETE", "PUT"):
        r = cc.request(method, path, body={} if method != "DELETE" else None)
        assert r.status == 405, (method, r)
        r = cc.request(method, path + "/%d" % d["id"], body={} if method != "DELETE" else None)
        assert r.status in (404, 405), (method, r)
    # and the database refuses edits and deletes
    con = sqlite3.connect(srv.db, timeout=10)
    try:
        for sql in ("UPDATE decision SET outcome = 'advised' WHERE id = ?",
                    "UPDATE decision SET rationale = '' WHERE id = ?",
                    "DELETE FROM decision WHERE id = ?"):
            try:
                con.execute(sql, (d["id"],))
                con.commit()
            except sqlite3.DatabaseError as e:
                assert "append-only" in str(e), e
                con.rollback()
            else:
                raise AssertionError("the trigger let %r through" % sql)
    finally:
        con.close()
    again = expect(cc.get(path), 200)["items"]
    assert again[0]["outcome"] == "ordered" and again[0]["rationale"] == "不正アクセス禁止法違反の疑い"
