"""A problem's ``detail`` speaks the caller's language, like its ``title``: Dutch by
default, English with ``Accept-Language: en``; technical tokens (scopes, content types,
headers) stay as they are. One family of problems per test."""

from __future__ import annotations

from tests.api.conftest import assert_problem
from tests.api.test_opportunity_writes import job
from tests.factories import make_api_token, make_opportunity

LIST = "/api/v1/opportunities"
ENGLISH = {"Accept-Language": "en"}


def test_an_auth_problem_follows_accept_language(api, app_ctx, organisations):
    _token, secret = make_api_token(organisations["employer_a"],
                                    scopes=["opportunities:write"], commit=True)
    dutch = assert_problem(api(secret=secret).get(LIST), 403)
    english = assert_problem(api(secret=secret).get(LIST, headers=ENGLISH), 403)
    assert dutch["detail"] == "Deze API-sleutel mist de scope opportunities:read."
    assert english["detail"] == "This API key lacks the scope opportunities:read."
    unknown = api(secret="wb_nothing_here")
    assert assert_problem(unknown.get(LIST), 401)["detail"] == \
        "Deze API-sleutel kennen we niet."
    assert assert_problem(unknown.get(LIST, headers=ENGLISH), 401)["detail"] == \
        "This API key is not known."


def test_a_body_problem_follows_accept_language(api, app_ctx):
    def send(data, content_type, headers=None):
        return api("employer_a").post(LIST, data=data, content_type=content_type,
                                      headers=headers)

    assert assert_problem(send("{}", "text/plain"), 415)["detail"] == \
        "Stuur de inhoud als application/json."
    assert assert_problem(send("{}", "text/plain", ENGLISH), 415)["detail"] == \
        "Send the body as application/json."
    assert assert_problem(send('{"title": ', "application/json"), 400)["detail"] == \
        "De inhoud is geen geldige JSON."
    assert assert_problem(send('{"title": ', "application/json", ENGLISH), 400)["detail"] \
        == "The body is not valid JSON."


def test_a_validation_problem_has_a_translated_detail(api, app_ctx):
    dutch = assert_problem(api("employer_a").get(f"{LIST}?colour=blue"), 422)
    english = assert_problem(api("employer_a").get(f"{LIST}?colour=blue", headers=ENGLISH),
                             422)
    assert dutch["detail"] == ("Sommige velden ontbreken, zijn onbekend of zijn niet geldig: "
                               "zie errors.")
    assert english["detail"] == "Some fields are missing, unknown or not valid: see errors."


def test_an_etag_problem_follows_accept_language(api, app_ctx, organisations):
    row = make_opportunity(organisations["employer_a"], commit=True)
    url = f"{LIST}/{row.id}"
    change = {"title": "Magazijnmedewerker"}
    dutch = assert_problem(api("employer_a").patch(url, json=change), 428)
    english = assert_problem(api("employer_a").patch(url, json=change, headers=ENGLISH), 428)
    assert dutch["detail"] == "Stuur de ETag die je kreeg mee in een If-Match-header."
    assert english["detail"] == "Send the ETag you received in an If-Match header."
    stale = assert_problem(api("employer_a").patch(
        url, json=change, headers={"If-Match": '"999"', **ENGLISH}), 412)
    assert stale["detail"] == (f'The current ETag is "{row.version}": fetch it again and '
                               "make your change on that version.")
    stale = assert_problem(api("employer_a").patch(
        url, json=change, headers={"If-Match": '"999"'}), 412)
    assert stale["detail"].startswith(f'De huidige ETag is "{row.version}": ')


def test_a_conflict_follows_accept_language(api, app_ctx, organisations):
    theirs = make_opportunity(organisations["employer_b"], commit=True)
    url = f"{LIST}/by-ref/{theirs.ref}"
    dutch = assert_problem(api("employer_a").put(url, json=job(), headers={"If-Match": "*"}),
                           409)
    english = assert_problem(api("employer_a").put(
        url, json=job(), headers={"If-Match": "*", **ENGLISH}), 409)
    assert dutch["detail"] == "Deze ref is al in gebruik: kies een andere."
    assert english["detail"] == "This ref is taken: choose another one."
