"""attriblint: lint reposted articles against their publishers' terms."""

__version__ = "0.3.0"
