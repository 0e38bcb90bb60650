"""Fuzzing the forms for the catalogue's parts: any fields, dropped or doubled, and any row
button, give a page or a refusal, never a server error."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, note
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from .editor_helpers import form_data
from .fuzz_counter import Counter
from .fuzz_helpers import any_text, fuzz_settings, mostly, sender
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import editor as editor  # noqa: F401
from .test_fuzz_forms import _mutations

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

PART_FORMS = [
    "/redactie/gemeenten/tubbergen",
    "/redactie/toelichting",
    "/redactie/woordenlijst/need",
    "/redactie/voorbeeldcasussen/1",
    "/redactie/voorbeeldcasussen/nieuw",
]
ROW_BUTTONS = st.sampled_from(
    [
        "toevoegen:routes",
        "toevoegen:sections",
        "toevoegen:answers",
        "verwijderen:answers-0",
        "verwijderen:expect-9999",
        "verwijderen:sections-1",
        "tonen:routes-0",
        "toevoegen:csrf_token",
    ]
)


@pytest.mark.parametrize("url", PART_FORMS)
def test_the_part_forms_take_any_fields(request, app, editor, url):
    """Slow: each valid post rewrites and checks the whole catalogue."""
    counter = Counter(request, minimum=8)
    send = sender(app, counter, editor)
    page = BeautifulSoup(editor.get(url).get_data(as_text=True), "html.parser")
    fields = form_data(page.select_one("form.part-form"))

    @fuzz_settings(8)
    @given(data=_mutations(fields), button=mostly(st.none(), ROW_BUTTONS | any_text, 5))
    def run(data, button):
        if button is not None:
            data.add("rij", button)
        real = MultiDict(fields)
        changed = {k: data.getlist(k) for k in data if data.getlist(k) != real.getlist(k)}
        note(f"changed: {changed!r}")
        response = send.post(url, data=data)
        assert response.status_code in (200, 400, 409), response.status_code

    run()
    counter.check()
