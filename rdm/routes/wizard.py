"""The wegwijzer: one topic per page, a check page, the advice and its PDF.

Privacy by design: a case's answers travel only in POST bodies (hidden fields), are validated
again on every request, and never reach the database, the log, a cookie or a URL. Every
response is `Cache-Control: no-store`.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    after_this_request,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError

from ..catalogue.models import Topic
from ..forms.wizard import choices, decode, encode, topic_form
from ..i18n import remember_language
from ..live import catalogue, live
from ..pdf import advice_pdf
from ..routing import AnswerErrors
from ..wording import FIT_LABELS

bp = Blueprint("wizard", __name__, url_prefix="/wegwijzer")
CHECK = "controleren"


@bp.after_request
def no_store(response):
    """Never let a browser or proxy keep a page that shows a case."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def start():
    """What the wegwijzer does and what it does not store."""
    return render_template("wizard/start.html")


@bp.get("/stap")
@bp.get("/advies")
@bp.get("/advies.pdf")
def restart():
    """Answers are never in a URL, so a reload or bookmark of a step starts again."""
    return redirect(url_for(".start"))


@bp.post("/stap")
def step():
    """Show a page, or take a page's answers and show the next page or the check page."""
    answers = _posted_answers()
    action = request.form.get("action", "next")
    shown = request.form.get("topic", "")
    if _language_switched() or action == "stay":
        return _show(shown, answers, return_to=request.form.get("return_to"))
    if action == "start":
        return _topic_page(_first_topic(answers), answers)
    if action == "check":
        return _check_page(answers)
    if action.startswith("change:"):
        return _show(action.removeprefix("change:"), answers, return_to=CHECK)
    if action == "back":
        return _previous(shown, answers)
    return _next(shown, answers)


@bp.post("/advies")
def advice():
    """The advice for the posted answers."""
    _language_switched()
    answers = live().router.prune(_posted_answers())
    return render_template(
        "wizard/advice.html",
        advice=live().router.advise(answers),
        rows=_rows(answers),
        hidden=_encoded(answers),
        today=dt.date.today(),
        catalogue=catalogue(),
        fit_labels=FIT_LABELS,
        language_form="wizard-form",
    )


@bp.post("/advies.pdf")
def advice_as_pdf():
    """The advice as a PDF: answers, verdicts, contacts, rules version and date; no person."""
    answers = live().router.prune(_posted_answers())
    today = dt.date.today()
    pdf = advice_pdf(live().router.advise(answers), _rows(answers), catalogue(), today)
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="rdm-advies-{today.isoformat()}.pdf"'
    )
    return response


@bp.errorhandler(AnswerErrors)
def unreadable_answers(error: AnswerErrors):
    """Tampered or broken hidden fields: say so and offer a fresh start."""
    return render_template("wizard/invalid.html"), 400


@bp.errorhandler(CSRFError)
def expired_form(error: CSRFError):
    """An expired or missing form token: keep every answer and ask to check and send again."""
    try:
        answers = _posted_answers()
    except AnswerErrors:
        return render_template("wizard/invalid.html"), 400
    return _check_page(answers, expired=True), 400


def _posted_answers() -> dict:
    """Return the answers in the POST body, validated against the vocabulary."""
    raw = {
        answer.id: decode(answer, request.form[answer.id])
        for answer in catalogue().vocabulary
        if answer.id in request.form
    }
    return live().router.parser.parse(raw)


def _language_switched() -> bool:
    """Honour a language button on a wizard page: this page in that language, and remembered."""
    language = request.form.get("switch_language")
    if language not in current_app.config["LANGUAGES"]:
        return False
    g.language = language
    after_this_request(lambda response: remember_language(response, language))
    return True


def _pages(answers: dict) -> list[tuple[Topic, list]]:
    return live().router.topics(answers)


def _first_topic(answers: dict) -> str:
    return _pages(answers)[0][0].id


def _show(shown: str, answers: dict, return_to: str | None = None):
    if shown == CHECK:
        return _check_page(answers)
    if any(topic.id == shown for topic, _ in _pages(answers)):
        return _topic_page(shown, answers, return_to=return_to)
    return _topic_page(_first_topic(answers), answers)


def _previous(shown: str, answers: dict):
    ids = [topic.id for topic, _ in _pages(answers)]
    if shown == CHECK:
        return _topic_page(ids[-1], answers)
    order = [t.id for t in catalogue().topics]
    earlier = [i for i in ids if shown in order and order.index(i) < order.index(shown)]
    if not earlier:
        return render_template("wizard/start.html")
    return _topic_page(earlier[-1], answers)


def _next(shown: str, answers: dict):
    pages = dict((topic.id, questions) for topic, questions in _pages(answers))
    if shown not in pages:
        return _topic_page(_first_topic(answers), answers)
    form = topic_form(pages[shown], catalogue())
    if not form.validate():
        return _topic_page(shown, answers, form=form, return_to=request.form.get("return_to"))
    answers = live().router.prune(answers)
    if request.form.get("return_to") == CHECK:
        return _check_page(answers)
    order = [t.id for t in catalogue().topics]
    later = [t.id for t, _ in _pages(answers) if order.index(t.id) > order.index(shown)]
    return _topic_page(later[0], answers) if later else _check_page(answers)


def _topic_page(topic_id: str, answers: dict, form=None, return_to: str | None = None):
    pages = _pages(answers)
    ids = [topic.id for topic, _ in pages]
    topic, questions = pages[ids.index(topic_id)]
    asked = {q.id for q in questions}
    if form is None:
        given = {key: encode(value) for key, value in answers.items() if key in asked}
        form = topic_form(questions, catalogue(), formdata=None, data=given)
    return render_template(
        "wizard/step.html",
        topic=topic,
        form=form,
        questions=questions,
        number=ids.index(topic_id) + 1,
        total=len(ids),
        hidden={k: v for k, v in _encoded(answers).items() if k not in asked},
        all_hidden=_encoded(answers),
        return_to=return_to,
        language_form="wizard-form",
    )


def _check_page(answers: dict, expired: bool = False):
    return render_template(
        "wizard/check.html",
        rows=_rows(answers),
        hidden=_encoded(answers),
        expired=expired,
        language_form="wizard-form",
    )


def _rows(answers: dict) -> list[tuple[Topic, list[tuple]]]:
    """Return, per topic, the (question, chosen label) pairs to show back to the asker."""
    router = live().router
    acute = answers.get("acute_danger") is True
    asked = {q.id for _, questions in _pages(answers) for q in questions}
    rows = []
    for topic in catalogue().topics:
        pairs = [
            (question, _label(question, answers[question.id]))
            for question in catalogue().vocabulary
            if question.topic == topic.id
            and question.id in answers
            and (acute or question.id in asked or router.relevant(question, answers))
        ]
        if pairs:
            rows.append((topic, pairs))
    return rows


def _label(question, value) -> str:
    return dict(choices(question, catalogue()))[encode(value)]


def _encoded(answers: dict) -> dict[str, str]:
    return {key: encode(value) for key, value in answers.items()}
