"""The wegwijzer's questions: what decides first, and when to stop asking.

The *first action* of an advice is what the asker does first: the emergency box (shown or
not), the first step (the gemeente, or none), and, for an asker who registers at tables (not
a resident or a partner), the top table with its verdict. The first page asks what every
advice needs (the `always_ask` questions: who asks, where the person lives, acute danger,
what the asker needs, whether the gemeente is involved); after it the wegwijzer asks one
question at a time, the one that can still decide most about the first action, and stops as
soon as no answer to the questions not yet asked can change it. A question answered "weet ik
niet" stays unknown and is not asked again.

Whether the first action can still change is worked out from the catalogue's rules alone,
table by table: a table's place in the advice (the engine's order key) is computed for every
answer its own open questions can still get, and the table can still come first with a
verdict when one of its possible places lies before every other table's worst place.
Treating the tables apart can find more possibilities than there are, never fewer, so the
wegwijzer never stops while the first action can still change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product

from rdm.catalogue import Table
from rdm.catalogue.vocabulary import Question
from rdm.wegwijzer.engine import ACUTE, FIT_ORDER, NEED, ROLE, Advice, RulesEngine

FITS = {order: fit for fit, order in FIT_ORDER.items()}
# The questions shown together on one page of the wizard.
Page = tuple[Question, ...]
VERDICT = 2  # the verdict's place in the engine's order key
OPEN = object()  # a question not asked yet (an answer of None is "weet ik niet")
# Places worked out per table and pattern of answers, kept for the next asker.
MAX_REMEMBERED = 50_000


@dataclass(frozen=True)
class FirstAction:
    """What the asker does first: the emergency box, the first step, and the top table."""

    emergency_box: bool
    first_step: tuple[bool, str | None]
    top: tuple[str, str] | None

    @classmethod
    def of(cls, advice: Advice) -> FirstAction:
        first = advice.first_step
        top = None if advice.lay_asker else advice.top
        return cls(
            emergency_box=advice.acute_guidance is not None,
            first_step=(first is not None, first.gemeente_slug if first else None),
            top=(top.table.slug, top.fit) if top else None,
        )


class _Places:
    """Where one table can still stand in the advice, over the answers still open."""

    def __init__(self, engine: RulesEngine, table: Table):
        self.engine = engine
        self.table = table
        self.rules = engine.rules[table.slug]
        tried = engine.tried_when.get(table.ladder_step)
        own = [c.id for c in self.rules.checked]
        # Its criteria's answers, and the one that moves its ladder step up when tried.
        self.ids = tuple(dict.fromkeys([*own, *([tried] if tried else [])]))
        self.criteria = frozenset(own)
        self.steps = frozenset(self.rules.checked[n].id for n in self.rules.preconditions)
        self._known: dict[tuple, frozenset] = {}

    def keys(self, answers: Mapping) -> frozenset[tuple]:
        pattern = (answers.get(NEED), *(answers.get(i, OPEN) for i in self.ids))
        keys = self._known.get(pattern)
        if keys is None:
            if len(self._known) > MAX_REMEMBERED:
                self._known.clear()
            keys = self._known[pattern] = self._enumerate(pattern)
        return keys

    def _enumerate(self, pattern: tuple) -> frozenset[tuple]:
        need, *values = pattern
        given = {i: v for i, v in zip(self.ids, values, strict=True) if v is not OPEN}
        given[NEED] = need
        open_ids = [i for i, v in zip(self.ids, values, strict=True) if v is OPEN]
        keys = set()
        for completion in product((True, False), repeat=len(open_ids)):
            answers = {**given, **dict(zip(open_ids, completion, strict=True))}
            status = self.rules.statuses(answers)
            fit = self.engine.fit(self.rules, status)
            met = status.count("met")
            keys.add(self.engine.order_key(self.table, fit, met, answers))
        return frozenset(keys)


class Interview:
    """Which question the wegwijzer asks next, for one catalogue; build once per catalogue."""

    def __init__(self, engine: RulesEngine):
        self.engine = engine
        self.catalogue = engine.catalogue
        self.first_page = tuple(a for a in self.catalogue.vocabulary if a.always_ask)
        self._places = [_Places(engine, t) for t in self.catalogue.tables]
        self._position = {a.id: n for n, a in enumerate(self.catalogue.vocabulary)}
        self._chosen: dict[tuple, Question | None] = {}
        deciding = {i for places in self._places for i in places.ids}
        uses = [i for places in self._places for i in places.ids]
        self._shared = tuple(sorted({i for i in uses if uses.count(i) > 1}))
        self._deciding = tuple(
            a for a in self.catalogue.vocabulary if a.id in deciding and not a.always_ask
        )

    def pages(self, answers: Mapping) -> tuple[list[Page], Page | None]:
        """Return the pages answered, in order, and the page to show now (None: all asked).

        The order is replayed from the answers alone, so a changed answer re-decides what
        follows it; answers to questions no longer asked are not part of the case.
        """
        done: list[Page] = []
        known: dict = {}
        page: Page | None = self.first_page
        while page is not None:
            if any(q.id not in answers for q in page):
                return done, page
            done.append(page)
            known.update({q.id: answers[q.id] for q in page})
            question = self.next_question(known)
            page = None if question is None else (question,)
        return done, None

    def asked(self, answers: Mapping) -> list[str]:
        """Return the questions, in order, that the wegwijzer asks an asker who gives these
        answers and "weet ik niet" to every other question."""
        known: dict = {}
        page: Page | None = self.first_page
        while page is not None:
            known.update({q.id: answers.get(q.id) for q in page})
            question = self.next_question(known)
            page = None if question is None else (question,)
        return list(known)

    def effective(self, answers: Mapping) -> dict:
        """Return the answers that count for the advice: those to the questions asked (see
        `asked`), in the order asked. After a walk through the wegwijzer that is every answer
        its check page shows; an answer to a question no longer asked (after a change) drops
        out."""
        return {key: answers[key] for key in self.asked(answers) if key in answers}

    def next_question(self, known: Mapping) -> Question | None:
        """Return the question that decides most about the first action, or None to stop.

        The tables that can still come first are taken in the order of the best place each
        can still reach; the first of them with a question open gets it asked: one of its own
        criteria before what only moves it on the ladder, the one that leaves it the fewest
        places whatever the answer, then in the vocabulary's order. When no open question
        can move a table that can still come first, each of them has one place left, and
        then only one of them can come first.
        """
        if known.get(ACUTE) is True or known.get(ROLE) in self.catalogue.lay_roles:
            return None  # the first page settles the emergency box and the first step
        # Every step replays the questions before it: what was chosen once is kept.
        key = tuple(sorted(known.items()))
        if key not in self._chosen:
            if len(self._chosen) > MAX_REMEMBERED:
                self._chosen.clear()
            self._chosen[key] = self._choose(known)
        return self._chosen[key]

    def _choose(self, known: Mapping) -> Question | None:
        candidates = self.candidates(known)
        if len(candidates) <= 1:
            return None
        contenders = {pair[0] for pair in candidates if pair}
        for places in sorted(self._places, key=lambda p: min(p.keys(known))):
            if places.table.slug in contenders:
                question = self._deciding_for(places, known)
                if question is not None:
                    return question
        return None

    def _deciding_for(self, places: _Places, known: Mapping) -> Question | None:
        now = places.keys(known)
        best, best_score = None, None
        for question in self._deciding:
            if question.id in known or question.id not in places.ids:
                continue
            if not self.catalogue.may_be_asked(question, known.get(ROLE)):
                continue
            after = [places.keys({**known, question.id: v}) for v in (True, False)]
            if all(keys == now for keys in after):
                continue  # either answer leaves the table where it can stand now
            size = max(len(keys) for keys in after)
            score = (
                question.id not in places.criteria,
                question.id in places.steps,
                size,
                self._position[question.id],
            )
            if best_score is None or score < best_score:
                best, best_score = question, score
        return best

    def candidates(self, known: Mapping) -> set[tuple[str, str] | None]:
        """The (table, verdict) pairs that can still come first; None: no table may fit.

        An open question that several tables depend on (the Wlz indication, whether the
        regional routes were tried) is given each answer for all of them at once.
        """
        shared = [i for i in self._shared if i not in known]
        found: set[tuple[str, str] | None] = set()
        for values in product((True, False), repeat=len(shared)):
            found |= self._candidates({**known, **dict(zip(shared, values, strict=True))})
        return found

    def _candidates(self, known: Mapping) -> set[tuple[str, str] | None]:
        keys = {places.table.slug: places.keys(known) for places in self._places}
        worst = {slug: max(found) for slug, found in keys.items()}
        found: set[tuple[str, str] | None] = set()
        for slug, places in keys.items():
            bound = min((w for other, w in worst.items() if other != slug), default=None)
            for key in places:
                if bound is None or key < bound:
                    fit = FITS[key[VERDICT]]
                    found.add(None if fit == "does_not_fit" else (slug, fit))
        return found
