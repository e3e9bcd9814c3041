"""The audit log: who did what, when, to which object, from where (a keyed hash of the IP).

Rows are written in the same transaction as the change they record, so one exists exactly
when the change does. Accounts write theirs directly (logins, failed logins, users);
content changes arrive as events that ``thepost.app`` turns into rows in the transaction.
Imports only ``thepost.db``.
"""
