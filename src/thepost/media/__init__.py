"""Image processing and the media store. A leaf package: imports nothing of ours but
``thepost.errors``.

``images.process`` validates an upload by its content and makes the renditions;
``storage`` is the media store's interface, with ``local`` (a directory) and ``s3`` (an
S3-compatible bucket) behind it; ``urls.MediaUrls`` is the one builder of the public
address a stored file is linked at (the site's ``/media/`` route or a CDN);
``html.picture`` writes the responsive ``<picture>`` markup that article bodies and
templates share.
"""
