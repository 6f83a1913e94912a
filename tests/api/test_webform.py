"""The public report form /report (no login): the page in Japanese and
English, its form token (CSRF), urlencoded and multipart submissions with
attachments, validation with messages per field, escaping of everything
the reporter typed, size limits, the per-address rate limit, and that a
tracking number shown is a durable report (channel web) in the API."""

import hashlib
import hmac
import html
import os
import re
import secrets
import time
import urllib.parse

from harness import RPT_KEY, Server, expect, uniq

TOKEN_RE = re.compile(r'name="form_token" value="(\d+\.[0-9a-f]{64})"')
TRACKING_RE = re.compile(r'data-testid="tracking-number">(RPT-\d{4}-\d{5,})<')


def write_config(srv, **intake):
    lines = ["[intake]"] + ["%s = %s" % kv for kv in intake.items()]
    return srv.write_file("hikeshi-%s.ini" % secrets.token_hex(3), "\n".join(lines) + "\n")


def configured(intake, env=None):
    """A new server started with an [intake] config (and extra environment)."""
    s = Server(start=False)
    s.config_path = write_config(s, **intake)
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        s.start(extra_args=["--config", s.config_path])
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return s


def page_text(r):
    return r.body.decode("utf-8")


def get_form(srv, client=None, lang=None, headers=None):
    """GET /report -> (client with the form cookie, token, page text)."""
    c = client or srv.client()
    r = c.get("/report", params={"lang": lang} if lang else None, headers=headers)
    assert r.status == 200, r
    text = page_text(r)
    m = TOKEN_RE.search(text)
    assert m, "no form token in the page"
    return c, m.group(1), text


def post_urlencoded(c, fields, **kw):
    data = urllib.parse.urlencode(fields).encode("ascii")
    return c.request("POST", "/report", data=data, content_type="application/x-www-form-urlencoded",
                     headers={"Accept": "text/html"}, **kw)


def multipart_body(fields, files=()):
    """fields: [(name, str)], files: [(filename str|bytes, content_type, bytes)] as
    attachment parts. Returns (content_type, body)."""
    b = "hikeshiB" + secrets.token_hex(8)
    out = bytearray()
    for name, value in fields:
        out += b"--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (b.encode(), name.encode())
        out += value.encode("utf-8") if isinstance(value, str) else value
        out += b"\r\n"
    for filename, ctype, data in files:
        fn = filename.encode("utf-8") if isinstance(filename, str) else filename
        out += (b"--%s\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"%s\"\r\n"
                b"Content-Type: %s\r\n\r\n" % (b.encode(), fn, ctype.encode()))
        out += data + b"\r\n"
    out += b"--%s--\r\n" % b.encode()
    return "multipart/form-data; boundary=" + b, bytes(out)


def post_multipart(c, fields, files=(), **kw):
    ctype, body = multipart_body(fields, files)
    return c.request("POST", "/report", data=body, content_type=ctype, headers={"Accept": "text/html"}, **kw)


def good_fields(token, **over):
    f = {"form_token": token, "lang": "ja", "name": "山田 太郎", "contact": "taro@example.jp",
         "department": "経理部", "what": "不審なメールの添付ファイルを開いてしまいました。\n"
         "リンク先: hxxp://login-update[.]example[.]com/verify",
         "when": "今朝9時頃", "device": "ノートPC PC-1234 (192.0.2.44)"}
    f.update(over)
    return f


def tracking(r):
    assert r.status == 201, r
    m = TRACKING_RE.search(page_text(r))
    assert m, "no tracking number on the page: %s" % page_text(r)[:2000]
    assert RPT_KEY.match(m.group(1)), m.group(1)
    return m.group(1)


def web_reports(srv):
    return srv.admin().list_all("reports", {"channel": "web"})


def assert_html(r, status):
    assert r.status == status, r
    assert r.headers.get("Content-Type", "").startswith("text/html"), r.headers.get("Content-Type")
    csp = r.headers.get("Content-Security-Policy", "")
    assert "unsafe-inline" not in csp and "style-src 'self'" in csp and "frame-ancestors 'none'" in csp, csp
    assert "script-src" not in csp or "'self'" in csp, csp
    return page_text(r)


# ------------------------------------------------------------------ the page


