"""Fuzzing every form: the wegwijzer, the report form, the login and every editor form.

Each test sends form posts that mix what a browser would send (real hidden answers, real field
names, the CSRF token) with garbage (unknown names, hostile values, duplicated keys, no token)
and asserts: never a 5xx, every page inert, every redirect on this site.
"""

from __future__ import annotations

import io
import json
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, note
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from .editor_helpers import PASSWORD, add_account, form_data, logged_in, token
from .fuzz_counter import Counter
from .fuzz_helpers import (
    ANSWER_IDS,
    CATALOGUE,
    SLUGS,
    TOPICS,
    XSS,
    any_text,
    assert_inert,
    fuzz_settings,
    hostile_text,
    mostly,
    printable_with_payload,
    sender,
    slugs,
    with_payload,
)
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import editor as editor  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

# --- the wegwijzer ----------------------------------------------------------------------------


def _values(answer) -> list[str]:
    if answer.type == "bool":
        return ["true", "false", "unknown"]
    return [o.value for o in answer.options] + ["unknown"]


VALID_ANSWERS = {a.id: _values(a) for a in CATALOGUE.vocabulary}
ACTIONS = ["next", "back", "start", "check", "advice"] + [f"change:{t}" for t in TOPICS]
# Stands for the session's real CSRF token in generated fields; `with_token` puts it in.
TOKEN = "<the real token>"
tokens = mostly(st.just(TOKEN), st.sampled_from(["", "x"]) | hostile_text, 8)

valid_answers = st.fixed_dictionaries(
    {}, optional={k: st.sampled_from(v) for k, v in VALID_ANSWERS.items()}
).map(lambda answers: list(answers.items()))
_answer_pairs = {
    k: st.tuples(st.just(k), mostly(st.sampled_from(v), hostile_text, 6))
    for k, v in VALID_ANSWERS.items()
}
tampered_answers = st.lists(
    st.sampled_from(ANSWER_IDS).flatmap(_answer_pairs.__getitem__), min_size=1, max_size=3
)
unknown_fields = st.lists(st.tuples(any_text, with_payload), min_size=1, max_size=2)
wizard_controls = st.fixed_dictionaries(
    {},
    optional={
        "topic": st.sampled_from([*TOPICS, "controleren"]) | any_text,
        "action": st.sampled_from(ACTIONS) | st.builds("change:{}".format, any_text) | any_text,
        "return_to": st.sampled_from(["controleren"]) | any_text,
        "switch_language": st.sampled_from(["nl", "en"]) | any_text,
    },
).map(lambda controls: list(controls.items()))


def _fields(answers, tampered, unknown, controls, token, reverse) -> MultiDict:
    pairs = answers + tampered + unknown + controls
    if token is not None:
        pairs.append(("csrf_token", token))
    return MultiDict(pairs[::-1] if reverse else pairs)


wizard_fields = st.builds(
    _fields,
    valid_answers,
    mostly(st.just([]), tampered_answers, 7),
    mostly(st.just([]), unknown_fields, 7),
    wizard_controls,
    st.none() | tokens,
    st.booleans(),
)


def with_token(fields: MultiDict, csrf: str) -> MultiDict:
    """The fields with the stand-in replaced by the session's real CSRF token."""
    return MultiDict((k, csrf if v == TOKEN else v) for k, v in fields.items(multi=True))


@pytest.mark.parametrize(
    ("url", "examples"),
    [("/wegwijzer/stap", 600), ("/wegwijzer/advies", 400), ("/wegwijzer/advies.pdf", 60)],
)
def test_the_wegwijzer_forms_take_any_fields(request, app, url, examples):
    counter = Counter(request, minimum=examples)
    send = sender(app, counter)
    csrf = token(send.client)

    @fuzz_settings(examples)
    @given(wizard_fields)
    def run(fields):
        response = send.post(url, data=with_token(fields, csrf))
        assert response.status_code in (200, 400, 413), response.status_code
        assert response.headers["Cache-Control"] == "no-store"
        if url.endswith(".pdf") and response.status_code == 200:
            assert response.mimetype == "application/pdf"
            assert response.data.startswith(b"%PDF-")

    run()
    counter.check()


