"""Newsletters: readers' subscriptions (double opt-in), issues written in the newsroom and
sent over SMTP with every recipient accounted for, and the suppression list. Imports
``content``, ``mail`` and ``db``; never ``web``."""
