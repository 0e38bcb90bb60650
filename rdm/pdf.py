"""The wegwijzer's advice as a PDF: answers, verdicts, contacts, the rules version and the date.

Built with reportlab's standard fonts (no font files, no network). It carries nothing that
identifies a person: only the answers to the wizard's questions.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as Grid

from .catalogue import Catalogue
from .i18n import plain
from .routing import Advice, Recommendation
from .wording import FIT_LABELS

STYLES = getSampleStyleSheet()


def _safe(text: str) -> str:
    """Escape for reportlab's markup and keep to what the standard fonts can draw (cp1252)."""
    return escape(str(text)).encode("cp1252", "replace").decode("cp1252")


def _para(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(_safe(text), STYLES[style])


def _bullets(texts: list[str]) -> ListFlowable:
    return ListFlowable([_para(t) for t in texts], bulletType="bullet", leftIndent=10)


def advice_pdf(advice: Advice, rows: list, catalogue: Catalogue, today: dt.date) -> bytes:
    """Return the advice as PDF bytes, in the page language."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Advies van de wegwijzer"),
        author="RDM Twente",
    )
    story = [
        _para(_("Advies van de wegwijzer — RDM Twente"), "Title"),
        _para(
            _(
                "Datum: %(date)s · versie van de regels: %(version)s",
                date=format_date(today, "long"),
                version=advice.rules_version,
            )
        ),
        _para(
            _(
                "Dit advies bevat alleen de antwoorden op de vragen van de wegwijzer, "
                "geen gegevens die een persoon identificeren."
            )
        ),
    ]
    if advice.acute:
        story += [_para(plain(advice.acute_guidance.title), "Heading2")]
        story += [_bullets([plain(s) for s in advice.acute_guidance.steps])]
    if advice.first_step:
        story += _first_step(advice)
    for recommendation in advice.recommendations:
        story += _recommendation(recommendation)
    story += _client_support(advice, catalogue)
    story += _answers(rows)
    document.build(story)
    return buffer.getvalue()


def _first_step(advice: Advice) -> list:
    first = advice.first_step
    name = first.gemeente.name if first.gemeente else _("de gemeente waar de persoon woont")
    lines = [_para(_("Eerste stap: %(name)s", name=name), "Heading2"), _para(plain(first.text))]
    if first.gemeente and first.gemeente.ggz_region:
        lines.append(
            _para(_("GGZ-werkgebied: %(region)s", region=first.gemeente.ggz_region.capitalize()))
        )
    elif first.gemeente and first.gemeente.region_note:
        lines.append(_para(plain(first.gemeente.region_note)))
    return lines


def _recommendation(r: Recommendation) -> list:
    lines = [_para(f"{plain(r.table.name)} — {FIT_LABELS[r.fit]}", "Heading3")]
    for label, criteria in (
        (_("Voldaan"), r.met),
        (_("Niet voldaan"), r.unmet),
        (_("Onbekend"), r.unknown),
        (_("Eerst nog doen"), r.steps_first),
    ):
        if criteria:
            lines += [_para(label, "Heading5"), _bullets([plain(c.text) for c in criteria])]
    if r.fit == "does_not_fit":
        return lines
    if r.may_register is True:
        lines.append(_para(_("U mag deze casus zelf aanmelden.")))
    elif r.may_register is False:
        lines.append(_para(_("U mag deze casus niet zelf aanmelden.")))
    if r.may_register is not True:
        lines.append(_para(_("Aanmelden: %(via)s", via=plain(r.table.registration.via))))
    if r.table.deadlines:
        lines.append(_para(_("Termijnen: %(deadlines)s", deadlines=plain(r.table.deadlines))))
    for contact in r.table.contacts:
        lines.append(_para(f"{plain(contact.label)}: {contact.display}"))
    following = r.next_table.name if r.next_table else getattr(r.next_ladder_step, "name", None)
    if following is not None:
        lines.append(_para(_("Lost dit het niet op? Dan volgt: %(table)s", table=plain(following))))
    return lines


def _client_support(advice: Advice, catalogue: Catalogue) -> list:
    support = catalogue.client_support
    lines = [_para(plain(support.title), "Heading2"), _para(plain(support.body).split("\n\n")[0])]
    if advice.cce:
        lines.append(
            _para(
                _(
                    "Betrek het CCE (Centrum voor Consultatie en Expertise) "
                    "waar de tafel daarom vraagt."
                )
            )
        )
    lines.append(_para(f"{plain(support.overview.label)}: {support.overview.url}"))
    lines.append(_bullets([f"{plain(o.name)}: {o.url}" for o in support.organisations]))
    return lines


def _answers(rows: list) -> list:
    data = [[_para(_("Vraag")), _para(_("Antwoord"))]]
    for _topic, pairs in rows:
        data += [
            [_para(plain(question.question)), _para(label or "—")] for question, label in pairs
        ]
    grid = Grid(data, colWidths=[120 * mm, 50 * mm], repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return [Spacer(1, 6 * mm), _para(_("Uw antwoorden"), "Heading2"), grid]
