"""Benchmark: questions and clicks to the advice per persona, walking the HTML wegwijzer.

Not a test: it prints figures. Each persona of bench/personas.yaml walks the wegwijzer as a
person without JavaScript would, through Flask's test client: open /wegwijzer/, and on every
page answer each question shown from the persona's facts ("Weet ik niet" for what the persona
does not know), press the page's button, through the check page to the advice. Then the
advice page's *first action* (issue 11) is read and held against the persona's `expect`.

The walker knows forms, not topics: a question is a group of radio inputs (or a select) with
one name; the button pressed is the page's submit button that is not "Terug", "Wijzig", a PDF
or a language switch. So it walks the baseline's topic pages as well as one question per page, and a
wegwijzer that stops early.

Counted per persona, until the advice is shown:
  questions  the questions answered: radio groups (or selects) shown and answered
  clicks     one per answer chosen (an answer already selected is not chosen again) plus one per
             button pressed (start, every page's "Volgende", the check page's "Bekijk het
             advies"); opening /wegwijzer/ itself is not counted
  pages      the pages that asked at least one question

The same run measures a baseline design: `--baseline REV` (default BASELINE) is checked out
with `git worktree add --detach` in a temporary folder (removed afterwards), and this script
runs again in a subprocess with PYTHONPATH on that checkout and `--json`. Nothing is stored:
an in-memory database, a temporary instance folder, no answers written anywhere.

    .venv/bin/python bench/wegwijzer.py [--baseline REV | --no-baseline] [--personas FILE]
    make bench PERSONA_ARGS="--no-baseline"
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ROOT / "bench" / "personas.yaml"
# main as it was before the new engine of issue 11: topic pages, three verdicts.
BASELINE = "47445cd"
# Askers the targets of issue 11 call partners and residents; every other role is a professional.
LAY_ROLES = {"partner", "inwoner"}
TARGETS = {"lay": {"max": 6}, "professional": {"max": 15, "median": 8}}
MAX_PRESSES = 80  # more means the wegwijzer goes round in circles
UNKNOWN_LABELS = {"weet ik niet", "i don't know", "don't know"}
SKIPPED_VALUES = {"back"}
BACK_LABELS = {"terug", "vorige", "back", "previous"}
VERDICT_IDS = ("fits", "may_fit", "fits_after_steps", "does_not_fit")


# -- personas -------------------------------------------------------------------------------


def load_personas(path: Path) -> list[dict]:
    """Return the personas of a personas file."""
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["personas"]


def answers_of(persona: dict) -> dict:
    """Return what the persona knows, as vocabulary id -> value ('unknown' where it says so)."""
    return {"role": persona["role"], "gemeente": persona["gemeente"], **persona.get("facts", {})}


def form_value(value) -> str | None:
    """Return the form value for a known fact, or None for 'Weet ik niet'."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return None if value in (None, "unknown") else str(value)


# -- walking the pages ----------------------------------------------------------------------


class Walk:
    """One persona's way through the wegwijzer, like a browser without JavaScript."""

    def __init__(self, client, answers: dict):
        self.client = client
        self.answers = answers
        self.questions = self.clicks = self.pages = 0
        self.page: BeautifulSoup | None = None
        self.path = ""

    def run(self) -> BeautifulSoup:
        """Walk from /wegwijzer/ to the advice page and return it."""
        self._keep(self.client.get("/wegwijzer/", follow_redirects=True))
        for _ in range(MAX_PRESSES):
            if self._is_advice():
                return self.page
            self._step()
        raise WalkError(f"no advice after {MAX_PRESSES} button presses")

    def _step(self) -> None:
        button = self._forward_button()
        form = _form_of(self.page, button)
        data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden][name]")}
        groups = _question_groups(form)
        if groups:
            self.pages += 1
        for name, options in groups.items():
            data[name] = self._answer(name, options)
        if button.get("name"):
            data[button["name"]] = button.get("value", "")
        self.clicks += 1
        self._submit(form, button, data)

    def _answer(self, name: str, options: dict) -> str:
        """Choose the persona's answer in one question group; count the question and click."""
        wanted = form_value(self.answers.get(name))
        value = wanted if wanted is not None else _unknown_value(options)
        if value not in options["values"]:
            raise WalkError(f"{name}: the persona's answer {value!r} is not offered")
        self.questions += 1
        if options["checked"] != value:
            self.clicks += 1
        return value

    def _forward_button(self):
        main = self.page.find("main") or self.page
        buttons = [b for b in main.select("button, input[type=submit]") if _goes_forward(b)]
        if not buttons:
            raise WalkError(f"no button to go on with on {self._title()!r}")
        asking = [b for b in buttons if _question_groups(_form_of(self.page, b))]
        return (asking or buttons)[0]

    def _submit(self, form, button, data: dict) -> None:
        action = button.get("formaction") or form.get("action") or self.path
        if (button.get("formmethod") or form.get("method", "get")).lower() == "post":
            response = self.client.post(action, data=data, follow_redirects=True)
        else:
            response = self.client.get(action, query_string=data, follow_redirects=True)
        self._keep(response)
        if self.page.select_one(".error-summary, [role=alert] .error-message"):
            raise WalkError(f"the page refused the answers: {self._title()!r}")

    def _keep(self, response) -> None:
        if response.status_code != 200:
            raise WalkError(f"{response.request.path} answered {response.status_code}")
        self.path = response.request.path
        self.page = BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def _is_advice(self) -> bool:
        main = self.page.find("main") or self.page
        if self.path.rstrip("/").endswith("/advies"):
            return True
        shown = main.select_one("[data-advice], article.verdict, .first-step, .acute")
        return shown is not None and not main.select("input[type=radio]")

    def _title(self) -> str:
        return " ".join(self.page.h1.get_text().split()) if self.page.h1 else self.path


