"""Helpers shared by the test suite, imported as ``from _support.paths import ROOT``.

``tests`` is on pytest's ``pythonpath`` (and mypy's ``mypy_path``), so these modules import the
same way from every test folder; ``conftest.py`` files hold fixtures and hooks only.
"""
