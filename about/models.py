"""Who publishes the site and who is clinically responsible: one row of settings staff fill in."""
from django.db import models
from django.urls import reverse

SINGLETON_ID = 1


class SiteSettings(models.Model):
    """The site's publisher, clinical lead, funding and contact, shown on the About page."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    publisher = models.CharField(
        "who publishes this site",
        max_length=200,
        blank=True,
        help_text="The organisation or person responsible for this site, as patients should see it, "
        "like “Riverside Clinic”. Until this is filled in, the About page says that it has not been given.",
    )
    publisher_url = models.URLField(
        "publisher's web site", max_length=500, blank=True, help_text="Optional: the publisher's own web address."
    )
    clinical_lead = models.CharField(
        "who is clinically responsible",
        max_length=200,
        blank=True,
        help_text="The clinician who answers for the medical content of this site, as patients should see "
        "the name, like “Dr Amina Shah”. Fill this in only once that person has agreed. Until then the "
        "About page says no one has been named.",
    )
    clinical_lead_role = models.CharField(
        "their role or qualifications",
        max_length=200,
        blank=True,
        help_text="Like “GP” or “Clinical pharmacist”. Shown after the name.",
    )
    funding = models.TextField(
        "who pays for the site",
        blank=True,
        help_text="One or two plain sentences saying who pays for this site, like “Riverside Clinic pays for "
        "this site from its own budget.” Until this is filled in, the About page says it has not been stated.",
    )
    contact_email = models.EmailField(
        "where to report a mistake",
        blank=True,
        help_text="An address that staff read, for readers who find a mistake. Until this is filled in, the "
        "About page says no address has been given.",
    )
    updated = models.DateTimeField(auto_now=True, help_text="When these settings were last saved.")

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"
        constraints = [models.CheckConstraint(condition=models.Q(id=SINGLETON_ID), name="site_settings_single_row")]

    def __str__(self):
        return "Site settings"

    def get_absolute_url(self):
        return reverse("about")

    @classmethod
    def load(cls):
        """The stored settings, or empty unsaved ones (a page view never writes)."""
        return cls.objects.filter(pk=SINGLETON_ID).first() or cls()