class WalkError(Exception):
    """The walk did not reach the advice."""


def _goes_forward(button) -> bool:
    """Return False for back links, 'Wijzig', the PDF and language switches."""
    value = button.get("value", "")
    if button.get("name") == "switch_language" or value in SKIPPED_VALUES:
        return False
    if _text(button).lower() in BACK_LABELS:
        return False
    if value.startswith("change:") or (button.get("formaction") or "").endswith(".pdf"):
        return False
    return button.get("type", "submit") == "submit"


def _form_of(page: BeautifulSoup, button):
    form = page.find(id=button["form"]) if button.get("form") else button.find_parent("form")
    if form is None:
        raise WalkError("a button outside any form")
    return form


def _question_groups(form) -> dict[str, dict]:
    """Return each question of a form: its name, the values offered, the one checked, labels."""
    groups: dict[str, dict] = {}
    for radio in form.select("input[type=radio][name]"):
        group = groups.setdefault(radio["name"], {"values": [], "labels": {}, "checked": None})
        group["values"].append(radio.get("value", "on"))
        label = form.find("label", attrs={"for": radio.get("id")}) if radio.get("id") else None
        group["labels"][radio.get("value", "on")] = _text(label) if label else ""
        if radio.has_attr("checked"):
            group["checked"] = radio.get("value", "on")
    for select in form.select("select[name]"):
        options = select.select("option")
        groups[select["name"]] = {
            "values": [o.get("value", _text(o)) for o in options],
            "labels": {o.get("value", _text(o)): _text(o) for o in options},
            "checked": next((o.get("value") for o in options if o.has_attr("selected")), None),
        }
    return groups


def _unknown_value(options: dict) -> str:
    """Return the value of 'Weet ik niet' in a question group."""
    if "unknown" in options["values"]:
        return "unknown"
    for value, label in options["labels"].items():
        if label.lower() in UNKNOWN_LABELS:
            return value
    raise WalkError("a question without 'Weet ik niet'")


def _text(tag) -> str:
    return " ".join(tag.get_text().split())


# -- reading the advice ---------------------------------------------------------------------


def first_action(page: BeautifulSoup, gemeenten: dict[str, str]) -> dict:
    """Return the first action the advice page shows: box, first step, top table."""
    main = page.find("main") or page
    return {
        "emergency_box": _emergency_box(main),
        "first_step": _first_step(main, gemeenten),
        **_top_table(main),
    }


def _emergency_box(main) -> bool:
    if main.select_one("[data-emergency], [data-acute], .acute, .emergency"):
        return True
    return re.search(r"\b112\b", main.get_text()) is not None


def _first_step(main, gemeenten: dict[str, str]) -> str | None:
    """Return the gemeente named as the first step, 'buiten-twente' if it names none in Twente."""
    section = main.select_one("[data-first-step], .first-step")
    if section is None:
        heading = next(
            (h for h in main.select("h2, h3") if _text(h).lower().startswith("eerste stap")), None
        )
        section = heading.parent if heading else None
    if section is None:
        return None
    if section.get("data-gemeente"):
        return section["data-gemeente"]
    heading = section.select_one("h2, h3")
    for text in (_text(heading) if heading else "", _text(section)):
        for name in sorted(gemeenten, key=len, reverse=True):
            if re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
                return gemeenten[name]
    return "buiten-twente"


