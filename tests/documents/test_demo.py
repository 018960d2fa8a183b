"""The demo files documents on some projects, so their pages are not empty on a fresh ``make run``."""

from access.policy import restrict
from core.reviewed import ReviewState
from documents import files, services
from documents.choices import AttachedTo
from documents.models import Document, DocumentVersion
from members.models import User


def test_the_demo_has_library_documents_evidence_and_a_barrier_petition(demo):
    kinds = set(Document.objects.values_list("attached_to", flat=True))
    assert kinds == {AttachedTo.PROJECT, AttachedTo.STATUS_UPDATE, AttachedTo.BARRIER}
    evidence = Document.objects.filter(attached_to=AttachedTo.STATUS_UPDATE)
    assert evidence.count() >= 3
    assert not evidence.exclude(status_update__state=ReviewState.ACCEPTED).exists()


def test_the_demo_files_are_real_pdfs(demo):
    for version in DocumentVersion.objects.all():
        with services.storage().open(version.blob, "rb") as handle:
            assert files.sniff(handle) is files.PDF


def test_the_demo_member_sees_its_projects_confidential_papers_and_the_partner_only_open_ones(demo):
    member, partner = User.objects.get(username="member"), User.objects.get(username="partner")
    confidential = Document.objects.filter(confidential=True, project__lead_organization=member.organization)
    assert confidential.exists()
    assert restrict(confidential, member).count() == confidential.count()
    seen_by_partner = restrict(Document.objects.all(), partner)
    assert seen_by_partner.exists() and not seen_by_partner.filter(confidential=True).exists()
