"""The suggestion pages: for an opportunity, for a candidate; dismissing and restoring;
the admins' switch for the ranking.

Thin views: parse the request, call one operation, commit once, render or redirect.
Showing a suggestion page writes its log (the list and its entries) and commits it in
the GET request: the log is what every later decision links back to. The two list
pages render before that commit, in the same transaction: a commit expires every
object, and rendering after it read the coach, the list, its entries and the
opportunity or candidate again (four statements a page). A page that fails to render
is not logged as shown.

``?page=2`` shows places 21 to 40 of the same list, logged as a list of its own with
those ranks; a page that is no number shows the first page, one past the end the
last, each with a notice.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.permissions import Permission
from marketplace.candidates.queries import own_candidate_or_404
from marketplace.extensions import db
from marketplace.opportunities.queries import visible_opportunity_or_404
from marketplace.proposals.vocab import goes_by_enrolment
from marketplace.security import requires
from marketplace.suggestions import display, operations, queries, row_html
from marketplace.suggestions.forms import DismissForm, RankingForm
from marketplace.suggestions.models import SuggestionEntry
from marketplace.suggestions.ranking import PAGE_SIZE
from marketplace.suggestions.vocab import SuggestionSubject
from marketplace.web.i18n import current_language
from marketplace.web.pagination import requested_page_number

bp = Blueprint("suggestions", __name__, url_prefix="/suggestions")


def _near_misses_asked() -> bool:
    return request.args.get("near") == "1"


def _page_asked() -> int | None:
    """The page of the list asked for (``?page=``): 1 without one, None when it is no
    page number."""
    return requested_page_number(PAGE_SIZE)


@bp.get("/opportunities/<int:opportunity_id>")
@requires(Permission.USE_SUGGESTIONS)
def for_opportunity(opportunity_id: int):
    opportunity = visible_opportunity_or_404(opportunity_id, current_user)
    near, asked = _near_misses_asked(), _page_asked()
    dismissals = queries.open_dismissals_of_opportunity(opportunity.id, current_user)
    result, shown = operations.show_candidates_for(
        opportunity, current_user, near_misses=near, page=asked or 1,
        dismissed={d.candidate_id for d in dismissals})
    listing = display.list_page(result, asked)
    rows, near_rows = display.page_rows(result, shown, current_user, current_language(),
                                        opportunity=opportunity)
    page = render_template(
        "suggestions/for_opportunity.html", opportunity=opportunity, result=result,
        by_enrolment=goes_by_enrolment(opportunity.kind),
        rows=rows, near_rows=near_rows, near=near, listing=listing,
        dismissed=[d for d in dismissals if d.visible],
        match_row=row_html.match_row, candidate_heading=row_html.candidate_heading,
    )
    db.session.commit()  # after rendering: see the module docstring
    return page


@bp.get("/candidates/<int:candidate_id>")
@requires(Permission.USE_SUGGESTIONS)
def for_candidate(candidate_id: int):
    candidate = own_candidate_or_404(candidate_id, current_user)
    near, asked = _near_misses_asked(), _page_asked()
    dismissed = queries.open_dismissals_of_candidate(candidate.id)
    result, shown = operations.show_opportunities_for(
        candidate, current_user, near_misses=near, page=asked or 1,
        dismissed={d.opportunity_id for d in dismissed})
    listing = display.list_page(result, asked)
    rows, near_rows = display.page_rows(result, shown, current_user, current_language())
    page = render_template(
        "suggestions/for_candidate.html", candidate=candidate, result=result, rows=rows,
        near_rows=near_rows, near=near, listing=listing, dismissed=dismissed,
        match_row=row_html.match_row, opportunity_heading=row_html.opportunity_heading,
    )
    db.session.commit()  # after rendering: see the module docstring
    return page


def _list_url(subject: str, subject_id: int, page: int, *, near: bool, anchor: str) -> str:
    """A suggestion page (``subject`` says which of the two) at ``page``, with the near
    misses shown or hidden as the coach had them, landing on ``anchor``."""
    part = {"page": page} if page > 1 else {}
    if near:
        part["near"] = 1
    if subject == SuggestionSubject.CANDIDATE:
        return url_for("suggestions.for_candidate", candidate_id=subject_id, _anchor=anchor,
                       **part)
    return url_for("suggestions.for_opportunity", opportunity_id=subject_id, _anchor=anchor,
                   **part)


def _entry_place(entry: SuggestionEntry) -> str:
    """Where the entry was shown: the page of its list that holds its place (its rank
    says which), at that place (``place-<rank>``, the row's id). Once the entry is set
    aside, the next suggestion moves up into its place: the coach goes on from there."""
    shown = entry.suggestion_list
    subject_id = (shown.opportunity_id if shown.subject == SuggestionSubject.OPPORTUNITY
                  else shown.candidate_id)
    return _list_url(shown.subject, subject_id, display.entry_page(entry.rank),
                     near=_near_misses_asked(), anchor=f"place-{entry.rank}")


@bp.route("/entries/<int:entry_id>/dismiss", methods=["GET", "POST"])
@requires(Permission.USE_SUGGESTIONS)
def dismiss(entry_id: int):
    entry = queries.own_entry_or_404(entry_id, current_user)
    back = _entry_place(entry)
    form = DismissForm()
    if form.validate_on_submit():
        try:
            operations.dismiss_suggestion(entry, current_user, reason=form.reason.data,
                                          note=form.note.data)
        except operations.AlreadyDismissed:
            db.session.rollback()
            flash(_("This suggestion was already set aside."), "error")
            return redirect(back)
        db.session.commit()
        flash(_("Suggestion set aside. You can bring it back under "
                "\"Suggestions set aside\"."), "success")
        return redirect(back)
    candidate = queries.candidate_labels({entry.candidate_id}, current_user)[entry.candidate_id]
    opportunity = queries.opportunities_by_id({entry.opportunity_id})[entry.opportunity_id]
    return render_template("suggestions/dismiss.html", form=form, entry=entry,
                           candidate=candidate, opportunity=opportunity, back=back)


def _restored_from(dismissal) -> str:
    """The page the coach restored from, at its "set aside" section: the form says which
    of the two pages (``back``), which page of it (``page``, read as the page's own
    ``?page=``: no page number is the first page, one past the end shows the last) and
    whether the near misses were shown (``near``)."""
    page = requested_page_number(PAGE_SIZE, request.form) or 1
    near = request.form.get("near") == "1"
    if request.form.get("back") == SuggestionSubject.CANDIDATE:
        return _list_url(SuggestionSubject.CANDIDATE, dismissal.candidate_id, page, near=near,
                         anchor="dismissed-heading")
    return _list_url(SuggestionSubject.OPPORTUNITY, dismissal.opportunity_id, page, near=near,
                     anchor="dismissed-heading")


@bp.post("/dismissals/<int:dismissal_id>/restore")
@requires(Permission.USE_SUGGESTIONS)
def restore(dismissal_id: int):
    dismissal = queries.restorable_dismissal_or_404(dismissal_id, current_user)
    back = _restored_from(dismissal)
    try:
        operations.restore_suggestion(dismissal, by=current_user)
    except operations.AlreadyRestored:
        db.session.rollback()
        flash(_("This suggestion was already brought back."), "error")
        return redirect(back)
    db.session.commit()
    flash(_("Suggestion brought back: it shows again in the suggestions."), "success")
    return redirect(back)


@bp.route("/ranking", methods=["GET", "POST"])
@requires(Permission.MANAGE_RANKING)
def ranking():
    enabled = operations.ranking_enabled()
    form = RankingForm(data={"enabled": "on" if enabled else "off"}
                       if request.method == "GET" else None)
    if form.validate_on_submit():
        operations.set_ranking_enabled(form.enabled.data == "on", by=current_user)
        db.session.commit()
        flash(_("Ranking switched on.") if form.enabled.data == "on"
              else _("Ranking switched off. Coaches now see unranked lists."), "success")
        return redirect(url_for("ranking.models"))
    return render_template("suggestions/ranking.html", form=form, enabled=enabled,
                           setting=operations.ranking_setting())
