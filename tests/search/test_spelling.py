from thepost.search.spelling import closest, distance, edits1


def test_distance() -> None:
    assert distance("aleppo", "aleppo", 2) == 0
    assert distance("alepo", "aleppo", 2) == 1
    assert distance("syira", "syria", 2) == 1  # a transposition is one edit
    assert distance("abc", "abcdef", 2) == 3  # past the limit: limit + 1
    assert distance("kitten", "sitting", 5) == 3


def test_closest_prefers_fewer_edits_then_more_documents() -> None:
    assert closest("alepo", {"aleppo": 12, "alps": 30}) == "aleppo"
    assert closest("counsel", {"council": 50, "counsel": 1}) == "council"
    assert closest("teh", {"the": 900, "ten": 5}) == "the"
    assert closest("zzzzz", {"aleppo": 1}) is None


def test_edits1_covers_deletes_swaps_replaces_inserts() -> None:
    near = edits1("teh")
    assert {"te", "the", "tea", "tech"} <= near and "teh" not in near
