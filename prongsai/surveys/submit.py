"""Storing a completed questionnaire: one short transaction.

    BEGIN
      INSERT submission token ... ON CONFLICT DO NOTHING   -- 0 rows: a retry, already stored
      DELETE access code WHERE survey AND hash             -- staff codes: 0 rows = refused
      INSERT response (survey, date)
      INSERT answers
    COMMIT

The code is checked and spent by the same statement, in the same transaction as
the answers, so two parallel requests with one code cannot both succeed: the
second DELETE waits for the first transaction's row lock and then finds no row
(PostgreSQL, READ COMMITTED); on SQLite, IMMEDIATE transactions queue. If anything
fails, the code and the token are back as they were. A retried POST of the same
form (same hidden client id) finds its token and is told "thank you" without
storing twice (the Kobo instanceID idea, anchors.md §1.4).

The rate limit runs before, in its own statement, so its row never shares a
transaction with the answers.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import secrets
import uuid
from datetime import date
from enum import StrEnum

from django.conf import settings
from django.db import connection, transaction

from prongsai.lib.thai import to_arabic_digits
from prongsai.surveys.models import (
    AccessCode,
    Answer,
    RateBucket,
    Response,
    SubmissionToken,
    Survey,
)

# No 0/O, 1/I/L: codes are read off paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_NOT_CODE = re.compile(r"[^A-Z0-9]")


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    BAD_CODE = "bad_code"


class _Refused(Exception):
    pass


def keyed_hash(*parts: object) -> str:
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(settings.HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def normalize_code(raw: str) -> str:
    return _NOT_CODE.sub("", to_arabic_digits(raw).upper())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_hash(survey: Survey, raw: str) -> str:
    # Bound to the survey: a code of one survey is worthless in any other
    # (Formbricks #9131: tokens "bound to nothing").
    return keyed_hash("code", survey.pk, normalize_code(raw))


def shared_code_ok(survey: Survey, raw: str) -> bool:
    expected = normalize_code(survey.shared_code)
    return bool(expected) and hmac.compare_digest(expected, normalize_code(raw))


def new_client_token() -> str:
    return uuid.uuid4().hex


def valid_client_token(raw: str) -> bool:
    try:
        uuid.UUID(hex=raw)
    except (ValueError, TypeError):
        return False
    return True


def _token_hash(survey: Survey, token: str) -> str:
    return hashlib.sha256(f"{survey.pk}:{token}".encode()).hexdigest()


def _rate_key(survey: Survey, address: str, today: date) -> str:
    return keyed_hash("rate", address, survey.pk, today.isoformat())


def rate_limit_allows(survey: Survey, address: str, today: date, *, count: bool = True) -> bool:
    """Count one submission of this address to this survey today (or, with
    count=False, only look); False once the survey's limit is passed. Stores a
    keyed hash of (address, survey, day), never the address."""
    if survey.rate_limit == 0:
        return True
    key = _rate_key(survey, address, today)
    if not count:
        seen = RateBucket.objects.filter(key_hash=key).values_list("count", flat=True).first()
        return (seen or 0) < survey.rate_limit
    table = RateBucket._meta.db_table
    # On PostgreSQL the statement also turns off synchronous commit for its own
    # (implicit) transaction: a counter lost in a crash is harmless, so it need
    # not wait for the disk. One statement, one round trip.
    source = (
        "SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async"
        if connection.vendor == "postgresql"
        else "VALUES (%s, %s, 1)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key_hash, day, count) {source} "
            f"ON CONFLICT (key_hash) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, today],
        )
        seen = cursor.fetchone()[0]
    if random.random() < 0.01:  # housekeeping, not security
        RateBucket.objects.filter(day__lt=today).delete()
    return bool(seen <= survey.rate_limit)


def response_submit(
    *,
    survey: Survey,
    question_ids: dict[str, int],
    answers: dict[tuple[str, int], str],
    token: str,
    code: str | None,
    today: date,
) -> Outcome:
    """Store one response (see the module docstring). `answers` must already be
    validated against the questionnaire; `code` is needed for single-use codes."""
    token_table = SubmissionToken._meta.db_table
    code_table = AccessCode._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {token_table} (token_hash, survey_id) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                [_token_hash(survey, token), survey.pk],
            )
            if cursor.rowcount == 0:
                return Outcome.DUPLICATE
            if survey.uses_codes:
                cursor.execute(
                    f"DELETE FROM {code_table} WHERE survey_id = %s AND code_hash = %s",
                    [survey.pk, code_hash(survey, code or "")],
                )
                if cursor.rowcount != 1:
                    raise _Refused
            # Plain SQL: this is the hot path, and the ORM's per-object work
            # cost more than the database here. Keys are random UUIDs.
            response_id = uuid.uuid4().hex
            cursor.execute(
                f"INSERT INTO {Response._meta.db_table} (id, survey_id, submitted_on) "
                "VALUES (%s, %s, %s)",
                [response_id, survey.pk, today.isoformat()],
            )
            if answers:
                rows = [
                    (uuid.uuid4().hex, response_id, question_ids[c], part, value)
                    for (c, part), value in answers.items()
                ]
                cursor.execute(
                    f"INSERT INTO {Answer._meta.db_table} "
                    "(id, response_id, question_id, part, value) VALUES "
                    + ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows)),
                    [v for row in rows for v in row],
                )
    except _Refused:
        return Outcome.BAD_CODE
    return Outcome.STORED
