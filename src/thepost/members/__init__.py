"""Members: readers with an account, signed in by a link mailed to them (no password).

A member can manage their newsletters, see their own comments, comment without typing
their address, and read the stories the newsroom keeps for members. Tiers are data
(``MemberTier``): every member has one; today a story is either for everyone or for any
signed-in member, and a paid tier can later be one more row.
"""
