"""The OpenAPI document matches the router (src/http/routes.def) and docs/API.md."""

import json
import re

from harness import REPO, expect

ROUTES_DEF = REPO / "src" / "http" / "routes.def"
API_MD = REPO / "docs" / "API.md"
OPENAPI_SRC = REPO / "docs" / "openapi.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
ROUTE_RE = re.compile(r'^\s*ROUTE\(\s*([A-Z]+)\s*,\s*"([^"]+)"', re.M)


def norm(path):
    """Path template with parameter names erased: /a/{id}/b/{x} -> /a/{}/b/{}."""
    return re.sub(r"\{[^}]*\}", "{}", path.rstrip("/") or "/")


def routes():
    text = ROUTES_DEF.read_text("utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = {(m.group(1).lower(), norm(m.group(2))) for m in ROUTE_RE.finditer(text)}
    assert found, "no ROUTE(...) lines in %s" % ROUTES_DEF
    return found


def spec(srv):
    r = srv.client().get("/api/v1/openapi.json")
    j = expect(r, 200, "GET openapi.json without credentials")
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    assert isinstance(j, dict), "openapi.json is not a JSON object"
    return j


def documented(doc):
    out = set()
    for path, item in doc["paths"].items():
        for m in item:
            if m in METHODS:
                out.add((m, norm(path)))
    return out


def test_openapi_document(srv):
    doc = spec(srv)
    assert str(doc.get("openapi", "")).startswith("3.1"), doc.get("openapi")
    assert doc["info"]["title"] and doc["info"]["version"], doc.get("info")
    assert isinstance(doc["paths"], dict) and len(doc["paths"]) >= 20, len(doc.get("paths", {}))
    for p in doc["paths"]:
        assert p.startswith("/"), p


def test_served_document_is_docs_openapi_json(srv):
    doc = spec(srv)
    src = json.loads(OPENAPI_SRC.read_text("utf-8"))
    assert doc == src, "served openapi.json differs from docs/openapi.json"


def test_every_route_is_documented(srv):
    doc = documented(spec(srv))
    missing = sorted(r for r in routes()
                     if r[1].startswith("/api/") or r[1] == "/healthz")
    missing = [r for r in missing if r not in doc]
    assert not missing, "routes not in openapi.json: %s" % ", ".join(
        "%s %s" % (m.upper(), p) for m, p in missing)
    assert ("get", "/healthz") in doc, "/healthz is not documented"
    assert ("get", "/api/v1/openapi.json") in doc, "openapi.json itself is not documented"


def test_every_documented_operation_exists(srv):
    rt = routes()
    extra = sorted(d for d in documented(spec(srv)) if d not in rt and d[0] not in ("head", "options"))
    assert not extra, "documented but not routed: %s" % ", ".join(
        "%s %s" % (m.upper(), p) for m, p in extra)


def test_every_operation_has_responses(srv):
    doc = spec(srv)
    bad = []
    for path, item in doc["paths"].items():
        for m, op in item.items():
            if m not in METHODS:
                continue
            resp = op.get("responses") if isinstance(op, dict) else None
            if not isinstance(resp, dict) or not resp:
                bad.append("%s %s" % (m.upper(), path))
    assert not bad, "operations without responses: %s" % ", ".join(bad)


def test_api_md_endpoints_are_documented(srv):
    """Every row of the endpoint table in docs/API.md is in openapi.json."""
    doc = documented(spec(srv))
    rows = re.findall(r"^\|\s*([A-Z/]+)\s*\|\s*`([^`]+)`\s*\|", API_MD.read_text("utf-8"), re.M)
    assert len(rows) >= 20, "could not read the endpoint table (%d rows)" % len(rows)
    missing = []
    for methods, path in rows:
        for m in methods.split("/"):
            if (m.lower(), norm(path)) not in doc:
                missing.append("%s %s" % (m, path))
    assert not missing, "in docs/API.md but not in openapi.json: %s" % ", ".join(missing)


def test_operations_declare_problem_responses(srv):
    """Writes with a JSON body document their 4xx problem answers."""
    doc = spec(srv)
    bad = []
    for path, item in doc["paths"].items():
        for m in ("post", "patch", "put"):
            op = item.get(m)
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            codes = {str(c) for c in op.get("responses", {})}
            if not any(c.startswith("4") or c == "default" for c in codes):
                bad.append("%s %s" % (m.upper(), path))
    assert not bad, "writes without documented errors: %s" % ", ".join(bad)


def _walk_refs(o, out):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == "$ref" and isinstance(v, str):
                out.add(v)
            else:
                _walk_refs(v, out)
    elif isinstance(o, list):
        for v in o:
            _walk_refs(v, out)
    return out


def _resolve(doc, ref):
    assert ref.startswith("#/"), "external $ref %r" % ref
    o = doc
    for part in ref[2:].split("/"):
        o = o[part.replace("~1", "/").replace("~0", "~")]
    return o


def test_refs_resolve_and_path_params_declared(srv):
    doc = spec(srv)
    bad = []
    for ref in sorted(_walk_refs(doc, set())):
        try:
            _resolve(doc, ref)
        except (KeyError, TypeError, AssertionError):
            bad.append(ref)
    assert not bad, "unresolved $ref: %s" % bad
    missing, op_ids = [], []
    for path, item in doc["paths"].items():
        names = re.findall(r"\{([^}]+)\}", path)
        for m, op in item.items():
            if m not in METHODS:
                continue
            op_ids.append(op.get("operationId"))
            params = [(_resolve(doc, p["$ref"]) if "$ref" in p else p)
                      for p in item.get("parameters", []) + op.get("parameters", [])]
            declared = {p.get("name") for p in params if p.get("in") == "path"}
            missing += ["%s %s {%s}" % (m.upper(), path, n) for n in names if n not in declared]
    assert not missing, "path parameters not declared: %s" % missing
    assert None not in op_ids, "an operation has no operationId"
    assert len(op_ids) == len(set(op_ids)), "duplicate operationIds"
