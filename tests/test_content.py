"""Fidelity to the source documents: each table's contacts and key facts, written from them.

The sources, by their titles: the Overzicht regionale doorzettingsmacht Twente (the RDM
overview of Twente), and the Afrondingsbrief Tien in Twente, 2018 (the letter closing the Tien
in Twente (P10) pilot) with its annex 1 ‘Team Tien in Twente’, version 7 and version 6.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from rdm.catalogue import load_catalogue
from rdm.config import PACKAGED_CATALOGUE

CATALOGUE = load_catalogue(PACKAGED_CATALOGUE).catalogue
FIXTURES = Path(__file__).parent / "fixtures"


def table(slug):
    return CATALOGUE.table(slug)


def text_of(table_) -> str:
    """All Dutch text of a table, whitespace folded, for phrase checks."""
    dump = table_.model_dump()

    def walk(node):
        if isinstance(node, dict):
            return " ".join(walk(v) for k, v in node.items() if k != "en")
        if isinstance(node, list | tuple):
            return " ".join(walk(v) for v in node)
        return str(node) if node is not None else ""

    return " ".join(walk(dump).split())


def emails(table_) -> set[str]:
    return {c.address for c in table_.contacts if c.kind == "email"}


def websites(table_) -> set[str]:
    return {c.url for c in table_.contacts if c.kind == "website"}


def criterion_ids(table_) -> list[str]:
    return [c.id for c in table_.inflow.criteria if c.id]


# (slug, emails, websites, ladder step, chair phrase, who-may-register phrases, other facts)
SEED_003 = [
    (
        "topx",
        {"info@veiligheidshuistwente.nl"},
        {"http://www.zorgenveiligheidshuizen.nl/"},
        2,
        "Procesmanager Zorg en Veiligheidshuis Twente",
        ["Alle aangesloten partners mogen aanmelden", "procesmanagers van de gemeenten"],
        [
            "Openbaar Ministerie",
            "Politie",
            "Mediant Complex-plus",
            "Tactus Reclassering",
            "Reclassering Nederland",
            "Reclassering Leger des Heils",
            "Tactus Verslavingszorg",
            "Almelo, Enschede en Hengelo",
            "ISD of TBS maatregel",
            "niet standaard betrokken",
        ],
    ),
    (
        "triagetafel",
        {"aanmelding@triagetafeltwente.nl"},
        {"http://www.triagetafeltwente.nl/"},
        2,
        "Teamleider Mediant",
        ["De genoemde deelnemers"],
        [
            "tweewekelijks een half uur",
            "digitale plek",
            "huisartsen en POH GGZ",
            "zowel het werkgebied van Mediant als dat van Dimence",
            "Transfermogelijkheden bij andere instellingen",
        ],
    ),
    (
        "regiotafel-wlz",
        {"zorginhoudelijkadviseurwlz@menzis.nl"},
        set(),
        2,
        "Zorgkantoor, de zorginhoudelijk adviseurs",
        ["drie weken voor het overleg", "ShareFile", "zorginhoudelijkadviseurwlz@menzis.nl"],
        [
            "Regionale overlegtafel VG",
            "overplaatsing naar beter passend aanbod",
            "CCE ontvangt subsidie van het ministerie van Volksgezondheid, Welzijn en Sport",
        ],
    ),
    (
        "crisisteam-zorgkantoor",
        set(),
        {
            "https://www.menziszorgkantoor.nl/zorgaanbieders/zorginkoop/crisiszorg",
            "https://www.menziszorgkantoor.nl/langdurige-zorg/ik-heb-een-mpt-vpt-of-verblijf/wlz-crisiszorg",
        },
        2,
        "Crisisregisseur Zorgkantoor",
        ["huisarts, cliëntondersteuner of zorgaanbieder"],
        [
            "binnen 24 uur",
            "binnen 48 uur",
            "verstandelijk gehandicaptenzorg",
            "CCE kan ondersteunen",
        ],
    ),
    (
        "hoogcomplex",
        {"meldpunt.hoog.complexe.ggz@propersona.nl"},
        set(),
        3,
        "Pro Persona",
        [
            "De zorgvrager zelf",
            "zorgaanbieders in de regio Gelderland en Overijssel",
            "huisartsen",
            "gemeentelijke casus- en procesregisseurs",
            "centrale aanmeldloket",
        ],
        ["Afhankelijk van de vraagstelling", "landelijk opgestelde inclusiecriteria"],
    ),
    (
        "levensloopaanpak",
        set(),
        {"http://www.transfore.nl/levensloopaanpak"},
        3,
        "Transfore (in Overijssel en Gelderland)",
        ["Gemeenten, via de procesmanager", "Zorg en Veiligheidshuis"],
        ["één gemeentelijk aanspreekpunt", "trajectplan", "DJI", "van het kastje naar de muur"],
    ),
    (
        "bestuurlijk-escalatie-overleg",
        {"info@veiligheidshuistwente.nl"},
        set(),
        4,
        "De gemeentebestuurder is initiatiefnemer",
        [
            "verwijzer",
            "GGZ-aanbieder",
            "gemeente",
            "OM",
            "verzekeraar",
            "cliëntondersteuner",
            "Unit Complexe Zorgvragen van VWS",
        ],
        [
            "the whole system in the room",
            "regionale sluitstuk",
            "burgemeester en/of wethouder(s)",
            "districtschef van Politie Twente",
            "Wet verplichte ggz",
            "Ad hoc",
        ],
    ),
]


@pytest.mark.parametrize(
    ("slug", "mail", "web", "step", "chair", "register", "facts"),
    SEED_003,
    ids=[row[0] for row in SEED_003],
)
def test_each_table_carries_the_seed_facts(slug, mail, web, step, chair, register, facts):
    entry = table(slug)
    assert emails(entry) == mail
    assert websites(entry) == web
    assert entry.ladder_step == step
    assert chair in entry.chair.nl
    for phrase in register:
        assert phrase in entry.who_may_register.nl, phrase
    everything = text_of(entry)
    for phrase in facts:
        assert phrase in everything, phrase
    assert entry.source.startswith("Overzicht regionale doorzettingsmacht Twente, ")


def test_the_mail_to_hoogcomplex_carries_the_seed_subject():
    [contact] = table("hoogcomplex").contacts
    assert contact.href == (
        "mailto:meldpunt.hoog.complexe.ggz@propersona.nl"
        "?subject=Aanmelding%20meldpunt%20hoog%20complexe%20GGZ"
    )
    assert contact.label.nl == "Meldpunt hoog complexe GGZ"


@pytest.mark.parametrize(
    ("slug", "ids"),
    [
        ("topx", ["area_safety_problem", "multi_problem", "criminal_or_nuisance", "system_impact"]),
        ("triagetafel", ["seeks_care_advice", "ggz_waiting_list"]),
        (
            "regiotafel-wlz",
            [
                "wlz",
                "crisis",
                "provider_steps_exhausted",
                "alternatives_explored",
                "transfer_tried",
                "relocation_needed",
                "provider_keeps_care",
                "cce_involved",
            ],
        ),
        ("crisisteam-zorgkantoor", ["wlz", "sudden_deterioration", "crisis"]),
        (
            "hoogcomplex",
            [
                "multiple_psychiatric_disorders",
                "treatment_goal_feasible",
                "systemic_multi_domain",
                "serious_harm_threat",
                "extensive_treatment_history",
                "exceptional_regime_needed",
                "scarce_intensive_care",
                "no_fitting_care_found",
            ],
        ),
        (
            "levensloopaanpak",
            ["severe_psychiatric", "addiction", "lvb", "high_safety_risk", "no_fitting_care_found"],
        ),
        (
            "bestuurlijk-escalatie-overleg",
            ["ggz_care_need", "high_safety_risk", "system_stuck", "regional_routes_exhausted"],
        ),
        (
            "p10-mobiel-team",
            [
                "confused_behaviour",
                "justice_or_forced_care_history",
                "criminal_title_forensic_care",
            ],
        ),
    ],
)
def test_inflow_criteria_are_separate_items_with_vocabulary_ids(slug, ids):
    assert criterion_ids(table(slug)) == ids


def test_the_regiotafel_may_not_be_used_in_a_crisis():
    [no_crisis] = [c for c in table("regiotafel-wlz").inflow.criteria if c.id == "crisis"]
    assert no_crisis.met_when is False
    assert "Geen crisissituatie" in no_crisis.text.nl


def test_hoogcomplex_lists_all_seven_national_inclusion_criteria_in_seed_wording():
    texts = [c.text.nl for c in table("hoogcomplex").inflow.criteria][:7]
    for phrase in [
        "meerdere vervlochten psychiatrische aandoeningen",
        "Een behandeldoelstelling is aanwezig én realiseerbaar",
        "systemische problematiek / meerdere levensdomeinen",
        "lichamelijke schade en/of overlijden",
        "uitgebreid traject",
        "uitzonderlijk behandelregime",
        "schaars, intensief, duur",
    ]:
        assert any(phrase in text for text in texts), phrase


class TestP10:
    """The Afrondingsbrief Tien in Twente and its annex (versions 7 and 6): the mobile P10 team."""

    entry = table("p10-mobiel-team")

    def test_target_group_and_who_deploys_it(self):
        everything = text_of(self.entry)
        assert "verward gedrag" in everything
        assert "strafrecht of specialistische (gedwongen) zorg" in everything
        assert "strafrechtelijke titel" in everything
        for who in ("wijkcoaches", "regisseurs", "procesmanagers", "Veiligheidshuis Twente"):
            assert who in self.entry.who_may_register.nl

    def test_financing_rates_evaluation_and_invoicing(self):
        team = self.entry.team
        assert {(r.role.nl, r.euro_per_hour) for r in team.rates} == {
            ("Casus coördinator GGZ", 72),
            ("Ervaringswerker GGZ", 48),
        }
        financing = " ".join(f.nl for f in team.financing)
        assert "DBC" in financing and "gemeente draagt de kosten" in financing
        assert "20 uur" in team.invoicing.nl and "zes maanden" in team.invoicing.nl
        assert "evaluatie" in team.deployment.nl

    def test_the_pilot_end_is_stated_and_flagged_for_the_editors(self):
        status = " ".join(self.entry.team.status.nl.split())
        assert "2016 tot en met 2018" in status
        assert "het doel de aanpak na 1 januari 2019 te borgen" in status
        assert "GGD" in status
        assert any("bevestigen" in item.nl for item in self.entry.to_confirm)

    def test_the_roles_table_of_the_annex(self):
        roles = {role.name.nl.split(" (")[0]: role for role in self.entry.team.roles}
        assert list(roles) == ["Regisseur", "Casus coördinator GGZ", "Ervaringsdeskundige GGZ"]
        assert [len(role.duties) for role in roles.values()] == [11, 9, 12]
        regisseur = " ".join(d.task.nl for d in roles["Regisseur"].duties)
        assert "privacy, convenant en geheimhoudingsverklaring" in regisseur
        coordinator = roles["Casus coördinator GGZ"].duties
        assert (
            coordinator[0].authority.nl == "Adviseert de regisseur over de coördinatiebeslissing."
        )
        assert any("VIS2" in d.task.nl for d in coordinator)
        expert = roles["Ervaringsdeskundige GGZ"].duties
        assert any("signaleringsplan/crisiskaart" in d.task.nl for d in expert)


SEED_001_REGIONS = {
    "enschede": "mediant",
    "borne": "mediant",
    "hengelo": "mediant",
    "haaksbergen": "mediant",
    "oldenzaal": "mediant",
    "losser": "mediant",
    "dinkelland": "mediant",
    "hof-van-twente": "mediant",
    "almelo": "dimence",
    "hellendoorn": "dimence",
    "rijssen-holten": "dimence",
    "wierden": "dimence",
    "twenterand": "dimence",
}


def test_the_14_gemeenten_with_the_ggz_region_of_seed_001():
    regions = {g.slug: g.ggz_region for g in CATALOGUE.gemeenten}
    assert len(regions) == 14
    assert {k: v for k, v in regions.items() if k != "tubbergen"} == SEED_001_REGIONS


def test_tubbergen_is_listed_with_its_region_to_be_confirmed_not_invented():
    [tubbergen] = [g for g in CATALOGUE.gemeenten if g.slug == "tubbergen"]
    assert tubbergen.ggz_region is None
    assert "te bevestigen door de redactie" in tubbergen.region_note.nl


def test_client_support_organisations_and_links_of_seed_003():
    support = CATALOGUE.client_support
    assert {(o.name.nl, o.url) for o in support.organisations} == {
        ("SCOT Cliëntondersteuning", "https://scotwente.nl/"),
        (
            "Zorgbelang Overijssel",
            "https://www.zorgbelang-overijssel.nl/clientondersteuning/informatie-advies/",
        ),
        ("Ixta Noa", "https://www.ixtanoa.nl/regio-enschede-en-hengelo/"),
        ("MeeSamen", "https://www.mee.nl/mee-locator"),
        ("Centrum voor Consultatie en Expertise (CCE)", "https://cce.nl/"),
    }
    assert support.overview.url == (
        "https://www.regelhulp.nl/onderwerpen/clientondersteuning/overzicht-per-gemeente"
    )
    assert len(support.rights) == 4
    assert "Wet maatschappelijke ondersteuning 2015" in support.rights_intro.nl


def test_the_introduction_states_the_first_step_and_the_principle():
    intro = CATALOGUE.introduction
    assert "wijkteam of de procesmanager" in intro.first_step.nl
    assert intro.principle.nl == "Los op of schaal op"
    assert "RDM is dus zelf geen ‘overlegtafel’" in " ".join(s.body.nl for s in intro.sections)


def _seed_links() -> tuple[set[str], set[str]]:
    """Return the (email addresses, web targets) of the Overzicht regionale doorzettingsmacht
    Twente, with safelinks decoded."""
    lines = [
        line.strip()
        for line in (FIXTURES / "seed_003_links.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    mails = {urlsplit(line).path for line in lines if line.startswith("mailto:")}
    webs = set()
    for line in lines:
        if "safelinks.protection.outlook.com" in line:
            webs.add(parse_qs(urlsplit(line).query)["url"][0])
        elif line.startswith("https://"):
            webs.add(line)
    return mails, webs


def test_every_email_address_is_one_the_seed_gives():
    seed_mails, _ = _seed_links()
    catalogue_mails = {a for t in CATALOGUE.tables for a in emails(t)}
    assert catalogue_mails == seed_mails


def test_every_web_address_is_a_real_target_of_the_seed():
    """Safelinks decoded: the very address the source links, http where it says http (whether
    the page is served over https cannot be checked here, so the editors are asked)."""
    _, seed_webs = _seed_links()
    urls = {c.url for t in CATALOGUE.tables for c in t.contacts if c.kind == "website"}
    urls |= {o.url for o in CATALOGUE.client_support.organisations}
    urls.add(CATALOGUE.client_support.overview.url)
    assert urls == seed_webs
    plain_http = {u for u in seed_webs if u.startswith("http://")}
    assert len(plain_http) == 3
    flagged = " ".join(item.nl for t in CATALOGUE.tables for item in t.to_confirm)
    for url in plain_http:
        assert url in flagged, f"{url}: no note asking the editors whether https serves it"


# Each source document by its title, as a reader can look it up (never a file name or "seed").
OVERVIEW = "Overzicht regionale doorzettingsmacht Twente"
P10_LETTER = "Afrondingsbrief Tien in Twente, 2018"
SOURCE_TITLES = {
    t.slug: P10_LETTER if t.slug == "p10-mobiel-team" else OVERVIEW for t in CATALOGUE.tables
}
NOT_A_TITLE = re.compile(r"seed|\d{3}_[0-9a-f]{8,}|\.txt|\.pdf|pdf-extractie", re.IGNORECASE)


@pytest.mark.parametrize(("slug", "title"), SOURCE_TITLES.items())
def test_a_table_page_names_its_source_by_title_without_editors_notes(get_page, slug, title):
    page = get_page(f"/tafels/{slug}")
    reviewed = " ".join(page.select_one(".reviewed").get_text().split())
    assert f"bron: {title}" in reviewed
    text = " ".join(page.get_text().split())
    assert not NOT_A_TITLE.search(text), NOT_A_TITLE.search(text)
    for item in table(slug).to_confirm:
        assert " ".join(item.nl.split()) not in text
    assert "to_confirm" not in text and "te bevestigen" not in text.lower()


@pytest.mark.parametrize(
    ("path", "title"),
    [("/over-rdm", OVERVIEW), ("/clientondersteuning", OVERVIEW), ("/gemeenten", P10_LETTER)],
)
def test_the_other_overview_pages_name_their_source_by_title(get_page, path, title):
    text = " ".join(get_page(path).get_text().split())
    assert f"bron: {title}" in text
    assert not NOT_A_TITLE.search(text), NOT_A_TITLE.search(text)


def test_no_public_text_of_the_catalogue_names_a_seed_or_a_file():
    """Editors' notes (to_confirm) and YAML comments may; what a reader sees may not."""
    public = CATALOGUE.model_dump(exclude={"regiekaart"})

    def walk(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "to_confirm":
                    yield from walk(value, (*path, key))
        elif isinstance(node, list | tuple):
            for n, value in enumerate(node):
                yield from walk(value, (*path, n))
        elif isinstance(node, str) and NOT_A_TITLE.search(node):
            yield path

    assert list(walk(public)) == []


class TestCriteriaAudit:
    """Each criterion reads as its source says (issue 14); the source line is quoted."""

    def criterion(self, slug, answer_id):
        return next(c for c in table(slug).inflow.criteria if c.id == answer_id)

    def test_levensloopaanpak_says_verstandelijke_beperking_as_the_source(self):
        # Overzicht: ‘ernstige psychiatrische problematiek, verslaving en/of verstandelijke
        # beperking’
        assert (
            self.criterion("levensloopaanpak", "lvb").text.nl == "… en/of verstandelijke beperking."
        )

    def test_p10_has_two_target_groups(self):
        # Afrondingsbrief: ‘personen met verward gedrag die eerder (…) en mensen met een
        # strafrechtelijke titel die (forensische) zorg nodig hebben’
        groups = {c.id: c.group for c in table("p10-mobiel-team").inflow.criteria if c.id}
        assert groups["confused_behaviour"] == groups["justice_or_forced_care_history"]
        assert groups["criminal_title_forensic_care"] != groups["confused_behaviour"]
        shown = " ".join(c.text.nl for c in table("p10-mobiel-team").inflow.criteria)
        assert "mits hiervoor financiering beschikbaar is" in shown

    def test_the_crisis_question_keeps_the_direct_danger_of_the_source(self):
        # Overzicht, crisisteam: ‘Er direct gevaar dreigt en er daarom binnen 24 uur (…)’
        crisis = CATALOGUE.answer("crisis")
        assert "direct gevaar" in crisis.question.nl and "direct gevaar" in crisis.meaning.nl

    def test_the_deterioration_question_names_only_what_the_source_names(self):
        # Overzicht, crisisteam: ‘De thuiszorg of informele zorg (mantelzorg) plotseling verandert’
        question = CATALOGUE.answer("sudden_deterioration")
        assert "thuiszorg" in question.question.nl and "mantelzorg" in question.question.nl
        assert "gezondheid" not in (question.question.nl + question.meaning.nl).lower()

    def test_wlz_is_core_at_the_crisis_team_as_at_the_regiotafel(self):
        assert self.criterion("crisisteam-zorgkantoor", "wlz").kind == "core"
        assert self.criterion("regiotafel-wlz", "wlz").kind == "core"

    def test_the_closing_piece_names_no_supra_regional_routes(self):
        # Overzicht: ‘Het is het regionale sluitstuk in de regionale doorzettingsmacht’
        step = self.criterion("bestuurlijk-escalatie-overleg", "regional_routes_exhausted")
        question = CATALOGUE.answer("regional_routes_exhausted")
        for text in (step.text.nl, question.question.nl, question.meaning.nl):
            assert "bovenregionaal" not in text.lower() and "bovenregionale" not in text.lower()

    def test_the_ministrys_unit_registers_at_the_closing_piece_it_is_no_step_above_it(self):
        # Overzicht: ‘kan door (…) of door de Unit Complexe Zorgvragen van VWS aangemeld worden’
        assert [s.step for s in CATALOGUE.ladder] == [0, 1, 2, 3, 4]
        assert "Unit Complexe Zorgvragen" in CATALOGUE.ladder_step(4).description.nl
        assert (
            "Unit Complexe Zorgvragen" in table("bestuurlijk-escalatie-overleg").who_may_register.nl
        )


def test_each_spelling_belongs_to_one_abbreviation():
    """Search reads a spelling as one abbreviation: shared by two, one of them would miss it
    (as 'verstandelijke beperking' did between VG and LVB)."""
    forms = [f.lower() for a in CATALOGUE.abbreviations for f in dict.fromkeys(a.forms())]
    assert sorted({f for f in forms if forms.count(f) > 1}) == []
