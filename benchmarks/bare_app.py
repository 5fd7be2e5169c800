"""The yardstick for the heartbeat: a bare Flask endpoint that upserts one row, on the same stack.

    gunicorn -w 4 benchmarks.bare_app:app   (LMS_DATABASE_URL names the database)
"""
from __future__ import annotations

import os

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

from lms.config import normalise_database_url

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["LMS_DATABASE_URL"])
db = SQLAlchemy(app)


@app.get("/healthz")
def health():
    return {"status": "ok"}


@app.post("/bare")
def bare():
    data = request.get_json()
    db.session.execute(text("INSERT INTO bare_beat (learner, position) VALUES (:learner, :position) "
                            "ON CONFLICT (learner) DO UPDATE SET position = EXCLUDED.position"),
                       {"learner": data["enrollment_id"], "position": data["position"]})
    db.session.commit()
    return {"ok": True}
