"""The team pages: start, join, answer, lead view, limits, keys and privacy."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from selector.models import Plan, hash_key
from selector.plans import new_key
from selector.questions import QUESTIONS
from spreadguide.logging import RedactPlanKeys
from teams.keys import join_key_for
from teams.member_views import COOKIE
from teams.models import Member, MemberAnswer, Team
from tests.factories import add_members, make_team

from .support import TYPICAL, split_questions, three_members


def lead_url(key):
    return reverse("teams:lead", kwargs={"key": key})


def join_url(key):
    return reverse("teams:join", kwargs={"key": key})


def step_url(key, step):
    return reverse("teams:step", kwargs={"key": key, "step": step})


@pytest.fixture
def made(db):
    return make_team()


def joined(client, made, name=""):
    client.get(join_url(made.join_key))
    response = client.post(join_url(made.join_key), {"display_name": name})
    assert response.status_code == 303
    return response


# --- starting -------------------------------------------------------------------------------


def test_starting_a_team_plan_redirects_to_its_lead_page(client, db):
    response = client.post(reverse("teams:start"), {"title": "Board", "closes_on": ""})
    assert response.status_code == 302
    team = Team.objects.get()
    key = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert team.lead_key_hash == hash_key(key)
    page = client.get(response["Location"])
    assert "Your team plan is ready" in page.content.decode()
    assert join_key_for(key) in page.content.decode()


def test_a_team_plan_needs_a_title(client, db):
    response = client.post(reverse("teams:start"), {"title": ""})
    assert response.status_code == 400
    assert "Enter a name for the team plan" in response.content.decode()
    assert not Team.objects.exists()


def test_a_closing_date_in_the_past_is_refused(client, db):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(reverse("teams:start"), {"title": "Board", "closes_on": yesterday})
    assert response.status_code == 400


def test_only_hashes_of_the_keys_are_stored(made):
    team = made.team
    assert team.lead_key_hash == hash_key(made.lead_key) != made.lead_key
    assert team.join_key_hash == hash_key(made.join_key)
    assert made.join_key != made.lead_key and len(made.join_key) >= 43


def test_the_start_page_and_home_and_result_link_to_team_planning(client, db):
    assert client.get(reverse("teams:start")).status_code == 200
    home = client.get(reverse("content:home")).content.decode()
    assert reverse("teams:start") in home
    result = client.get(reverse("selector:result") + "?" + _query(TYPICAL)).content.decode()
    assert reverse("teams:start") in result


def _query(answers):
    from selector.answers import answers_to_query

    return answers_to_query(answers)


# --- keys -----------------------------------------------------------------------------------


def test_a_wrong_lead_key_is_the_same_404_as_a_wrong_plan_key(client, made):
    plan_404 = client.get(reverse("selector:plan-detail", kwargs={"key": new_key()}))
    team_404 = client.get(lead_url(new_key()))
    assert team_404.status_code == plan_404.status_code == 404
    assert team_404.content == plan_404.content


def test_the_join_link_cannot_reach_the_lead_view(client, made):
    assert client.get(lead_url(made.join_key)).status_code == 404
    assert client.post(lead_url(made.join_key), {"action": "close"}).status_code == 404
    assert client.get(reverse("teams:delete", kwargs={"key": made.join_key})).status_code == 404
    assert client.get(reverse("teams:api", kwargs={"key": made.join_key})).status_code == 404
    made.team.refresh_from_db()
    assert made.team.is_open


def test_the_lead_key_is_not_a_join_key(client, made):
    assert client.get(join_url(made.lead_key)).status_code == 404


def test_team_keys_never_reach_the_logs(made):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        "",
        0,
        '"GET %s HTTP/1.1" 200',
        (lead_url(made.lead_key),),
        None,
    )
    RedactPlanKeys().filter(record)
    assert made.lead_key not in record.getMessage()


def test_team_pages_are_private(client, made):
    for response in (client.get(lead_url(made.lead_key)), client.get(join_url(made.join_key))):
        assert response["Cache-Control"] == "no-store"
        assert "noindex" in response["X-Robots-Tag"]


# --- members --------------------------------------------------------------------------------


def test_joining_sets_a_member_cookie_scoped_to_the_team(client, made):
    response = joined(client, made, "Asha")
    cookie = client.cookies[COOKIE]
    assert cookie["path"] == join_url(made.join_key)
    assert cookie["httponly"]
    member = Member.objects.get()
    assert member.display_name == "Asha"
    assert member.secret_hash == hash_key(cookie.value)
    assert response["Location"] == step_url(made.join_key, "evidence")


def test_joining_again_from_the_same_browser_keeps_one_membership(client, made):
    joined(client, made, "Asha")
    joined(client, made, "Asha K")
    assert Member.objects.get().display_name == "Asha K"


def test_a_member_may_stay_anonymous(client, made):
    joined(client, made)
    assert Member.objects.get().display_name == ""


def test_a_step_without_joining_sends_the_person_to_join(client, made):
    response = client.get(step_url(made.join_key, "evidence"))
    assert response.status_code == 303 and response["Location"] == join_url(made.join_key)


def test_a_member_answers_one_question_per_step_with_a_comment(client, made):
    joined(client, made)
    page = client.get(step_url(made.join_key, "evidence"))
    assert "Question 1 of" in page.content.decode()
    response = client.post(
        step_url(made.join_key, "evidence"), {"evidence": "strong", "comment": "Two trials"}
    )
    assert response.status_code == 303
    assert response["Location"] == step_url(made.join_key, QUESTIONS[1].name)
    answer = MemberAnswer.objects.get()
    assert (answer.question, answer.value, answer.comment) == ("evidence", "strong", "Two trials")


def test_changing_an_answer_updates_it_and_never_adds_a_membership(client, made):
    joined(client, made)
    client.post(step_url(made.join_key, "funding"), {"funding": "none"})
    client.post(step_url(made.join_key, "funding"), {"funding": "substantial"})
    assert Member.objects.count() == 1
    assert list(MemberAnswer.objects.values_list("value", flat=True)) == ["substantial"]


def test_a_step_shows_the_members_saved_answer(client, made):
    joined(client, made)
    client.post(step_url(made.join_key, "funding"), {"funding": "limited", "comment": "Maybe"})
    page = client.get(step_url(made.join_key, "funding")).content.decode()
    assert 'value="limited" checked' in page.replace("\n", " ") or 'checked value="limited"' in page
    assert "Maybe" in page


def test_a_member_may_skip_a_question(client, made):
    joined(client, made)
    response = client.post(step_url(made.join_key, "evidence"), {"skip": "1"})
    assert response.status_code == 303
    assert MemberAnswer.objects.get().value is None


def test_continuing_without_an_answer_asks_for_one_or_a_skip(client, made):
    joined(client, made)
    response = client.post(step_url(made.join_key, "evidence"), {})
    assert response.status_code == 200
    assert "or skip it" in response.content.decode()
    assert not MemberAnswer.objects.exists()


def test_the_several_choices_question_takes_several_answers(client, made):
    joined(client, made)
    client.post(step_url(made.join_key, "audience"), {"audience": ["clinicians", "managers"]})
    assert MemberAnswer.objects.get().value == ["clinicians", "managers"]


def test_with_htmx_a_step_answers_with_the_partial_only(client, made):
    joined(client, made)
    response = client.get(step_url(made.join_key, "evidence"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Question 1 of" in html
    assert response["HX-Push-Url"] == step_url(made.join_key, "evidence")


def test_the_last_step_leads_to_the_members_own_answers(client, made):
    joined(client, made)
    last = "capacity"
    response = client.post(step_url(made.join_key, last), {last: "moderate"})
    assert response["Location"] == reverse("teams:done", kwargs={"key": made.join_key})
    page = client.get(response["Location"]).content.decode()
    assert "Your answers" in page and "Moderate" in page


def test_members_see_only_their_own_answers_unless_the_lead_shares(client, made):
    add_members(made.team, {"funding": "substantial"}, count=3, comment="secret note")
    joined(client, made)
    done = reverse("teams:done", kwargs={"key": made.join_key})
    assert "How the group answered" not in client.get(done).content.decode()
    made.team.share_summary = True
    made.team.save()
    page = client.get(done).content.decode()
    assert "How the group answered" in page
    assert "secret note" not in page


# --- closing, limits ------------------------------------------------------------------------


def test_a_closed_team_refuses_answers_with_a_clear_page(client, made):
    joined(client, made)
    made.team.closed_at = timezone.now()
    made.team.save()
    response = client.post(step_url(made.join_key, "funding"), {"funding": "none"})
    assert response.status_code == 403
    assert "This team plan is closed" in response.content.decode()
    assert not MemberAnswer.objects.exists()


def test_a_closed_team_refuses_new_members(client, made):
    made.team.closed_at = timezone.now()
    made.team.save()
    response = client.post(join_url(made.join_key), {"display_name": ""})
    assert response.status_code == 403
    assert not Member.objects.exists()


def test_a_team_past_its_closing_date_is_closed(made):
    made.team.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    assert not made.team.is_open


@override_settings(TEAM_MEMBER_CAP=2)
def test_a_full_team_refuses_another_member(client, made):
    add_members(made.team, {}, count=2)
    response = client.post(join_url(made.join_key), {"display_name": ""})
    assert response.status_code == 403
    assert "This team is full" in response.content.decode()
    assert Member.objects.count() == 2


@override_settings(TEAM_SUBMISSIONS_PER_WINDOW=3)
def test_submissions_are_rate_limited(client, made):
    joined(client, made)
    codes = [
        client.post(step_url(made.join_key, "funding"), {"funding": "none"}).status_code
        for _ in range(4)
    ]
    assert codes == [303, 303, 303, 429]


# --- the lead -------------------------------------------------------------------------------


@pytest.fixture
def split_team(made):
    changing, stable = split_questions()
    for answers in three_members(changing, stable):
        add_members(made.team, answers, name="Member")
    return made, changing, stable


def test_the_lead_page_flags_both_and_says_which_changes_the_plan(client, split_team):
    made, changing, stable = split_team
    html = client.get(lead_url(made.lead_key)).content.decode()
    row = {
        q: html.split(f'data-question="{q}"', 1)[1].split("</tr>", 1)[0] for q in (changing, stable)
    }
    assert 'data-effect="changes"' in row[changing]
    assert 'data-effect="no-change"' in row[stable]
    assert "A question is flagged when" in html  # the rule is stated


def test_the_lead_page_shows_distribution_as_chart_and_table(client, split_team):
    made, _changing, _stable = split_team
    html = client.get(lead_url(made.lead_key)).content.decode()
    assert 'class="sg-bars"' in html  # the bars beside the table
    assert "3 answered, 0 skipped" in html


def test_the_lead_can_override_a_team_answer_with_a_reason(client, split_team):
    made, changing, _stable = split_team
    from selector.questions import QUESTION_BY_NAME

    value = QUESTION_BY_NAME[changing].values[2]
    response = client.post(
        lead_url(made.lead_key),
        {
            "action": "override",
            "question": changing,
            f"o-{changing}-answer": value,
            f"o-{changing}-reason": "The bid was approved",
        },
    )
    assert response.status_code == 302
    made.team.refresh_from_db()
    assert made.team.overrides[changing] == {"value": value, "reason": "The bid was approved"}
    assert "The bid was approved" in client.get(lead_url(made.lead_key)).content.decode()


def test_an_override_needs_a_reason(client, split_team):
    made, changing, _stable = split_team
    from selector.questions import QUESTION_BY_NAME

    response = client.post(
        lead_url(made.lead_key),
        {
            "action": "override",
            "question": changing,
            f"o-{changing}-answer": QUESTION_BY_NAME[changing].values[0],
            f"o-{changing}-reason": "",
        },
    )
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    made.team.refresh_from_db()
    assert made.team.overrides == {}


def test_the_lead_can_close_reopen_and_share(client, made):
    client.post(lead_url(made.lead_key), {"action": "close"})
    made.team.refresh_from_db()
    assert not made.team.is_open
    client.post(lead_url(made.lead_key), {"action": "reopen"})
    client.post(lead_url(made.lead_key), {"action": "share"})
    made.team.refresh_from_db()
    assert made.team.is_open and made.team.share_summary


def test_deleting_a_team_removes_every_answer(client, split_team):
    made, _c, _s = split_team
    assert client.get(reverse("teams:delete", kwargs={"key": made.lead_key})).status_code == 200
    client.post(reverse("teams:delete", kwargs={"key": made.lead_key}))
    assert not Team.objects.exists()
    assert not Member.objects.exists() and not MemberAnswer.objects.exists()
    assert client.get(lead_url(made.lead_key)).status_code == 404


def test_converting_writes_the_team_summary_contract(client, split_team):
    made, changing, stable = split_team
    made.team.closed_at = timezone.now()
    made.team.save()
    response = client.post(lead_url(made.lead_key), {"action": "convert"})
    assert response.status_code == 302
    plan = Plan.objects.get()
    summary = plan.team_summary
    assert set(summary) == {"title", "members", "named", "closed_at", "contested"}
    assert summary["members"] == 3 and summary["named"] == ["Member 1", "Member 2", "Member 3"]
    assert summary["closed_at"] == timezone.localdate().isoformat()
    effect = {c["question"]: c["changes_plan"] for c in summary["contested"]}
    from selector.questions import QUESTION_BY_NAME

    assert effect == {
        QUESTION_BY_NAME[changing].short_label: True,
        QUESTION_BY_NAME[stable].short_label: False,
    }
    item = summary["contested"][0]
    assert set(item) == {"question", "answers", "changes_plan", "outcome"}
    assert all(set(a) == {"label", "count"} for a in item["answers"])
    plan_page = client.get(response["Location"])
    assert plan_page.status_code == 200


def test_converting_without_every_team_answer_says_what_is_missing(client, made):
    add_members(made.team, {"funding": "none"})
    client.post(lead_url(made.lead_key), {"action": "convert"})
    assert not Plan.objects.exists()


def test_the_board_paper_has_the_team_section(client, split_team):
    from selector.exports import docx as docx_export
    from selector.exports.pdf import render_html
    from selector.summary import summary_from_plan

    made, _c, _s = split_team
    client.post(lead_url(made.lead_key), {"action": "convert"})
    summary = summary_from_plan(Plan.objects.get())
    html = render_html(summary)
    assert "The team behind this plan" in html and "Changes the plan." in html
    import io
    import zipfile

    data = docx_export.render(summary)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "The team behind this plan" in xml and "Does not change the plan." in xml


def test_a_plan_without_a_team_has_no_team_section(db):
    from selector.exports.pdf import render_html
    from selector.plans import create_plan_from_answers
    from selector.scenarios import TYPICAL_ANSWERS
    from selector.summary import summary_from_plan

    plan, _key = create_plan_from_answers(answers=TYPICAL_ANSWERS)
    assert "The team behind this plan" not in render_html(summary_from_plan(plan))


# --- API ------------------------------------------------------------------------------------


def test_the_api_returns_distribution_team_answers_and_recommendation(client, split_team):
    made, changing, stable = split_team
    body = client.get(reverse("teams:api", kwargs={"key": made.lead_key})).json()
    assert body["members"] == 3
    questions = {q["name"]: q for q in body["questions"]}
    assert questions[changing]["contested"] and questions[changing]["changes_plan"] is True
    assert questions[stable]["changes_plan"] is False
    assert sum(d["count"] for d in questions[changing]["distribution"]) == 3
    assert body["team_answers"][changing] == TYPICAL[changing]
    assert body["recommendation"]["approaches"]


def test_the_api_refuses_writes(client, made):
    response = client.post(reverse("teams:api", kwargs={"key": made.lead_key}))
    assert response.status_code == 405


def test_the_api_is_in_the_openapi_description(client, db):
    schema = client.get(reverse("selector:api-schema")).json()
    assert "/api/teams/{key}" in schema["paths"]


# --- admin ----------------------------------------------------------------------------------


def test_content_editors_cannot_see_team_plans_in_the_admin(client, made):
    from tests.factories import make_editor

    client.force_login(make_editor())
    assert client.get(reverse("admin:teams_team_changelist")).status_code == 403


def test_superusers_can_see_team_plans_in_the_admin(client, made):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:teams_team_changelist"))
    assert response.status_code == 200 and made.team.title in response.content.decode()


def test_a_closed_team_shows_the_closed_page_instead_of_a_question(client, made):
    joined(client, made)
    made.team.closed_at = timezone.now()
    made.team.save()
    response = client.get(step_url(made.join_key, "funding"))
    assert "This team plan is closed" in response.content.decode()
    assert 'name="funding"' not in response.content.decode()


def test_the_api_body_matches_its_openapi_description(client, split_team):
    import jsonschema_rs  # comes with schemathesis, which the fuzz tests use

    from selector.openapi import build_schema

    made, _c, _s = split_team
    full = build_schema()
    ok = full["paths"]["/api/teams/{key}"]["get"]["responses"]["200"]
    schema = {**ok["content"]["application/json"]["schema"], "components": full["components"]}
    body = client.get(reverse("teams:api", kwargs={"key": made.lead_key})).json()
    jsonschema_rs.validate(schema, body)


def test_team_answers_are_not_counted_in_the_usage_counts(client, split_team):
    from content.models import UsageCount

    made, _c, _s = split_team
    before = UsageCount.objects.count()
    joined(client, made)
    client.post(step_url(made.join_key, "funding"), {"funding": "none"})
    client.get(lead_url(made.lead_key))
    client.get(reverse("teams:api", kwargs={"key": made.lead_key}))
    assert UsageCount.objects.count() == before


def test_with_htmx_a_closed_team_sends_the_browser_to_the_closed_page(client, made):
    joined(client, made)
    made.team.closed_at = timezone.now()
    made.team.save()
    response = client.post(
        step_url(made.join_key, "funding"), {"funding": "none"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert response["HX-Redirect"] == join_url(made.join_key)


def test_an_unknown_lead_action_changes_nothing(client, made):
    response = client.post(lead_url(made.lead_key), {"action": "explode"})
    assert response.status_code == 302
    made.team.refresh_from_db()
    assert made.team.is_open and not made.team.share_summary


def test_the_privacy_paragraph_says_what_a_team_plan_stores(client, db):
    from django.template.loader import render_to_string

    text = render_to_string("teams/_privacy.html")
    assert "sg_team_member" in text and COOKIE == "sg_team_member"
    assert "deletes it" in text


def test_comments_are_shown_to_the_lead_escaped(client, made):
    add_members(made.team, {"funding": "none"}, name="Asha", comment="<script>x</script> & more")
    html = client.get(lead_url(made.lead_key)).content.decode()
    assert "<strong>Asha 1</strong> (None): &lt;script&gt;x&lt;/script&gt; &amp; more" in html


def test_the_lead_page_previews_the_board_papers_team_section(client, split_team):
    made, changing, _stable = split_team
    from selector.questions import QUESTION_BY_NAME

    html = client.get(lead_url(made.lead_key)).content.decode()
    preview = html.split("What the board paper will say about the team", 1)[1]
    label = QUESTION_BY_NAME[changing].values[0]
    assert "The team behind this plan" in preview
    assert f"{QUESTION_BY_NAME[changing].label_for(label)} (1)" in preview


@pytest.mark.parametrize("path", ["teams:join", "teams:api"])
def test_join_and_api_keys_never_reach_the_logs(made, path):
    key = made.join_key if path == "teams:join" else made.lead_key
    url = reverse(path, kwargs={"key": key})
    record = logging.LogRecord("django.server", logging.INFO, "", 0, '"GET %s" 200', (url,), None)
    RedactPlanKeys().filter(record)
    assert key not in record.getMessage()
