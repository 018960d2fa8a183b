"""The demo's documents: a few projects' libraries, evidence on their latest accepted updates, a milestone's
deliverable and a barrier's petition — small PDFs made here, so ``/projects/<code>/documents/`` is not empty on a
fresh ``make run``. Idempotent: nothing is added once the first demo document exists."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core.reviewed import ReviewState
from documents import services
from documents.models import Document
from members.models import Role, User
from projects.demo import SeedResult
from projects.models import PolicyBarrier, Project

# (project code, folder, file name, confidential)
LIBRARY = [
    ("MOB-01", "contracts", "협약서_MOB-01.pdf", True),
    ("MOB-01", "plans", "MOB-01 사업계획서.pdf", True),
    ("MOB-01", "presentations", "MOB-01 kick-off.pdf", False),
    ("MOB-02", "results", "MOB-02 실증 중간보고서.pdf", False),
    ("PRD-05", "results", "PRD-05 interim results.pdf", False),
    ("MAC-02", "plans", "MAC-02 사업계획서.pdf", True),
]
EVIDENCE = ["MOB-01", "MOB-02", "MAC-02", "PRD-05"]  # evidence on each one's latest accepted update


def pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica: the demo's file names carry the Korean)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setTitle(title)
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 770, title)
    page.setFont("Helvetica", 11)
    for n, line in enumerate(lines):
        page.drawString(72, 740 - 16 * n, line)
    page.save()
    return buffer.getvalue()


def _file(name: str, code: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(code, ["Industrial AI Alliance", "A demo document of the portal."]))


def _editor(project: Project) -> User | None:
    return User.objects.filter(organization=project.lead_organization, role=Role.MEMBER_EDITOR).order_by("pk").first()


@transaction.atomic
def seed(result: SeedResult) -> None:
    if Document.objects.exists():
        return
    projects = {p.code: p for p in Project.objects.filter(code__in={row[0] for row in LIBRARY} | set(EVIDENCE))}
    for code, folder, name, confidential in LIBRARY:
        project = projects.get(code)
        if project is not None and _editor(project) is not None:
            services.attach(project, _file(name, code), _editor(project), folder=folder, confidential=confidential)
            result.count("documents")
    for code in EVIDENCE:
        project = projects.get(code)
        update = project and project.status_updates.filter(state=ReviewState.ACCEPTED).order_by("-period").first()
        if update is not None:
            name = f"{code} {update.period:%Y-%m} 증빙.pdf"
            services.attach(update, _file(name, code), update.author, confidential=True)
            result.count("documents")
    barrier = PolicyBarrier.objects.order_by("pk").first()
    admin = User.objects.filter(username="ministry").first()
    if barrier is not None and admin is not None:
        services.attach(barrier, _file("규제 개선 건의서.pdf", "petition"), admin, confidential=False)
        result.count("documents")
