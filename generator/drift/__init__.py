"""`python -m generator drift`: a generated package's drift report mapped to the specs.

`report` reads the file `drift.dump(path)` wrote, `locate` finds the spec location
of each entry, `command` prints them.
"""