def test_form_page_ja_en(srv):
    c = srv.client()
    r = c.get("/report")
    text = assert_html(r, 200)
    assert '<html lang="ja">' in text
    for word in ("お名前", "連絡先", "部署", "何が起きたか", "いつ", "影響を受けた機器", "添付ファイル", "10 MB"):
        assert word in text, word
    assert 'type="file"' in text and "multiple" in text and 'enctype="multipart/form-data"' in text
    assert 'href="/report?lang=en"' in text
    assert "<script" not in text and "style=" not in text, "the page must not need inline code"
    assert 'href="/report.css"' in text
    assert TOKEN_RE.search(text)
    cookie = [v for v in c.last_set_cookies if v.startswith("hikeshi_form=")]
    assert cookie, c.last_set_cookies
    attrs = [a.strip().lower() for a in cookie[0].split(";")]
    assert "httponly" in attrs and "samesite=strict" in attrs and "path=/report" in attrs, cookie
    assert re.fullmatch(r"hikeshi_form=[0-9a-f]{64}", cookie[0].split(";")[0])
    # the same browser keeps its cookie: no new one
    r = c.get("/report")
    assert not [v for v in c.last_set_cookies if v.startswith("hikeshi_form=")]

    _, _, text = get_form(srv, lang="en")
    assert '<html lang="en">' in text
    for word in ("Name", "Contact", "Department", "What happened", "When", "Affected device", "Attachments"):
        assert word in text, word
    assert 'href="/report?lang=ja"' in text
    for al, want in (("en-US,en;q=0.9", "en"), ("fr-FR, en;q=0.5", "en"), ("ja,en-US;q=0.8", "ja"),
                     ("de", "ja"), ("en;q=0, ja;q=0.5", "ja")):
        _, _, text = get_form(srv, headers={"Accept-Language": al})
        assert '<html lang="%s">' % want in text, al
    _, _, text = get_form(srv, lang="<script>x")
    assert '<html lang="ja">' in text and "<script" not in text

    r = c.get("/report.css")
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/css"), r
    assert b".tracking" in r.body


# ----------------------------------------------------------- submissions


def test_post_urlencoded_creates_report(srv):
    c, token, _ = get_form(srv)
    r = post_urlencoded(c, good_fields(token))
    key = tracking(r)
    text = assert_html(r, 201)
    assert "受付番号" in text and "このあとの流れ" in text
    adm = srv.admin()
    rep = expect(adm.get("reports/" + key), 200)
    assert (rep["channel"], rep["state"], rep["tlp"]) == ("web", "new", "AMBER"), rep
    assert rep["reporter_name"] == "山田 太郎" and rep["reporter_address"] == "taro@example.jp", rep
    assert rep["subject"] == "不審なメールの添付ファイルを開いてしまいました。", rep["subject"]
    assert rep.get("lang") == "ja", rep
    for part in ("経理部", "今朝9時頃", "PC-1234", "hxxp://login-update[.]example[.]com/verify"):
        assert part in rep["body"], (part, rep["body"])
    d = rep["details"]
    assert d["name"] == "山田 太郎" and d["contact"] == "taro@example.jp" and d["department"] == "経理部"
    assert d["when"] == "今朝9時頃" and d["device"].startswith("ノートPC") and d["what"].startswith("不審な")
    assert d["client_ip"] == "127.0.0.1", d
    obs = expect(adm.get("reports/%d/observables" % rep["id"]), 200)
    items = obs["items"] if isinstance(obs, dict) else obs
    values = {(o["type"], o["value"]) for o in items}
    assert ("domain", "login-update.example.com") in values or \
        ("url", "http://login-update.example.com/verify") in values, values
    assert ("ipv4", "192.0.2.44") in values, values


