"""Unit tests of the cross-file rules (macros/checks/), on records written inline."""
