"""The newsroom admin at ``/admin``: server-rendered pages for journalists and editors.

Every admin URL is a ``page(...)`` in the routes table (``thepost.web.routes``). ``page``
wraps the view in the one guard (``pages.py``) that signs the user in from the
``thepost_session`` cookie, checks the CSRF token and the Origin of every state-changing
request, checks the page's permission, maps domain errors to pages, and marks the answer
``Cache-Control: private, no-store``. Views are plain functions of an ``AdminRequest``
that call the domain actions, which check permissions again. ``docs/admin.md`` shows
how to add a page.
"""
