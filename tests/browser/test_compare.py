"""The comparison of all tables fits the screen: a full table at 1280 px, cards on a phone."""

from __future__ import annotations

import pytest

from .conftest import axe_violations
from .test_site import pdf_pages

pytestmark = pytest.mark.browser

# The widths a person reads the comparison at: a laptop and a phone.
WIDTHS = [1280, 375]
OVERFLOW = """() => {
    const region = document.querySelector('.table-scroll');
    return {
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        region: region.scrollWidth - region.clientWidth,
    };
}"""
# Every cell's right edge, to see nothing is cut off or lies outside the screen.
CELLS = """() => [...document.querySelectorAll('.compare tbody tr')].map(row =>
    [...row.children].map(cell => {
        const box = cell.getBoundingClientRect();
        return {visible: box.width > 0 && box.height > 0, right: box.right};
    }))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_comparison_fits_without_sideways_scrolling(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/vergelijk")
    assert page.evaluate(OVERFLOW) == {"page": 0, "region": 0}
    rows = page.evaluate(CELLS)
    assert len(rows) == 8
    for cells in rows:
        assert len(cells) == 6
        assert all(cell["visible"] and cell["right"] <= width for cell in cells), cells
    assert axe_violations(page) == []


def test_on_a_phone_each_table_is_a_card_with_labelled_facts(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/vergelijk")
    first = page.locator(".compare tbody tr").first
    assert first.locator("th").bounding_box()["y"] < first.locator("td").first.bounding_box()["y"]
    contact = first.locator(".compare__contact")
    label = contact.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"Contact: "'
    header = page.locator(".compare thead")
    assert header.bounding_box()["width"] <= 1, "the column headings give way to the labels"


def test_at_1280_pixels_the_comparison_is_one_table(page):
    page.goto("/vergelijk")
    table = page.locator(".compare").bounding_box()
    region = page.locator(".table-scroll").bounding_box()
    assert table["width"] <= region["width"]
    heading = page.locator(".compare thead th").last.bounding_box()
    assert heading["x"] + heading["width"] <= region["x"] + region["width"]
    assert page.locator(".compare td").first.evaluate("c => getComputedStyle(c).display") == (
        "table-cell"
    )


def test_the_comparison_fits_a_phone_in_english(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/taal/en?next=/vergelijk")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate(OVERFLOW) == {"page": 0, "region": 0}
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_comparison_still_prints_on_one_a4_landscape_page(page, language):
    page.goto(f"/taal/{language}?next=/vergelijk")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == 1
