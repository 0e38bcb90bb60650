"""A minimal person at a browser: fill in the wegwijzer's forms and press their buttons."""

from __future__ import annotations

from bs4 import BeautifulSoup

from .conftest import check_page


class Visitor:
    """Submits the forms of the page it is on, like a browser without JavaScript."""

    def __init__(self, client):
        self.client = client
        self.response = None
        self.page: BeautifulSoup | None = None

    def open(self, url: str = "/wegwijzer/") -> Visitor:
        self._keep(self.client.get(url))
        return self

    def press(
        self, button_text: str, choose: dict[str, str] | None = None, status: int = 200
    ) -> Visitor:
        """Press the submit button with this text, after choosing radio values by name."""
        button = next(
            b
            for b in self.page.select("button[type=submit]")
            if " ".join(b.get_text().split()) == button_text
        )
        form = button.find_parent("form") or self.page.find(id=button.get("form"))
        data = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
        for radio in form.select("input[type=radio][checked]"):
            data[radio["name"]] = radio["value"]
        for name, value in (choose or {}).items():
            assert form.select_one(f"input[type=radio][name={name}][value={value}]"), (name, value)
            data[name] = value
        if button.get("name"):
            data[button["name"]] = button.get("value", "")
        action = button.get("formaction") or form["action"]
        assert form["method"] == "post"
        self._keep(self.client.post(action, data=data), status)
        return self

    def answer_all(self, chosen: dict[str, str], default: str = "unknown") -> Visitor:
        """Answer every question on this page: `chosen` where given, else `default`."""
        names = {radio["name"] for radio in self.page.select("#wizard-form input[type=radio]")}
        forward = self.page.select_one("#wizard-form button[name=action][value=next]")
        label = " ".join(forward.get_text().split())
        return self.press(label, {name: chosen.get(name, default) for name in names})

    def questions(self) -> list[str]:
        return sorted({r["name"] for r in self.page.select("#wizard-form input[type=radio]")})

    @property
    def h1(self) -> str:
        return " ".join(self.page.h1.get_text().split())

    def _keep(self, response, status: int = 200):
        assert response.status_code == status, (
            response.status_code,
            response.get_data(as_text=True)[:300],
        )
        assert response.headers.get("Cache-Control") == "no-store"
        self.response = response
        self.page = check_page(response.get_data(as_text=True))


def walk(visitor: Visitor, case: dict[str, str]) -> Visitor:
    """Answer every page until the check page, with `case` and 'weet ik niet' elsewhere."""
    visitor.press("Start de wegwijzer")
    for _ in range(40):  # the wegwijzer has fewer pages; more means it goes round in circles
        if visitor.h1 == "Controleer uw antwoorden":
            return visitor
        visitor.answer_all(case)
    raise AssertionError(f"no check page after 40 pages; last: {visitor.h1}")