def test_post_multipart_with_japanese_attachment(srv):
    c, token, _ = get_form(srv, lang="en")
    eml = ("Subject: =?UTF-8?B?5LiN5a+p44Gq44Oh44O844Or?=\r\nFrom: a@example.net\r\n\r\n"
           "請求書をご確認ください http://198.51.100.7/inv.zip\r\n").encode("utf-8")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    fields = list(good_fields(token, lang="en", name="鈴木 花子", contact="03-1234-5678",
                              what="\r\n  \u3000\r\nA mail asked for my password\r\nsecond line").items())
    files = [("不審なメール（転送）.eml", "message/rfc822", eml),
             ("C:\\Users\\hanako\\スクリーンショット.png", "image/png", png),
             ("", "application/octet-stream", b"")]  # the part a browser sends for "no file"
    r = post_multipart(c, fields, files)
    key = tracking(r)
    text = page_text(r)
    assert "Tracking number" in text and "no acknowledgement" in text.lower(), text
    adm = srv.admin()
    rep = expect(adm.get("reports/" + key), 200)
    assert rep["channel"] == "web" and rep["reporter_name"] == "鈴木 花子" and rep["lang"] == "en"
    assert rep["subject"] == "A mail asked for my password", rep["subject"]
    assert "second line" in rep["details"]["what"] and "\r" not in rep["details"]["what"]
    r = adm.get("reports/%d/attachments" % rep["id"])
    j = expect(r, 200)
    items = j["items"] if isinstance(j, dict) else j
    by_name = {a["filename"]: a for a in items}
    assert set(by_name) == {"不審なメール（転送）.eml", "スクリーンショット.png"}, by_name
    a = by_name["不審なメール（転送）.eml"]
    assert a["size"] == len(eml) and a["sha256"] == hashlib.sha256(eml).hexdigest(), a
    assert a["declared_type"] == "message/rfc822", a
    p = by_name["スクリーンショット.png"]
    assert p["detected_type"] == "image/png" and p["size"] == len(png), p
    got = adm.get("attachments/%d/content" % a["id"])
    assert got.status == 200 and got.body == eml, got
    obs = expect(adm.get("reports/%d/observables" % rep["id"]), 200)
    assert isinstance(obs, (dict, list))


def test_filenames_are_sanitised(srv):
    c, token, _ = get_form(srv)
    files = [("../../etc/passwd", "text/plain", b"a"), ("a\x01b\x1bc.txt", "text/plain", b"b"),
             ("\u202eexe.txt", "text/plain", b"c"), ("...", "text/plain", b"d"),
             (b"bad\xff\xfename.txt", "text/plain", b"e"), ("<script>alert(1)</script>.txt", "text/html", b"f"),
             ("𠮷野家🔥.txt", "text/plain", b"g")]
    r = post_multipart(c, list(good_fields(token).items()), files)
    key = tracking(r)
    assert "<script>alert" not in page_text(r)
    adm = srv.admin()
    rep = expect(adm.get("reports/" + key), 200)
    j = expect(adm.get("reports/%d/attachments" % rep["id"]), 200)
    names = sorted(a["filename"] for a in (j["items"] if isinstance(j, dict) else j))
    assert names == sorted(["passwd", "abc.txt", "exe.txt", "attachment-4", "bad__name.txt",
                            "script>.txt", "𠮷野家🔥.txt"]), names  # "</script>" holds a slash: the last segment


# ------------------------------------------------------------- validation


def test_missing_fields_answer_400_naming_them(srv):
    before = len(web_reports(srv))
    c, token, _ = get_form(srv)
    r = post_urlencoded(c, {"form_token": token, "lang": "ja", "department": "総務部", "when": "昨日"})
    text = assert_html(r, 400)
    for f in ("name", "contact", "what"):
        assert 'data-testid="error-%s"' % f in text, f
    for label in ("お名前", "連絡先", "何が起きたか"):
        assert re.search(r'<li><a href="#f-\w+">%s' % label, text), label
    assert "入力してください" in text
    assert 'value="総務部"' in text and 'value="昨日"' in text, "values come back"
    assert 'data-testid="error-department"' not in text
    assert TOKEN_RE.search(text), "a fresh token to send again"
    c2, token, _ = get_form(srv, lang="en")
    r = post_multipart(c2, [("form_token", token), ("lang", "en"), ("name", "   "), ("contact", "x@y.example"),
                            ("what", "\u3000\r\n")])
    text = assert_html(r, 400)
    assert "This field is required." in text and 'data-testid="error-name"' in text
    assert 'data-testid="error-what"' in text and 'data-testid="error-contact"' not in text
    assert len(web_reports(srv)) == before