REGIE_ANSWERS = {q.id: _values(q) for q in CATALOGUE.regiekaart.questions}
regie_fields = st.builds(
    _fields,
    st.fixed_dictionaries(
        {}, optional={k: st.sampled_from(v) for k, v in REGIE_ANSWERS.items()}
    ).map(lambda answers: list(answers.items())),
    mostly(
        st.just([]),
        st.lists(
            st.tuples(st.sampled_from(sorted(REGIE_ANSWERS)), hostile_text), min_size=1, max_size=3
        ),
        7,
    ),
    mostly(st.just([]), unknown_fields, 7),
    st.fixed_dictionaries(
        {},
        optional={
            "page": st.sampled_from(["vragen", "uitkomst"]) | any_text,
            "action": st.sampled_from(["check", "change"]) | any_text,
            "switch_language": st.sampled_from(["nl", "en"]) | any_text,
        },
    ).map(lambda controls: list(controls.items())),
    st.none() | tokens,
    st.booleans(),
)


def test_the_regiekaart_check_takes_any_fields(request, app):
    counter = Counter(request, minimum=300)
    send = sender(app, counter)
    csrf = token(send.client)

    @fuzz_settings(300)
    @given(regie_fields)
    def run(fields):
        response = send.post("/regiekaart/check", data=with_token(fields, csrf))
        assert response.status_code in (200, 400, 413), response.status_code
        assert response.headers["Cache-Control"] == "no-store"

    run()
    counter.check()


def _buttons(page: BeautifulSoup) -> list:
    """Every submit button with the form it sends (also the language buttons outside it)."""
    found = []
    for button in page.select("button[type=submit]"):
        form = button.find_parent("form") or page.find(id=button.get("form"))
        if form is not None and form.get("method") == "post":
            found.append((button, form))
    return found


def test_the_wizard_walked_with_any_choices(request, app):
    """Like a person: press any button, choose any option (or tamper with it), page after page."""
    counter = Counter(request, minimum=120)
    send = sender(app, counter)

    @fuzz_settings(30)
    @given(data=st.data())
    def run(data):
        page = BeautifulSoup(send.client.get("/wegwijzer/").get_data(as_text=True), "html.parser")
        for _ in range(10):
            buttons = _buttons(page)
            if not buttons:
                return
            button, form = data.draw(st.sampled_from(buttons), label="button")
            fields = MultiDict(
                (i["name"], i.get("value", "")) for i in form.select("input[type=hidden]")
            )
            radios = sorted({r["name"] for r in form.select("input[type=radio]")})
            for name in radios:
                options = [r["value"] for r in form.select(f"input[type=radio][name={name}]")]
                if data.draw(st.integers(0, 9), label="answered?"):  # else: left open
                    fields[name] = data.draw(st.sampled_from(options), label=name)
            if data.draw(st.integers(0, 7), label="tampered?") == 0:  # a hostile answer
                name = data.draw(st.sampled_from(radios or ANSWER_IDS), label="tampered")
                fields.add(name, data.draw(hostile_text, label="hostile"))
            if button.get("name"):
                fields[button["name"]] = button.get("value", "")
            response = send.post(button.get("formaction") or form["action"], data=fields)
            if response.mimetype != "text/html":
                return
            page = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    run()
    counter.check()


# --- the report form --------------------------------------------------------------------------

messages = st.one_of(
    st.sampled_from(["Het e-mailadres klopt niet meer.", "De tafel komt nu maandelijks samen."]),
    printable_with_payload,
    mostly(printable_with_payload, with_payload, 5),
    st.text(min_size=1990, max_size=2010),
)


def test_the_report_form_takes_any_text(request, app, editor):
    counter = Counter(request, minimum=400)
    send = sender(app, counter)
    csrf = token(send.client, "/melden")

    @fuzz_settings(400)
    @given(
        slug=st.none() | slugs,
        message=messages,
        contact=st.none() | mostly(printable_with_payload, with_payload),
        csrf_token=tokens,
        extra=mostly(st.just({}), st.dictionaries(any_text, any_text, max_size=2), 7),
        # Reports are limited per address and hour: most come from an address of their own.
        address=mostly(st.ip_addresses(v=4).map(str), st.just("192.0.2.7"), 8),
    )
    def run(slug, message, contact, csrf_token, extra, address):
        fields = MultiDict(extra)
        fields.update({"message": message, "csrf_token": csrf_token})
        if contact is not None:
            fields["contact"] = contact
        url = "/melden" if slug is None else f"/tafels/{quote(slug, safe='')}/melden"
        response = send.post(
            url, data=with_token(fields, csrf), environ_base={"REMOTE_ADDR": address}
        )
        # 405 and 308: "." and "" as a slug make another path (/tafels/melden, /tafels//melden).
        assert response.status_code in (200, 400, 404, 405, 308, 413, 429), response.status_code

    run()
    counter.check()
    # The reports as the editors read them: stored text is escaped there too.
    assert_inert(editor.get("/redactie/meldingen").get_data(as_text=True), "the inbox")
    assert_inert(editor.get("/redactie/").get_data(as_text=True), "the dashboard")


