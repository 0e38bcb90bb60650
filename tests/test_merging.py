"""The three-way merge of catalogue texts, on small documents: what is applied, what collides."""

from __future__ import annotations

from rdm.redactie.merging import merge

BASE = """\
tables:
  - slug: a
    chair: Eerste  # een commentaar
    contacts:
      - kind: email
        address: a@example.org
  - slug: b
    chair: Tweede
note: basis
"""


def test_separate_fields_both_apply_and_comments_stay():
    mine = BASE.replace("a@example.org", "nieuw@example.org")
    live = BASE.replace("chair: Tweede", "chair: Derde")
    result = merge(BASE, mine, live)
    assert result.collisions == ()
    assert result.applied == ("tables[a].contacts[0].address",)
    assert result.text == live.replace("a@example.org", "nieuw@example.org")
    assert "# een commentaar" in result.text


def test_the_same_change_on_both_sides_is_no_collision():
    mine = live = BASE.replace("basis", "beide")
    result = merge(BASE, mine, live)
    assert (result.applied, result.collisions, result.text) == ((), (), live)


def test_a_field_changed_differently_collides_and_live_stays_unless_chosen():
    mine, live = BASE.replace("Eerste", "Mijn"), BASE.replace("Eerste", "Hun")
    result = merge(BASE, mine, live)
    [collision] = result.collisions
    assert (collision.where, collision.live, collision.mine) == ("tables[a].chair", "Hun", "Mijn")
    assert result.text == live and result.kept_live == (collision,)
    chosen = merge(BASE, mine, live, take_mine=["tables[a].chair"])
    # The comment stays; ruamel may move it by a column when the value is replaced.
    assert chosen.text.replace("  #", " #") == mine.replace("  #", " #")
    assert chosen.kept_live == ()


def test_tables_added_on_both_sides_are_both_kept_in_order():
    mine = BASE.replace("note: basis", "  - slug: c\n    chair: Mijn\nnote: basis").replace(
        "    chair: Tweede\n  - slug: c", "    chair: Tweede\n  - slug: c"
    )
    live = BASE.replace("  - slug: b", "  - slug: d\n    chair: Hun\n  - slug: b")
    result = merge(BASE, mine, live)
    assert result.collisions == ()
    slugs = [line.split(": ")[1] for line in result.text.splitlines() if "- slug:" in line]
    assert slugs == ["a", "d", "b", "c"]


def test_an_edit_inside_a_table_the_other_removed_collides():
    mine = BASE.replace("Tweede", "Nieuw")
    live = BASE.replace("  - slug: b\n    chair: Tweede\n", "")
    result = merge(BASE, mine, live)
    [collision] = result.collisions
    assert collision.where == "tables[b]" and collision.live is None
    assert "slug: b" not in result.text, "the live removal stays unless chosen"


def test_a_new_field_goes_where_the_editor_put_it():
    mine = BASE.replace("    chair: Tweede\n", "    chair: Tweede\n    rhythm: elke week\n")
    live = BASE.replace("note: basis", "note: anders")
    result = merge(BASE, mine, live)
    assert "    chair: Tweede\n    rhythm: elke week\nnote: anders\n" in result.text
