"""Open data: each reporting month published, frozen, public.

A ``Publication`` is one version of one period: what the ministry published, when, by whom and why (a correction
publishes a new version with a note; the old one stays available). Its published projects are copied at publishing
time into ``PublishedProject`` rows holding only the public columns of the field map (``access.fields.PUBLISHED``);
pages, files, the open API and the feed read these copies, never the live tables. The database refuses to change
or remove any of it (migration 0002); only ``files_ready_at`` is set once, when the background job has built the
period's files (``PublicationFile``: the record of a file; its bytes are in the open-data storage,
``settings.STORAGES["opendata"]``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.choices import Area


class PublicationQuerySet(models.QuerySet):
    def latest_one(self) -> "Publication | None":
        return self.order_by("-period", "-version").first()


class Publication(models.Model):
    period = models.DateField(_("reporting period"), help_text=_("The first day of the published month."))
    version = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("note"), blank=True, help_text=_("What a correction changed."))
    ratings = models.BooleanField(_("ratings published"), help_text=_("Whether the self-reported RAG is public."))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Empty: published by the schedule."),
    )
    published_at = models.DateTimeField(_("published"))
    summary = models.JSONField(_("summary"), help_text=_("Portfolio figures and public barriers, as published."))
    files_ready_at = models.DateTimeField(_("files ready"), null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("-period", "-version")
        constraints = [
            models.UniqueConstraint(fields=("period", "version"), name="opendata_one_period_version"),
            models.CheckConstraint(
                condition=models.Q(version=1) | ~models.Q(note=""), name="opendata_correction_has_note"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    @property
    def key(self) -> str:
        """The period as its URL and files name it: ``2026-10``."""
        return self.period.strftime("%Y-%m")


class PublishedProject(models.Model):
    """One project as a publication carries it: the public columns of it, its participants, status, milestones,
    indicators and their values (``record``), plus the few columns pages filter and sort on."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(_("code"), max_length=20)
    area = models.CharField(_("area"), max_length=16, choices=Area.choices)
    record = models.JSONField(_("record"))

    class Meta:
        verbose_name = _("published project")
        verbose_name_plural = _("published projects")
        ordering = ("code",)
        constraints = [
            models.UniqueConstraint(fields=("publication", "code"), name="opendata_one_project_per_publication")
        ]
        indexes = [models.Index(fields=("publication", "area", "code"), name="opendata_project_by_area")]

    def __str__(self) -> str:
        return self.code


class PublicationFile(models.Model):
    """A download of a publication (CSV tables, IATI activities XML in parts, the data package describing them, a
    ZIP of the lot): its name, type, size and checksum. The bytes are in the open-data storage under
    ``stored_name`` (a folder or an object store; a file can be larger than PostgreSQL's 1 GB for one value)."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(_("name"), max_length=100)
    media_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("publication file")
        verbose_name_plural = _("publication files")
        ordering = ("name",)
        constraints = [models.UniqueConstraint(fields=("publication", "name"), name="opendata_one_file_per_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def stored_name(self) -> str:
        return stored_name(self.publication, self.name)


def stored_name(publication: Publication, name: str) -> str:
    """Where a file of ``publication`` is kept in the open-data storage: ``2026-10/v1/projects.csv``."""
    return f"{publication.key}/v{publication.version}/{name}"
