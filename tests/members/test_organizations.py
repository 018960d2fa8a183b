import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.validators import brn_check_digit, validate_business_registration_number
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_check_digit_matches_a_published_registration_number():
    # 124-81-00998: weighted sum 1+6+28+8+3+0+0+27+45 = 118, plus 9*5//10 = 4 -> 122 -> check digit 8.
    assert brn_check_digit("124810099") == 8


def test_valid_registration_number_is_accepted():
    validate_business_registration_number("1248100998")


def test_registration_number_with_wrong_check_digit_is_rejected_with_a_clear_message(english):
    with pytest.raises(ValidationError) as error:
        validate_business_registration_number("1248100997")
    assert error.value.code == "brn_checksum"
    assert "check digit" in str(error.value.messages[0])


@pytest.mark.parametrize("value", ["124-81-00998", "12481009", "12481009981", "124810099A", "１２４８１００９９８"])
def test_malformed_registration_number_is_rejected(value):
    with pytest.raises(ValidationError) as error:
        validate_business_registration_number(value)
    assert error.value.code == "brn_format"


def test_organization_full_clean_reports_the_registration_number_field():
    organization = OrganizationFactory.build(business_registration_number="1248100997")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "business_registration_number" in error.value.message_dict


def test_database_refuses_a_registration_number_that_is_not_ten_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(business_registration_number="12-3")


def test_two_organizations_cannot_share_a_registration_number():
    OrganizationFactory(business_registration_number="1248100998")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(business_registration_number="1248100998")


def test_organizations_without_a_registration_number_do_not_collide():
    OrganizationFactory(business_registration_number="")
    OrganizationFactory(business_registration_number="")


def test_unknown_kind_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationFactory(kind="club")


def test_organization_changes_are_recorded_in_history():
    organization = OrganizationFactory(name_en="Old name")
    organization.name_en = "New name"
    organization.save()
    assert [h.name_en for h in organization.history.order_by("history_date")] == ["Old name", "New name"]


def test_registration_number_error_is_in_korean_by_default():
    with pytest.raises(ValidationError) as error:
        validate_business_registration_number("1248100997")
    assert "검증 숫자가 맞지 않습니다" in error.value.messages[0]


def test_a_nul_typed_in_the_organization_box_is_ignored_not_a_server_error(client, users):
    client.force_login(users["member"])
    response = client.get("/members/suggest/", {"organization": "현대\x00"})
    assert response.status_code == 200
    assert response.content.decode().count("<option") == client.get(
        "/members/suggest/", {"organization": "현대"}
    ).content.decode().count("<option")
