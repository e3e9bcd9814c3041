"""Operating a site: backups that restore (``backup.py``), with the database side in
``databases.py`` and the manifest that proves a backup whole in ``manifest.py``.

May import ``db``, ``media`` and ``config``; reads the tables with plain SQL, so it
never loads a domain model and never emits an event.
"""
