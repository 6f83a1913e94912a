"""The generated documents as PDF (issue 6, item 4): the RFC 2350
description, the announcement, the service catalogue and the escalation
matrix in Japanese and English (format=pdf), a build deliverable (its
template, a saved version, ?version=N), and an evaluation report. Checked
with pdftotext: the RFC 2350 section headings in order in the Japanese
wording of the Markdown, the team name and the point of contact from the
profile, the TLP label on every page (CLEAR for the public documents, AMBER
for the internal ones), hostile profile text shown as text; Content-Type
and Content-Disposition (ASCII filename and RFC 5987 filename*). Page 1 of
the description goes to tests/artifacts/ as PNG.

And the questionnaire's point-of-contact answer public_form: false takes
the public report form /report away (404 with a page in Japanese and
English naming the point of contact, for GET and POST) and out of RFC 2350
§6 and the announcement's "how to report"; true brings it back."""

import re
import shutil
import subprocess
import urllib.parse

from harness import REPO, assert_problem, etag_version, expect
from test_evaluation import answers_a, questions
from test_profile import ANSWERS, EN_HEADS, JA_HEADS, section_of

ARTIFACTS = REPO / "tests" / "artifacts"
POC = "poc-desk@example.jp"
HOSTILE = "<b>火消し</b>\t&amp; **太字** [x](javascript:alert(1)) \u009b31m\u202e"


def fill(srv, doc):
    admin = srv.admin()
    r = admin.get("team-profile")
    return expect(admin.put("team-profile", {"profile": doc}, if_match=etag_version(r)), 200)


def set_poc(srv, public_form):
    admin = srv.admin()
    v = expect(admin.get("setup"), 200)["version"]
    answer = {"email": POC, "phone": "+81-3-0000-2222", "hours": "平日 9:00-17:30"}
    if public_form is not None:
        answer["public_form"] = public_form
    r = admin.put("setup/sections/poc", {"answers": {"poc": answer}}, if_match=v)
    return expect(r, 200, "PUT setup/sections/poc")


def get_pdf(client, path, **params):
    r = client.get(path, params=params)
    assert r.status == 200, r
    assert r.headers.get("Content-Type") == "application/pdf", r.headers.get("Content-Type")
    assert r.body.startswith(b"%PDF-"), r.body[:20]
    return r


def disposition(r):
    """(ASCII filename, decoded filename*) of an inline Content-Disposition."""
    d = r.headers.get("Content-Disposition")
    m = re.fullmatch(r"inline; filename=\"([A-Za-z0-9._-]+)\"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)", d)
    assert m, d
    return m.group(1), urllib.parse.unquote(m.group(2), encoding="utf-8", errors="strict")


def pdf_pages(tmp, r, name):
    path = tmp / name
    path.write_bytes(r.body)
    p = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    pages = [pg for pg in p.stdout.decode("utf-8").split("\f") if pg.strip()]
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert len(pages) == int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)), info
    return path, pages


def flat(s):
    return re.sub(r"\s+", " ", s)


def tight(s):
    """Without blanks: pdftotext drops the narrow spaces around numbers."""
    return re.sub(r"\s+", "", s)


def in_order(text, needles):
    text, pos = flat(text), 0
    for n in needles:
        i = text.find(flat(n), pos)
        assert i >= 0, "%r missing or out of order after %d in:\n%s" % (n, pos, text[pos:pos + 2000])
        pos = i + len(n)


def every_page_labelled(pages, label):
    for i, page in enumerate(pages, 1):
        assert page.count(label) >= 2, "page %d lacks %s in header and footer: %r" % (i, label, page[:300])
        other = re.findall(r"TLP:[A-Z+]+", page)
        assert set(other) == {label}, (i, other)


def test_rfc2350_pdf_in_both_languages(srv, tmp):
    fill(srv, {k: v for k, (v, _) in ANSWERS.items()})
    set_poc(srv, True)
    viewer = srv.user_client(srv.make_user(role="viewer"))
    for lang, heads, team in (("ja", JA_HEADS, "火消し CSIRT"), ("en", EN_HEADS, "Hikeshi CSIRT")):
        r = get_pdf(viewer, "documents/rfc2350", lang=lang, format="pdf")
        ascii_name, utf8_name = disposition(r)
        assert ascii_name == "rfc2350-%s.pdf" % lang
        assert utf8_name == ("CSIRT 記述書（RFC 2350）-ja.pdf" if lang == "ja"
                             else "CSIRT Description (RFC 2350)-en.pdf"), utf8_name
        path, pages = pdf_pages(tmp, r, "rfc2350-%s.pdf" % lang)
        every_page_labelled(pages, "TLP:CLEAR")
        cover, text = pages[0], "\n".join(pages)
        assert ("CSIRT 記述書（RFC 2350）" if lang == "ja" else "CSIRT Description (RFC 2350)") in cover
        assert team in cover and ("サービス対象者向け" if lang == "ja" else "for the constituency") in cover
        # the contents list every heading; the body follows with each in order
        titles = [h.lstrip("#").strip() for h in heads]
        body = flat(text)[flat(text).find(flat(titles[-1])) + len(titles[-1]):]
        in_order(body, titles)
        # the point of contact answer is the profile's address and telephone now
        assert POC in body and "+81-3-0000-2222" in body and team in body
        assert ANSWERS["disclaimers"][0] in body or lang == "en"
        assert "/report" in tight(body)  # the public form is offered
        if lang == "ja":
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, ARTIFACTS / "rfc2350_ja.pdf")
            for page in (1, 3):
                subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile",
                                str(path), str(ARTIFACTS / ("rfc2350_ja_page%d" % page))], check=True)
            assert (ARTIFACTS / "rfc2350_ja_page1.png").read_bytes().startswith(b"\x89PNG")


