"""The JSON API: catalogue, search and health (contract: rdm/api/models.py)."""

from __future__ import annotations

from rdm.catalogue.text import FIXED_TABLE_SLUGS

from .editor_helpers import make_app


def test_tables_returns_the_whole_catalogue(client):
    response = client.get("/api/v1/tables")
    assert response.status_code == 200
    data = response.get_json()
    assert [t["slug"] for t in data["tables"]] == list(FIXED_TABLE_SLUGS)
    assert data["last_reviewed"] == "2026-11-22"
    assert len(data["catalogue_sha256"]) == 64


def test_one_table_by_slug_with_criteria_contacts_and_links(client):
    data = client.get("/api/v1/tables/regiotafel-wlz").get_json()
    assert data["slug"] == "regiotafel-wlz"
    assert data["ladder_step"] == 2
    assert data["url"] == "http://localhost/tafels/regiotafel-wlz"
    assert data["name"] == {"nl": "Regiotafel Zorgkantoor Wlz-GGZ", "en": None}
    criteria = data["inflow"]["criteria"]
    assert [c["id"] for c in criteria][:3] == ["wlz", "crisis", "provider_steps_exhausted"]
    assert criteria[1]["met_when"] is False
    assert criteria[2]["kind"] == "precondition"
    assert data["registration"]["roles"] == ["zorgaanbieder", "ggz_aanbieder"]
    assert data["contacts"][0]["href"] == "mailto:zorginhoudelijkadviseurwlz@menzis.nl"
    assert data["last_reviewed"] == "2026-11-22"


def test_unknown_table_is_a_json_404(client):
    response = client.get("/api/v1/tables/onbekend")
    assert response.status_code == 404
    assert response.get_json() == {
        "errors": [{"field": "slug", "message": "unknown table: onbekend"}]
    }


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.is_json and response.get_json()["errors"][0]["field"] == "path"


def test_search_follows_the_contract(client):
    data = client.get("/api/v1/search?q=LVB").get_json()
    assert data["results"], "LVB finds tables"
    first = data["results"][0]
    assert set(first) >= {"table", "title", "snippet"}
    assert first["table"] == "levensloopaanpak"
    assert first["title"] == "Levensloopaanpak — hoog complex zorg & veiligheid"
    assert first["ladder_step"] == 3
    assert "<" not in first["snippet"]


def test_search_in_english_uses_english_titles_where_present(client):
    data = client.get("/api/v1/search?q=waiting+list&lang=en").get_json()
    assert data["results"][0]["table"] == "triagetafel"
    assert "waiting list" in data["results"][0]["snippet"]


def test_search_with_no_match_is_an_empty_list(client):
    assert client.get("/api/v1/search?q=xyzzyq").get_json()["results"] == []


def test_search_errors_name_the_field(client):
    for url, field in [
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=", "q"),
        ("/api/v1/search?q=" + "x" * 201, "q"),
        ("/api/v1/search?q=wlz&lang=fr", "lang"),
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.get_json()["errors"][0]["field"] == field


def test_healthz_reports_each_part(database, tmp_path):
    response = make_app(database, str(tmp_path)).test_client().get("/healthz")
    assert response.status_code == 200
    data = response.get_json()
    assert data["status"] == "ok"
    assert data["catalogue"]["tables"] == 8
    assert data["database"] == "ok"
