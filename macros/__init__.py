"""The atlas engine: content/ -> load -> validate -> checks -> immutable model -> pure renderers.

Importing it imports neither MkDocs nor mkdocs-macros: the adapters that connect it to the site engine live in
hooks/ (hooks/macros_adapter.py for mkdocs-macros, hooks/site_pages.py and hooks/last_updated.py for MkDocs).
"""
