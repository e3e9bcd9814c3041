"""Demo content for trying The Post out (``thepost demo``, ``thepost serve --demo``):
generated stories, pictures and comments (``load``) and one newsroom account per role
(``accounts.create``). Everything is made up on the spot from a seed; nothing is fetched.
"""

from thepost.demo.loader import load

__all__ = ["load"]
