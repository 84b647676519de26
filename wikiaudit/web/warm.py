"""Imported by the process audit workers are forked from: one warm-up audit, inherited by all.

Importing this module runs :func:`work.ready`; that is its only purpose (it is named in
``set_forkserver_preload``), so each forked worker starts with the pipeline loaded.
"""

from wikiaudit.web.work import ready

ready()
