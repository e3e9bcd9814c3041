"""Image processing and media storage. A leaf package: imports nothing of ours but config.

``images.process`` validates an upload by its content and makes the renditions;
``storage`` keeps bytes behind a small backend interface; ``html.picture`` writes the
responsive ``<picture>`` markup that article bodies and templates share.
"""
