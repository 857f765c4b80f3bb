"""A job's page embeds schema.org JobPosting data that job boards can read, and no text
in it can break out of its data block."""

from __future__ import annotations

import json
import re

from marketplace.db_types import local_date
from marketplace.extensions import db
from marketplace.opportunities.jsonld import employment_types, job_posting

BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def blocks(page: str) -> list[str]:
    return BLOCK.findall(page)


def test_a_published_job_has_a_job_posting(client, login_as, make_opportunity):
    opportunity = make_opportunity(status="published", starts_on=None)
    login_as("coach_a")
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    (block,) = blocks(page)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["title"] == "Heftruckchauffeur"
    assert data["description"] == "Laden en lossen."
    # the Belgian day it was published: after 23:00 UTC that is already tomorrow
    assert data["datePosted"] == local_date(opportunity.published_at).isoformat()
    assert data["validThrough"] == opportunity.closes_on.isoformat()
    assert data["employmentType"] == ["FULL_TIME", "TEMPORARY"]
    assert data["hiringOrganization"] == {"@type": "Organization",
                                          "name": "Employer A Logistics"}
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress", "postalCode": "2030", "addressLocality": "Antwerpen",
        "addressCountry": "BE"}
    assert data["occupationalCategory"] == "8344"


def test_script_end_tags_in_the_text_cannot_break_out(client, login_as, make_opportunity):
    description = 'Veilig werken.</script><script>alert("x")</script> <!-- & \' "'
    opportunity = make_opportunity(status="published", description=description,
                                   title="</SCRIPT> heftruck")
    login_as("coach_a")
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    head = page.split("</head>", 1)[0]
    assert head.count("</script>") == 3  # htmx, werkbrug.js and the data block
    assert "<script>alert" not in page
    (block,) = blocks(page)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["description"] == description  # still the same text once read
    assert data["title"] == "</SCRIPT> heftruck"


def test_no_job_posting_for_drafts_internships_or_volunteering(app, make_opportunity):
    draft = make_opportunity()
    internship = make_opportunity(status="published", kind="internship", contract_type=None,
                                  internship_weeks=8)
    paused = make_opportunity(status="paused")
    assert job_posting(draft) is None
    assert job_posting(internship) is None
    assert job_posting(paused) is None


def test_the_owner_sees_no_data_block_on_a_draft(client, login_as, make_opportunity):
    opportunity = make_opportunity()
    login_as("employer_a")
    page = client.get(f"/opportunities/{opportunity.id}").get_data(as_text=True)
    assert blocks(page) == []


def test_employment_type_follows_hours_and_contract(make_opportunity):
    part_time = make_opportunity(hours_per_week=20, contract_type="permanent")
    assert employment_types(part_time) == ["PART_TIME"]
    part_time.contract_type = "flexi"
    db.session.flush()
    assert employment_types(part_time) == ["PART_TIME", "TEMPORARY"]
