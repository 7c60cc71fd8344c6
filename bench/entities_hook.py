"""MkDocs hook for the benchmark: a stand-in for the entity pages of issue 5 while the site has no generator.

A page per therapy, study and source, generated at build time from the atlas that the macros adapter loaded
(no second load), rendered by the engine's own functions as plain Markdown (no Jinja), and kept out of the sidebar
(reached from the index tables in docs/<kind>/index.md). bench/synth.py uses it only when mkdocs.yml has no `hooks`.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import File, InclusionLevel

STUDY_COLUMNS = ("title", "countries", "design", "participants", "follow_up", "key_outcome", "evidence")


def on_files(files: Any, config: Any) -> Any:
    import macros  # the engine, as mkdocs-macros imported it for this build
    from macros.render import facts, tables
    from macros.render.citations import PageCitations

    atlas = macros._state["atlas"]

    def page(kind: str, record_id: str, title: str, body: Any) -> None:
        cite = PageCitations(atlas.sources)
        text = f"# {title}\n\n{body(cite)}\n{cite.references()}"
        files.append(File.generated(config, f"{kind}/{record_id}.md", content=text, inclusion=InclusionLevel.NOT_IN_NAV))

    def field(kind: str, record_id: str, names: tuple[str, ...]) -> Any:
        return lambda cite: "\n".join(
            f"- {name.replace('_', ' ').capitalize()}: {facts.fact(atlas, kind, record_id, name, cite)}" for name in names)

    for tid, therapy in atlas.therapies.items():
        facts_list = field("therapies", tid, ("summary", "cell_source", "immunosuppression", "regulatory_status"))
        page("therapies", tid, therapy.name, lambda cite, tid=tid, facts_list=facts_list: facts_list(cite)
             + "\n\n## Studies of this therapy\n\n"
             + tables.table(atlas, "studies", atlas.studies_of(tid), STUDY_COLUMNS, cite))
    for sid, study in atlas.studies.items():
        page("studies", sid, study.title,
             field("studies", sid, ("participants", "population", "follow_up", "immunosuppression")))
    for sid, source in atlas.sources.items():
        page("sources", sid, source.title or sid, lambda cite, sid=sid: cite((sid,)))
    return files
