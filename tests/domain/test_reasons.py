"""The rejection-reason catalogue: its ids are the headless contract."""

from __future__ import annotations

from portdesk.domain.reasons import REASONS, reason, rejection

CONTRACT_IDS = {
    "name_mismatch", "auth_person_mismatch", "address_mismatch", "account_number_mismatch", "pin_invalid",
    "btn_mismatch", "main_btn_on_partial", "port_type_incorrect", "number_not_on_account", "not_portable",
    "pending_order", "special_feature", "must_split", "foc_rejected", "losing_carrier_silent", "other",
}


def test_the_catalogue_holds_exactly_the_contract_ids():
    assert set(REASONS) == CONTRACT_IDS


def test_every_fix_that_has_a_field_names_it():
    for entry in REASONS.values():
        assert entry.text and entry.fix
        if entry.field:
            assert entry.field in entry.fix


def test_an_unknown_id_is_other_and_the_providers_words_are_kept():
    assert reason("no_such").id == "other"
    got = rejection("no_such", "X1", "  The carrier's own words  ")
    assert (got.reason, got.code, got.text) == ("other", "X1", "The carrier's own words")
