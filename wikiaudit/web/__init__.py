"""``audit serve``: the web tool editors open in a browser.

The pieces are kept apart by where they run and what they may touch:

* ``work`` runs in the audit worker processes: text in, rendered reports out, with a hard
  time limit; it never touches the network.
* ``auditor`` runs in the server process: it fetches revisions from the one configured wiki
  (in threads, bounded), hands texts to the worker pool, and keeps reports by revision id.
* ``pages`` writes the HTML the server adds around reports (the form, the worklist, errors).
* ``app`` is the Starlette application: routes, input checks, status codes, headers.

Nothing here is imported by the other commands: ``audit --help`` never pays for Starlette.
"""
