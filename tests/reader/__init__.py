"""Tests of the reader experience: generated pages, downloads, feed, and the site in a real browser."""
