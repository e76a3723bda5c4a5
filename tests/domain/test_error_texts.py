"""Operator-facing messages keep their template and values, so an interface can show
them in its own language, while reading exactly as before in English."""

from __future__ import annotations

import copy
import json
import pickle
from fractions import Fraction

import pytest

from domain import reference
from domain.errors import DomainError, IllegalTransition, NotFound, Text, ValidationError, msg
from domain.states import ARMS_APPLICATION, MUTATION, ensure_transition
from domain.values import Area, Cnic, Share, check_transfer


def test_a_text_is_its_english_string_and_keeps_template_and_params():
    text = msg("CNIC must have 13 digits; you typed {count}", count=10)
    assert isinstance(text, str) and isinstance(text, Text)
    assert text == "CNIC must have 13 digits; you typed 10"
    assert str(text) == "CNIC must have 13 digits; you typed 10" and type(str(text)) is str
    assert f"{text}!" == "CNIC must have 13 digits; you typed 10!"
    assert text.template == "CNIC must have 13 digits; you typed {count}"
    assert text.params == {"count": 10}
    assert hash(text) == hash("CNIC must have 13 digits; you typed 10")


def test_a_text_survives_pickling_and_copying():
    text = msg("{unit} must be a whole number", unit=msg("Kanal"))
    for again in (pickle.loads(pickle.dumps(text)), copy.deepcopy(text)):
        assert again == text and again.template == text.template
        assert again.params["unit"].template == "Kanal"


def test_as_dict_carries_template_and_json_safe_params():
    error = ValidationError(
        msg(
            "Cannot take {taken} from {area}: it is more than there is", taken="0-1-1", area="0-0-1"
        ),
        field="area",
    )
    answer = json.loads(json.dumps(error.as_dict()))
    assert answer == {
        "code": "validation",
        "message": "Cannot take 0-1-1 from 0-0-1: it is more than there is",
        "hints": {},
        "template": "Cannot take {taken} from {area}: it is more than there is",
        "params": {"taken": "0-1-1", "area": "0-0-1"},
    }
    assert type(error.as_dict()["message"]) is str


def test_as_dict_nests_a_message_given_as_a_param_and_stringifies_other_values():
    error = ValidationError(
        msg("{unit} cannot be negative; you typed {value}", unit=msg("Marla"), value=-1)
    )
    assert error.as_dict()["params"] == {"unit": {"template": "Marla", "params": {}}, "value": "-1"}


def test_a_plain_message_answers_as_before():
    assert DomainError("The record clashes", code="constraint").as_dict() == {
        "code": "constraint",
        "message": "The record clashes",
        "hints": {},
    }


def _raised(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def _carries_a_template(error: DomainError) -> None:
    assert isinstance(error.message, Text), f"{error.message!r} has no template"
    assert error.message.template.format(**error.message.params) == error.message
    answer = error.as_dict()
    assert answer["template"] == error.message.template and "params" in answer


@pytest.mark.parametrize(
    "typed",
    ["", "1730112345", "87301-1234567-1", "17301-1234567-0", "1730A-1234567-1", "1730-11234567-1"],
)
def test_every_bad_cnic_is_refused_with_a_template(typed):
    error = _raised(lambda: Cnic.parse(typed))
    assert isinstance(error, ValidationError) and error.field == "cnic"
    _carries_a_template(error)


def test_the_cnic_message_keeps_its_english_words():
    error = _raised(lambda: Cnic.parse("1730112345"))
    assert error.message == "CNIC must have 13 digits; you typed 10"
    assert error.message.params == {"count": 10}


@pytest.mark.parametrize("typed", ["", "2-25-3", "2-5-9", "2k 3k", "two kanal", "5m 2x"])
def test_every_bad_area_is_refused_with_a_template(typed):
    _carries_a_template(_raised(lambda: Area.parse(typed)))


def test_area_units_are_messages_too():
    error = _raised(lambda: Area.from_kms(0, -1, 0))
    assert error.message == "Marla cannot be negative; you typed -1"
    assert error.message.params["unit"].template == "Marla"
    _carries_a_template(_raised(lambda: Area(5) - Area(9)))
    _carries_a_template(_raised(lambda: Area(-1)))


@pytest.mark.parametrize("typed", ["0", "3/2", "1/0", "0.5", "a third"])
def test_every_bad_share_is_refused_with_a_template(typed):
    _carries_a_template(_raised(lambda: Share.parse(typed)))


@pytest.mark.parametrize(
    "holdings, gives, gets",
    [
        ({"A": Fraction(1, 2)}, {"A": Fraction(0)}, {"B": Fraction(1, 2)}),
        ({"A": Fraction(1, 2)}, {}, {"B": Fraction(1, 2)}),
        ({"A": Fraction(1, 4)}, {"A": Fraction(1, 2)}, {"B": Fraction(1, 2)}),
        ({}, {"A": Fraction(1, 2)}, {"B": Fraction(1, 2)}),
        ({"A": Fraction(1, 2)}, {"A": Fraction(1, 2)}, {"B": Fraction(1, 3)}),
    ],
)
def test_every_unbalanced_transfer_is_refused_with_a_template(holdings, gives, gets):
    _carries_a_template(_raised(lambda: check_transfer(holdings, gives, gets)))


def test_an_illegal_transition_names_record_and_states_as_messages():
    error = _raised(lambda: ensure_transition(ARMS_APPLICATION, "submitted", "approved"))
    assert isinstance(error, IllegalTransition)
    assert error.message == (
        "An arms licence application cannot go from 'submitted' to 'approved'; "
        "from 'submitted' it can go to 'cancelled', 'rejected' or 'voucher_issued'"
    )
    _carries_a_template(error)
    params = error.message.params
    assert params["record"].template == "An arms licence application"
    assert params["source"].template == "submitted" and params["target"].template == "approved"
    # the hints keep the codes, for the desktop to offer the next steps
    assert error.hints["allowed"] == ["cancelled", "rejected", "voucher_issued"]


def test_a_final_state_and_an_unknown_state_carry_templates():
    final = _raised(lambda: ensure_transition(MUTATION, "attested", "recorded"))
    assert final.message == (
        "A mutation cannot go from 'attested' to 'recorded'; a 'attested' mutation is final"
    )
    _carries_a_template(final)
    _carries_a_template(_raised(lambda: ensure_transition(MUTATION, "lost", "recorded")))


def test_a_missing_reference_code_carries_a_template():
    error = _raised(lambda: reference.weapon_type("XYZ"))
    assert isinstance(error, NotFound) and error.hints["kind"] == "weapon_type"
    assert error.message.params["what"].template == "weapon type"
    _carries_a_template(error)
