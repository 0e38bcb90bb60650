"""A catalogue whose every human-readable text carries an XSS payload: every page stays inert.

The packaged tables.yaml is read with ruamel.yaml, a payload is added to each text field (never
to ids, slugs, URLs, e-mail addresses or dates, so that it still validates) and an app is made
on it. Every public page, the wegwijzer from start to advice, the JSON API and the editors'
pages must show the payloads as text: escaped, never as markup.
"""

from __future__ import annotations

import io
import types
import typing
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from rdm.catalogue import Catalogue, LocalText, load_catalogue
from rdm.catalogue.roundtrip import dump, round_trip_yaml
from rdm.config import PACKAGED_CATALOGUE

from .conftest import BACKENDS
from .editor_helpers import add_account, form_data, logged_in, token
from .fuzz_counter import Counter
from .fuzz_helpers import assert_inert, fuzz_app, fuzz_settings, sender

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# Each ends in alert(…) with its own number, so a page can be checked for having shown one.
PAYLOADS = (
    "<script>alert(101)</script>",
    '"><img src=x onerror=alert(102)>',
    "'><svg/onload=alert(103)>",
    "</textarea></title><script>alert(104)</script>",
    '" onmouseover="alert(105)',
    "javascript:alert(106)",
    "\n\n- <b onclick=alert(107)>lijst</b>\n- <iframe src=javascript:alert(108)>",
    '<a href="javascript:alert(109)">klik</a> &amp; &lt;script&gt;alert(110)&lt;/script&gt;',
)
EDITOR_NAME = "<script>alert('redacteur')</script>"


def _has_rules(metadata) -> bool:
    return any(isinstance(m, AfterValidator) or "pattern" in repr(m) for m in metadata)


def _is_plain_text(annotation, metadata=()) -> bool:
    """A str field a person reads: not a slug, id, URL or e-mail address (those have rules)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *inner = typing.get_args(annotation)
        return base is str and not _has_rules(inner) and not _has_rules(metadata)
    return annotation is str and not _has_rules(metadata)


def _unwrap(annotation):
    """Strip Optional, Annotated (keeping LocalText) and tuple[...] to the item's type."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        items = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(items[0]) if len(items) == 1 else None
    if origin is tuple:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is typing.Annotated and typing.get_args(annotation)[0] is LocalText:
        return LocalText
    return annotation


class Injector:
    """Adds a payload to every text field of a catalogue document, in turn from PAYLOADS."""

    def __init__(self):
        self.count = 0

    def payload(self) -> str:
        self.count += 1
        return PAYLOADS[self.count % len(PAYLOADS)]

    def text(self, value):
        if isinstance(value, str):
            return f"{value} {self.payload()}"
        for language in ("nl", "en"):
            if isinstance(value.get(language), str):
                value[language] = f"{value[language]} {self.payload()}"
        return value

    def model(self, node: CommentedMap, model: type[BaseModel]) -> None:
        for name, field in model.model_fields.items():
            if node.get(name) is None:
                continue
            kind = _unwrap(field.annotation)
            many = isinstance(node[name], CommentedSeq)
            items = list(node[name]) if many else [node[name]]
            changed = [self.value(item, kind, field) for item in items]
            if many:
                node[name][:] = changed
            else:
                node[name] = changed[0]

    def value(self, item, kind, field):
        if kind is LocalText:
            return self.text(item)
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            self.model(item, kind)
            return item
        if isinstance(item, str) and _is_plain_text(kind, field.metadata):
            return f"{item} {self.payload()}"
        return item


def hostile_catalogue() -> tuple[str, int]:
    """The packaged catalogue with a payload in every text field, and how many it has."""
    document = round_trip_yaml().load(PACKAGED_CATALOGUE.read_text(encoding="utf-8"))
    injector = Injector()
    injector.model(document, Catalogue)
    return dump(document), injector.count


