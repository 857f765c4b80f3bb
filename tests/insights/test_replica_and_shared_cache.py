"""Several hosts: the dashboards read from the read replica (and never write there),
and computed answers are shared between hosts through Redis."""

from __future__ import annotations

import uuid
from datetime import timedelta

import flask_migrate
import pytest
from sqlalchemy import create_engine, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from marketplace.accounts.models import LoginAttempt, LoginSession, Organisation, User
from marketplace.app import create_app
from marketplace.audit.models import AuditEvent
from marketplace.database import REPLICA_EXTENSION, read_session
from marketplace.extensions import db
from marketplace.insights import cache
from marketplace.insights.answers import Count, GroupSupply
from marketplace.opportunities.models import Opportunity
from marketplace.taxonomy.models import CefrLevel, IscoGroup, NaceSection, Occupation, Postcode
from tests import databases
from tests.conftest import IsolatedClient, login, make_test_settings
from tests.factories import FORKLIFT
from tests.insights.conftest import JANUARY, PERIOD, csv_rows

ALL_SECTORS = {**PERIOD, "sector": ""}


# --- the read replica -------------------------------------------------------------------


def _copy_rows(source, target, table, *where) -> None:
    rows = [dict(row._mapping) for row in source.execute(select(table).where(*where))]
    target.execute(insert(table), rows)


@pytest.fixture(scope="module")
def replica_url(app, tmp_path_factory):
    """A second database of the run's kind, made by the migrations, whose data differ
    from the primary's: ten published jobs in the test period, and no users."""
    if databases.chosen_backend() == "postgresql":
        url, name = databases.create_postgres_database()
    else:
        url, name = f"sqlite:///{tmp_path_factory.mktemp('replica')}/replica.sqlite", None
    builder = create_app(make_test_settings(SQLALCHEMY_DATABASE_URI=url))
    with builder.app_context():
        flask_migrate.upgrade()
        engine = db.engine
    with app.app_context(), db.engine.connect() as primary, engine.begin() as target:
        for table, where in (
            (CefrLevel.__table__, ()),
            (NaceSection.__table__, ()),
            (IscoGroup.__table__, ()),
            (Postcode.__table__, (Postcode.code == "2030",)),
            (Occupation.__table__, (Occupation.uri == FORKLIFT,)),
        ):
            _copy_rows(primary, target, table, *where)
    with Session(engine) as session:
        employer = Organisation(name="Replica Employer", kind="employer", sector="H")
        occupation_id = session.scalar(select(Occupation.id))
        session.add_all(
            Opportunity(
                organisation=employer,
                occupation_id=occupation_id,
                kind="job",
                title="Magazijnier",
                postcode="2030",
                hours_per_week=38,
                works_day=True,
                places=1,
                dutch_level="A2",
                description="Orders klaarzetten.",
                contract_type="interim",
                status="published",
                created_at=JANUARY - timedelta(days=1),
                updated_at=JANUARY,
                published_at=JANUARY,
                closes_on=JANUARY.date() + timedelta(days=60),
            )
            for _ in range(10)
        )
        session.commit()
    engine.dispose()
    yield url
    if name:
        databases.drop_postgres_database(name)


@pytest.fixture
def replica_app(database_url, replica_url):
    """The site as a host with a read replica: the primary is the tests' database."""
    host = create_app(
        make_test_settings(SQLALCHEMY_DATABASE_URI=database_url, DATABASE_REPLICA_URL=replica_url)
    )
    host.test_client_class = IsolatedClient
    yield host
    host.extensions[REPLICA_EXTENSION].dispose()


def _replica_count(replica_url: str, model) -> int:
    engine = create_engine(replica_url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(model))
    finally:
        engine.dispose()


def test_dashboards_read_their_figures_from_the_replica(
    replica_app, client, login_as, make_opportunities
):
    make_opportunities(5)  # on the primary only
    primary_rows = csv_rows(
        login_as("analyst").get("/insights/demand/kind.csv", query_string=ALL_SECTORS)
    )
    assert primary_rows["Job"][0] == "5"

    replica_client = replica_app.test_client()
    assert login(replica_client, "analyst").status_code == 302
    page = replica_client.get("/insights/", query_string=ALL_SECTORS)
    assert page.status_code == 200
    rows = csv_rows(replica_client.get("/insights/demand/kind.csv", query_string=ALL_SECTORS))
    assert rows["Job"][0] == "10"