def test_lengths_utf8_controls_contact(srv):
    before = len(web_reports(srv))
    cases = [
        ({"name": "あ" * 67}, "name"),            # 201 bytes
        ({"contact": "a" * 190 + "@example.jp"}, "contact"),
        ({"department": "x" * 201}, "department"),
        ({"what": "y" * 20001}, "what"),
        ({"when": "z" * 201}, "when"),
        ({"device": "d" * 501}, "device"),
        ({"name": "a\nb"}, "name"),
        ({"when": "x\x07"}, "when"),
        ({"what": "nul\x00byte"}, "what"),
        ({"contact": "not a contact"}, "contact"),
        ({"contact": "a@b"}, "contact"),
        ({"contact": "12"}, "contact"),
    ]
    for over, field in cases:
        c, token, _ = get_form(srv)
        r = post_urlencoded(c, good_fields(token, **over))
        text = assert_html(r, 400)
        assert 'data-testid="error-%s"' % field in text, (over, text[:1500])
        others = [f for f in ("name", "contact", "department", "what", "when", "device") if f != field]
        for f in others:
            assert 'data-testid="error-%s"' % f not in text, (over, f)
    # invalid UTF-8 (sent raw)
    c, token, _ = get_form(srv)
    f = good_fields(token)
    del f["department"]
    body = urllib.parse.urlencode(f).encode() + b"&department=%FF%FEabc"
    r = c.request("POST", "/report", data=body, content_type="application/x-www-form-urlencoded")
    text = assert_html(r, 400)
    assert 'data-testid="error-department"' in text and "UTF-8" in text
    # a field sent twice
    c, token, _ = get_form(srv)
    body = urllib.parse.urlencode(good_fields(token)) + "&name=second"
    r = c.request("POST", "/report", data=body, content_type="application/x-www-form-urlencoded")
    assert 'data-testid="error-name"' in assert_html(r, 400)
    # the limits themselves are accepted (bytes): 200-byte name, 20000-byte what, full-width phone
    c, token, _ = get_form(srv)
    r = post_urlencoded(c, good_fields(token, name="n" * 200, what="w" * 20000, device="d" * 500,
                                       contact="０３－１２３４－５６７８"))
    tracking(r)
    assert len(web_reports(srv)) == before + 1
    # not a form encoding
    c, token, _ = get_form(srv)
    r = c.request("POST", "/report", data=b'{"name":"x"}', content_type="application/json")
    assert_html(r, 415)


def test_script_injection_is_escaped_everywhere(srv):
    payloads = ['<script>alert("x")</script>', '"><svg onload=alert(1)>', "'><img src=x onerror=alert(1)>",
                "</textarea><script>alert(2)</script>", "&lt;already&gt; & <b>bold</b>"]
    for p in payloads:
        c, token, _ = get_form(srv)
        fields = {"form_token": token, "lang": "ja", "name": p, "contact": p, "department": p,
                  "what": p, "when": p, "device": p}
        r = post_urlencoded(c, fields)
        text = assert_html(r, 400)  # the contact is neither a mail address nor a phone number
        assert 'data-testid="error-contact"' in text
        for raw in ("<script", "<svg", "<img", "</textarea><", "<b>"):
            assert raw not in text, (p, raw)
        esc = html.escape(p, quote=True).replace("&#x27;", "&#39;")
        assert text.count(esc) >= 6, (p, esc, text.count(esc))
        # the same through multipart, with a valid contact: stored as typed, the page shows none of it
        c, token, _ = get_form(srv, lang="en")
        f = dict(fields, form_token=token, lang="en", contact="+81 3 1234 5678")
        r = post_multipart(c, list(f.items()), [(p.replace('"', "%22") + ".txt", "text/plain", p.encode())])
        key = tracking(r)
        text = page_text(r)
        for raw in ("<script", "<svg", "<img", "<b>"):
            assert raw not in text, (p, raw)
        rep = expect(srv.admin().get("reports/" + key), 200)
        assert rep["reporter_name"] == p and rep["details"]["device"] == p


# ---------------------------------------------------------------- the token


