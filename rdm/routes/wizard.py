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

from ..forms.wizard import choices, decode, encode, topic_form
from ..i18n import remember_language
from ..insight import count_advice
from ..live import catalogue, live, publications
from ..pdf import advice_pdf
from ..routing import AnswerErrors
from ..wording import FIT_LABELS

bp = Blueprint("wizard", __name__, url_prefix="/wegwijzer")
CHECK = "controleren"


@bp.get("/")
def start():
    """What the wegwijzer does and what it does not store."""
    return render_template("wizard/start.html", hidden={})


@bp.get("/stap")
@bp.get("/advies")
@bp.get("/advies.pdf")
def restart():
    """Answers are never in a URL, so a reload or bookmark of a step starts again."""
    return redirect(url_for(".start"))


@bp.post("/stap")
def step():
    """Show a page, or take a page's answers and show the next page or the check page."""
    flow = Flow(_posted_answers(), request.form.get("topic", ""), request.form.get("return_to"))
    action = request.form.get("action", "next")
    if _language_switched():
        return flow.show(flow.shown)
    if action == "start":
        return flow.show(flow.first())
    if action == "check":
        return flow.check_page()
    if action.startswith("change:"):
        flow.return_to = CHECK
        return flow.show(action.removeprefix("change:"))
    if action == "back":
        return flow.back()
    return flow.forward()


@bp.post("/advies")
def advice():
    """The advice for the posted answers; counted once (not again for a language switch)."""
    switched = _language_switched()
    answers = _posted_answers()
    result = live().router.advise(live().router.effective(answers))
    if not switched and publications().database_ok is not False:
        count_advice(result, dt.date.today())
    return _advice_page(result, answers)


def _advice_page(result, answers: dict) -> str:
    """The advice page; its PDF is made from the same HTML."""
    return render_template(
        "wizard/advice.html",
        advice=result,
        rows=_rows(live().router.pages(answers), answers),
        hidden=_encoded(answers),
        today=dt.date.today(),
        fit_labels=FIT_LABELS,
        language_form="wizard-form",
    )


@bp.post("/advies.pdf")
def advice_as_pdf():
    """The advice page as a PDF: the same content in the same order; no person in it."""
    answers = _posted_answers()
    result = live().router.advise(live().router.effective(answers))
    today = dt.date.today()
    pdf = advice_pdf(_advice_page(result, answers))
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    filename = f"rdm-advies-{today.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
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
    return Flow(answers, CHECK).check_page(expired=True), 400


class Flow:
    """Where the asker is in the wegwijzer, and which page comes next."""

    def __init__(self, answers: dict, shown: str, return_to: str | None = None):
        self.answers = answers
        self.shown = shown
        self.return_to = CHECK if return_to == CHECK else None
        self.pages = live().router.pages(answers)
        self.ids = [topic.id for topic, _ in self.pages]
        self.questions = {topic.id: questions for topic, questions in self.pages}

    def first(self) -> str:
        return self.ids[0]

    def show(self, topic_id: str):
        """Show a page (without judging its answers), the check page, or else the first page."""
        if topic_id == CHECK:
            return self.check_page()
        return self.topic_page(topic_id if topic_id in self.ids else self.first())

    def back(self):
        """One page back; from a change, back to the check page; before page 1, the start."""
        if self.return_to == CHECK:
            return self.check_page()
        if self.shown == CHECK:
            return self.topic_page(self.ids[-1])
        if self.shown in self.ids and self.ids.index(self.shown) > 0:
            return self.topic_page(self.ids[self.ids.index(self.shown) - 1])
        return render_template("wizard/start.html", hidden=_encoded(self.answers))

    def forward(self):
        """Judge this page's answers; then the next page, or the check page."""
        if self.shown not in self.ids:
            return self.topic_page(self.first())
        form = topic_form(list(self.questions[self.shown]), catalogue())
        if not form.validate():
            return self.topic_page(self.shown, form=form)
        later = self.ids[self.ids.index(self.shown) + 1 :]
        if self.return_to == CHECK:
            # After a change, ask only what became relevant and is not answered yet.
            later = [i for i in later if any(q.id not in self.answers for q in self.questions[i])]
        return self.topic_page(later[0]) if later else self.check_page()

    def topic_page(self, topic_id: str, form=None):
        topic, questions = self.pages[self.ids.index(topic_id)]
        asked = {q.id for q in questions}
        if form is None:
            given = {key: encode(value) for key, value in self.answers.items() if key in asked}
            form = topic_form(list(questions), catalogue(), formdata=None, data=given)
        everything = _encoded(self.answers)
        return render_template(
            "wizard/step.html",
            topic=topic,
            form=form,
            questions=questions,
            number=self.ids.index(topic_id) + 1,
            total=len(self.ids),
            hidden={k: v for k, v in everything.items() if k not in asked},
            all_hidden=everything,
            return_to=self.return_to,
            language_form="wizard-form",
        )

    def check_page(self, expired: bool = False):
        return render_template(
            "wizard/check.html",
            rows=_rows(self.pages, self.answers),
            hidden=_encoded(self.answers),
            expired=expired,
            language_form="wizard-form",
        )


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


def _rows(pages, answers: dict) -> list[tuple]:
    """Return, per page, each question asked with the label of the answer given (or None)."""
    return [
        (topic, [(q, _label(q, answers[q.id]) if q.id in answers else None) for q in questions])
        for topic, questions in pages
    ]


def _label(question, value) -> str:
    return dict(choices(question, catalogue()))[encode(value)]


def _encoded(answers: dict) -> dict[str, str]:
    return {key: encode(value) for key, value in answers.items()}
