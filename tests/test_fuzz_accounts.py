"""Fuzzing the account forms: a new editor, access on or off, one's own password.

As in test_fuzz_forms: real field names and token mixed with garbage; never a 5xx, every page
inert, every redirect on this site, and the manager never switched off.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from rdm.extensions import db
from rdm.models import Editor

from .editor_helpers import PASSWORD, token
from .fuzz_counter import Counter
from .fuzz_helpers import (
    any_text,
    fuzz_settings,
    hostile_text,
    mostly,
    printable_with_payload,
    sender,
)
from .fuzz_helpers import app as app  # noqa: F401  (the module-scoped app on a migrated database)
from .fuzz_helpers import editor as editor  # noqa: F401
from .test_fuzz_forms import tokens, with_token

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

passwords = mostly(st.sampled_from([PASSWORD, "een ander lang wachtwoord"]), hostile_text, 5)
numbers = (st.integers(-3, 5) | st.integers(-(2**70), 2**70)).map(str) | any_text
extra_fields = mostly(st.just({}), st.dictionaries(any_text, any_text, max_size=2), 8)


def test_the_account_forms_take_any_fields(request, app, editor):
    counter = Counter(request, minimum=150)
    send = sender(app, counter, editor)
    csrf = token(editor, "/redactie/")

    @fuzz_settings(150)
    @given(
        action=st.sampled_from(["new", "access", "password"]),
        name=printable_with_payload,
        email=mostly(st.sampled_from(["nieuw@example.org", " X@Example.org "]), any_text, 5),
        first=passwords,
        second=passwords,
        manage=st.sampled_from([None, "y"]) | any_text,
        number=numbers,
        access=st.sampled_from(["uit", "aan"]) | any_text,
        csrf_token=tokens,
        extra=extra_fields,
    )
    def run(action, name, email, first, second, manage, number, access, csrf_token, extra):
        fields = MultiDict(extra)
        fields["csrf_token"] = csrf_token
        if action == "new":
            fields.update({"name": name, "email": email, "password": first})
            fields.update({"password_again": second})
            if manage is not None:
                fields["can_manage_editors"] = manage
            response = send.post("/redactie/redacteuren/nieuw", data=with_token(fields, csrf))
        elif action == "access":
            fields["access"] = access
            url = f"/redactie/redacteuren/{quote(number, safe='')}/toegang"
            response = send.post(url, data=with_token(fields, csrf))
        else:
            fields.update({"current": first, "password": second, "password_again": second})
            response = send.post("/redactie/wachtwoord", data=with_token(fields, csrf))
        assert response.status_code in (200, 302, 308, 400, 404, 405, 429), response.status_code

    run()
    counter.check()
    with app.app_context():
        manager = db.session.query(Editor).filter_by(email="redactie@example.org").one()
        assert manager.disabled_at is None and manager.can_manage_editors