def test_token_missing_forged_or_foreign(srv):
    before = len(web_reports(srv))
    c, token, _ = get_form(srv)
    fields = good_fields(token)
    # no token
    r = post_urlencoded(c, {k: v for k, v in fields.items() if k != "form_token"})
    text = assert_html(r, 403)
    assert "有効期限" in text and 'data-testid="form-message"' in text
    assert 'value="山田 太郎"' in text, "what was typed is not lost"
    # a forged MAC, a changed time, garbage, two tokens
    ts, mac = token.split(".")
    for bad in ("%s.%s" % (ts, "0" * 64), "%d.%s" % (int(ts) + 1, mac), "x" * 80, token + "0", "." + mac):
        r = post_urlencoded(c, dict(fields, form_token=bad))
        assert_html(r, 403)
    r = c.request("POST", "/report", data=urllib.parse.urlencode(fields) + "&form_token=" + token,
                  content_type="application/x-www-form-urlencoded")
    assert_html(r, 403)
    # the token without its cookie (another site's form), or with another browser's cookie
    r = post_urlencoded(srv.client(), fields)
    text = assert_html(r, 403)
    other, _, _ = get_form(srv)
    r = post_urlencoded(other, fields)
    assert_html(r, 403)
    # in English
    r = post_urlencoded(srv.client(), dict(fields, lang="en"))
    assert "expired" in assert_html(r, 403)
    assert len(web_reports(srv)) == before
    # and the original pair still works
    tracking(post_urlencoded(c, fields))


def test_token_expires_after_two_hours():
    key = secrets.token_hex(32)
    s = configured({}, env={"HIKESHI_FORM_KEY": key})
    try:
        c, token, _ = get_form(s)
        cookie = c.cookies["hikeshi_form"]

        def make(ts):
            mac = hmac.new(bytes.fromhex(key), ("%s.%d" % (cookie, ts)).encode(), hashlib.sha256).hexdigest()
            return "%d.%s" % (ts, mac)

        now = int(time.time())
        assert make(int(token.split(".")[0])) == token, "token = ts.HMAC-SHA256(key, cookie.ts)"
        for ts in (now - 2 * 3600 - 5, now - 86400, now + 3600):
            r = post_urlencoded(c, good_fields(make(ts)))
            assert "有効期限" in assert_html(r, 403)
        assert web_reports(s) == []
        tracking(post_urlencoded(c, good_fields(make(now - 2 * 3600 + 60))))
    finally:
        s.close()


# ------------------------------------------------------------ sizes and rates


def test_attachment_limits():
    s = configured({"form_max_bytes": 65536})
    try:
        c, token, text = get_form(s)
        assert "64 KB" in text
        big = os.urandom(40000)
        r = post_multipart(c, list(good_fields(token).items()),
                           [("a.bin", "application/octet-stream", big), ("b.bin", "application/octet-stream", big)])
        text = assert_html(r, 413)
        assert "64 KB" in text and 'data-testid="form-message"' in text
        # over the whole body limit: refused by the server before the form is read
        r = post_multipart(c, list(good_fields(token).items()),
                           [("c.bin", "application/octet-stream", os.urandom(65536 + 300 * 1024))])
        assert r.status == 413, r
        # eleven files
        r = post_multipart(c, list(good_fields(token).items()),
                           [("f%d.txt" % i, "text/plain", b"x") for i in range(11)])
        text = assert_html(r, 400)
        assert 'data-testid="error-attachment"' in text and "10" in text
        assert web_reports(s) == []
        # exactly the limit is fine
        r = post_multipart(c, list(good_fields(token).items()),
                           [("a.bin", "application/octet-stream", big), ("b.bin", "application/octet-stream",
                                                                          big[:65536 - 40000])])
        tracking(r)
        assert len(web_reports(s)) == 1
    finally:
        s.close()


def test_rate_limit_per_address():
    s = configured({"form_per_hour": 3})
    try:
        c, token, _ = get_form(s)
        # refused submissions do not count
        for _ in range(3):
            assert post_urlencoded(c, good_fields(token, name="")).status == 400
        for i in range(3):
            tracking(post_urlencoded(c, good_fields(token, what="report %d %s" % (i, uniq()))))
        r = post_urlencoded(c, good_fields(token, what="one too many"))
        text = assert_html(r, 429)
        ra = r.headers.get("Retry-After")
        assert ra and ra.isdigit() and 0 < int(ra) <= 3600, ra
        assert "送信が多すぎます" in text and 'value="山田 太郎"' in text
        assert len(web_reports(s)) == 3
        # the form itself still loads
        get_form(s)
    finally:
        s.close()


