"""Security headers on every registered route and every error page; security.txt; error pages."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from flask import request

from rdm import create_app
from rdm.config import ProductionConfig
from rdm.web.security import CONTENT_SECURITY_POLICY, HEADERS, PERMISSIONS_POLICY

from .editor_helpers import add_account, logged_in, make_app

HSTS = "max-age=31536000; includeSubDomains"
# Every header name a response of the site may carry; anything else (Server, X-Powered-By,
# a version banner) fails the test.
ALLOWED = {
    *HEADERS,
    "Strict-Transport-Security",
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "Cache-Control",
    "Vary",
    "Set-Cookie",
    "Location",
    "Allow",
    "Last-Modified",
    "ETag",
    "Date",
    "Accept-Ranges",
}
PRIVATE = ("/wegwijzer", "/redactie", "/api/v1/advice")
ARGUMENTS = {
    "slug": "topx",
    "number": 1,
    "language": "en",
    "filename": "css/site.css",
    "changeset_id": "een-wijziging",
    "answer_id": "role",
    "kind": "services",  # the HSDS 3.0 API's lists
    "item_id": "749db4a6-7e02-5b12-aee9-ded3df121e1a",  # TopX's HSDS service
}


@pytest.fixture
def app(editor_app):
    return editor_app


def every_request(app):
    """(method, url) for every rule and method of the app, with real arguments filled in."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        url = rule.build({name: ARGUMENTS[name] for name in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def assert_secure(response, url: str, https: bool = False) -> None:
    names = set(response.headers.keys())
    assert names <= ALLOWED, f"{url}: unexpected headers {names - ALLOWED}"
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{url}: {name}"
    assert (response.headers.get("Strict-Transport-Security") == HSTS) is https, url
    assert len(response.headers.getlist("Content-Security-Policy")) == 1
    if url.startswith(PRIVATE):
        assert response.headers["Cache-Control"] == "no-store", url


def test_the_policy_is_strict():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self'",
        "connect-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "object-src": "'none'",
    }
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert all(p.endswith("=()") for p in PERMISSIONS_POLICY.split(", "))


@pytest.mark.parametrize("signed_in", [False, True], ids=["public", "editor"])
def test_every_route_and_method_carries_the_header_set(app, signed_in):
    client = logged_in(app) if signed_in else app.test_client()
    seen = 0
    for method, url in every_request(app):
        response = client.open(url, method=method)
        response.close()
        assert response.status_code < 500, (method, url)
        assert_secure(response, url)
        seen += 1
    assert seen >= 40, "every route was requested"


def scanner_findings(response) -> list[str]:
    """What the Mozilla HTTP Observatory would score negatively, or internet.nl report as a notice.

    The rules as the two scanners' code applies them (mdn/mdn-http-observatory
    src/analyzer/tests/*.js and src/grader/charts.js; internetstandards/Internet.nl
    checks/tasks/http_headers.py), for a site served over HTTPS.
    """
    headers = response.headers
    found = _header_findings(headers) + _policy_findings(headers) + _cookie_findings(headers)
    if "text/html" in headers.get("Content-Type", ""):
        # The Observatory's SRI rule: a script from elsewhere, or one inline, needs care; a
        # same-origin script with an integrity hash scores best.
        for script in re.findall(r"<script[^>]*>", response.get_data(as_text=True), re.I):
            source = re.search(r'src="([^"]*)"', script)
            if not source or not source.group(1).startswith("/"):
                found.append(f"script not from this site: {script}")
            elif 'integrity="sha384-' not in script:
                found.append(f"script without integrity: {script}")
    return found


def _header_findings(headers) -> list[str]:
    found = []
    for name in (*HEADERS, "Strict-Transport-Security"):
        values = headers.getlist(name)
        if len(values) != 1 or ("," in values[0] and name != "Permissions-Policy"):
            found.append(f"{name}: missing, repeated or comma-joined")
    hsts = dict(
        part.strip().partition("=")[::2]
        for part in headers.get("Strict-Transport-Security", "").split(";")
    )
    expected = {
        int(hsts.get("max-age") or 0) >= 31536000: "HSTS max-age under a year",
        headers.get("X-Content-Type-Options") == "nosniff": "X-Content-Type-Options",
        headers.get("X-Frame-Options") in ("DENY", "SAMEORIGIN"): "X-Frame-Options",
        headers.get("Referrer-Policy", "").split(",")[-1].strip()
        in ("no-referrer", "same-origin"): "Referrer-Policy (internet.nl: good)",
        headers.get("Cross-Origin-Resource-Policy")
        in ("same-origin", "same-site"): "Cross-Origin-Resource-Policy (Observatory bonus)",
        "Access-Control-Allow-Origin" not in headers: "CORS header present",
        "Content-Encoding" not in headers: "HTTP compression (internet.nl: info)",
    }
    return found + [problem for passed, problem in expected.items() if not passed]


