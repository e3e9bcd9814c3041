"""The page cache: rendered bytes of public pages, served without touching the framework.

- ``store``: entries (identity and precompressed variants with their ETags and header
  lists, built once) in an LRU bounded by total bytes, each with a time to live.
- ``generation``: a counter row in the database, bumped in the same transaction as any
  write readers can see (wired to events in ``thepost.app``).
- ``invalidation``: each serving process watches that counter (every few hundred
  milliseconds, and at once on a Redis message when Redis is configured) and the time of
  the next scheduled story, and empties its store when either says the pages changed.

The HTTP side lives in the web layer: ``web.pagecache`` (the ASGI layer that stores and
answers pages, and ``PageCache.lookup``, the one decision: hit, miss or not ours) and
``web.protocol`` (uvicorn's HTTP protocol answering hits as soon as a request is
parsed). This package imports the database layer only: no web framework, no server, no
other domain.
"""