# --- the editors' login and logout ------------------------------------------------------------

emails = st.one_of(
    st.sampled_from(["iemand@example.org", " Iemand@Example.org ", "a@b", ""]),
    st.emails(),
    with_payload,
)
next_targets = st.none() | st.sampled_from(["/redactie/revisies", "/"]) | any_text


def test_the_login_form_takes_any_text(request, app):
    """Each well-formed attempt costs a password hash; the right one must redirect on-site."""
    counter = Counter(request, minimum=60)
    send = sender(app, counter)
    state = {"csrf": token(send.client, "/redactie/inloggen"), "logins": 0}

    @fuzz_settings(60)
    @given(
        real=st.integers(0, 9),
        email=emails,
        password=st.sampled_from([PASSWORD[:-1], "x" * 12]) | hostile_text,
        target=next_targets,
        # Not 127.0.0.1: the other tests log in from there and must not be throttled.
        address=st.sampled_from(["192.0.2.1", "", "::1", "192.0.2.1, 10.0.0.1"])
        | st.ip_addresses(v=4).map(str).filter(lambda a: a != "127.0.0.1"),
        csrf_token=tokens,
    )
    def run(real, email, password, target, address, csrf_token):
        if real == 0:  # the right account and password: the redirect must stay on this site
            email, password = "redactie@example.org", PASSWORD
        fields = MultiDict({"email": email, "password": password, "csrf_token": csrf_token})
        response = send.post(
            "/redactie/inloggen",
            data=with_token(fields, state["csrf"]),
            query_string={} if target is None else {"next": target},
            environ_base={"REMOTE_ADDR": address},
        )
        assert response.status_code in (200, 302, 400, 429), response.status_code
        if response.status_code == 302:  # a new session: a new form token
            location = urlsplit(response.headers["Location"])
            assert not location.scheme and not location.netloc, response.headers["Location"]
            state["csrf"] = token(send.client, "/redactie/inloggen")
            state["logins"] += 1

    run()
    counter.check()
    assert state["logins"], "no attempt logged in: the on-site redirect was never checked"


def test_logout_takes_any_token(request, app):
    """With an account of its own: a logout ends every session of that editor."""
    counter = Counter(request, minimum=60)
    add_account(app, "uitloggen@example.org", "Uitlog Test")
    client = logged_in(app, "uitloggen@example.org")
    send = sender(app, counter, client)
    state = {"csrf": token(client, "/redactie/")}

    @fuzz_settings(60)
    @given(
        csrf_token=mostly(hostile_text, st.just(TOKEN), 8),
        extra=st.dictionaries(any_text, any_text, max_size=2),
    )
    def run(csrf_token, extra):
        fields = MultiDict({**extra, "csrf_token": csrf_token})
        response = send.post("/redactie/uitloggen", data=with_token(fields, state["csrf"]))
        assert response.status_code in (302, 400), response.status_code
        if response.status_code == 302:
            send.client = logged_in(app, "uitloggen@example.org")
            state["csrf"] = token(send.client, "/redactie/")

    run()
    counter.check()


# --- the editors' forms -----------------------------------------------------------------------

TRICKY_YAML = (
    "!!python/object/apply:os.system ['echo pwned']",
    "a: !!python/name:os.system",
    "a: &a [*a]",
    "a: &a {b: *a}",
    "<<: *undefined",
    "? [a, b]\n: c",
    "%TAG ! tag:evil.example,2024:\n--- !x 1",
    "--- !!binary |\n  R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7",
    "a: 1\na: 2",
    "a:\n\tb: 1",
    "a: \x00",
    "\ufeffschema_version: 1",
    "schema_version: 1\n" * 3,
    "tables: {}",
    "tables: [1, 2, 3]",
    "- 1\n- 2",
    "slug: topx\nname: <script>alert(1)</script>",
    "a: " + "[" * 200 + "]" * 200,
    "a: b: c",
    "'unterminated",
    "...",
    "---\n---\n---",
)
yaml_texts = st.one_of(
    st.sampled_from(TRICKY_YAML),
    with_payload,
    st.recursive(
        st.none() | st.booleans() | st.integers() | any_text,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
        max_leaves=8,
    ).map(json.dumps),
)
uploads = mostly(
    st.none(),
    st.binary(max_size=200) | yaml_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    7,
)


