"""Pages and messages in the words of each kind of opportunity: the link back to it, the
page a coach prints about a proposal, who answers a proposal (and what they see of the
person proposed), who gives the language support, the new-opportunity heading and the
notice after a save. One vocabulary per
purpose, and ``<vocabulary>_<kind>`` where a kind has its own words; ``web.labels``
takes them into its table, and ``kind_label`` picks the kind's own words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Who answers a proposal for a job or an internship ("answerer" below).
EMPLOYER_ANSWERS = {
    "name": _l("Employer"),
    "proposed": _l("Proposed. The employer has been told; you will hear when they answer."),
    "wrote": _l("The employer wrote"),
    "motivation": _l("Your motivation for the employer"),
    "withdraw": _l("Withdraw it when the person no longer wants this opportunity, or was "
                   "proposed by mistake. The employer is told that the person is no longer "
                   "available, without any other detail. You cannot propose them for this "
                   "opportunity again."),
    "withdrawn": _l("Proposal withdrawn. The employer has been told that %(name)s is no "
                    "longer available."),
    "answered": _l("The employer answered your proposal for %(title)s"),
    "sees": _l("The employer sees the pseudonym, languages, experience, skills and "
               "availability, your motivation, and your name and where you work. Never contact "
               "details, address, gender, birth year or your notes."),
}

KIND_WORDS = {
    # The link back to an opportunity's page, in the words of its kind (kind_label).
    "back_to_opportunity": {"link": _l("Back to the opportunity")},
    "back_to_opportunity_job": {"link": _l("Back to the job")},
    "back_to_opportunity_internship": {"link": _l("Back to the internship")},
    "back_to_opportunity_volunteering": {"link": _l("Back to the volunteering place")},
    "back_to_opportunity_training": {"link": _l("Back to the course")},
    "back_to_opportunity_tryout": {"link": _l("Back to the try-out")},
    # The page a coach prints for the candidate about a proposal (proposals/explanation):
    # a job's words, and the words of each other kind.
    "explanation": {
        "title": _l("Why your coach proposed you for this job"),
        "opportunity": _l("The job"),
        "offered_by": _l("The employer"),
        "listed": _l("Werkbrug put you on a list of people for this job. Your coach looked "
                     "at the list."),
        "found": _l("Your coach found this job for you. Werkbrug did not put you on a list "
                    "for it."),
        "decides": _l("Your coach chose to propose you. The employer decides if they invite "
                      "you."),
    },
    "explanation_internship": {
        "title": _l("Why your coach proposed you for this internship"),
        "opportunity": _l("The internship"),
        "listed": _l("Werkbrug put you on a list of people for this internship. Your coach "
                     "looked at the list."),
        "found": _l("Your coach found this internship for you. Werkbrug did not put you on a "
                    "list for it."),
    },
    "explanation_volunteering": {
        "title": _l("Why your coach proposed you for this volunteering place"),
        "opportunity": _l("The volunteering place"),
        "offered_by": _l("The organisation"),
        "listed": _l("Werkbrug put you on a list of people for this volunteering place. Your "
                     "coach looked at the list."),
        "found": _l("Your coach found this volunteering place for you. Werkbrug did not put "
                    "you on a list for it."),
        "decides": _l("Your coach chose to propose you. The organisation decides if they "
                      "invite you."),
    },
    "explanation_training": {
        "title": _l("Why your coach proposed you for this course"),
        "opportunity": _l("The course"),
        "offered_by": _l("The training provider"),
        "listed": _l("Werkbrug put you on a list of people for this course. Your coach looked "
                     "at the list."),
        "found": _l("Your coach found this course for you. Werkbrug did not put you on a list "
                    "for it."),
        "decides": _l("Your coach chose to propose you. The training provider decides if they "
                      "accept you."),
    },
    # Who answers a proposal, on the coach's pages and mails (kind_label): a job's or an
    # internship's employer, a course's training provider, a try-out's organiser (an
    # old proposal: try-outs go by enrolment, so nobody is proposed for one any more);
    # the organisation of a volunteering place, or where the kind is not known.
    "answerer": {
        "name": _l("Organisation"),
        "proposed": _l("Proposed. The organisation has been told; you will hear when they "
                       "answer."),
        "wrote": _l("The organisation wrote"),
        "motivation": _l("Your motivation for the organisation"),
        "withdraw": _l("Withdraw it when the person no longer wants this opportunity, or was "
                       "proposed by mistake. The organisation is told that the person is no "
                       "longer available, without any other detail. You cannot propose them "
                       "for this opportunity again."),
        "withdrawn": _l("Proposal withdrawn. The organisation has been told that %(name)s is "
                        "no longer available."),
        "answered": _l("The organisation answered your proposal for %(title)s"),
        # The propose page's intro: what the answerer sees of the person proposed.
        "sees": _l("The organisation sees the pseudonym, languages, experience, skills and "
                   "availability, your motivation, and your name and where you work. Never "
                   "contact details, address, gender, birth year or your notes."),
    },
    "answerer_job": EMPLOYER_ANSWERS,
    "answerer_internship": EMPLOYER_ANSWERS,
    "answerer_training": {
        "name": _l("Training provider"),
        "proposed": _l("Proposed. The training provider has been told; you will hear when "
                       "they answer."),
        "wrote": _l("The training provider wrote"),
        "motivation": _l("Your motivation for the training provider"),
        "withdraw": _l("Withdraw it when the person no longer wants this course, or was "
                       "proposed by mistake. The training provider is told that the person is "
                       "no longer available, without any other detail. You cannot propose "
                       "them for this course again."),
        "withdrawn": _l("Proposal withdrawn. The training provider has been told that "
                        "%(name)s is no longer available."),
        "answered": _l("The training provider answered your proposal for %(title)s"),
        "sees": _l("The training provider sees the pseudonym, languages, experience, skills "
                   "and availability, your motivation, and your name and where you work. Never "
                   "contact details, address, gender, birth year or your notes."),
    },
    "answerer_tryout": {
        "name": _l("Organiser"),
        "wrote": _l("The organiser wrote"),
        "motivation": _l("Your motivation for the organiser"),
        "withdraw": _l("Withdraw it when the person no longer wants this try-out, or was "
                       "proposed by mistake. The organiser is told that the person is no "
                       "longer available, without any other detail. You cannot propose them "
                       "for this try-out again."),
        "withdrawn": _l("Proposal withdrawn. The organiser has been told that %(name)s is no "
                        "longer available."),
        "answered": _l("The organiser answered your proposal for %(title)s"),
    },
    # Under the Dutch level on an opportunity's page: who gives the language support.
    "language_support": {
        "hint": _l("The employer offers a language coach or buddy, so one level lower is also "
                   "fine."),
    },
    "language_support_volunteering": {
        "hint": _l("The organisation offers a language coach or buddy, so one level lower is "
                   "also fine."),
    },
    "language_support_training": {
        "hint": _l("The course offers language support, so one level lower is also fine."),
    },
    "language_support_tryout": {
        "hint": _l("The organiser offers language support, so one level lower is also fine."),
    },
    # The form for a new opportunity and the notice after saving it, in its kind's words.
    "new_opportunity": {"heading": _l("New opportunity")},
    "new_opportunity_job": {"heading": _l("New job")},
    "new_opportunity_internship": {"heading": _l("New internship")},
    "new_opportunity_volunteering": {"heading": _l("New volunteering place")},
    "new_opportunity_training": {"heading": _l("New course")},
    "new_opportunity_tryout": {"heading": _l("New try-out")},
    "opportunity_saved": {
        "published": _l("Saved and published. Coaches can see it now."),
        "draft": _l("Saved as a draft. Coaches do not see it until you publish it."),
    },
    "opportunity_saved_training": {
        "published": _l("Course saved and published. Coaches can see it now."),
        "draft": _l("Course saved as a draft. Coaches do not see it until you publish it."),
    },
    "opportunity_saved_tryout": {
        "published": _l("Try-out saved and published. Coaches can see it now."),
        "draft": _l("Try-out saved as a draft. Coaches do not see it until you publish it."),
    },
}
