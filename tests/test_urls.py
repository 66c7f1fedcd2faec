"""Addresses as the link checks compare them."""

from attriblint.urls import same_article


def test_an_article_id_is_the_same_whichever_address_form_carries_it(linter):
    rule, = (r for r in linter.rules if r.id == "globalresearch")
    slug = "https://www.globalresearch.ca/data-centres-water-power-grid/5824415"
    assert same_article(rule, "https://globalresearch.ca/?p=5824415", slug)
    assert same_article(rule, "https://www.globalresearch.ca/new-title/5824415/", slug)
    assert not same_article(rule, "https://globalresearch.ca/?p=5824416", slug)
    assert not same_article(rule, "https://example.org/?p=5824415", slug)


def test_an_amp_copy_is_the_page_it_copies():
    from attriblint.urls import same_page

    assert same_page("https://undark.org/2024/05/02/glacier-melt/amp/",
                     "https://undark.org/2024/05/02/glacier-melt/")
    assert not same_page("https://undark.org/amp-stories/glacier/",
                         "https://undark.org/glacier/")


def test_an_amp_copy_of_an_article_is_that_article(linter):
    from attriblint.urls import is_article, same_article

    (rule,) = [r for r in linter.rules if r.id == "globalresearch"]
    amp = "https://www.globalresearch.ca/port-that-ran-itself/5831584/amp/"
    assert is_article(rule, amp)
    assert same_article(rule, amp, "https://www.globalresearch.ca/port-that-ran-itself/5831584")
