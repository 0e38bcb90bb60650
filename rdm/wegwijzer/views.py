"""The wegwijzer: the first page, then one question at a time, a check page, the advice and its PDF.

Privacy by design: a case's answers travel only in POST bodies (hidden fields), are validated
again on every request, and never reach the database, the log, a cookie or a URL. Every
response is `Cache-Control: no-store`.
"""

from __future__ import annotations

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

from rdm import clock
from rdm.catalogue.vocabulary import Question
from rdm.live import catalogue, live, publications
from rdm.web.language import remember_language
from rdm.wegwijzer import AnswerErrors
from rdm.wegwijzer.forms import choices, decode, encode, page_form
from rdm.wegwijzer.outcomes import count_advice
from rdm.wegwijzer.pdf import advice_pdf
from rdm.wegwijzer.wording import FIT_LABELS

bp = Blueprint("wizard", __name__, url_prefix="/wegwijzer")
CHECK = "controleren"


@bp.get("/")
def start():
    """What the wegwijzer does and what it does not store."""
    return render_template("wegwijzer/start.html", hidden={})


@bp.get("/stap")
@bp.get("/advies")
@bp.get("/advies.pdf")
def restart():
    """Answers are never in a URL, so a reload or bookmark of a step starts again."""
    return redirect(url_for(".start"))


@bp.post("/stap")
def step():
    """Show a page, or take a page's answers and show the next page or the check page."""
    shown = [i for i in request.form.get("page", "").split(",") if i]
    flow = Flow(_posted_answers(), shown, request.form.get("return_to"))
    action = request.form.get("action", "next")
    if _language_switched():
        return flow.again()
    if action == "start":
        return flow.page(flow.first_page)
    if action == "check":
        return flow.check_page()
    if action.startswith("change:"):
        flow.return_to = CHECK
        return flow.change(action.removeprefix("change:"))
    if action == "back":
        return flow.back()
    return flow.forward()


@bp.post("/advies")
def advice():
    """The advice for the posted answers; counted once (not again for a language switch)."""
    switched = _language_switched()
    answers = _posted_answers()
    result = live().engine.advise(live().interview.effective(answers))
    if not switched and publications().database_ok is not False:
        count_advice(result, clock.today())
    return _advice_page(result, answers)


def _advice_page(result, answers: dict) -> str:
    """The advice page; its PDF is made from the same HTML."""
    done, _ = live().interview.pages(answers)
    return render_template(
        "wegwijzer/advice.html",
        advice=result,
        rows=_rows(done, answers),
        hidden=_encoded(answers),
        today=clock.today(),
        fit_labels=FIT_LABELS,
        language_form="wizard-form",
    )


@bp.post("/advies.pdf")
def advice_as_pdf():
    """The advice page as a PDF: the same content in the same order; no person in it."""
    answers = _posted_answers()
    result = live().engine.advise(live().interview.effective(answers))
    today = clock.today()
    pdf = advice_pdf(_advice_page(result, answers))
    response = make_response(pdf)
    response.mimetype = "application/pdf"
    filename = f"rdm-advies-{today.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.errorhandler(AnswerErrors)
def unreadable_answers(error: AnswerErrors):
    """Tampered or broken hidden fields: say so and offer a fresh start."""
    return render_template("wegwijzer/invalid.html"), 400


@bp.errorhandler(CSRFError)
def expired_form(error: CSRFError):
    """An expired or missing form token: keep every answer and ask to check and send again."""
    try:
        answers = _posted_answers()
    except AnswerErrors:
        return render_template("wegwijzer/invalid.html"), 400
    return Flow(answers, [CHECK]).check_page(expired=True), 400


Page = tuple[Question, ...]


class Flow:
    """Where the asker is in the wegwijzer, and which page comes next.

    The pages are replayed from the answers (Interview.pages): the first page, then one
    question at a time while a question can still change the first action.
    """

    def __init__(self, answers: dict, shown: list[str], return_to: str | None = None):
        self.answers = answers
        self.shown = shown
        self.return_to = CHECK if return_to == CHECK else None
        self.interview = live().interview
        self.done, self.next = self.interview.pages(answers)
        self.first_page = self.interview.first_page

    def _ids(self, page: Page) -> list[str]:
        return [q.id for q in page]

    def _position(self) -> int | None:
        """Where the shown page stands among the pages answered (None: not among them)."""
        for number, page in enumerate(self.done):
            if self._ids(page) == self.shown:
                return number
        return None

    def again(self):
        """The same page once more (after a language switch)."""
        if self.shown == [CHECK]:
            return self.check_page()
        page = self._page_of(self.shown[0]) if self.shown else None
        return self.page(page or self.next or self.first_page)

    def _page_of(self, question_id: str) -> Page | None:
        for page in [*self.done, *([self.next] if self.next else [])]:
            if question_id in self._ids(page):
                return page
        return None

    def change(self, question_id: str):
        """From the check page: the page that asks this question."""
        return self.page(self._page_of(question_id) or self.first_page)

    def back(self):
        """One page back; from a change, back to the check page; before page 1, the start."""
        if self.return_to == CHECK:
            return self.check_page()
        if self.shown == [CHECK]:
            return self.page(self.done[-1]) if self.done else self.start_page()
        position = self._position()
        if position is None:  # the page being answered now comes after every page done
            position = len(self.done)
        if position > 0:
            return self.page(self.done[position - 1])
        return self.start_page()

    def forward(self):
        """Judge this page's answers; then the next page, or the check page."""
        page = self._page_of(self.shown[0]) if self.shown else None
        if page is None or self._ids(page) != self.shown:
            return self.page(self.next or self.first_page)
        form = page_form(list(page), catalogue())
        if not form.validate():
            return self.page(page, form=form)
        return self.page(self.next) if self.next else self.check_page()

    def start_page(self):
        return render_template("wegwijzer/start.html", hidden=_encoded(self.answers))

    def page(self, page: Page, form=None):
        asked = set(self._ids(page))
        if form is None:
            given = {key: encode(value) for key, value in self.answers.items() if key in asked}
            form = page_form(list(page), catalogue(), formdata=None, data=given)
        everything = _encoded(self.answers)
        return render_template(
            "wegwijzer/step.html",
            first=page == self.first_page,
            page_ids=",".join(self._ids(page)),
            form=form,
            questions=page,
            hidden={k: v for k, v in everything.items() if k not in asked},
            all_hidden=everything,
            return_to=self.return_to,
            language_form="wizard-form",
        )

    def check_page(self, expired: bool = False):
        return render_template(
            "wegwijzer/check.html",
            rows=_rows(self.done, self.answers),
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
    return live().engine.parser.parse(raw)


def _language_switched() -> bool:
    """Honour a language button on a wizard page: this page in that language, and remembered."""
    language = request.form.get("switch_language")
    if language not in current_app.config["LANGUAGES"]:
        return False
    g.language = language
    after_this_request(lambda response: remember_language(response, language))
    return True


def _rows(pages: list[Page], answers: dict) -> list[tuple]:
    """Return each question asked with the label of the answer given."""
    return [(q, _label(q, answers[q.id])) for page in pages for q in page if q.id in answers]


def _label(question, value) -> str:
    return dict(choices(question, catalogue()))[encode(value)]


def _encoded(answers: dict) -> dict[str, str]:
    return {key: encode(value) for key, value in answers.items()}
