"""`make bench`: synthetic atlases (synth.py), the parse floor (parse.py) and the measurements (run.py)."""
