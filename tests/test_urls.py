"""Addresses as the link checks compare them."""

from attriblint.urls import same_article


def test_an_article_id_is_the_same_whichever_address_form_carries_it(linter):
    rule, = (r for r in linter.rules if r.id == "globalresearch")
    slug = "https://www.globalresearch.ca/data-centres-water-power-grid/5824415"
    assert same_article(rule, "https://globalresearch.ca/?p=5824415", slug)
    assert same_article(rule, "https://www.globalresearch.ca/new-title/5824415/", slug)
    assert not same_article(rule, "https://globalresearch.ca/?p=5824416", slug)
    assert not same_article(rule, "https://example.org/?p=5824415", slug)
