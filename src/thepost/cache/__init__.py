"""The page cache: rendered bytes of public pages, served without touching the framework.

- ``store``: entries (identity and precompressed variants with their ETags and header
  lists, built once) in an LRU bounded by total bytes, each with a time to live.
- ``middleware``: a pure ASGI layer in front of the app. Anonymous GET/HEAD of a page
  that opted in (``Cache-Control: public``) is stored on the way out and answered from
  the store next time, with ``304`` on ``If-None-Match``. ``PageCache.lookup`` is the
  one decision (hit, miss or not ours) for this layer and for the protocol below.
- ``protocol``: uvicorn's HTTP protocol answering hits as soon as a request is parsed,
  before any ASGI work; everything else goes on to the app as usual.
- ``generation``: a counter row in the database, bumped in the same transaction as any
  write readers can see (wired to events in ``thepost.app``).
- ``invalidation``: each serving process watches that counter (every few hundred
  milliseconds, and at once on a Redis message when Redis is configured) and the time of
  the next scheduled story, and empties its store when either says the pages changed.

This package imports the database layer only: no web framework, no other domain
(``protocol`` alone knows the server, uvicorn).
"""