def test_hostile_profile_text_is_text(srv, tmp):
    fill(srv, {"team_name_ja": HOSTILE, "disclaimers": "# 見出しではない\n<script>alert(2)</script>\t|a|b|",
               "mission_ja": "**太字ではない** `code` <img src=x onerror=alert(3)>"})
    admin = srv.admin()
    r = get_pdf(admin, "documents/rfc2350", format="pdf")
    _, pages = pdf_pages(tmp, r, "hostile.pdf")
    text = "\n".join(pages)
    for s in ("<b>火消し</b>", "&amp; **太字** [x](javascript:alert(1))", "# 見出しではない",
              "<script>alert(2)</script>", "**太字ではない** `code` <img src=x onerror=alert(3)>"):
        # spaces aside: pdftotext guesses them where Latin (Noto Sans) meets kanji (Noto Sans CJK JP)
        assert re.sub(r"\s+", "", s) in re.sub(r"\s+", "", text), (s, text[:3000])
    # the team name is in every page's header, its tab a space there
    assert all("<b>火消し</b> &amp;" in flat(p) for p in pages), pages[1][:200]
    # and its U+202E (right-to-left override) does not turn the rest of the header around
    assert all("—CSIRT記述書" in re.sub(r"\s+", "", p) for p in pages), pages[1][:200]
    r = get_pdf(admin, "documents/announcement", format="pdf", lang="en")
    _, pages = pdf_pages(tmp, r, "hostile-ann.pdf")
    assert "<b>火消し</b>" in "\n".join(pages)


def test_other_documents_in_both_languages(srv, tmp):
    fill(srv, {k: v for k, (v, _) in ANSWERS.items()})
    admin = srv.admin()
    cases = (("announcement", "TLP:CLEAR", {"ja": ["ミッションステートメント", "報告の手段"],
                                            "en": ["Mission statement", "How to report"]}),
             ("service-catalogue", "TLP:AMBER", {"ja": ["サービスカタログ"], "en": ["Service Catalogue"]}),
             ("escalation-matrix", "TLP:AMBER", {"ja": ["1. エスカレーションのレベル", "2. エスカレーション規則"],
                                                 "en": ["1. Escalation levels", "2. Escalation rules"]}))
    for name, label, words in cases:
        for lang in ("ja", "en"):
            r = get_pdf(admin, "documents/" + name, lang=lang, format="pdf")
            assert disposition(r)[0] == "%s-%s.pdf" % (name, lang)
            _, pages = pdf_pages(tmp, r, "%s-%s.pdf" % (name, lang))
            every_page_labelled(pages, label)
            in_order("\n".join(pages), words[lang])
            md = admin.get("documents/" + name, params={"lang": lang, "format": "md"})
            assert md.status == 200 and md.headers.get("Content-Type").startswith("text/markdown")
    assert_problem(admin.get("documents/announcement", params={"format": "docx"}), 400, "invalid-parameter",
                   "format")


