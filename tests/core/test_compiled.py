"""balai.core.compiled: a query compiled once per shape answers exactly as the ORM query would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from balai.accounts.models import User
from balai.core.compiled import CompiledQuery, Markers, _split, by_ids, compiled


def _usernames(query: CompiledQuery, **values):  # type: ignore[no-untyped-def]
    return sorted(row[0] for row in query.fetch(values))


def test_values_are_bound_per_call_and_id_lists_expand(make_user):  # type: ignore[no-untyped-def]
    a, b, c = make_user(username="ana"), make_user(username="budi"), make_user(username="citra")

    def build(m: Markers):  # type: ignore[no-untyped-def]
        chosen = Q(id__in=m.numbers("ids")) | Q(id=m.number("one"))
        return User.objects.filter(chosen, date_joined__lte=m.moment("now")).values_list("username")

    query = compiled(("test", "users"), build)
    now = timezone.now()
    assert _usernames(query, ids=[a.pk, b.pk], one=c.pk, now=now) == ["ana", "budi", "citra"]
    assert _usernames(query, ids=[b.pk], one=b.pk, now=now) == ["budi"]
    assert _usernames(query, ids=[a.pk], one=c.pk, now=now - timedelta(days=1)) == []
    assert compiled(("test", "users"), build) is query  # compiled once per shape


def _by_ids():  # type: ignore[no-untyped-def]
    return compiled(
        ("test", "usernames by ids"),
        lambda m: User.objects.filter(id__in=m.numbers("ids")).values_list("username"),
    )


def test_an_empty_id_list_is_refused_rather_than_bound(db):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="ids"):
        _by_ids().bind({"ids": []})


def test_ids_are_written_as_integers_only(make_user):  # type: ignore[no-untyped-def]
    """Id lists go into the SQL text (SQLite) or an array literal (PostgreSQL), so nothing but an
    integer may get there."""
    ana = make_user(username="ana")
    sql, params = _by_ids().bind({"ids": [ana.pk, "7"]})
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert params == [f"{{{ana.pk},7}}"]
    else:
        assert f"IN ({ana.pk}, 7)" in sql
    with pytest.raises(ValueError):
        _by_ids().bind({"ids": ["1) OR (1=1"]})
    assert _usernames(_by_ids(), ids=[ana.pk]) == ["ana"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="arrays are PostgreSQL's")
def test_on_postgresql_a_shape_has_one_statement_text_whatever_its_lists(make_user):  # type: ignore[no-untyped-def]
    """So the server can keep it prepared (decision 0013)."""
    names = compiled(
        ("test", "ids by usernames"),
        lambda m: User.objects.filter(username__in=m.texts("names")).values_list("username"),
    )
    one, _ = names.bind({"names": ["ana"]})
    three, params = names.bind({"names": ["ana", "budi", "o'brien"]})
    assert one == three and "= ANY(%s::text[])" in three
    assert params == [["ana", "budi", "o'brien"]]
    assert _by_ids().bind({"ids": [1]})[0] == _by_ids().bind({"ids": [1, 2, 3]})[0]


def test_text_lists_are_bound_as_values(make_user):  # type: ignore[no-untyped-def]
    make_user(username="ana"), make_user(username="o'brien")
    names = compiled(
        ("test", "users by usernames"),
        lambda m: User.objects.filter(username__in=m.texts("names")).values_list("username"),
    )
    assert _usernames(names, names=["o'brien", "ana", "nobody"]) == ["ana", "o'brien"]
    assert _usernames(names, names=["') OR ('1'='1"]) == []


def test_a_query_that_depends_on_more_than_its_markers_is_refused(db):  # type: ignore[no-untyped-def]
    """A clock read while building would be frozen into the cached SQL: refused at once."""

    def build(_m: Markers):  # type: ignore[no-untyped-def]
        return User.objects.filter(date_joined__lte=timezone.now())

    with pytest.raises(ValueError, match="depends on more than its markers"):
        compiled(("test", "baked clock"), build)


def test_escaped_percent_signs_stay_in_the_text():  # type: ignore[no-untyped-def]
    assert _split("a LIKE '%%x' AND b = %s AND c = %s") == [
        "a LIKE '%%x' AND b = ",
        " AND c = ",
        "",
    ]


def test_by_ids_loads_the_same_instances_as_the_orm(make_user):  # type: ignore[no-untyped-def]
    """Every column converted as the ORM converts it: JSON, booleans and dates on SQLite too."""
    made = [make_user(username="ana"), make_user(username="budi", locked=True)]
    made[0].fields = [{"name": "kota", "value": "Jakarta"}]
    made[0].save()
    loaded = {user.pk: user for user in by_ids(User, [u.pk for u in made] + [10**15])}
    assert set(loaded) == {u.pk for u in made}
    for user in made:
        expected = User.objects.get(pk=user.pk)
        for f in User._meta.concrete_fields:
            assert getattr(loaded[user.pk], f.attname) == getattr(expected, f.attname), f.name
    assert loaded[made[0].pk].fields[0]["value"] == "Jakarta"
    assert not loaded[made[0].pk]._state.adding
    assert by_ids(User, []) == []


def test_text_lists_are_bound_as_parameters(make_user):  # type: ignore[no-untyped-def]
    """Strings are never written into the SQL: a hostile name is just a name that matches none."""
    make_user(username="ana"), make_user(username="budi")
    query = compiled(
        ("test", "by usernames"),
        lambda m: User.objects.filter(username__in=m.texts("names")).values_list("username"),
    )
    assert _usernames(query, names=["budi", "ana", "nobody"]) == ["ana", "budi"]
    assert _usernames(query, names=["x') OR ('1'='1"]) == []
