"""What the committee staff group may do in the admin: the reference data, which staff edit, and
the oversight record, which they read there (they run the cycle in their own pages); machinery
(access logs, schedules) stays with superusers. (app label, model, actions)"""

COMMITTEE_STAFF_GROUP = "committee staff"

COMMITTEE_STAFF_PERMISSIONS = [
    ("congresses", "congress", ("view", "change")),
    ("recommendations", "department", ("view", "add", "change")),
    ("recommendations", "indicator", ("view", "add", "change")),
    ("accounts", "user", ("view", "add", "change")),
    ("reminders", "workingdayexception", ("view", "add", "change", "delete")),
    *(
        ("recommendations", model, ("view",))
        for model in (
            "oversighttopic",
            "inspection",
            "finding",
            "meeting",
            "remark",
            "recommendation",
            "task",
            "progressreport",
            "measurement",
            "statusevent",
        )
    ),
    ("evaluations", "evaluation", ("view",)),
    ("reminders", "sentreminder", ("view",)),
    # A record's change history (the admin's "Events" link); the list itself stays off the index.
    ("pghistory", "middlewareevents", ("view",)),
]


def grant_committee_staff_permissions(apps, verbosity=0, permissions=COMMITTEE_STAFF_PERMISSIONS):
    """Create the group with exactly these permissions (after creating any permission rows not
    made yet: a migration or a test database flush runs before Django makes them). A migration
    passes the list as it stood then, since its models are those of that time."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's app stubs have no models module, which create_permissions requires.
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=verbosity)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=COMMITTEE_STAFF_GROUP)
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
            for app, model, actions in permissions
            for action in actions
        ]
    )
    return group