def test_the_yaml_editor_takes_any_text(request, app, editor):
    counter = Counter(request, minimum=150)
    send = sender(app, counter, editor)
    csrf = token(editor, "/redactie/bewerken")

    @fuzz_settings(150)
    @given(
        # One entry instead of the whole catalogue now and then (slow: a second each).
        slug=mostly(st.just(""), mostly(hostile_text, st.just(SLUGS[0]), 8), 7),
        text=yaml_texts,
        upload=uploads,
        csrf_token=tokens,
    )
    def run(slug, text, upload, csrf_token):
        fields = MultiDict({"yaml": text, "slug": slug, "csrf_token": csrf_token})
        if upload is not None:
            fields["upload"] = (io.BytesIO(upload), "tables.yaml")
        response = send.post("/redactie/voorbeeld", data=with_token(fields, csrf))
        assert response.status_code in (200, 400, 404), response.status_code

    run()
    counter.check()


def _mutations(fields: dict) -> st.SearchStrategy[MultiDict]:
    """The real form of a table with some fields given other values, dropped or doubled."""
    names = st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=4, unique=True)
    changes = st.sampled_from(["value", "value", "value", "drop", "double"])
    values = mostly(printable_with_payload, with_payload, 7)
    extra = mostly(st.just({}), st.dictionaries(any_text, any_text, max_size=2), 8)

    @st.composite
    def mutate(draw):
        data = MultiDict(fields)
        for name in draw(names):
            change = draw(changes)
            if change == "drop":
                data.poplist(name)
            elif change == "double":
                data.add(name, draw(values))
            else:
                data.setlist(name, [draw(values)])
        for name, value in draw(extra).items():
            data.add(name, value)
        return data

    return mutate()


def test_the_table_form_takes_any_fields(request, app, editor):
    """Slow: each valid post rewrites and checks the whole catalogue (about a second)."""
    counter = Counter(request, minimum=8)
    send = sender(app, counter, editor)
    page = BeautifulSoup(
        editor.get("/redactie/formulier/topx").get_data(as_text=True), "html.parser"
    )
    fields = form_data(page.select_one("form.table-form"))

    @fuzz_settings(8)
    @given(slug=mostly(st.just("topx"), hostile_text, 9), data=_mutations(fields))
    def run(slug, data):
        real = MultiDict(fields)
        changed = {k: data.getlist(k) for k in sorted(set(data) | set(real))}
        note(f"changed: { {k: v for k, v in changed.items() if v != real.getlist(k)}!r}")
        response = send.post(f"/redactie/formulier/{quote(slug, safe='')}", data=data)
        assert response.status_code in (200, 400, 404, 405, 308), response.status_code

    run()
    counter.check()


def test_publish_takes_any_fields(request, app, editor):
    counter = Counter(request, minimum=100)
    send = sender(app, counter, editor)
    page = BeautifulSoup(editor.get("/redactie/bewerken").get_data(as_text=True), "html.parser")
    edit = form_data(page.select_one("form[action='/redactie/voorbeeld']"))
    live = edit["yaml"]
    # A change that validates: a comment, with a payload that the diff must show escaped.
    hostile_comment = live.replace(
        "\nrules_version:", "\n# <script>alert(1)</script>\nrules_version:", 1
    )
    response = editor.post("/redactie/voorbeeld", data={**edit, "yaml": hostile_comment})
    assert_inert(response.get_data(as_text=True), "the preview of a comment with a payload")
    publish = form_data(BeautifulSoup(response.data, "html.parser").select_one("form.publish-form"))

    # A whole catalogue is checked before anything else (about 0.4 s), so now and then.
    @fuzz_settings(100)
    @example(
        text=hostile_comment,
        base=publish["base"],
        note="Opmerking " + XSS[1],
        confirm=None,
        csrf_token=TOKEN,
    )
    @given(
        text=mostly(yaml_texts, st.sampled_from([live, hostile_comment]), 9),
        base=mostly(st.just(publish["base"]), any_text, 8),
        note=mostly(printable_with_payload, with_payload, 7),
        confirm=st.sampled_from(["y", "", None]) | any_text,
        csrf_token=tokens,
    )
    def run(text, base, note, confirm, csrf_token):
        fields = MultiDict({"yaml": text, "base": base, "note": note, "csrf_token": csrf_token})
        if confirm is not None:
            fields["confirm"] = confirm
        response = send.post("/redactie/publiceren", data=with_token(fields, publish["csrf_token"]))
        assert response.status_code in (302, 400, 409), response.status_code

    run()
    counter.check()
    # The notes and texts as editors read them afterwards.
    for url in ("/redactie/", "/redactie/revisies", "/redactie/revisies/vergelijk?van=1&naar=2"):
        assert_inert(editor.get(url).get_data(as_text=True), url)


