"""The regiekaart: the five levels side by side, and the check ‘Welk niveau?’.

The check works like the wegwijzer: the answers travel only in POST bodies (hidden fields),
are validated again on every request and are never stored; its pages are `no-store`.
"""

from __future__ import annotations

from flask import Blueprint, abort, after_this_request, render_template, request

from rdm.live import catalogue, live
from rdm.regiekaart.rules import RegieCheck
from rdm.web.caching import public_page
from rdm.wegwijzer import AnswerErrors
from rdm.wegwijzer.forms import choices, decode, encode, page_form
from rdm.wegwijzer.views import _language_switched

bp = Blueprint("regiekaart", __name__, url_prefix="/regiekaart")
RESULT = "uitkomst"


def _check() -> RegieCheck:
    check = live().regie
    if check is None:
        abort(404)
    return check


@bp.get("")
def overview():
    """The five levels side by side, with their scaling rules; prints on one A4 landscape.
    Public and the same for every reader of a language: kept a minute, like the overview."""
    after_this_request(public_page)
    return render_template("regiekaart/overview.html", kaart=_check().kaart)


@bp.get("/check")
def start():
    """The questions of the check, all on one page."""
    check = _check()
    return _questions(check, page_form(list(check.kaart.questions), catalogue(), formdata=None))


@bp.post("/check")
def answer():
    """Judge the answers: the questions again (with errors) or the level."""
    check = _check()
    try:
        answers = _posted_answers(check)
    except AnswerErrors:
        form = page_form(list(check.kaart.questions), catalogue(), formdata=None)
        return _questions(check, form, invalid=True), 400
    if _language_switched():
        if request.form.get("page") == RESULT:
            return _result(check, answers)
        return _questions(check, _filled_in(check, answers))
    if request.form.get("action") == "change":
        return _questions(check, _filled_in(check, answers))
    form = page_form(list(check.kaart.questions), catalogue())
    if not form.validate():
        return _questions(check, form)
    return _result(check, answers)


def _filled_in(check: RegieCheck, answers: dict):
    """The questions' form with the answers given so far."""
    given = {key: encode(value) for key, value in answers.items()}
    return page_form(list(check.kaart.questions), catalogue(), formdata=None, data=given)


def _questions(check: RegieCheck, form, invalid: bool = False):
    return render_template(
        "regiekaart/check.html",
        kaart=check.kaart,
        form=form,
        invalid=invalid,
        language_form="regie-form",
    )


def _result(check: RegieCheck, answers: dict):
    kaart = check.kaart
    result = check.place(answers)
    rows = [(q, dict(choices(q, catalogue()))[encode(answers.get(q.id))]) for q in kaart.questions]
    return render_template(
        "regiekaart/result.html",
        kaart=kaart,
        result=result,
        possible=[kaart.level(n) for n in result.possible_levels],
        rows=rows,
        hidden={q.id: encode(answers.get(q.id)) for q in kaart.questions},
        language_form="regie-form",
    )


def _posted_answers(check: RegieCheck) -> dict:
    """Return the answers in the POST body, validated against the regiekaart's questions."""
    raw = {
        question.id: decode(question, request.form[question.id])
        for question in check.kaart.questions
        if question.id in request.form
    }
    return check.parser.parse(raw)
