from bot.domain.referral import Referral, TeamMember
from bot.domain.routing import (
    active_counts_by_owner,
    eligible,
    match_score,
    overloaded,
    route,
)

PAYROLL = TeamMember(name="Pia", slack_user_id="U_PIA", role="Owner", expertise_tags="payroll, tax")
AUDIT = TeamMember(
    name="Ari", slack_user_id="U_ARI", role="Owner", expertise_tags="audit", territory="London"
)
COORD = TeamMember(name="Cleo", slack_user_id="U_CLEO", role="Coordinator")
MEMBER = TeamMember(
    name="Max", slack_user_id="U_MAX", role="Member", expertise_tags="payroll, tax, audit"
)
TEAM = (PAYROLL, AUDIT, COORD, MEMBER)


def ref(context="", company="", value="") -> Referral:
    return Referral(lead_name="Jane Doe", context=context, company=company, est_value=value)


def test_chosen_owner_wins_over_everything():
    decision = route(ref("audit in London", value="999999"), TEAM, {"U_PIA": 99}, "U_PIA", 25000)
    assert decision.owner == PAYROLL
    assert not decision.to_coordinators
    assert "chosen" in decision.reason


def test_chosen_owner_not_on_the_team_tab_is_still_respected():
    decision = route(ref(), TEAM, {}, "U_NEW", 25000)
    assert decision.owner.slack_user_id == "U_NEW"
    assert "not on the Team tab" in decision.reason


def test_best_expertise_match_wins():
    decision = route(ref("Needs help with PAYROLL and taxes"), TEAM, {}, None, 25000)
    assert decision.owner == PAYROLL
    assert "payroll" in decision.reason and "tax" in decision.reason


def test_territory_counts_as_a_match():
    decision = route(ref("moving office", company="Acme London"), TEAM, {}, None, 25000)
    assert decision.owner == AUDIT
    assert "London" in decision.reason


def test_whole_words_only():
    assert match_score(PAYROLL, ref("needs a taxi")) == 0
    assert match_score(PAYROLL, ref("tax and payrolls")) == 2


def test_members_cannot_own_even_with_the_best_tags():
    assert MEMBER not in eligible(TEAM, {})
    assert (
        route(
            ref("payroll tax audit"), TEAM, {"U_PIA": 10, "U_ARI": 10, "U_CLEO": 10}, None, 25000
        ).owner
        is None
    )


def test_ties_go_to_the_least_loaded_then_by_name():
    decision = route(
        ref("nothing specific"), TEAM, {"U_ARI": 3, "U_CLEO": 1, "U_PIA": 2}, None, 25000
    )
    assert decision.owner == COORD
    assert decision.reason == "least loaded available owner"
    even = route(ref("nothing specific"), TEAM, {}, None, 25000)
    assert even.owner == AUDIT  # Ari before Cleo before Pia


def test_a_better_match_beats_a_lighter_load():
    assert route(ref("payroll"), TEAM, {"U_PIA": 9}, None, 25000).owner == PAYROLL


def test_full_or_unavailable_people_are_skipped():
    away = TeamMember(
        name="Pia", slack_user_id="U_PIA", role="Owner", expertise_tags="payroll", available="No"
    )
    small = TeamMember(
        name="Sol", slack_user_id="U_SOL", role="Owner", expertise_tags="payroll", max_active="2"
    )
    decision = route(ref("payroll"), (away, small, COORD), {"U_SOL": 2}, None, 25000)
    assert decision.owner == COORD


def test_blank_max_active_uses_the_default():
    decision = route(ref("payroll"), (PAYROLL,), {"U_PIA": 4}, None, 25000, default_max_active=5)
    assert decision.owner == PAYROLL
    decision = route(ref("payroll"), (PAYROLL,), {"U_PIA": 5}, None, 25000, default_max_active=5)
    assert decision.owner is None


def test_nobody_available_goes_to_coordinators():
    decision = route(ref("payroll"), (MEMBER,), {}, None, 25000)
    assert (decision.owner, decision.to_coordinators) == (None, True)
    assert "nobody" in decision.reason


def test_high_value_goes_to_coordinators_with_a_suggestion():
    decision = route(ref("payroll", value="$25,000"), TEAM, {}, None, 25000)
    assert (decision.owner, decision.to_coordinators) == (None, True)
    assert decision.suggestion == PAYROLL
    assert "25,000" in decision.reason


def test_just_below_the_threshold_is_routed_normally():
    assert route(ref("payroll", value="24999.99"), TEAM, {}, None, 25000).owner == PAYROLL


def test_unreadable_value_is_not_high_value():
    assert route(ref("payroll", value="lots"), TEAM, {}, None, 25000).owner == PAYROLL


def test_active_counts_count_open_referrals_by_owner():
    rows = [
        Referral(owner_slack_id="U_PIA", stage="New"),
        Referral(owner_slack_id="U_PIA", stage="In conversation"),
        Referral(owner_slack_id="U_PIA", stage="Won"),
        Referral(owner_slack_id="U_ARI", stage=""),  # blank stage counts as open
        Referral(owner_slack_id="", stage="New"),
    ]
    assert active_counts_by_owner(rows) == {"U_PIA": 2, "U_ARI": 1}


def test_overloaded_means_above_max_active():
    small = TeamMember(name="Sol", slack_user_id="U_SOL", role="Owner", max_active="2")
    counts = {"U_SOL": 3, "U_PIA": 10, "U_ARI": 11}
    assert overloaded((small, PAYROLL, AUDIT), counts, 10) == [small, AUDIT]