def test_deliverable_pdf_template_and_versions(srv, tmp):
    admin = srv.admin()
    base = "build/phases/kickoff/documents/project_charter"
    r = get_pdf(admin, base, format="pdf")
    assert disposition(r) == ("kickoff-project_charter-v0.pdf",
                              "CSIRT 構築活動のためのプロジェクト憲章（A4 縦型文書１ページ程度）-v0.pdf"), disposition(r)
    path, pages = pdf_pages(tmp, r, "charter.pdf")
    every_page_labelled(pages, "TLP:AMBER")
    assert "CSIRT 構築活動のためのプロジェクト憲章" in pages[0] and "テンプレート（未保存）" in pages[0]
    assert "チーム内部向け" in pages[0]
    in_order("\n".join(pages[1:]), ["1. 目的と位置づけ", "2. 構築活動にかかるポリシー及び制約事項",
                                    "3. プロジェクト体制", "4. プロジェクト活動内容と進め方", "5. 主要マイルストーン"])
    body = flat("\n".join(pages[1:]))
    for s in ("プロジェクト名", "組織内 CSIRT 構築プロジェクト", "予算・期間・人員の制約:", "リーダー"):
        assert s in body, s
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, ARTIFACTS / "deliverable_project_charter.pdf")
    # versions: 1 = the template, 2 = our text
    expect(admin.post(base, {}), 201)
    expect(admin.post(base, {"body_md": "# 憲章 第二版\n\n## 目的\n\n- 組織内 CSIRT の構築を始める\n"
                                        "1. 番号付き\n\n```\nコード\n```\n\n> 引用\n\n<div>raw</div>\n"}), 201)
    _, pages = pdf_pages(tmp, get_pdf(admin, base, format="pdf"), "v2.pdf")
    text = "\n".join(pages)
    assert "憲章 第二版" in pages[0] and "第2版" in tight(pages[0])
    for s in ("目的", "組織内 CSIRT の構築を始める", "番号付き", "コード", "引用"):
        assert s in text, s
    assert "raw" not in text and "<div>" not in text
    r = get_pdf(admin, base, format="pdf", version="1")
    assert disposition(r)[0] == "kickoff-project_charter-v1.pdf"
    _, pages = pdf_pages(tmp, r, "v1.pdf")
    assert "CSIRT 構築活動のためのプロジェクト憲章" in pages[0] and "第1版" in tight(pages[0])
    got = expect(admin.get(base, params={"version": "1"}), 200)
    assert got["version"] == 1 and got["body_md"].startswith("# CSIRT 構築活動のためのプロジェクト憲章")
    md = admin.get(base, params={"format": "md", "version": "2"})
    assert md.status == 200 and md.body.decode().startswith("# 憲章 第二版")
    assert admin.get(base, params={"version": "3"}).status == 404
    for bad in ("0", "-1", "x", "1.5"):
        assert_problem(admin.get(base, params={"version": bad}), 400, "invalid-parameter", "version")
    assert_problem(admin.get(base, params={"format": "html"}), 400, "invalid-parameter", "format")
    # English cover labels for the same (Japanese) document
    _, pages = pdf_pages(tmp, get_pdf(admin, base, format="pdf", lang="en"), "v2en.pdf")
    assert "version2" in tight(pages[0]) and "for the team" in pages[0]
    viewer = srv.user_client(srv.make_user(role="viewer"))
    get_pdf(viewer, base, format="pdf")


def test_evaluation_report_pdf(srv, tmp):
    adm = srv.admin()
    q = questions(adm)
    e = expect(adm.post("evaluations", {"answers": answers_a(q), "date": "2026-11-22"}), 201)
    for lang, heads in (("ja", ["1. 概要", "2. 領域別の結果", "3. SIM3 レベル", "7. 改善ロードマップ"]),
                        ("en", ["1. Summary", "2. Results by area", "3. SIM3 levels", "7. Improvement roadmap"])):
        r = get_pdf(adm, "evaluations/%d/report" % e["id"], lang=lang, format="pdf")
        assert disposition(r)[0] == "evaluation-%d-%s.pdf" % (e["id"], lang)
        _, pages = pdf_pages(tmp, r, "eval-%s.pdf" % lang)
        every_page_labelled(pages, "TLP:AMBER")
        body = "\n".join(pages)
        in_order(body[body.find(heads[-1]) + len(heads[-1]):], heads)
        assert "2.07" in body and "77%" in body
    j = expect(adm.get("evaluations/%d/report" % e["id"]), 200)
    assert j["markdown"].startswith("# CSIRT 評価報告書")


def test_public_form_answer_is_obeyed(srv):
    fill(srv, {k: v for k, (v, _) in ANSWERS.items()})
    admin = srv.admin()
    set_poc(srv, False)
    anon = srv.client()
    for lang in ("ja", "en"):
        r = anon.get("/report", params={"lang": lang})
        assert r.status == 404, r
        page = r.body.decode()
        assert "報告フォームは公開されていません" in page and "This report form is not offered" in page
        assert POC in page and "+81-3-0000-2222" in page and "form_token" not in page
        assert r.headers.get("Content-Type").startswith("text/html")
    r = anon.post("/report", data=b"name=a&contact=a%40example.jp&what=x",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 404 and "This report form is not offered" in r.body.decode(), r
    md = admin.get("documents/rfc2350", params={"lang": "ja"}).body.decode()
    sec6 = section_of(md, "6")
    assert "/report" not in md and "公開の Web 報告フォームは提供していません" in sec6, sec6
    assert ANSWERS["reporting_forms"][0] in sec6
    en = admin.get("documents/rfc2350", params={"lang": "en"}).body.decode()
    assert "/report" not in en and "We do not offer a public web report form" in en
    ann = admin.get("documents/announcement", params={"lang": "ja"}).body.decode()
    how = ann[ann.index("## 報告の手段"):]
    assert "報告フォーム" not in how and "/report" not in how and POC in how, how
    # true (and unset) bring it back
    for answer in (True, None):
        set_poc(srv, answer)
        r = anon.get("/report")
        assert r.status == 200 and "form_token" in r.body.decode(), r
        md = admin.get("documents/rfc2350", params={"lang": "ja"}).body.decode()
        assert "/report>" in section_of(md, "6")
        ann = admin.get("documents/announcement", params={"lang": "ja"}).body.decode()
        assert "- 報告フォーム: " in ann
