"""Translated names for the fixed choices (roles, organisation kinds, levels, ...).

One table per vocabulary, so that forms, lists and exports say the same words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.accounts.roles import OrganisationKind, Role
from marketplace.taxonomy.levels import Cefr
from marketplace.translation_lookup import lazy_text
from marketplace.web.kind_words import KIND_WORDS

#: A full course's or try-out's answer, the same from each state that offers it.
COURSE_FULL = _l("Every place of this course is already taken, so you cannot accept anyone "
                 "else on it. Put them on the waiting list or decline instead.")
TRYOUT_FULL = _l("Every place of this try-out is already taken, so nobody else can take part. "
                 "Decline instead.")

LABELS = {
    "role": {
        Role.ADMIN: _l("Administrator"),
        Role.EMPLOYER: _l("Employer"),
        Role.COACH: _l("Job coach"),
        Role.ANALYST: _l("Sector analyst"),
    },
    "organisation_kind": {
        OrganisationKind.EMPLOYER: _l("Employer"),
        OrganisationKind.PARTNER: _l("Partner organisation"),
        OrganisationKind.FEDERATION: _l("Sector federation"),
        OrganisationKind.ADMIN_BODY: _l("Partnership administration"),
        OrganisationKind.TRAINING_PROVIDER: _l("Training provider"),
    },
    "cefr": {
        Cefr.NONE: _l("No Dutch yet"),
        Cefr.A1: _l("A1 (beginner)"),
        Cefr.A2: _l("A2 (basic)"),
        Cefr.B1: _l("B1 (independent)"),
        Cefr.B2: _l("B2 (good)"),
        Cefr.C1: _l("C1 (very good)"),
        Cefr.C2: _l("C2 (near native)"),
    },
    # What an organisation calls its own opportunities, by its kind: in the words of
    # the kinds it offers (opportunities.vocab.KINDS_FOR_ORGANISATION), for the menu,
    # the list's heading and the link back to the list.
    "own_opportunities": {
        OrganisationKind.EMPLOYER: _l("Your opportunities"),
        OrganisationKind.TRAINING_PROVIDER: _l("Your courses"),
        OrganisationKind.FEDERATION: _l("Your try-outs"),
    },
    "all_own_opportunities": {
        OrganisationKind.EMPLOYER: _l("All your opportunities"),
        OrganisationKind.TRAINING_PROVIDER: _l("All your courses"),
        OrganisationKind.FEDERATION: _l("All your try-outs"),
    },
    # The values of marketplace.opportunities.vocab (as text: importing that package
    # here would import its views); a test checks that every value has a label.
    "opportunity_kind": {
        "job": _l("Job"),
        "internship": _l("Internship"),
        "volunteering": _l("Volunteering"),
        "training": _l("Training course"),
        "tryout": _l("Job try-out"),
    },
    "opportunity_status": {
        "draft": _l("Draft"),
        "published": _l("Published"),
        "paused": _l("Paused"),
        "filled": _l("Filled"),
        "closed": _l("Closed"),
    },
    "contract_type": {
        "permanent": _l("Permanent contract"),
        "fixed_term": _l("Fixed-term contract"),
        "interim": _l("Temp agency work (interim)"),
        "student": _l("Student job"),
        "flexi": _l("Flexi-job"),
        "article_60": _l("Article 60 (through the OCMW)"),
        "training": _l("Training on the job (IBO through VDAB)"),
    },
    "schedule": {
        "day": _l("Daytime"),
        "evening": _l("Evenings"),
        "night": _l("Nights"),
        "weekend": _l("Weekends"),
        "shifts": _l("Shifts"),
    },
    # Candidate vocabularies: the keys are the values of the enums in
    # marketplace/candidates/vocabularies.py (a test checks that they stay the same).
    "candidate_status": {
        "active": _l("Active"),
        "paused": _l("Paused"),
        "placed": _l("Placed in work"),
        "left": _l("Left the trajectory"),
        "erased": _l("Erased"),
    },
    "dutch_level_source": {
        "certificate": _l("Certificate or exam"),
        "course_test": _l("Test at the Dutch course"),
        "coach_assessment": _l("Estimate by the coach"),
        "self_assessment": _l("Self-assessment"),
    },
    "education_level": {
        "none": _l("No school diploma"),
        "primary": _l("Primary school"),
        "secondary": _l("Secondary school"),
        "higher_vocational": _l("Higher vocational education"),
        "bachelor_or_higher": _l("Bachelor or higher"),
    },
    "diploma_recognition": {
        "none": _l("Not recognised (or not asked)"),
        "pending": _l("Asked, waiting for an answer"),
        "recognised": _l("Recognised"),
    },
    "work_permission": {
        "yes": _l("Yes"),
        "pending": _l("Waiting for a decision"),
        "no": _l("No"),
    },
    # The barriers of marketplace.barriers.vocab (documented in docs/architecture.md).
    "barrier_kind": {
        "childcare": _l("Childcare"),
        "no_bike": _l("Mobility: no bike (or cannot ride one)"),
        "no_driving_licence": _l("Mobility: no driving licence"),
        "no_transport_money": _l("Mobility: no money for transport"),
        "health": _l("Health"),
        "housing": _l("Housing"),
        "residence_permit": _l("Residence or work permit"),
        "diploma_recognition": _l("Diploma recognition"),
        "digital_skills": _l("Digital skills"),
        "dutch": _l("Dutch"),
        "caring_duties": _l("Caring for someone"),
        "discrimination": _l("Experience of discrimination"),
        "other": _l("Something else"),
    },
    "barrier_status": {
        "open": _l("Open"),
        "in_progress": _l("Being worked on"),
        "solved": _l("Solved"),
    },
    "trajectory": {
        "integrated": _l("Integrated: work and Dutch course together"),
        "linear": _l("Linear: first the course, then work"),
    },
    "step_kind": {
        "intake": _l("Intake"),
        "dutch_course": _l("Dutch course"),
        "conversation_group": _l("Conversation group"),
        "tryout": _l("Job try-out"),
        "volunteering": _l("Volunteering"),
        "training": _l("Training course"),
        "internship": _l("Internship"),
        "job": _l("Job"),
    },
    "trajectory_short": {
        "integrated": _l("Integrated"),
        "linear": _l("Linear"),
    },
    "commute_means": {
        "foot": _l("On foot"),
        "bike": _l("Bike"),
        "public_transport": _l("Public transport"),
        "car": _l("Car"),
    },
    "day_part": {
        "mornings": _l("Mornings"),
        "afternoons": _l("Afternoons"),
        "evenings": _l("Evenings"),
        "nights": _l("Nights"),
        "weekends": _l("Weekends"),
    },
    "consent_method": {
        "signed_form": _l("Signed a form"),
        "spoken": _l("Said yes in a conversation"),
        "spoken_with_interpreter": _l("Said yes with an interpreter"),
        "written_message": _l("In writing (e-mail or message)"),
    },
    "gender": {
        "woman": _l("Woman"),
        "man": _l("Man"),
        "non_binary": _l("Non-binary (X)"),
    },
    # ISCO-08 major groups: ESCO names them in English only; the dashboards of
    # marketplace/insights show them in the user's language (the Dutch names follow
    # Statbel's). Deeper ISCO levels keep ESCO's English labels.
    "isco_major": {
        "0": _l("Armed forces occupations"),
        "1": _l("Managers"),
        "2": _l("Professionals"),
        "3": _l("Technicians and associate professionals"),
        "4": _l("Clerical support workers"),
        "5": _l("Service and sales workers"),
        "6": _l("Skilled agricultural, forestry and fishery workers"),
        "7": _l("Craft and related trades workers"),
        "8": _l("Plant and machine operators, and assemblers"),
        "9": _l("Elementary occupations"),
    },
    # The keys of marketplace.insights.queries.HOURS_BANDS.
    "hours_band": {
        "up_to_12": _l("Up to 12 hours a week"),
        "up_to_24": _l("More than 12, up to 24 hours"),
        "up_to_32": _l("More than 24, up to 32 hours"),
        "over_32": _l("More than 32 hours"),
    },
    "erasure_reason": {
        "request": _l("The person asked for it"),
        "retention": _l("Kept longer than needed"),
        "consent_withdrawn": _l("Consent withdrawn: no reason to keep the data"),
    },
    # The values of marketplace.proposals.vocab (as text, like the opportunity ones).
    "proposal_state": {
        "proposed": _l("Proposed"),
        "interview": _l("Invited to an interview"),
        "hired": _l("Hired"),
        "declined": _l("Declined"),
        "withdrawn": _l("Withdrawn"),
        "waiting_list": _l("On the waiting list"),
    },
    # Where a training course says other words than a job (see kind_label below).
    "proposal_state_training": {
        "hired": _l("Accepted"),
    },
    "proposal_state_tryout": {
        "hired": _l("Accepted"),
    },
    # Pages and messages in the words of each kind of opportunity (kind_label).
    **KIND_WORDS,
    # The values of marketplace.tryouts.vocab.
    "enrolment_status": {
        "enrolled": _l("Enrolled"),
        "waiting": _l("On the waiting list"),
        "attended": _l("Came"),
        "absent": _l("Did not come"),
        "cancelled": _l("Cancelled"),
    },
    "decline_reason": {  # "profile" in the kind's words below; "het aanbod" if unknown
        "profile": _l("The profile does not fit this opportunity"),
        "language": _l("Their Dutch or other languages are not enough yet"),
        "availability": _l("Not available at the times or date we need"),
        "place_filled": _l("We already found someone"),
        "no_show": _l("Did not come to the interview"),
        "other": _l("Another reason"),
    },
    "decline_reason_job": {"profile": _l("The profile does not fit the job")},
    "decline_reason_internship": {"profile": _l("The profile does not fit the internship")},
    "decline_reason_volunteering": {
        "profile": _l("The profile does not fit the volunteering place"),
    },
    "decline_reason_training": {
        "profile": _l("The profile does not fit the course"),
        "place_filled": _l("The course is full"),
        "no_show": _l("Did not come to the intake"),
    },
    # An old proposal for a try-out: a try-out has no interview and is full, not filled
    # by someone (stored reasons read in these words when shown).
    "decline_reason_tryout": {
        "profile": _l("The profile does not fit the try-out"),
        "place_filled": _l("The try-out is full"),
        "no_show": _l("Did not come to the try-out"),
    },
    # The values of marketplace.suggestions.vocab and of the matching's hard requirements.
    "dismiss_reason": {
        "not_interested": _l("The candidate is not interested"),
        "profile": _l("The profile does not fit this opportunity"),
        "practical": _l("Practical reasons (travel, hours, childcare)"),
        "not_ready": _l("Not ready yet (language, training)"),
        "already_busy": _l("Already busy with another opportunity"),
        "other": _l("Another reason"),
    },
    "suggestion_fit": {
        "strong": _l("Strong fit"),
        "good": _l("Good fit"),
        "possible": _l("Possible fit"),
    },
    "suggestion_mark": {  # the marks on a suggestion row (suggestions/marks.py)
        "dutch": _l("Dutch"),
        "working_time": _l("Working time"),
        "distance": _l("Distance"),
        "skills": _l("Skills"),  # the must-have skills: the legend on the page says so
        "hours": _l("Hours"),
        "permit": _l("Work permit"),
        "consent": _l("Consent"),
        "kind": _l("Kind of opportunity"),  # of any kind: the sentence names it
        "already_proposed": _l("Already proposed"),
    },
    "mark_state": {  # read out after a mark: its symbol is hidden from screen readers
        "met": _l("met"),
        "partly": _l("partly met"),
        "unmet": _l("not met"),
        "unknown": _l("unknown"),
    },
    "hard_requirement": {
        "consent": _l("No active consent to be matched."),
        "kind": _l("Is not looking for this kind of opportunity."),
        "dutch_level": _l("Dutch is below the level asked."),
        "distance": _l("Lives further away than they travel."),
        "allowed_to_work": _l("Not allowed to work in Belgium."),
        "already_proposed": _l("Already proposed or placed here."),
        "working_time": _l("Cannot work at the working time asked."),
    },
    # The kind requirement in the kind's words (a try-out is open to all: never unmet).
    "hard_requirement_job": {"kind": _l("Is not looking for a job.")},
    "hard_requirement_internship": {"kind": _l("Is not looking for an internship.")},
    "hard_requirement_volunteering": {"kind": _l("Is not looking for volunteering.")},
    "hard_requirement_training": {"kind": _l("Is not looking for a training course.")},
    "employer_answer": {
        "invite": _l("Invite to an interview"),
        "hire": _l("Hired"),
        "decline": _l("Decline"),
        "waiting_list": _l("Put on the waiting list"),
    },
    "employer_answer_training": {
        "hire": _l("Accept on the course"),
    },
    # An old proposal for a try-out (try-outs go by enrolment now): its "hire" lets the
    # person take part and places nobody (proposals.vocab.KINDS_WITHOUT_PLACEMENT).
    "employer_answer_tryout": {
        "hire": _l("Let them take part in the try-out"),
    },
    # Every place is taken, so no hire: by the proposal's open state, the answers the
    # kind still offers from it (proposals.vocab.answers_for with full=True). An invited
    # person is invited again to plan or change the interview.
    "opportunity_filled": {
        "proposed": _l("Every place of this opportunity is already taken, so you cannot hire "
                       "anyone else for it. Invite or decline instead."),
        "interview": _l("Every place of this opportunity is already taken, so you cannot hire "
                        "anyone else for it. The person is invited already: invite them again "
                        "to plan or change the interview, or decline."),
    },
    "opportunity_filled_training": {
        "proposed": COURSE_FULL,
        "interview": COURSE_FULL,
        "waiting_list": _l("Every place of this course is already taken, so you cannot accept "
                           "anyone else on it. Leave them on the waiting list, or decline."),
    },
    "opportunity_filled_tryout": {"proposed": TRYOUT_FULL, "interview": TRYOUT_FULL},
}


def choice_label(vocabulary: str, value) -> str:
    """The translated label of ``value`` in ``vocabulary``; the value itself if unknown."""
    if value is None:
        return ""
    return lazy_text(LABELS[vocabulary].get(value, value))


def kind_label(vocabulary: str, value, kind: str | None) -> str:
    """``choice_label`` with the words of an opportunity kind where it has its own
    (``<vocabulary>_<kind>``): a training course "accepts" where an employer "hires".

    >>> kind_label("proposal_state", "declined", "training") == choice_label(
    ...     "proposal_state", "declined")
    True
    """
    own = LABELS.get(f"{vocabulary}_{kind}", {})
    if value in own:
        return lazy_text(own[value])
    return choice_label(vocabulary, value)


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """``(value, label)`` pairs for a select field, in the vocabulary's order."""
    return [(str(value), lazy_text(label)) for value, label in LABELS[vocabulary].items()]


def kind_choices(vocabulary: str, kind: str | None) -> list[tuple[str, str]]:
    """``choices`` in the words of an opportunity kind where it has its own
    (``kind_label``): a course's decline reasons speak of the course."""
    return [(str(value), kind_label(vocabulary, value, kind)) for value in LABELS[vocabulary]]
