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
        fields = {name: value for name, value in FIRST_CONGRESS.items() if hasattr(Congress, name)}
        Congress.objects.create(**fields)
