"""``attriblint audit``: which sites repost a publisher's articles, and on what terms.

Only names live here: the command line imports this package to list the
engines, and must not pay for the rest of the audit when it only checks.
"""

# Where an audit runs (``engines.py``): this machine's processes, or Dask.
ENGINES = ("local", "dask")
