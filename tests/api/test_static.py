"""The web UI's static files: types, the UI's CSP, refused paths, and
--web-dir serving the same bytes as the built-in copy."""

from pathlib import Path

from harness import Server, raw_http

ROOT = Path(__file__).resolve().parents[2]


def _get(srv, path):
    """(status, headers (lower-case keys), body) of a raw GET, path as is."""
    status, headers, body, _raw = raw_http(
        "127.0.0.1", srv.port, ("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
    return status, headers, body


def test_index_and_assets(srv):
    status, h, body = _get(srv, "/")
    assert status == 200, (status, body[:200])
    assert h["content-type"].startswith("text/html")
    csp = h["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp, csp
    assert h["x-content-type-options"] == "nosniff"
    assert b'<script type="module"' in body or b"type=module" in body
    status, h, _ = _get(srv, "/js/app.js")
    assert status == 200 and h["content-type"].startswith("text/javascript")


def test_refused_paths(srv):
    for p in ("/.hidden", "/js/../index.html", "/%2e%2e/etc/passwd", "/js//app.js", "/nope.js", "/x.exe",
              "/web/index.html", "/" + "a" * 300 + ".js"):
        status, h, body = _get(srv, p)
        assert status == 404, (p, status, body[:120])
        assert h["content-type"] == "application/problem+json", p


def test_web_dir_serves_the_same_bytes(tmp):
    with Server(start=False) as s:
        s.start(extra_args=["--web-dir", str(ROOT / "web")])
        for rel in ("index.html", "js/app.js", "app.css"):
            want = (ROOT / "web" / rel).read_bytes()
            for _ in range(5):
                status, _h, body = _get(s, "/" + rel)
                assert status == 200 and body == want, rel
