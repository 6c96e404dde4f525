import itertools

import pytest

from portdesk.domain.status import IllegalTransition, Status, Tab, check_transition, statuses_in


def test_every_status_belongs_to_exactly_one_tab():
    assert {s.tab for s in Status} == set(Tab)
    assert sum(len(statuses_in(t)) for t in Tab) == len(Status)


def test_rejected_order_waits_in_suspended_and_queued_in_progressing():
    assert Status.EXCEPTION.tab is Tab.SUSPENDED
    assert Status.QUEUED.tab is Tab.PROGRESSING
    assert Status.CANCELLED.tab is Tab.COMPLETED


@pytest.mark.parametrize("final", [Status.COMPLETED, Status.CANCELLED, Status.REJECTED_FINAL])
def test_final_statuses_cannot_move(final):
    assert final.is_final
    for other in Status:
        with pytest.raises(IllegalTransition):
            check_transition(final, other)


def test_draft_cannot_jump_to_completed_or_foc():
    with pytest.raises(IllegalTransition, match="draft cannot become completed"):
        check_transition(Status.DRAFT, Status.COMPLETED)
    with pytest.raises(IllegalTransition):
        check_transition(Status.DRAFT, Status.FOC_CONFIRMED)


def test_the_normal_life_of_a_port_is_allowed():
    path = [Status.DRAFT, Status.QUEUED, Status.SUBMITTED, Status.PENDING, Status.FOC_CONFIRMED, Status.COMPLETED]
    for old, new in itertools.pairwise(path):
        check_transition(old, new)


def test_a_rejection_can_be_fixed_and_resubmitted():
    check_transition(Status.PENDING, Status.EXCEPTION)
    check_transition(Status.EXCEPTION, Status.SUBMITTED)