def test_merge_takes_any_fields(request, app, editor):
    """The merge of an editor's change onto a newer live revision, with any text, base and
    choices: a preview, a refusal or a bad request, never a server error."""
    counter = Counter(request, minimum=100)
    send = sender(app, counter, editor)
    page = BeautifulSoup(editor.get("/redactie/bewerken").get_data(as_text=True), "html.parser")
    edit = form_data(page.select_one("form[action='/redactie/voorbeeld']"))
    live = edit["yaml"]
    changed = live.replace("\nrules_version:", "\n# <script>alert(1)</script>\nrules_version:", 1)

    @fuzz_settings(100)
    @given(
        text=mostly(yaml_texts, st.sampled_from([live, changed]), 8),
        base=mostly(st.sampled_from(["0", "1", "2"]), any_text, 8),
        fields=st.sampled_from(["0", "1", "3"]) | any_text,
        where=any_text | st.just("tables[topx].chair"),
        choice=st.sampled_from(["mijn", "live"]) | any_text,
        message=printable_with_payload,
        csrf_token=tokens,
    )
    def run(text, base, fields, where, choice, message, csrf_token):
        data = MultiDict(
            {
                "yaml": text,
                "base": base,
                "note": message,
                "velden": fields,
                "veld-1": where,
                "keuze-1": choice,
                "csrf_token": csrf_token,
            }
        )
        response = send.post("/redactie/samenvoegen", data=with_token(data, edit["csrf_token"]))
        assert response.status_code in (200, 400), response.status_code
        assert_inert(response.get_data(as_text=True), "the merge")

    run()
    counter.check()


numbers = (st.integers(-5, 5) | st.integers(-(2**70), 2**70)).map(str) | any_text


def test_editor_actions_take_any_number_or_slug(request, app, editor):
    """Compare, roll back, mark reviewed, resolve (with any note) or reopen a report, take or
    decline a release change, with any number, slug or changeset id."""
    counter = Counter(request, minimum=300)
    send = sender(app, counter, editor)
    csrf = token(editor, "/redactie/")

    @fuzz_settings(300)
    @given(
        action=st.sampled_from(
            [
                "compare",
                "compare",
                "rollback",
                "reviewed",
                "resolved",
                "reopened",
                "take",
                "decline",
            ]
        ),
        first=numbers,
        second=numbers,
        # A real slug publishes a revision (slow): now and then.
        slug=mostly(hostile_text, st.just(SLUGS[1]), 9),
        csrf_token=tokens,
    )
    def run(action, first, second, slug, csrf_token):
        data = with_token(MultiDict({"csrf_token": csrf_token}), csrf)
        part = quote(first, safe="")
        if action == "compare":
            response = send.get(
                "/redactie/revisies/vergelijk", query_string={"van": first, "naar": second}
            )
        elif action == "rollback":
            response = send.post(f"/redactie/revisies/{part}/terugzetten", data=data)
        elif action == "resolved":
            data["note"] = second  # the optional note: any text
            response = send.post(f"/redactie/meldingen/{part}/afgehandeld", data=data)
        elif action == "reopened":
            response = send.post(f"/redactie/meldingen/{part}/heropenen", data=data)
        elif action in ("take", "decline"):
            verb = "overnemen" if action == "take" else "afwijzen"
            response = send.post(f"/redactie/wijzigingen/{quote(slug, safe='')}/{verb}", data=data)
        else:
            response = send.post(f"/redactie/gecontroleerd/{quote(slug, safe='')}", data=data)
        assert response.status_code in (200, 302, 308, 400, 404, 405), response.status_code

    run()
    counter.check()


# --- XSS payloads as the hidden answers of the wegwijzer --------------------------------------


@pytest.mark.parametrize("payload", XSS)
@pytest.mark.parametrize("url", ["/wegwijzer/stap", "/wegwijzer/advies"])
def test_a_payload_in_every_hidden_answer_is_refused_and_never_shown(app, url, payload):
    """Not fuzzed: each payload in every answer at once must never reach a page raw."""
    client = app.test_client()
    data = {answer_id: payload for answer_id in ANSWER_IDS}
    response = client.post(url, data={**data, "csrf_token": token(client), "action": "check"})
    assert response.status_code == 400
    assert_inert(response.get_data(as_text=True), (url, payload))
