"""The ClinicalTrials.gov sync: committed query -> API v2 pages -> dated snapshots -> records -> report.

`sync.run` is the one entry point (`python -m macros registry`, `make registry`). A run is all or nothing: every
page is fetched and checked, every record is mapped, merged and validated by the engine in a staging folder, and
only then are records and snapshots moved into place. Nothing here imports MkDocs.
"""
