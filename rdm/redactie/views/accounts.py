"""Editor accounts in the editors' area: the list, a new editor, access off or on, and each
editor's own password.

A new editor gets a starting password from the manager who adds them, to be passed on by
another way than their email (by phone, say); at their first login they must choose their
own before anything else, so the starting password opens the account only once. A
set-password link would need the same hand-over (the site sends no email) and would put a
secret in an address, where browsers' histories and proxies' logs keep it.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from rdm.extensions import db
from rdm.models import Editor
from rdm.redactie.accounts import (
    AccessRefused,
    EditorError,
    add_editor,
    change_password,
    disable,
    editor_with_email,
    editors,
    enable,
    password_matches,
)
from rdm.redactie.forms.accounts import AccessForm, NewEditorForm, PasswordForm
from rdm.redactie.login import (
    forget_attempt,
    login_throttled,
    note_failed_login,
    start_login_attempt,
)
from rdm.web.http import client_key

bp = Blueprint("accounts", __name__)


def _managers_only() -> None:
    if not current_user.can_manage_editors:
        abort(403)


@bp.get("/redacteuren")
def accounts():
    """Every editor, whether they manage editors, and whether their access is on."""
    _managers_only()
    return render_template("redactie/accounts.html", editors=editors(), form=AccessForm())


@bp.route("/redacteuren/nieuw", methods=["GET", "POST"])
def new_editor():
    """Add an editor with a starting password, which they replace at their first login."""
    _managers_only()
    form = NewEditorForm()
    editor = _added_editor(form) if form.validate_on_submit() else None
    if editor is not None:
        flash(_("%(name)s kan nu inloggen met het startwachtwoord.", name=editor.name))
        return redirect(url_for(".accounts"))
    status = 400 if form.errors else 200
    return render_template("redactie/new_editor.html", form=form), status


def _added_editor(form: NewEditorForm) -> Editor | None:
    """Return the editor made from a valid form; None, with the reason at its field, if the
    address has an account already."""
    if editor_with_email(form.email.data):
        form.email.errors.append(_("Er is al een redacteur met dit e-mailadres."))
        return None
    try:
        return add_editor(
            form.email.data,
            form.name.data,
            form.password.data,
            can_manage_editors=form.can_manage_editors.data,
            password_to_change=True,
        )
    except EditorError as error:  # another manager added the same address just now
        form.email.errors.append(str(error))
        return None


@bp.post("/redacteuren/<int(max=2147483647):number>/toegang")
def access(number: int):
    """Switch an editor's access off (their sessions end) or on again."""
    _managers_only()
    editor = db.session.get(Editor, number)
    form = AccessForm()
    if editor is None:
        abort(404)
    if not form.validate() or form.access.data not in ("uit", "aan"):
        abort(400)
    if form.access.data == "aan":
        enable(editor)
        flash(_("%(name)s kan weer inloggen.", name=editor.name))
        return redirect(url_for(".accounts"))
    try:
        disable(editor, current_user)
    except AccessRefused:
        flash(
            _(
                "De toegang van %(name)s is niet uitgezet: niemand kan zichzelf of de laatste"
                " beheerder van de redacteuren uitzetten.",
                name=editor.name,
            )
        )
    else:
        flash(
            _("De toegang van %(name)s is uitgezet; hun sessies zijn beëindigd.", name=editor.name)
        )
    return redirect(url_for(".accounts"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
def password():
    """Change one's own password; every other session of this editor ends."""
    form = PasswordForm()
    if not form.validate_on_submit():
        return _password_page(form, 400 if form.errors else 200)
    account = current_user.email
    address = client_key()
    attempt = start_login_attempt(account, address)
    if login_throttled(account, address):
        note_failed_login(account)
        return _password_page(form, 429, throttled=True)
    if not password_matches(current_user, form.current.data):
        note_failed_login(account)
        form.current.errors.append(_("Dit is niet uw huidige wachtwoord."))
        return _password_page(form, 400)
    forget_attempt(attempt)
    if form.password.data == form.current.data:
        form.password.errors.append(_("Kies een ander wachtwoord dan uw huidige."))
        return _password_page(form, 400)
    editor = current_user._get_current_object()
    change_password(editor, form.password.data)
    login_user(editor)
    flash(_("Uw wachtwoord is gewijzigd. U bent overal elders uitgelogd."))
    return redirect(url_for("redactie.editors.dashboard"))


def _password_page(form: PasswordForm, status: int, throttled: bool = False):
    page = render_template("redactie/password.html", form=form, throttled=throttled)
    return page, status
