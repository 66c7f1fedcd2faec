"""The rule files bundled with attriblint, one YAML file per publisher.

This folder is installed as the package ``attriblint.bundled_rules`` so that
an installed attriblint finds its rule files with importlib.resources.
"""