def test_acknowledgement_for_mail_contacts():
    s = configured({"team_address": "csirt@example.jp", "team_name": "ACME-CSIRT"})
    try:
        c, token, text = get_form(s)
        assert "ACME-CSIRT" in text
        r = post_urlencoded(c, good_fields(token, contact="hanako@example.jp"))
        key = tracking(r)
        assert "受付確認のメールを、ご入力のメールアドレス宛てにお送りします" in page_text(r)
        r = post_urlencoded(c, good_fields(token, contact="内線 1234"))
        tracking(r)
        assert "メールアドレスではない" in page_text(r)
        out = s.admin().get("outbox")
        if out.status == 200:
            items = out.json["items"] if isinstance(out.json, dict) else out.json
            to = [m for m in items if m.get("mail_to", m.get("to")) == "hanako@example.jp"]
            assert len(to) == 1 and key in to[0].get("subject", ""), items
    finally:
        s.close()


def test_report_is_durable_across_kill():
    s = configured({})
    try:
        c, token, _ = get_form(s)
        data = "耐久性テスト".encode("utf-8") * 100
        key = tracking(post_multipart(c, list(good_fields(token).items()), [("証拠.txt", "text/plain", data)]))
        s.kill9()
        s.start(extra_args=["--config", s.config_path])
        adm = s.admin()
        rep = expect(adm.get("reports/" + key), 200)
        assert rep["channel"] == "web" and rep["reporter_name"] == "山田 太郎"
        j = expect(adm.get("reports/%d/attachments" % rep["id"]), 200)
        items = j["items"] if isinstance(j, dict) else j
        assert [a["filename"] for a in items] == ["証拠.txt"] and items[0]["size"] == len(data)
        # the token of the old process is not accepted by the new one
        c2 = s.client()
        c2.cookies = dict(c.cookies)
        r = post_urlencoded(c2, good_fields(token))
        assert_html(r, 403)
    finally:
        s.close()


def test_malformed_bodies_never_store_or_crash():
    srv = configured({"form_per_hour": 1000})  # random mangling sometimes still makes a valid report
    try:
        malformed_bodies(srv)
    finally:
        srv.close()


def malformed_bodies(srv):
    before = len(web_reports(srv))
    c, token, _ = get_form(srv)
    ctype, body = multipart_body(list(good_fields(token).items()), [("a.txt", "text/plain", b"x" * 1000)])
    b = ctype.split("boundary=")[1].encode()
    cases = [
        (ctype, body[: len(body) // 2]),                       # truncated upload
        (ctype, body.replace(b"--" + b + b"--", b"")),         # no closing boundary
        (ctype, b"--" + b + b"\r\nContent-Disposition: form-data; name=\"" + b"n" * 40000 + b"\"\r\n\r\nx\r\n"
         + b"--" + b + b"--\r\n"),                              # a header line longer than any buffer
        ("multipart/form-data", body),                          # no boundary
        ("multipart/form-data; boundary=" + "q" * 9000, body),  # absurd boundary
        (ctype, os.urandom(5000)),                              # garbage
        ("application/x-www-form-urlencoded", b"%%%&&&===%zz&form_token=" + token.encode() + b"&name=%"),
        ("text/plain", b"name=x"),
        (None, b""),
    ]
    for ct, data in cases:
        r = c.request("POST", "/report", data=data, content_type=ct)
        assert r.status in (400, 403, 415), (ct[:60] if ct else ct, r)
        assert r.headers.get("Content-Type", "").startswith("text/html"), r
    assert len(web_reports(srv)) == before
    for _ in range(30):
        ctype, body = multipart_body(list(good_fields(token).items()), [("r.bin", "x/y", os.urandom(300))])
        cut = secrets.randbelow(len(body))
        mangled = body[:cut] + os.urandom(secrets.randbelow(40)) + body[cut + secrets.randbelow(40):]
        r = c.request("POST", "/report", data=mangled, content_type=ctype)
        assert r.status in (201, 400, 403, 413, 415), r
    assert srv.health().status == 200
