"""The routes of the URLconf that are not replayed as Tha Talad's admin's
POST (tests/security/cases.py has those): POST routes with their own tests,
supervisors' and staff pages, downloads and read-only pages, each with why.
cases.py re-exports these, so tests read every registry from `cases`."""

from __future__ import annotations

from dataclasses import dataclass

from tests.security.kwargs import Kwargs, none, pk, survey, year_kind


@dataclass(frozen=True)
class Download:
    kwargs: Kwargs = none
    query: str = ""
    # Who besides the agency's members may fetch it, and why.
    public: str = ""
    shared: str = ""


# Routes that take POST but do not fit the replay: each says why, and where
# their own tests are.
POST_ELSEWHERE: dict[str, str] = {
    "accounts:login": "signing in is for anyone; throttling is tested in tests/accounts",
    "accounts:otp": "the code step of the signed-in user's own sign-in (tests/accounts)",
    "accounts:logout": "ends the requester's own session only",
    "set_language": "stores the requester's language in their own session or cookie",
    "accounts:invitation_accept": "anyone holding the one-time link; lifecycle, expiry, reuse "
    "and the never-change-a-password rule in tests/accounts/test_invitations.py",
    "accounts:password_change": "the signed-in user's own password (tests/accounts)",
    "reminders:toggle": "the signed-in user's own digest setting (tests/reminders)",
    "reminders:unsubscribe": "holder of the emailed signed link only; a forged or another "
    "user's token answers 404 (tests/reminders/test_digest.py)",
    "accounts:password_reset": "for anyone; the same answer whether the address exists "
    "(tests/accounts/test_invitations.py)",
    "accounts:password_reset_confirm": "holder of the emailed reset link only (Django's token)",
    "setup": "the first run, only while no agency exists (and with SETUP_TOKEN in production); "
    "tests/staff/test_setup.py",
    "surveys:new": "creates a survey in the member's own agency; admin-only checks in "
    "tests/surveys",
    "surveys:answer": "the public questionnaire, for anyone; closed surveys and another "
    "agency's survey refused in tests/surveys/test_submission.py",
}

# Supervisors' pages: no agency role opens them; scope isolation (404 outside
# the scope, 403 for agency members) in tests/network.
SUPERVISOR_ONLY: dict[str, str] = {
    "network:index": "the supervisor's scope only",
    "network:agency": "an agency of the scope, else 404",
    "network:what_worked": "the scope's agencies only, else 404",
    "network:common": "weaknesses of the scope's agencies, only published measures",
    "network:export": "exactly the rows of the page, for the scope",
}

# Deployment staff's pages (accounts.access.staff_required): every agency
# persona and supervisor gets 404 and changes nothing, anonymous the sign-in
# page (tests/staff/test_staff_isolation.py replays each as every persona).
STAFF_ONLY: dict[str, str] = {
    "staff:home": "agencies, supervisors and the staff log of the whole deployment",
    "staff:agency_new": "creates an agency and invites its admin",
    "staff:agencies_preview": "reads an agencies file, writes nothing",
    "staff:agencies_confirm": "creates or updates agencies from a checked file",
    "staff:results_import": "reads a many-agency results file, writes nothing but the kept upload",
    "staff:results_confirm": "writes the results of many agencies from a kept, re-checked file",
    "staff:supervisor_new": "invites a supervisor of a scope",
    "framework:import_preview": "reads a framework file, writes nothing",
    "framework:import_confirm": "loads a year's framework shared by every agency",
}

# ------------------------------------------------------------------ downloads

DOWNLOADS: dict[str, Download] = {
    "documents:download": Download(
        lambda w: {"plan_year": 2567, "kind": "measures", "fmt": "docx"}
    ),
    "framework:download": Download(
        lambda w: {"year": 2566}, shared="the NACC's framework is the same for every agency"
    ),
    "improvement:evidence_file": Download(pk("revision")),
    "improvement:evidence_thumbnail": Download(pk("revision")),
    "publishing:check_copy": Download(pk("link_check")),
    "publishing:public_json": Download(
        lambda w: {"slug": w.agency.slug}, public="the published snapshot only (open data)"
    ),
    "publishing:public_csv": Download(
        lambda w: {"slug": w.agency.slug}, public="the published snapshot only (open data)"
    ),
    "publishing:public_file": Download(
        lambda w: {"slug": w.agency.slug, "sha256": next(iter(w.publication.files), "0" * 64)},
        public="files the published snapshot lists, and no other",
    ),
    "surveys:aggregates": Download(
        survey("public_survey"),
        public="aggregates of a survey whose results the agency made public",
    ),
    "surveys:health": Download(public="says the server is up; no data"),
    "surveys:chart": Download(survey("public_survey")),
    "surveys:report": Download(lambda w: {"slug": w.public_survey.slug, "fmt": "docx"}),
    "surveys:export": Download(lambda w: {"slug": w.public_survey.slug, "fmt": "csv"}),
    "surveys:poster": Download(survey("public_survey")),
    "surveys:round_poster": Download(lambda w: {"year": 2567, "tool": "iit"}),
    "surveys:round_chart": Download(lambda w: {"year": 2567, "tool": "iit"}),
}

# ------------------------------------------------------------------ read-only


@dataclass(frozen=True)
class Read:
    kwargs: Kwargs = none
    why: str = "a page that only reads, through the member's agency"


READ_ONLY: dict[str, Read] = {
    "accounts:security": Read(why="the signed-in user's own devices"),
    "accounts:password_change_done": Read(why="a confirmation page"),
    "accounts:password_reset_done": Read(why="a confirmation page"),
    "accounts:password_reset_complete": Read(why="a confirmation page"),
    "agencies:settings": Read(),
    "assessments:dashboard": Read(),
    "assessments:results": Read(),
    "assessments:detail": Read(year_kind),
    "documents:index": Read(),
    "framework:index": Read(why="the shared frameworks, the same for every agency"),
    "framework:detail": Read(lambda w: {"year": 2566}, why="a shared framework"),
    "improvement:analysis_index": Read(),
    "improvement:analysis": Read(year_kind),
    "improvement:weakness": Read(pk("weakness")),
    "improvement:measures": Read(),
    "improvement:my_measures": Read(),
    "improvement:measure": Read(pk("measure")),
    "improvement:measure_history": Read(pk("measure")),
    "publishing:checklist_default": Read(),
    "publishing:checklist": Read(lambda w: {"year": 2566}),
    "publishing:publish_page": Read(),
    "publishing:check_progress": Read(pk("run")),
    "publishing:link_history": Read(pk("link")),
    "publishing:public_index": Read(lambda w: {"slug": w.agency.slug}, why="the published page"),
    "publishing:public_embed": Read(lambda w: {"slug": w.agency.slug}, why="the published page"),
    "publishing:public_year": Read(
        lambda w: {"slug": w.agency.slug, "year": 2566}, why="the published page"
    ),
    "publishing:public_item": Read(
        lambda w: {"slug": w.agency.slug, "year": 2566, "number": 1}, why="the published page"
    ),
    "surveys:thanks": Read(survey("public_survey"), why="a respondent's thank-you page"),
    "surveys:list": Read(),
    "surveys:detail": Read(survey("public_survey")),
    "surveys:progress": Read(survey("public_survey")),
    "surveys:results": Read(survey("public_survey")),
    "surveys:round_current": Read(),
    "surveys:round": Read(lambda w: {"year": 2567}),
}
