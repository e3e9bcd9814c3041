"""HTTP only: the routes table, views, templates and error pages.

Views parse the request, call a domain query or action with a session, and render.
Nothing outside this package imports Starlette, FastAPI or Jinja.
"""
