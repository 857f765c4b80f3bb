"""How long a login and a reset request take for each kind of e-mail address.

The answer time must not tell which addresses have an account: a wrong password for a
real account, an unknown address and an inactive account all verify one Argon2 hash
(with the production costs). A right password takes a little longer (it also starts a
login session). The forgot-password form answers the same page for every address;
a known address also queues the mail, in the same transaction.

Builds a fresh SQLite database in a temporary folder, makes an active and an inactive
account, then posts ``/login`` and ``/password/forgot`` through the test client (a new
browser each time) and prints the median and 90th percentile per kind, side by side.
The throttle limits are lifted for the run: only the work of one check is measured.

Run: ``.venv/bin/python -m bench.login_timing [--runs 40]``.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time

PASSWORD = "bench-password-2026"  # a throwaway database
REAL = "real.person@bench.example"
INACTIVE = "gone.person@bench.example"
UNKNOWN = "nobody@bench.example"


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms, p90 {p90 * 1000:7.1f} ms"


def make_app(folder: str):
    import flask_migrate

    from marketplace.accounts.models import Organisation, User
    from marketplace.accounts.passwords import hash_password
    from marketplace.app import create_app
    from marketplace.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "WTF_CSRF_ENABLED": False,
            "LOGIN_MAX_FAILURES_PER_ACCOUNT": 10**6,
            "LOGIN_MAX_FAILURES_PER_ADDRESS": 10**6,
            "PASSWORD_RESET_MAX_PER_ACCOUNT": 10**6,
            "PASSWORD_RESET_MAX_PER_ADDRESS": 10**6,
        }
    )
    with app.app_context():
        logging.disable(logging.INFO)  # the migrations' progress lines
        flask_migrate.upgrade()
        logging.disable(logging.NOTSET)
        body = Organisation(name="Bench body", kind="admin")
        db.session.add(body)
        for email, active in ((REAL, True), (INACTIVE, False)):
            db.session.add(
                User(
                    email=email,
                    name="Bench",
                    role="admin",
                    organisation=body,
                    password_hash=hash_password(PASSWORD),
                    active=active,
                )
            )
        db.session.commit()
    return app


def timed(app, path: str, form: dict, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        client = app.test_client()
        start = time.perf_counter()
        response = client.post(path, data=form)
        seconds.append(time.perf_counter() - start)
        assert response.status_code < 500, response.status_code
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(folder)
        logins = {
            "real account, wrong password": {"email": REAL, "password": "wrong password!"},
            "unknown address": {"email": UNKNOWN, "password": "wrong password!"},
            "inactive account": {"email": INACTIVE, "password": PASSWORD},
            "real account, right password": {"email": REAL, "password": PASSWORD},
        }
        resets = {
            "forgot password, real account": {"email": REAL},
            "forgot password, unknown address": {"email": UNKNOWN},
        }
        timed(app, "/login", logins["unknown address"], 3)  # warm up: templates, hasher
        timed(app, "/password/forgot", resets["forgot password, unknown address"], 3)
        print(f"POST /login and /password/forgot, {options.runs} runs each, SQLite")
        for label, form in logins.items():
            print(f"  {label:34} {summary(timed(app, '/login', form, options.runs))}")
        for label, form in resets.items():
            times = timed(app, "/password/forgot", form, options.runs)
            print(f"  {label:34} {summary(times)}")


if __name__ == "__main__":
    main()
