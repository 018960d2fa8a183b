import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from members.models import Role
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_role_without_organization_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.MEMBER_EDITOR, organization=None)


def test_ministry_role_with_an_organization_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.MINISTRY_VIEWER, organization=OrganizationFactory())


def test_member_role_without_organization_fails_validation_with_a_message(english):
    user = UserFactory.build(role=Role.MEMBER_VIEWER, organization=None)
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "Member roles require an organization" in str(error.value)


def test_partner_may_have_an_organization_or_none():
    UserFactory(role=Role.PARTNER, organization=None)
    UserFactory(role=Role.PARTNER, organization=OrganizationFactory())


def test_only_ministry_admin_has_admin_permissions():
    admin = UserFactory(role=Role.MINISTRY_ADMIN)
    viewer = UserFactory(role=Role.MINISTRY_VIEWER)
    superuser_partner = UserFactory(role=Role.PARTNER, is_superuser=True)
    assert admin.has_perm("projects.change_project")
    assert not viewer.has_perm("projects.view_project")
    assert not superuser_partner.has_perm("projects.change_project")


def test_deactivated_ministry_admin_loses_admin_permissions():
    admin = UserFactory(role=Role.MINISTRY_ADMIN, is_active=False)
    assert not admin.has_perm("projects.change_project")


def test_organization_name_follows_the_active_language_with_fallback():
    organization = OrganizationFactory(name_ko="현대제철", name_en="Hyundai Steel")
    with translation.override("en"):
        assert organization.name == "Hyundai Steel"
    with translation.override("ko"):
        assert organization.name == "현대제철"
    organization.name_en = ""
    with translation.override("en"):
        assert organization.name == "현대제철"


def test_password_is_not_kept_in_user_history():
    user = UserFactory()
    user.set_password("another-long-password-1")
    user.save()
    assert not hasattr(user.history.first(), "password")


def test_a_new_email_address_needs_the_current_password_and_the_old_address_is_told(client):
    from django.core import mail

    user = UserFactory(role=Role.MEMBER_EDITOR, email="old@example.kr")
    client.force_login(user)
    form = {"first_name": "Min", "last_name": "Kim", "email": "new@example.kr", "preferred_language": "ko"}
    response = client.post("/accounts/profile/", {**form, "current_password": "wrong"})
    assert response.status_code == 200 and "current_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.email == "old@example.kr" and mail.outbox == []

    response = client.post("/accounts/profile/", {**form, "current_password": "correct-horse-battery-staple"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.kr"
    assert [m.to for m in mail.outbox] == [["old@example.kr"]] and "new@example.kr" in mail.outbox[0].body


def test_other_profile_changes_need_no_password(client):
    user = UserFactory(role=Role.MEMBER_EDITOR, email="same@example.kr")
    client.force_login(user)
    form = {"first_name": "Min", "last_name": "Kim", "email": "same@example.kr", "preferred_language": "en"}
    assert client.post("/accounts/profile/", form).status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.preferred_language) == ("Min", "en")