def _policy_findings(headers) -> list[str]:
    found = []
    csp: dict[str, list[str]] = {}
    for directive in headers.get("Content-Security-Policy", "").split(";"):
        name, *sources = directive.split()
        if name in csp or name != name.lower():
            found.append(f"CSP: {name} repeated or not lower case")
        csp[name] = sources
    every = [source for sources in csp.values() for source in sources]
    bad = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'strict-dynamic'", "*"}
    bad |= {"http:", "https:", "ftp:", "127.0.0.1"}
    found += [f"CSP: unsafe source {s}" for s in every if s in bad or s.startswith("http://")]
    found += [f"CSP: host without scheme {s}" for s in every if not s.startswith(("'", "https://"))]
    if csp.get("default-src") != ["'none'"]:
        found.append("CSP: default-src is not exactly 'none' (Observatory bonus)")
    for name in ("frame-ancestors", "base-uri", "form-action"):
        if csp.get(name) not in (["'none'"], ["'self'"]):
            found.append(f"CSP: {name} missing or not 'self'/'none' (internet.nl)")
    for name in ("script-src", "object-src", "style-src"):
        if "data:" in csp.get(name, csp.get("default-src", [])):
            found.append(f"CSP: data: in {name}")
    return found


def _cookie_findings(headers) -> list[str]:
    found = []
    for cookie in headers.getlist("Set-Cookie"):
        name = cookie.split("=", 1)[0].lower()
        flags = {f.strip().split("=")[0].lower(): f.strip() for f in cookie.split(";")[1:]}
        if "secure" not in flags:
            found.append(f"cookie {name} without Secure")
        if flags.get("samesite", "").lower() not in ("samesite=lax", "samesite=strict"):
            found.append(f"cookie {name} without SameSite=Lax/Strict")
        if any(word in name for word in ("sess", "login", "csrf")) and "httponly" not in flags:
            found.append(f"session cookie {name} without HttpOnly")
    return found


def test_the_scanner_rules_catch_a_weak_header_set(app):
    """The scorer can fail: a policy with unsafe-inline and an insecure cookie are found."""
    response = app.test_client().get("/", base_url="https://localhost")
    response.headers["Content-Security-Policy"] = "default-src 'self' 'unsafe-inline'"
    response.headers["Referrer-Policy"] = "origin"
    response.headers.add("Set-Cookie", "session=x; Path=/")
    response.headers.pop("Strict-Transport-Security")
    found = "\n".join(scanner_findings(response))
    for problem in (
        "unsafe source 'unsafe-inline'",
        "default-src",
        "frame-ancestors",
        "Referrer-Policy",
        "session without Secure",
        "session without HttpOnly",
        "Strict-Transport-Security",
    ):
        assert problem in found


def test_every_response_over_https_passes_the_observatory_and_internet_nl_rules(database, tmp_path):
    """Production settings behind a TLS proxy: no negative modifier, no notice, on any route."""
    production = {k: v for k, v in vars(ProductionConfig).items() if k.isupper()}
    app = make_app(database, str(tmp_path / "tls"), **production, TRUSTED_PROXIES=1)
    add_account(app)
    client = app.test_client()
    https = {"X-Forwarded-Proto": "https"}
    data = {"email": "redactie@example.org", "password": "wrong password for the cookie"}
    client.post("/redactie/inloggen", data=data, headers=https)
    checked = 0
    for method, url in [*every_request(app), ("GET", "/taal/en?next=/"), ("GET", "/nergens")]:
        response = client.open(url, method=method, headers=https)
        response.close()
        assert scanner_findings(response) == [], (method, url)
        checked += 1
    assert checked >= 40


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/bestaat-niet", 404),
        ("GET", "/api/v1/bestaat-niet", 404),
        ("GET", "/tafels/bestaat-niet", 404),
        ("POST", "/vergelijk", 405),
        ("PROPFIND", "/", 405),
        ("DELETE", "/api/v1/tables", 405),
        ("POST", "/api/v1/advice", 413),
        ("POST", "/wegwijzer/stap", 413),
    ],
)
def test_error_pages_carry_the_header_set(app, method, url, status):
    data = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1) if status == 413 else None
    response = app.test_client().open(url, method=method, data=data)
    assert response.status_code == status
    assert_secure(response, url)
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_hsts_only_over_https_and_only_from_a_trusted_proxy(database, tmp_path):
    direct = make_app(database, str(tmp_path / "a"))
    assert_secure(direct.test_client().get("/", base_url="https://localhost"), "/", https=True)
    forwarded = {"X-Forwarded-Proto": "https"}
    assert_secure(direct.test_client().get("/", headers=forwarded), "/", https=False)
    behind = make_app(database, str(tmp_path / "b"), TRUSTED_PROXIES=1)
    assert_secure(behind.test_client().get("/", headers=forwarded), "/", https=True)