def test_nothing_is_written_to_the_replica(replica_app, replica_url, users):
    replica_client = replica_app.test_client()
    assert login(replica_client, "analyst").status_code == 302
    assert login(replica_app.test_client(), "analyst", "a wrong password").status_code == 401
    for path in ("/insights/", "/insights/supply", "/insights/demand/kind.csv"):
        assert replica_client.get(path, query_string=ALL_SECTORS).status_code == 200

    # The login went to the primary, where the analyst is.
    sessions = db.session.scalars(
        select(LoginSession).where(LoginSession.user_id == users["analyst"].id)
    ).all()
    assert sessions
    for model in (LoginSession, LoginAttempt, User, AuditEvent):
        assert _replica_count(replica_url, model) == 0


def test_the_replica_session_refuses_writes(replica_app):
    with replica_app.test_request_context("/insights/"):
        session = read_session()
        assert session is not db.session
        with pytest.raises(DBAPIError):
            session.execute(
                insert(Organisation.__table__).values(name="Sneaky", kind="employer", version=1)
            )


def test_without_a_replica_reads_use_the_primary_session(app):
    with app.test_request_context("/insights/"):
        assert read_session() is db.session


# --- the shared cache -------------------------------------------------------------------


@pytest.fixture
def shared_hosts(database_url):
    """Two hosts (apps) that share one Redis, under a prefix of this test's own."""
    databases.require_redis()
    import redis

    prefix = f"werkbrug-test:{uuid.uuid4().hex}:"
    settings = make_test_settings(
        SQLALCHEMY_DATABASE_URI=database_url,
        CACHE_REDIS_URL=databases.REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
    )
    hosts = (create_app(settings), create_app(settings))
    for host in hosts:
        host.test_client_class = IsolatedClient
    yield hosts
    client = redis.Redis.from_url(databases.REDIS_URL)
    for key in client.scan_iter(match=prefix + "*"):
        client.delete(key)


def test_an_answer_computed_on_one_host_serves_the_other(shared_hosts, make_opportunities):
    first, second = shared_hosts
    calls = []

    @cache.kept("opportunities")
    def answer(question: str):
        calls.append(question)
        return [Count("job", 3, 4.5), Count("", 7, 0)]

    with first.test_request_context("/insights/"):
        assert answer("kinds") == (Count("job", 3, 4.5), Count("", 7, 0))
    with second.test_request_context("/insights/"):
        assert answer("kinds") == (Count("job", 3, 4.5), Count("", 7, 0))
    assert calls == ["kinds"]

    make_opportunities(1)  # a write moves the opportunities' stamp
    with second.test_request_context("/insights/"):
        answer("kinds")
    assert calls == ["kinds", "kinds"]


def test_shared_answers_expire_and_carry_the_prefix(shared_hosts):
    import redis

    first, _second = shared_hosts
    with first.test_request_context("/insights/"):
        cache.kept("opportunities")(lambda: Count("", 1, 0))()
    client = redis.Redis.from_url(databases.REDIS_URL)
    keys = list(client.scan_iter(match=first.config["CACHE_KEY_PREFIX"] + "insights:*"))
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= first.config["CACHE_TTL_SECONDS"]


def test_dashboards_follow_the_data_through_the_shared_cache(shared_hosts, make_opportunities):
    clients = [host.test_client() for host in shared_hosts]
    for each in clients:
        assert login(each, "analyst").status_code == 302
    make_opportunities(5)
    for each in clients:
        rows = csv_rows(each.get("/insights/demand/kind.csv", query_string=ALL_SECTORS))
        assert rows["Job"][0] == "5"
    assert clients[0].get("/insights/supply", query_string=ALL_SECTORS).status_code == 200
    make_opportunities(5)
    rows = csv_rows(clients[1].get("/insights/demand/kind.csv", query_string=ALL_SECTORS))
    assert rows["Job"][0] == "10"


def test_dashboards_still_answer_when_redis_does_not(database_url, make_opportunities):
    host = create_app(
        make_test_settings(
            SQLALCHEMY_DATABASE_URI=database_url, CACHE_REDIS_URL="redis://127.0.0.1:1/0"
        )
    )
    host.test_client_class = IsolatedClient
    each = host.test_client()
    assert login(each, "analyst").status_code == 302
    make_opportunities(5)
    rows = csv_rows(each.get("/insights/demand/kind.csv", query_string=ALL_SECTORS))
    assert rows["Job"][0] == "5"


def test_answers_survive_their_encoding():
    many = (Count("9333", 12, 3.0), Count("", 0, 0.5))
    groups = (GroupSupply("93", 4, 9),)
    assert cache.decode(cache.encode(many)) == many
    assert cache.decode(cache.encode(groups)) == groups
    assert cache.decode(cache.encode(Count("", 5, 7.0))) == Count("", 5, 7.0)


def test_decoding_makes_only_known_answer_types():
    with pytest.raises(KeyError):
        cache.decode(b'{"one": {"type": "Popen", "fields": ["rm"]}}')
