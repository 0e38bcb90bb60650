"""The catalogue as one validated, immutable object; its parts are in text, tables, pages,
vocabulary, words and regiekaart."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    Field,
)

from rdm.catalogue.pages import Abbreviation, ClientSupport, Gemeente, Introduction
from rdm.catalogue.regiekaart import Regiekaart
from rdm.catalogue.tables import NEED, AnswerId, LadderStep, Table
from rdm.catalogue.text import (
    FIXED_TABLE_SLUGS,
    Frozen,
    LocalText,
    ReviewDate,
    Slug,
    doubles,
    normalize,
)
from rdm.catalogue.vocabulary import AcuteGuidance, Example, Question, SafetyRoute, Topic
from rdm.catalogue.words import SynonymGroup, Term, Translation


class Catalogue(Frozen):
    """The whole catalogue: introduction, ladder, tables, client support and gemeenten."""

    schema_version: Literal[2]
    introduction: Introduction
    ladder: tuple[LadderStep, ...]
    client_support: ClientSupport
    gemeenten: tuple[Gemeente, ...]
    gemeenten_source: str
    gemeenten_last_reviewed: ReviewDate
    tables: tuple[Table, ...]
    abbreviations: tuple[Abbreviation, ...] = ()
    rules_version: Annotated[str, Field(min_length=1)]
    acute_guidance: AcuteGuidance
    safety_route: SafetyRoute | None = None
    # The roles of askers who are not professionals (residents, partners): they are asked
    # only what they can know, in plain words.
    lay_roles: tuple[AnswerId, ...] = ()
    topics: tuple[Topic, ...]
    vocabulary: tuple[Question, ...]
    examples: tuple[Example, ...] = ()
    # The regiekaart (levels of regie) and the words of the trade on the glossary page.
    regiekaart: Regiekaart | None = None
    glossary: tuple[Term, ...] = ()
    # Words people type that mean the same for search; editors extend them.
    search_synonyms: tuple[SynonymGroup, ...] = ()
    # Languages whose texts are translations (of the Dutch sources), with a note for readers.
    translations: tuple[Translation, ...] = ()
    # The release changesets (rdm/data/changes/) this catalogue has taken or declined.
    changes_applied: tuple[Slug, ...] = ()
    changes_declined: tuple[Slug, ...] = ()

    def cross_check(self) -> list[tuple[tuple, str]]:
        """Return (location, Dutch message) for what spans entries: doubles, unknown ids."""
        problems: list[tuple[tuple, str]] = []
        problems += doubles(("tables",), [t.slug for t in self.tables], "slug", "tafel-slug")
        problems += doubles(
            ("gemeenten",), [g.slug for g in self.gemeenten], "slug", "gemeente-slug"
        )
        problems += doubles(("vocabulary",), [a.id for a in self.vocabulary], "id", "antwoord-id")
        slugs = {t.slug for t in self.tables}
        missing = [s for s in FIXED_TABLE_SLUGS if s not in slugs]
        if missing:
            problems.append(
                (
                    ("tables",),
                    "deze vaste slugs ontbreken (URL's en de API gebruiken ze): "
                    + ", ".join(missing),
                )
            )
        for number, table in enumerate(self.tables):
            problems += self._table_problems(number, table)
        problems += self._vocabulary_problems()
        problems += self._example_problems()
        problems += self._asker_problems()
        problems += self._changeset_problems()
        problems += self._synonym_problems()
        if self.regiekaart is not None:
            problems += self.regiekaart.problems()
        return problems

    def _asker_problems(self) -> list[tuple[tuple, str]]:
        """Lay roles must be roles, needs must be options of `need`, and the safety route
        must name yes/no answers."""
        roles = {o.value for a in self.vocabulary if a.id == "role" for o in a.options}
        booleans = {a.id for a in self.vocabulary if a.type == "bool"}
        problems = [
            (("lay_roles", position), f"rol '{role}' staat niet bij de keuzes van 'role'")
            for position, role in enumerate(self.lay_roles)
            if role not in roles
        ]
        needs = {o.value for a in self.vocabulary if a.id == NEED for o in a.options}
        problems += [
            (("tables", number, "needs", position), f"hulpvraag '{need}' staat niet bij 'need'")
            for number, table in enumerate(self.tables)
            for position, need in enumerate(table.needs)
            if need not in needs
        ]
        if self.safety_route is not None:
            problems += [
                (("safety_route", "needs", position), f"hulpvraag '{need}' staat niet bij 'need'")
                for position, need in enumerate(self.safety_route.needs)
                if need not in needs
            ]
            problems += [
                (
                    ("safety_route", "when", position),
                    f"'{answer_id}' staat niet als ja/nee-antwoord in de woordenlijst (vocabulary)",
                )
                for position, answer_id in enumerate(self.safety_route.when)
                if answer_id not in booleans
            ]
        return problems

    def _synonym_problems(self) -> list[tuple[tuple, str]]:
        """A spelling stands in one group of search words only (an abbreviation's forms or a
        synonym group): else which group a search means would be left to chance."""
        seen: dict[str, str] = {}
        problems = []
        for number, abbreviation in enumerate(self.abbreviations):
            owner = f"afkorting {abbreviation.abbr}"
            for form in abbreviation.forms():
                if seen.setdefault(normalize(form), owner) != owner:
                    problems.append(
                        (
                            ("abbreviations", number),
                            f"'{form}' staat al bij {seen[normalize(form)]}",
                        )
                    )
        for number, group in enumerate(self.search_synonyms):
            for position, word in enumerate(group):
                key = normalize(word)
                if not key:
                    problems.append((("search_synonyms", number, position), "bevat geen letters"))
                elif seen.get(key, f"groep {number + 1}") != f"groep {number + 1}":
                    problems.append(
                        (
                            ("search_synonyms", number, position),
                            f"zoekwoord '{word}' staat al bij {seen[key]}",
                        )
                    )
                seen.setdefault(key, f"groep {number + 1}")
        return problems

    def _changeset_problems(self) -> list[tuple[tuple, str]]:
        applied = set(self.changes_applied)
        return [
            (("changes_declined", n), f"wijziging '{i}' staat ook bij changes_applied")
            for n, i in enumerate(self.changes_declined)
            if i in applied
        ]

    def _example_problems(self) -> list[tuple[tuple, str]]:
        answers = {a.id: a for a in self.vocabulary}
        problems = []
        for number, example in enumerate(self.examples):
            here = ("examples", number)
            for key, value in example.answers.items():
                answer = answers.get(key)
                options = {o.value for o in answer.options} if answer else set()
                valid = answer is not None and (
                    isinstance(value, bool) if answer.type == "bool" else value in options
                )
                if not valid:
                    problems.append(
                        ((*here, "answers", key), f"antwoord '{key}: {value}' bestaat niet")
                    )
            for slug in example.expect:
                if self.table(slug) is None:
                    problems.append(((*here, "expect", slug), f"tafel '{slug}' bestaat niet"))
        return problems

    def _vocabulary_problems(self) -> list[tuple[tuple, str]]:
        topics = {t.id for t in self.topics}
        gemeenten = {g.slug for g in self.gemeenten}
        problems = []
        for number, answer in enumerate(self.vocabulary):
            here = ("vocabulary", number)
            if answer.topic not in topics:
                problems.append(
                    ((*here, "topic"), f"onderwerp '{answer.topic}' staat niet bij 'topics'")
                )
            values = [o.value for o in answer.options]
            problems += doubles((*here, "options"), values, "value", "keuze")
            for position, option in enumerate(answer.options):
                if option.label is None and option.value not in gemeenten:
                    problems.append(
                        (
                            (*here, "options", position, "label"),
                            f"keuze '{option.value}' heeft een label nodig (het is geen gemeente)",
                        )
                    )
        return problems

    def _table_problems(self, number: int, table: Table) -> list[tuple[tuple, str]]:
        here = ("tables", number)
        problems = []
        if self.ladder_step(table.ladder_step) is None:
            problems.append(
                ((*here, "ladder_step"), f"trede {table.ladder_step} staat niet op de ladder")
            )
        criteria = table.inflow.criteria
        problems += doubles(
            (*here, "inflow", "criteria"), [c.id for c in criteria], "id", "criterium-id"
        )
        booleans = {a.id for a in self.vocabulary if a.type == "bool"}
        roles = {o.value for a in self.vocabulary if a.id == "role" for o in a.options}
        for position, role in enumerate(table.registration.roles):
            if role not in roles:
                problems.append(
                    (
                        (*here, "registration", "roles", position),
                        f"rol '{role}' staat niet bij de keuzes van 'role'",
                    )
                )
        if table.escalates_to and table.escalates_to not in {t.slug for t in self.tables}:
            problems.append(((*here, "escalates_to"), f"tafel '{table.escalates_to}' bestaat niet"))
        for position, criterion in enumerate(criteria):
            if criterion.id and criterion.id not in booleans:
                problems.append(
                    (
                        (*here, "inflow", "criteria", position, "id"),
                        f"'{criterion.id}' staat niet als ja/nee-antwoord in de woordenlijst "
                        "(vocabulary)",
                    )
                )
        return problems

    @cached_property
    def _tables_by_slug(self) -> dict[str, Table]:
        return {t.slug: t for t in self.tables}

    def table(self, slug: str) -> Table | None:
        """Return the table with this slug, or None."""
        return self._tables_by_slug.get(slug)

    def ladder_step(self, step: int) -> LadderStep | None:
        """Return the ladder step with this number, or None."""
        return next((s for s in self.ladder if s.step == step), None)

    def tables_on_ladder(self) -> tuple[Table, ...]:
        """Return the tables ordered by ladder step, then as listed."""
        return tuple(sorted(self.tables, key=lambda t: t.ladder_step))

    def terms_used_in(self, *texts: object) -> tuple[Term, ...]:
        """Return the glossary's terms that these texts use, in the glossary's order."""
        joined = "\n".join(
            t.all_text() if isinstance(t, LocalText) else str(t or "") for t in texts
        )
        return tuple(term for term in self.glossary if term.used_in(joined))

    def terms_on_page(self, table: Table) -> tuple[Term, ...]:
        """Return the glossary's terms a table's page uses: its texts, and the words of its
        headings and step badge (Instroom, Uitstroom, Trede)."""
        return self.terms_used_in("Instroom", "Uitstroom", "Trede", *table.public_texts())

    def tables_on_step(self, step: int) -> tuple[Table, ...]:
        """Return the tables on one step of the ladder."""
        return tuple(t for t in self.tables if t.ladder_step == step)

    def gemeenten_by_region(self) -> dict[str, tuple[Gemeente, ...]]:
        """Return the gemeenten per GGZ region; 'unknown' holds those still to be confirmed."""
        return {
            region: tuple(g for g in self.gemeenten if g.ggz_region == key)
            for region, key in (("mediant", "mediant"), ("dimence", "dimence"), ("unknown", None))
        }

    def may_be_asked(self, answer: Question, role: str | None) -> bool:
        """Whether an asker in this role can be asked this question (unknown role: yes)."""
        return answer.asked_of == "everyone" or role not in self.lay_roles

    def answer(self, answer_id: str) -> Question | None:
        """Return the vocabulary entry with this id, or None."""
        return self._answers_by_id.get(answer_id)

    @cached_property
    def _answers_by_id(self) -> dict[str, Question]:
        return {a.id: a for a in self.vocabulary}

    def option_label(self, answer: Question, value: str) -> LocalText:
        """Return the label of an enum choice; a gemeente choice is labelled with its name."""
        for option in answer.options:
            if option.value == value and option.label is not None:
                return option.label
        gemeente = next((g for g in self.gemeenten if g.slug == value), None)
        return LocalText(nl=gemeente.name if gemeente else value)

    def translation(self, language: str) -> Translation | None:
        """Return the note saying this language's texts are a translation, or None."""
        return next((t for t in self.translations if t.language == language), None)

    def gemeente(self, slug: str | None) -> Gemeente | None:
        """Return the gemeente with this slug, or None."""
        return next((g for g in self.gemeenten if g.slug == slug), None)

    def stale_tables(self, today: dt.date) -> tuple[Table, ...]:
        """Return the tables not checked for twelve months on `today`, oldest first."""
        stale = (t for t in self.tables if t.stale_on(today))
        return tuple(sorted(stale, key=lambda t: t.last_reviewed))

    def last_reviewed(self) -> dt.date:
        """Return the oldest review date in the catalogue: it is only as fresh as that."""
        return min(
            [t.last_reviewed for t in self.tables]
            + [self.introduction.last_reviewed, self.client_support.last_reviewed]
            + [self.gemeenten_last_reviewed]
        )
