"""The lists the site and the API read (``queries.Listing``): the API's rows, run as
statements kept per shape of list, give what the site's own list gives."""

from dataclasses import replace
from datetime import timedelta

import factories as f
from thepost.content import queries


def test_kept_statements_list_what_the_site_lists_for_every_shape(services) -> None:
    now = services.clock()
    with services.writes.begin() as session:
        news, sport = f.section(session, "News"), f.section(session, "Sport")
        reporter = f.author(session, "Rana Haddad")
        made = [
            f.article(
                services, session, title=f"Story {n}", section=(news, sport)[n % 2],
                authors=[reporter] if n % 3 == 0 else [], tags=["Floods"] if n % 4 else [],
                published=now - timedelta(hours=n),
            )
            for n in range(1, 12)
        ]  # fmt: skip
        # Same publish time as its neighbour: the id settles the order, and the cursor.
        same = f.article(services, session, title="Twin", published=now - timedelta(hours=5))
        draft = f.article(services, session, title="Draft", publish=False)
        f.article(services, session, title="Soon", published=now + timedelta(days=1))
        tag_id = queries.lookup_ids(session, section="", tag="floods", author="")[1]
    base = queries.Listing()
    shapes = [
        base,
        replace(base, section_id=news.id),
        replace(base, tag_id=tag_id),
        replace(base, author_id=reporter.id),
        replace(base, section_id=sport.id, tag_id=tag_id),
        replace(base, published_after=now - timedelta(hours=8), published_before=now),
        replace(base, updated_since=now - timedelta(days=1), order="updated_at"),
        replace(base, ascending=True),
        replace(base, statuses=("draft", "scheduled")),
        replace(base, statuses=("published", "draft"), order="updated_at"),
    ]
    with services.reads() as session:
        for listing in shapes:
            expected = [a.id for a in queries.listing_after(session, listing, now=now, limit=50)]
            assert expected, listing
            walked: list[int] = []
            after = None
            while True:  # three at a time, by cursor, as the API pages
                rows = queries.listing_rows(session, listing, now=now, limit=3, after=after)
                walked += [row.id for row in rows]
                if len(rows) < 3:
                    break
                last = rows[-1]
                when = last.updated_at if listing.order == "updated_at" else last.published_at
                after = (when, last.id)
            if listing.ascending:  # a cursor walks newest first only
                walked = [row.id for row in queries.listing_rows(
                    session, listing, now=now, limit=50
                )]  # fmt: skip
            assert walked == expected, listing
            by_number = queries.listing_rows(session, listing, now=now, limit=2, offset=2)
            assert [row.id for row in by_number] == expected[2:4], listing
            assert queries.listing_count(session, listing, now=now) == len(expected)
        everything = queries.listing_rows(session, base, now=now, limit=50, bodies=True)
        assert {made[0].id, same.id} <= {row.id for row in everything}
        assert draft.id not in {row.id for row in everything}
        assert all(row.body_html for row in everything)
        # Lists of given ids are built afresh; they agree too.
        chosen = replace(base, ids=(made[0].id, made[1].id, draft.id))
        rows = queries.listing_rows(session, chosen, now=now, limit=50)
        assert [row.id for row in rows] == [made[0].id, made[1].id]