def test_an_unexpected_error_has_the_header_set_and_an_incident_id_in_the_log(app, caplog):
    @app.get("/kapot")
    def broken():
        raise RuntimeError(f"geheime details {request.args.get('q', '')}")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/kapot")
        assert app.test_client().get("/kapot?q=zoekterm").status_code == 500
    assert response.status_code == 500
    assert_secure(response, "/kapot")
    page = response.get_data(as_text=True)
    assert "Er ging iets mis" in page
    assert "geheime details" not in page and "Traceback" not in page and "rdm/" not in page
    incident = page.split("kenmerk als u het meldt: ")[1][:12]
    assert len(incident) == 12 and all(c in "0123456789abcdef" for c in incident)
    assert f"Incident {incident}" in caplog.text
    assert "RuntimeError: geheime details" in caplog.text
    assert "zoekterm" not in caplog.text, "no query string in the log, nor a message quoting it"
    assert caplog.text.count("Incident ") == 2


def test_an_api_error_carries_its_incident_id_as_json(app, caplog):
    @app.get("/api/v1/kapot")
    def broken():
        raise RuntimeError("boom")

    response = app.test_client().get("/api/v1/kapot")
    assert response.status_code == 500
    incident = response.get_json()["incident"]
    assert f"Incident {incident}" in caplog.text
    assert b"boom" not in response.data


def test_security_txt_names_a_contact_and_expires_within_a_year(app):
    response = app.test_client().get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())
    assert fields["Contact"] == "http://localhost/melden"
    expires = dt.datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert dt.timedelta(days=179) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(days=180)
    assert fields["Canonical"] == "http://localhost/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "nl, en"


def test_security_txt_takes_the_configured_contact_and_date(tmp_path):
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=90)).strftime("%Y-%m-%dT%H:%M:%SZ")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECURITY_CONTACT": "mailto:security@example.org",
            "SECURITY_TXT_EXPIRES": expires.replace("Z", "+00:00"),
        },
        instance_path=str(tmp_path),
    )
    text = app.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    assert "Contact: mailto:security@example.org\n" in text
    assert f"Expires: {expires}\n" in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("volgend jaar", "is geen datum"),
        ((dt.date.today() + dt.timedelta(days=400)).isoformat(), "meer dan een jaar vooruit"),
    ],
)
def test_a_wrong_security_txt_date_stops_the_start_with_a_reason(tmp_path, value, message):
    with pytest.raises(SystemExit, match=message):
        create_app({"TESTING": True, "SECURITY_TXT_EXPIRES": value}, instance_path=str(tmp_path))


def test_a_passed_security_txt_date_is_logged_and_does_not_stop_the_site(tmp_path, caplog):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECURITY_TXT_EXPIRES": "2001-01-01",
        },
        instance_path=str(tmp_path),
    )
    assert "RDM_SECURITY_TXT_EXPIRES is verstreken" in caplog.text
    text = app.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    expires = dt.datetime.strptime(text.split("Expires: ")[1][:20], "%Y-%m-%dT%H:%M:%SZ")
    assert expires.replace(tzinfo=dt.UTC) > dt.datetime.now(dt.UTC) + dt.timedelta(days=179)


def test_report_forms_are_not_kept_by_the_browser(app):
    client = app.test_client()
    for url in ("/melden", "/tafels/topx/melden"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_the_accessibility_statement_is_linked_from_every_page(app):
    client = app.test_client()
    assert 'href="/toegankelijkheid"' in client.get("/vergelijk").get_data(as_text=True)
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    assert "WCAG 2.1 niveau AA" in page
    assert "te bevestigen door de redactie" in page
    assert 'href="/melden"' in page
    english = client.get("/toegankelijkheid", headers={"Accept-Language": "en"})
    assert "Accessibility statement" in english.get_data(as_text=True)


def test_the_nginx_site_sends_the_apps_headers_and_hides_the_apps_copies():
    """deploy/nginx/rdm.conf writes HEADERS out (nginx cannot import them): the same set, the
    same values, each of the app's own copies hidden so every header is sent once."""
    site = (Path(__file__).resolve().parent.parent / "deploy/nginx/rdm.conf").read_text()
    added = dict(re.findall(r'^\s*add_header ([\w-]+) "([^"]*)" always;', site, re.M))
    hidden = set(re.findall(r"^\s*proxy_hide_header ([\w-]+);", site, re.M))
    assert added == HEADERS
    assert hidden >= set(HEADERS)