def _top_table(main) -> dict:
    top = main.select_one("[data-table], article.verdict") or next(
        (a for a in main.select("article") if a.find("a", href=re.compile(r"/tafels/"))), None
    )
    if top is None:
        return {"top_table": None, "verdict": None, "may_register": None}
    return {"top_table": _slug(top), "verdict": _verdict(top), "may_register": _may_register(top)}


def _slug(article) -> str | None:
    if article.get("data-table"):
        return article["data-table"]
    titled = article.find(id=re.compile(r"^verdict-"))
    if titled:
        return titled["id"].removeprefix("verdict-")
    link = article.find("a", href=re.compile(r"/tafels/"))
    return link["href"].rstrip("/").rsplit("/", 1)[-1] if link else None


def _verdict(article) -> str | None:
    for attribute in ("data-verdict", "data-fit"):
        if article.get(attribute) in VERDICT_IDS:
            return article[attribute]
    for css in article.get("class", []):
        if css.removeprefix("verdict--") in VERDICT_IDS:
            return css.removeprefix("verdict--")
    badge = article.select_one(".verdict__badge") or article
    return verdict_of_label(_text(badge))


def verdict_of_label(label: str) -> str | None:
    """Return the verdict id of the first Dutch verdict label in a text: Past, Past mogelijk …"""
    words = re.sub(r"[^a-z ]", " ", label.lower()).split()
    words = words[words.index("past") :] if "past" in words else []
    if words[:2] == ["past", "niet"]:
        return "does_not_fit"
    if words[:2] == ["past", "mogelijk"]:
        return "may_fit"
    if words[:3] == ["past", "na", "stappen"]:
        return "fits_after_steps"
    return "fits" if words[:1] == ["past"] else None


def _may_register(article) -> bool | None:
    if article.get("data-may-register") in ("true", "false"):
        return article["data-may-register"] == "true"
    text = _text(article).lower()
    if "niet zelf aanmelden" in text:
        return False
    if "zelf aanmelden" in text:
        return True
    return None


def wrong(expect: dict, shown: dict | None) -> list[str]:
    """Return what differs between the expected and the shown first action."""
    if shown is None:
        return ["no advice"]
    return [
        f"{key} {shown.get(key)!r}≠{value!r}"
        for key, value in expect.items()
        if shown.get(key) != value
    ]


# -- measuring one design -------------------------------------------------------------------


def measure(personas: list[dict]) -> dict:
    """Walk every persona through the wegwijzer of the `rdm` this interpreter imports."""
    import rdm
    from rdm import create_app
    from rdm.catalogue import load_catalogue
    from rdm.config import PACKAGED_CATALOGUE
    from rdm.extensions import db

    catalogue = load_catalogue(PACKAGED_CATALOGUE).catalogue
    gemeenten = {g.name: g.slug for g in catalogue.gemeenten}
    results = []
    with tempfile.TemporaryDirectory(prefix="rdm-bench-") as instance:
        settings = {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "WTF_CSRF_ENABLED": False,
        }
        app = create_app(settings, instance_path=instance)
        with app.app_context():
            db.create_all()  # an empty site database in memory, as after `flask db upgrade`
        for persona in personas:
            results.append(_walk_one(app.test_client(), persona, gemeenten))
    return {"rdm": str(Path(rdm.__file__).resolve().parent), "results": results}


def _walk_one(client, persona: dict, gemeenten: dict[str, str]) -> dict:
    walk = Walk(client, answers_of(persona))
    result = {"name": persona["name"], "error": None, "shown": None}
    try:
        result["shown"] = first_action(walk.run(), gemeenten)
    except WalkError as error:
        result["error"] = str(error)
    result.update(questions=walk.questions, clicks=walk.clicks, pages=walk.pages)
    return result


class BaselineError(Exception):
    """The baseline revision could not be measured."""


