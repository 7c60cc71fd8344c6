"""Pure renderers: model objects in, Markdown out. They never read files and never import MkDocs."""
