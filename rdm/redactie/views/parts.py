"""Forms for the parts of the catalogue besides the tables: a gemeente, the introduction, a
question of the vocabulary, an example case. Each builds the next catalogue text, which goes
through the same preview, publish and conflict handling as every other change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template, request, url_for

from rdm.catalogue import CatalogueError
from rdm.live import catalogue
from rdm.redactie.forms.examples import example_form, example_values, kept_rows
from rdm.redactie.forms.gemeente import gemeente_form, gemeente_values, kept_routes
from rdm.redactie.forms.introduction import introduction_form, introduction_values, kept_sections
from rdm.redactie.forms.problems import problem_places
from rdm.redactie.forms.rows import field_errors, posted_rows, row_focus
from rdm.redactie.forms.vocabulary import question_form, question_values
from rdm.redactie.parts import add_item, update_part
from rdm.redactie.publishing import preview, verdict_changes
from rdm.redactie.revisions import live_revision_id, live_yaml
from rdm.redactie.views.changes import base_text, placed_problems, posted_base, preview_or_conflict
from rdm.wegwijzer.wording import FIT_LABELS

bp = Blueprint("catalogue_forms", __name__)


@dataclass(frozen=True)
class Part:
    """A part of the catalogue edited through its own form."""

    template: str
    # (action, **form kwargs) -> the form, filled from the catalogue when formdata is None
    make_form: Callable
    # The path to the part in the catalogue (see update_part); None adds a new example case.
    path: tuple | None
    values: Callable
    # The entry and path prefix the catalogue's problems name, and the rows that were written.
    entry: str = ""
    prefix: str = ""
    kept: Callable = lambda form: {}
    rows: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    check: Callable = lambda form: True
    context: dict = field(default_factory=dict)


@bp.get("/onderdelen")
def parts():
    """Every part of the catalogue with a form of its own, and the example cases that fail."""
    live = catalogue()
    failing = {change.example for change in verdict_changes(live, live)}
    return render_template(
        "redactie/parts.html", catalogue=live, failing=failing, fit_labels=FIT_LABELS
    )


@bp.route("/gemeenten/<slug>", methods=["GET", "POST"])
def gemeente(slug: str):
    """A gemeente: name, GGZ region and the routes to its wijkteam or procesmanager."""
    found = catalogue().gemeente(slug)
    if found is None:
        abort(404)
    return _edit(
        Part(
            "redactie/gemeente_form.html",
            lambda action=None, **kwargs: gemeente_form(found, action, **kwargs),
            ("gemeenten", ("slug", slug)),
            gemeente_values,
            entry=f"gemeente '{slug}'",
            kept=kept_routes,
            rows=("routes",),
            context={"gemeente": found},
        )
    )


@bp.route("/toelichting", methods=["GET", "POST"])
def introduction():
    """The introduction of the overview: its texts and sections."""
    return _edit(
        Part(
            "redactie/introduction_form.html",
            lambda action=None, **kwargs: introduction_form(
                catalogue().introduction, action, **kwargs
            ),
            ("introduction",),
            introduction_values,
            entry="toelichting",
            kept=kept_sections,
            rows=("sections",),
        )
    )


@bp.route("/woordenlijst/<answer_id>", methods=["GET", "POST"])
def question(answer_id: str):
    """The words of one question of the wegwijzer; its id stays."""
    answer = catalogue().answer(answer_id)
    if answer is None:
        abort(404)
    number = catalogue().vocabulary.index(answer)
    return _edit(
        Part(
            "redactie/question_form.html",
            lambda action=None, **kwargs: question_form(answer, **kwargs),
            ("vocabulary", ("id", answer_id)),
            question_values,
            prefix=f"vocabulary[{number + 1}].",
            context={"answer": answer},
        )
    )


@bp.route("/voorbeeldcasussen/<int:number>", methods=["GET", "POST"])
def example(number: int):
    """An example case: its name, answers and expected verdicts (1 is the first)."""
    examples = catalogue().examples
    if not 0 < number <= len(examples):
        abort(404)
    return _edit(_example_part(examples[number - 1], number))


@bp.route("/voorbeeldcasussen/nieuw", methods=["GET", "POST"])
def new_example():
    """A new example case, added after the others."""
    return _edit(_example_part(None, len(catalogue().examples) + 1))


def _example_part(found, number: int) -> Part:
    live = catalogue()
    return Part(
        "redactie/example_form.html",
        lambda action=None, **kwargs: example_form(live, found, action, **kwargs),
        ("examples", number - 1) if found else None,
        lambda form: example_values(form, live),
        prefix=f"examples[{number}].",
        kept=kept_rows,
        rows=("answers", "expect"),
        exact=("answers", "expect"),
        check=lambda form: form.check_rows(live),
        context={"example": found, "number": number},
    )


def _edit(part: Part):
    """Show a part's form; on a row button, show it again with the row changed; else check it
    and build the next catalogue, previewed (or refused) like every change."""
    if request.method == "GET":
        return _page(part, part.make_form(formdata=None), live_revision_id())
    data, action = posted_rows(request.form, part.rows)
    form = part.make_form(action=action, formdata=data)
    base = posted_base(request.form.get("base"))
    if action is not None:
        return _page(part, form, base, focus=row_focus(form, action))
    valid = form.validate()
    if not (part.check(form) and valid):
        return _page(part, form, base, status=400)
    try:
        text = _next_text(part, form, base)
    except CatalogueError as error:
        return _refuse(part, form, base, error.problems)
    result = preview(live_yaml(), catalogue(), text)
    if not result.valid:
        return _refuse(part, form, base, result.problems)
    return preview_or_conflict(result, base)


def _next_text(part: Part, form, base: int) -> str:
    if part.path is None:
        return add_item(base_text(base), "examples", part.values(form))
    return update_part(base_text(base), part.path, part.values(form), part.exact)


def _refuse(part: Part, form, base: int, problems: list):
    """The form again, each of the catalogue's problems at its field and in the summary."""
    places = problem_places(form, problems, part.entry, part.prefix, part.kept(form))
    listed, fields = placed_problems(problems, places)
    return _page(part, form, base, status=400, problems=listed, field_problems=fields)


def _page(part: Part, form, base: int, status: int = 200, **context):
    page = render_template(
        part.template,
        form=form,
        base=base,
        action=url_for(request.endpoint, **(request.view_args or {})),
        errors=field_errors(form),
        **part.context,
        **context,
    )
    return page, status