@pytest.fixture(scope="module", params=BACKENDS)
def xss_app(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("xss")
    text, count = hostile_catalogue()
    assert count > 500, count
    path = folder / "tables.yaml"
    path.write_text(text, encoding="utf-8")
    load_catalogue(path)  # raises CatalogueError if the payloads broke it
    with fuzz_app(request.param, folder, CATALOGUE=str(path)) as app:
        add_account(app, "xss@example.org", EDITOR_NAME)
        yield app


def test_the_hostile_catalogue_has_a_payload_in_every_text(xss_app):
    catalogue = xss_app.extensions["rdm.live"].current.catalogue
    texts = [catalogue.introduction.title, catalogue.tables[0].name, catalogue.tables[0].goal]
    texts += [c.text for c in catalogue.tables[0].inflow.criteria]
    texts += [a.question for a in catalogue.vocabulary]
    assert all("alert(" in t.nl and (t.en is None or "alert(" in t.en) for t in texts)
    assert all("alert(" in g.name for g in catalogue.gemeenten)
    assert all("alert(" in a.abbr for a in catalogue.abbreviations)
    assert "alert(" in catalogue.rules_version
    assert {t.slug for t in catalogue.tables} == {
        t.slug for t in load_catalogue(PACKAGED_CATALOGUE).catalogue.tables
    }


def _shown_inert(response, what, catalogue_text: bool = True) -> str:
    """The page is inert and, if it shows catalogue text, a payload in it (escaped)."""
    assert response.status_code < 500, (what, response.status_code)
    body = response.get_data(as_text=True)
    assert_inert(body, what)
    if catalogue_text:
        assert "alert(" in body, f"{what}: no payload shown, so nothing was tested"
    return body


PUBLIC_PAGES = [
    "/",
    "/vergelijk",
    "/gemeenten",
    "/clientondersteuning",
    "/over-rdm",
    "/afkortingen",
    "/zoeken?q=alert",
    "/zoeken?q=script",
    "/zoeken?q=img+src",
    "/zoeken?q=wlz",
    "/zoeken?q=crisis",
    "/zoeken?q=verstandelijke+beperking",
]
# Pages without catalogue text: inert all the same.
OTHER_PAGES = ["/melden", "/wegwijzer/", "/toegankelijkheid", "/zoeken?q=niets+gevonden"]
SLUGS = [t.slug for t in load_catalogue(PACKAGED_CATALOGUE).catalogue.tables]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "url", PUBLIC_PAGES + [f"/tafels/{s}" for s in SLUGS] + [f"/tafels/{s}/melden" for s in SLUGS]
)
def test_every_public_page_shows_the_payloads_inert(xss_app, url, language):
    client = xss_app.test_client()
    client.set_cookie("lang", language)
    response = client.get(url)
    assert response.status_code == 200, url
    _shown_inert(response, (url, language))


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("url", OTHER_PAGES)
def test_the_other_public_pages_stay_inert(xss_app, url, language):
    client = xss_app.test_client()
    client.set_cookie("lang", language)
    response = client.get(url)
    assert response.status_code == 200, url
    _shown_inert(response, (url, language), catalogue_text=False)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_error_pages_stay_inert(xss_app, language):
    client = xss_app.test_client()
    client.set_cookie("lang", language)
    for url in ("/tafels/<script>alert(1)</script>", "/bestaat-niet?<img src=x onerror=alert(1)>"):
        response = client.get(url)
        assert response.status_code == 404
        assert_inert(response.get_data(as_text=True), url)


def _press(client, page: BeautifulSoup, button) -> object:
    form = button.find_parent("form") or page.find(id=button.get("form"))
    data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    for name in sorted({r["name"] for r in form.select("input[type=radio]")}):
        data[name] = form.select(f"input[type=radio][name={name}]")[-1]["value"]  # unknown
    if button.get("name"):
        data[button["name"]] = button.get("value", "")
    return client.post(button.get("formaction") or form["action"], data=data)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_wegwijzer_from_start_to_advice_shows_the_payloads_inert(xss_app, language):
    """Topic titles, questions, hints, option labels, the check page, the advice and its PDF."""
    client = xss_app.test_client()
    client.set_cookie("lang", language)
    response = client.get("/wegwijzer/")
    seen = []
    for _ in range(20):
        body = _shown_inert(response, ("wegwijzer", seen), catalogue_text=bool(seen))
        page = BeautifulSoup(body, "html.parser")
        seen.append(" ".join(page.h1.get_text().split())[:40])
        forwards = [
            page.select_one(selector)
            for selector in (
                "#wizard-form button[value=next]",
                "#wizard-form button[value=advice]",
                "main form:has(input[value=start]) button",
            )
        ]
        forward = next((button for button in forwards if button is not None), None)
        if forward is None:
            break
        response = _press(client, page, forward)
        assert response.status_code == 200, seen
    hidden = {i["name"]: i["value"] for i in page.select("#wizard-form input[type=hidden]")}
    assert hidden, f"the walk ended before the advice: {seen}"
    pdf = client.post("/wegwijzer/advies.pdf", data=hidden)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf", seen
    assert len(seen) >= 5, seen


