"""The standing committee a new installation starts with: the demo's (the seed case, Putian city,
8th congress). The number of members entitled to vote is a demo value; staff set the real one."""

FIRST_CONGRESS = {
    "name": "莆田市人民代表大会常务委员会",
    "short_name": "莆田市人大常委会",
    "government_name": "莆田市人民政府",
    "voting_members": 40,
}


def ensure_congress(apps):
    Congress = apps.get_model("congresses", "Congress")
    if not Congress.objects.exists():
        from django.conf import settings

        fields = {name: value for name, value in FIRST_CONGRESS.items() if hasattr(Congress, name)}
        if hasattr(Congress, "code"):
            fields["code"] = settings.DEFAULT_CONGRESS
        Congress.objects.create(**fields)


def default_congress_pk(apps):
    """The congress that rows from before the platform held several belong to: the one whose
    code is the DEFAULT_CONGRESS setting, else the first."""
    from django.conf import settings

    Congress = apps.get_model("congresses", "Congress")
    congress = Congress.objects.filter(code=settings.DEFAULT_CONGRESS).first()
    return (congress or Congress.objects.order_by("pk").first()).pk


def fill_congress(schema_editor, apps, tables):
    """Give every row of `tables` without a congress the default congress."""
    pk = default_congress_pk(apps)
    with schema_editor.connection.cursor() as cursor:
        # Checked now, not at commit: a later migration may alter these tables in the same
        # transaction (tests migrate in one), which PostgreSQL refuses while checks are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f'UPDATE "{table}" SET congress_id = %s WHERE congress_id IS NULL', [pk])
