"""Who may read the members' dashboard, from the shared role predicates."""

import rules

from recommendations.permissions import is_committee_member, is_committee_staff

# Members and staff read every figure; liaisons and the public do not.
can_view_dashboard = is_committee_staff | is_committee_member

rules.add_perm("oversight.view_dashboard", can_view_dashboard)