API = [
    "/api/v1/tables",
    "/api/v1/tables/topx",
    "/api/v1/questions",
    "/api/v1/hsds",
    "/api/v1/openapi.json",
    "/api/v1/search?q=alert",
    "/api/v1/search?q=script&lang=en",
]


@pytest.mark.parametrize("url", API)
def test_the_api_serves_the_payloads_as_json_text(xss_app, url):
    response = xss_app.test_client().get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "alert(" in response.get_data(as_text=True)
    for result in response.get_json().get("results", []) if "search" in url else []:
        assert_inert(result["snippet_html"], url)


def test_the_api_advice_serves_the_payloads_as_json_text(xss_app):
    response = xss_app.test_client().post("/api/v1/advice", json={"answers": {"role": "politie"}})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "alert(" in response.get_data(as_text=True)


search_words = st.sampled_from(
    ["alert", "script", "img", "src", "onerror", "svg", "onload", "javascript", "iframe", "lijst"]
    + ["klik", "amp", "lt", "gt", "wlz", "ggz", "crisis", "wijkteam", "TopX", "b", "onclick"]
)


def test_search_snippets_of_hostile_text_are_inert(request, xss_app):
    """The snippets are HTML made from catalogue text around the matches: fuzz what matches."""
    counter = Counter(request, minimum=150)
    send = sender(xss_app, counter)

    @fuzz_settings(150)
    @given(
        words=st.lists(search_words, min_size=1, max_size=3),
        language=st.sampled_from(["nl", "en"]),
        api=st.booleans(),
    )
    def run(words, language, api):
        query = " ".join(words)
        if api:
            response = send.get("/api/v1/search", query_string={"q": query, "lang": language})
            for result in response.get_json()["results"]:
                assert_inert(result["snippet_html"], query)
        else:
            send.client.set_cookie("lang", language)
            send.get("/zoeken", query_string={"q": query})

    run()
    counter.check()


EDITOR_PAGES = [
    "/redactie/",
    "/redactie/bewerken",
    "/redactie/bewerken/topx",
    "/redactie/bewerken/p10-mobiel-team",
    "/redactie/formulier/topx",
    "/redactie/formulier/p10-mobiel-team",
    "/redactie/revisies",
    "/redactie/inzicht",
    "/redactie/meldingen",
]
EMPTY_EDITOR_PAGES = {"/redactie/revisies", "/redactie/meldingen"}


@pytest.fixture(scope="module")
def xss_editor(xss_app):
    return logged_in(xss_app, "xss@example.org")


@pytest.mark.parametrize("url", EDITOR_PAGES)
def test_the_editors_pages_show_the_payloads_inert(xss_editor, url):
    response = xss_editor.get(url)
    assert response.status_code == 200, url
    # The history and the inbox are empty here; they are checked with content elsewhere.
    _shown_inert(response, url, catalogue_text=url not in EMPTY_EDITOR_PAGES)


def test_a_preview_of_changed_hostile_text_is_inert(xss_editor):
    """The preview shows the diff and the changed pages: new payloads there are text too."""
    page = BeautifulSoup(xss_editor.get("/redactie/bewerken").data, "html.parser")
    edit = form_data(page.select_one("form[action='/redactie/voorbeeld']"))
    changed = edit["yaml"].replace("alert(101)", "alert(201)</script><script>alert(202)")
    response = xss_editor.post("/redactie/voorbeeld", data={**edit, "yaml": changed})
    assert response.status_code == 200
    body = _shown_inert(response, "preview")
    assert "alert(202)" in body


def test_an_uploaded_hostile_catalogue_and_a_report_are_inert(xss_app, xss_editor):
    text, _ = hostile_catalogue()
    upload = text.replace("alert(102)", "alert(302)")
    data = {"yaml": "", "slug": "", "csrf_token": token(xss_editor, "/redactie/bewerken")}
    data["upload"] = (io.BytesIO(upload.encode()), "<script>alert(303)</script>.yaml")
    response = xss_editor.post("/redactie/voorbeeld", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    _shown_inert(response, "preview of an upload")
    client = xss_app.test_client()
    report = {"message": PAYLOADS[1], "contact": PAYLOADS[0]}
    report["csrf_token"] = token(client, f"/tafels/{quote('topx')}/melden")
    assert client.post("/tafels/topx/melden", data=report).status_code == 200
    _shown_inert(xss_editor.get("/redactie/meldingen"), "the inbox with a hostile report")