def measure_baseline(revision: str, personas_path: Path) -> dict:
    """Measure REV's wegwijzer: a temporary git worktree, this script run there with --json.

    The checkout has no compiled translations (.mo files are build output): its pages are in
    Dutch, the wegwijzer's default, which is all the walk reads.
    """
    with tempfile.TemporaryDirectory(prefix="rdm-baseline-") as folder:
        checkout = Path(folder) / "checkout"
        _git("worktree", "add", "--detach", "--quiet", str(checkout), revision)
        try:
            run = subprocess.run(
                [sys.executable, __file__, "--json", "--personas", str(personas_path)],
                env={**os.environ, "PYTHONPATH": str(checkout)},
                cwd=checkout,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            _git("worktree", "remove", "--force", str(checkout))
        if run.returncode != 0:
            raise BaselineError(f"the run failed:\n{run.stderr[-2000:]}")
        measured = json.loads(run.stdout)
        if Path(measured["rdm"]) != checkout.resolve() / "rdm":
            raise BaselineError(f"it imported rdm from {measured['rdm']}, not from {checkout}")
        return measured


def _git(*arguments: str) -> None:
    try:
        subprocess.run(["git", "-C", str(ROOT), *arguments], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise BaselineError(f"git {arguments[0]} {arguments[1]}: {error}") from None


# -- the report -----------------------------------------------------------------------------


def report(personas: list[dict], designs: dict[str, dict]) -> None:
    """Print per persona questions, clicks, pages and the first action, per design side by side."""
    labels = list(designs)
    by_name = {label: {r["name"]: r for r in designs[label]["results"]} for label in labels}
    width = max(len(p["name"]) for p in personas)
    roles = max(len(p["role"]) for p in personas)
    head = "".join(f" | {label:^25}" for label in labels)
    print(f"Wegwijzer walked without JavaScript by {len(personas)} personas (bench/personas.yaml)")
    print(f"{'persona':<{width}}  {'asker':<{roles}}{head}")
    print(f"{'':<{width}}  {'':<{roles}}" + " | questions clicks pages ok" * len(labels))
    for persona in personas:
        cells = "".join(_cells(by_name[label][persona["name"]], persona) for label in labels)
        print(f"{persona['name']:<{width}}  {persona['role']:<{roles}}{cells}")
    for label in labels:
        _wrong_list(label, personas, by_name[label])
    for label in labels:
        _summary(label, personas, by_name[label])


def _cells(result: dict, persona: dict) -> str:
    right = "yes" if not result["error"] and not wrong(persona["expect"], result["shown"]) else "NO"
    return f" | {result['questions']:>9} {result['clicks']:>6} {result['pages']:>5} {right:<3}"


def _wrong_list(label: str, personas: list[dict], results: dict) -> None:
    lines = []
    for persona in personas:
        result = results[persona["name"]]
        problems = (
            [result["error"]] if result["error"] else wrong(persona["expect"], result["shown"])
        )
        if problems:
            lines.append(f"  {persona['name']}: {'; '.join(problems)}")
    print(f"\nFirst action wrong ({label}): {len(lines)} of {len(personas)}")
    print("\n".join(lines) if lines else "  none")


def _summary(label: str, personas: list[dict], results: dict) -> None:
    print(f"\n{label}:")
    for group, title in (("lay", "partners and residents"), ("professional", "professionals")):
        chosen = [results[p["name"]] for p in personas if _group(p) == group]
        if not chosen:
            continue
        questions = [r["questions"] for r in chosen]
        clicks = [r["clicks"] for r in chosen]
        print(
            f"  {title} ({len(chosen)}): questions median {statistics.median(questions):g},"
            f" max {max(questions)}; clicks median {statistics.median(clicks):g},"
            f" max {max(clicks)}; target {_target(group, questions)}"
        )


def _group(persona: dict) -> str:
    return "lay" if persona["role"] in LAY_ROLES else "professional"


def _target(group: str, questions: list[int]) -> str:
    target = TARGETS[group]
    met = max(questions) <= target["max"]
    wanted = f"≤ {target['max']} questions"
    if "median" in target:
        met = met and statistics.median(questions) <= target["median"]
        wanted += f", median ≤ {target['median']}"
    return f"{wanted}: {'met' if met else 'NOT met'}"


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--personas", type=Path, default=PERSONAS)
    arguments.add_argument("--baseline", default=BASELINE, help="git revision to measure beside")
    arguments.add_argument("--no-baseline", action="store_true", help="measure this tree only")
    arguments.add_argument("--json", action="store_true", help="print this tree's figures as JSON")
    options = arguments.parse_args()

    personas = load_personas(options.personas)
    if options.json:
        print(json.dumps(measure(personas)))
        return
    designs = {"this tree": measure(personas)}
    if not options.no_baseline:
        try:
            designs[f"baseline {options.baseline}"] = measure_baseline(
                options.baseline, options.personas.resolve()
            )
        except BaselineError as error:
            print(f"Baseline {options.baseline} not measured: {error}\n")
    report(personas, designs)


if __name__ == "__main__":
    main()
