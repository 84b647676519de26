"""Fitting readings to tables: candidate scorings, the one the rows support, and its support.

Each module fits one kind of reading: how a points matrix's totals are made (``totals``), how a
positions matrix is scored (``positions``, with ``scale`` solving a points-by-position scale the
article does not print), how a team's points come from its cars (``teams``), and what a race
classification's Points column pays (``classification``). Rules read the fits; they report a
disagreeing row as an error only when its table's fit has the support ``validators.support``
asks for.
"""
