"""``attriblint fix``: findings that carry an edit, and writing them safely.

The data flow is the linter's, plus one step: checks attach a :class:`Fix`
to the findings they can repair (``model``), rendering the publisher's own
words in the post's syntax (``render``) where the terms want them
(``place``); ``apply`` applies the fixes of a file until nothing fixable is
left; ``write`` replaces the file atomically.
"""
