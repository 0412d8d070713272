"""Steering's services: a month saved or corrected, an import all or nothing, the low-rate alert, milestones."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from community.notifications.models import Notification
from community.steering import services
from community.steering.models import LowRateEpisode, Milestone, MilestoneTemplate, MonthlyIndicator, this_month
from community.steering.notification_kinds import LOW_ANSWER_RATE
from community.steering.services import IndicatorError, MonthValues
from tests.community.factories import CentreFactory, UserFactory
from tests.steering.factories import STEPS, cadre_of, deploying_centre, make_months, modele_cible, months_back

pytestmark = pytest.mark.django_db

UNDER, OVER = 800, 900  # calls answered of 1,000: 80 % and 90 %, either side of the 85 % target


@pytest.fixture(autouse=True)
def target(settings):
    settings.STEERING_ANSWER_RATE_TARGET = 0.85


def ago(months: int) -> date:
    """The first day of the month ``months`` before this one."""
    return months_back(months + 1, this_month())[0]


def values(centre, month, received=1000, answered=OVER, **fields) -> MonthValues:
    return MonthValues(centre=centre, month=month, calls_received=received, calls_answered=answered, **fields)


def alerts():
    return Notification.objects.filter(kind=LOW_ANSWER_RATE)


# --- save_month -------------------------------------------------------------------------------------


def test_a_cadre_saves_a_month_of_their_centre(centre):
    cadre = cadre_of(centre)
    month = ago(1)

    row = services.save_month(
        values(centre, month + timedelta(days=14), 1200, 1080, median_wait_seconds=42, staff_fte=Decimal("14.5"),
               arrivals=2, departures=1),
        cadre,
    )

    row = MonthlyIndicator.objects.get(pk=row.pk)
    assert (row.centre, row.month, row.updated_by) == (centre, month, cadre)  # stored as the first of the month
    assert (row.calls_received, row.calls_answered, row.median_wait_seconds) == (1200, 1080, 42)
    assert (row.staff_fte, row.arrivals, row.departures) == (Decimal("14.5"), 2, 1)
    assert row.answer_rate == pytest.approx(0.9)


def test_correcting_a_month_updates_its_row(centre, coordinator):
    cadre = cadre_of(centre)
    services.save_month(values(centre, ago(1), 1000, 900, staff_fte=Decimal(12)), cadre)

    services.save_month(values(centre, ago(1).replace(day=20), 1100, 950), coordinator)

    row = MonthlyIndicator.objects.get()
    assert (row.calls_received, row.calls_answered, row.staff_fte, row.updated_by) == (1100, 950, None, coordinator)


def test_this_month_may_be_entered_as_it_goes(centre, coordinator):
    services.save_month(values(centre, this_month()), coordinator)
    assert MonthlyIndicator.objects.get().month == this_month()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received": -1, "answered": 0}, "calls_received", "négative"),
        ({"answered": -5}, "calls_answered", "négative"),
        ({"median_wait_seconds": -30}, "median_wait_seconds", "négative"),
        ({"staff_fte": Decimal("-0.5")}, "staff_fte", "négative"),
        ({"arrivals": -1}, "arrivals", "négative"),
        ({"departures": -2}, "departures", "négative"),
        ({"received": 900, "answered": 901}, "calls_answered", "dépassent les appels reçus"),
        ({"month": "next"}, "month", "pas encore commencé"),
    ],
)
def test_figures_breaking_a_rule_are_refused_with_the_field_and_nothing_saved(centre, coordinator, changes, field, message):
    services.save_month(values(centre, ago(1), 1000, 900), coordinator)
    changes = dict(changes)
    month = this_month() + timedelta(days=31) if changes.pop("month", None) else ago(1)

    with pytest.raises(IndicatorError) as refused:
        services.save_month(values(centre, month, **{"received": 1000, "answered": 900, **changes}), coordinator)

    assert refused.value.field == field and message in str(refused.value)
    row = MonthlyIndicator.objects.get()
    assert (row.calls_received, row.calls_answered, row.arrivals, row.departures) == (1000, 900, 0, 0)


def test_a_cadre_saving_another_centres_month_gets_404(centre):
    other = CentreFactory()
    with pytest.raises(Http404):
        services.save_month(values(other, ago(1)), cadre_of(centre))
    assert not MonthlyIndicator.objects.exists()


@pytest.mark.parametrize("role", ["repondant", "superviseur"])
def test_a_centres_other_members_get_404(centre, role):
    with pytest.raises(Http404):
        services.save_month(values(centre, ago(1)), UserFactory(role=role, centre=centre))
    assert not MonthlyIndicator.objects.exists()


def test_partners_and_former_cadres_get_404(centre):
    for outsider in (UserFactory(role="partenaire", centre=None), cadre_of(centre, is_active=False)):
        with pytest.raises(Http404):
            services.save_month(values(centre, ago(1)), outsider)
    assert not MonthlyIndicator.objects.exists()


def test_a_coordinator_saves_any_centre(coordinator):
    centres = CentreFactory.create_batch(3)
    for centre in centres:
        services.save_month(values(centre, ago(2)), coordinator)
    assert sorted(MonthlyIndicator.objects.values_list("centre", flat=True)) == sorted(c.pk for c in centres)


# --- save_months (an import) -----------------------------------------------------------------------


def batch(centre, months, answered=OVER):
    return [values(centre, month, 1000 + index, answered) for index, month in enumerate(months)]


def test_a_batch_is_saved_whole(coordinator):
    first, second = CentreFactory.create_batch(2)
    rows = batch(first, months_back(12, ago(1))) + batch(second, months_back(12, ago(1)))

    assert services.save_months(rows, coordinator) == 24

    assert MonthlyIndicator.objects.count() == 24
    assert set(MonthlyIndicator.objects.values_list("updated_by", flat=True)) == {coordinator.pk}
    assert MonthlyIndicator.objects.get(centre=second, month=ago(1)).calls_received == 1011


def test_one_faulty_row_refuses_the_whole_batch(centre, coordinator):
    make_months(centre, 3, ago(4), rate=0.9, received=500)
    before = sorted(MonthlyIndicator.objects.values_list("month", "calls_received", "calls_answered"))
    rows = batch(centre, months_back(6, ago(1)))
    rows[4].calls_answered = rows[4].calls_received + 1

    with pytest.raises(IndicatorError) as refused:
        services.save_months(rows, coordinator)

    assert refused.value.field == "calls_answered"
    assert sorted(MonthlyIndicator.objects.values_list("month", "calls_received", "calls_answered")) == before


def test_a_future_month_refuses_the_whole_batch(centre, coordinator):
    rows = [*batch(centre, months_back(3, ago(1))), values(centre, this_month() + timedelta(days=40))]
    with pytest.raises(IndicatorError) as refused:
        services.save_months(rows, coordinator)
    assert refused.value.field == "month"
    assert not MonthlyIndicator.objects.exists()


def test_the_same_centre_and_month_twice_is_refused(centre, coordinator):
    rows = batch(centre, months_back(3, ago(1))) + [values(centre, ago(2).replace(day=15), 700, 600)]
    with pytest.raises(IndicatorError, match="deux fois le même centre et le même mois"):
        services.save_months(rows, coordinator)
    assert not MonthlyIndicator.objects.exists()


def test_a_reimport_updates_and_never_duplicates(centre, coordinator):
    cadre = cadre_of(centre)
    services.save_months(batch(centre, months_back(6, ago(1))), cadre)

    corrected = batch(centre, months_back(6, ago(1)))
    for row in corrected:
        row.calls_received += 100
    corrected.append(values(centre, ago(7)))  # one month more, before the others
    assert services.save_months(corrected, coordinator) == 7

    rows = MonthlyIndicator.objects.order_by("month")
    assert rows.count() == 7
    assert [row.calls_received for row in rows] == [1000, 1100, 1101, 1102, 1103, 1104, 1105]
    assert {row.updated_by_id for row in rows} == {coordinator.pk}


def test_a_cadre_importing_another_centres_rows_gets_404_and_nothing_saved(centre):
    rows = batch(centre, months_back(3, ago(1))) + batch(CentreFactory(), [ago(1)])
    with pytest.raises(Http404):
        services.save_months(rows, cadre_of(centre))
    assert not MonthlyIndicator.objects.exists()


def test_an_import_reviews_the_answer_rate_of_its_centres(centre, coordinator):
    services.save_months(batch(centre, months_back(4, ago(3))) + batch(centre, [ago(2), ago(1)], UNDER), coordinator)
    assert alerts().count() == 1
    assert LowRateEpisode.objects.get().started_month == ago(2)


# --- The low answer rate alert ---------------------------------------------------------------------


@pytest.fixture
def coordinators(db):
    """The active coordinators who are told; a former coordinator and a cadre who are not."""
    UserFactory(role="coordinateur", centre=None, is_active=False)
    return UserFactory.create_batch(2, role="coordinateur", centre=None)


def month_at(centre, month, answered, actor):
    return services.save_month(values(centre, month, 1000, answered), actor)


def test_two_months_under_the_target_tell_each_coordinator_once(centre, coordinators):
    cadre = cadre_of(centre)
    month_at(centre, ago(4), OVER, cadre)
    month_at(centre, ago(3), UNDER, cadre)
    assert not alerts().exists()  # one month under is not yet an episode

    month_at(centre, ago(2), UNDER, cadre)

    assert sorted(alerts().values_list("recipient", flat=True)) == sorted(c.pk for c in coordinators)
    assert not Notification.objects.filter(recipient=cadre).exists()
    episode = LowRateEpisode.objects.get()
    assert (episode.centre, episode.started_month, episode.ended_month) == (centre, ago(3), None)

    month_at(centre, ago(1), UNDER, cadre)  # a third month under: the same episode, nobody told again
    assert alerts().count() == 2
    assert LowRateEpisode.objects.count() == 1


def test_the_alert_names_the_centre_the_target_and_the_first_month(coordinators):
    centre = CentreFactory(name="Centre de réponse Hauts-de-France")
    months = [date(2026, 4, 1), date(2026, 5, 1)]
    for month in months:
        month_at(centre, month, UNDER, coordinators[0])

    alert = alerts().get(recipient=coordinators[1])
    assert alert.text == (
        "Centre de réponse Hauts-de-France : taux de décroché sous la cible (85 %) deux mois de suite, depuis avril 2026."
    )
    assert alert.link == reverse("steering:centre", args=[centre.slug])


def test_the_target_is_a_setting(centre, coordinators, settings):
    settings.STEERING_ANSWER_RATE_TARGET = 0.75
    for month in (ago(2), ago(1)):
        month_at(centre, month, UNDER, coordinators[0])  # 80 %: above this target
    assert not alerts().exists()

    settings.STEERING_ANSWER_RATE_TARGET = 0.95
    month_at(centre, ago(1), OVER, coordinators[0])  # 90 %: under it now
    assert "(95 %)" in alerts().first().text


def test_back_at_the_target_ends_the_episode_and_a_new_dip_starts_another(centre, coordinators):
    actor = cadre_of(centre)
    month_at(centre, ago(7), UNDER, actor)
    month_at(centre, ago(6), UNDER, actor)
    month_at(centre, ago(5), OVER, actor)
    episode = LowRateEpisode.objects.get()
    assert episode.ended_month == ago(5)

    month_at(centre, ago(4), UNDER, actor)  # one month under again: not yet
    assert alerts().count() == 2 and LowRateEpisode.objects.count() == 1
    month_at(centre, ago(3), UNDER, actor)  # two: a new episode, told again

    assert alerts().count() == 4
    assert list(LowRateEpisode.objects.order_by("pk").values_list("started_month", "ended_month")) == [
        (ago(7), ago(5)),
        (ago(4), None),
    ]
    assert sorted(alerts().values_list("recipient", flat=True)) == sorted([c.pk for c in coordinators] * 2)


def test_exactly_at_the_target_is_not_under(centre, coordinators):
    for month in (ago(2), ago(1)):
        month_at(centre, month, 850, coordinators[0])
    assert not alerts().exists()


def test_months_with_a_gap_are_not_consecutive(centre, coordinators):
    month_at(centre, ago(4), UNDER, coordinators[0])
    month_at(centre, ago(2), UNDER, coordinators[0])  # ago(3) is missing
    assert not alerts().exists()
    assert not LowRateEpisode.objects.exists()


def test_correcting_an_old_month_raises_no_alert_about_the_past(centre, coordinators):
    make_months(centre, 12, ago(1), rate=0.9)
    month_at(centre, ago(8), UNDER, coordinators[0])
    month_at(centre, ago(7), UNDER, coordinators[0])
    services.save_months(batch(centre, [ago(10), ago(9)], UNDER), coordinators[0])
    assert not alerts().exists()
    assert not LowRateEpisode.objects.exists()


def test_correcting_the_latest_month_up_ends_the_episode(centre, coordinators):
    for month in (ago(2), ago(1)):
        month_at(centre, month, UNDER, coordinators[0])
    month_at(centre, ago(1), OVER, coordinators[0])  # the month was mistyped
    assert LowRateEpisode.objects.get().ended_month == ago(1)


def test_a_month_without_calls_neither_starts_nor_ends_an_episode(centre, coordinators):
    month_at(centre, ago(3), UNDER, coordinators[0])
    services.save_month(values(centre, ago(2), 0, 0), coordinators[0])
    assert not LowRateEpisode.objects.exists()
    month_at(centre, ago(1), UNDER, coordinators[0])
    assert not alerts().exists()


def test_reviewing_again_tells_nobody_twice(centre, coordinators):
    make_months(centre, 2, ago(1), rate=0.8)  # written in bulk: not reviewed yet

    assert len(services.review_answer_rate([centre.pk])) == 1
    assert services.review_answer_rate([centre.pk]) == []

    assert alerts().count() == len(coordinators)


def test_each_centre_has_its_own_episodes(coordinators):
    low, fine, empty = CentreFactory.create_batch(3)
    make_months(low, 3, ago(1), rate=0.8)
    make_months(fine, 3, ago(1), rate=0.9)

    started = services.review_answer_rate([low.pk, fine.pk, empty.pk])

    assert [episode.centre for episode in started] == [low]
    assert set(alerts().values_list("link", flat=True)) == {reverse("steering:centre", args=[low.slug])}


# --- Milestones ------------------------------------------------------------------------------------


def test_each_deploying_centre_gets_the_modele_cible_once():
    guyane = deploying_centre()
    accessibilite = deploying_centre("Centre de réponse Accessibilité", status="prevu")
    CentreFactory(status="en_service")
    assert Milestone.objects.count() == 2 * len(STEPS)

    assert services.ensure_milestones() == 0
    assert Milestone.objects.count() == 2 * len(STEPS)

    MilestoneTemplate.objects.create(name="Convention avec l'ARS", sort_order=len(STEPS))
    assert services.ensure_milestones() == 2
    for centre in (guyane, accessibilite):
        assert list(centre.milestones.values_list("template__name", flat=True)) == [*STEPS, "Convention avec l'ARS"]


def test_ensure_milestones_leaves_existing_milestones_as_they_are(coordinator):
    centre = deploying_centre()
    step = centre.milestones.get(template__name="Locaux")
    Milestone.objects.filter(pk=step.pk).update(status=Milestone.Status.DONE, notes="Bail signé.")

    services.ensure_milestones([centre])
    modele_cible()

    step.refresh_from_db()
    assert (step.status, step.notes) == (Milestone.Status.DONE, "Bail signé.")
