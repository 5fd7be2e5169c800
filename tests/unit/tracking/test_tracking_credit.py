"""J13 study time: the crediting rules of docs/API.md, beat by beat, with a controllable clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from lms.tracking import rules as r
from lms.tracking.rules import (
    Beat, BeatState, CreditSettings, covered_seconds, credit_beat, lesson_completed, session_action,
)

T0 = datetime(2025, 7, 20, 9, 0, tzinfo=timezone.utc)


# --- a learner with a controllable clock ------------------------------------------

@dataclass
class Learner:
    kind: str = "video"
    length: float = 600.0
    settings: CreditSettings = field(default_factory=CreditSettings)
    now: datetime = T0
    state: BeatState | None = None
    covered: tuple = ()
    total: float = 0.0
    today: float = 0.0
    batch: float = 0.0
    window: tuple | None = None
    outcomes: list = field(default_factory=list)

    def beat(self, after: float, position: float = 0.0, playing: bool = True, visible: bool = True,
             rate: float = 1.0, session: str = "s1"):
        self.now += timedelta(seconds=after)
        out = credit_beat(self.state, Beat(session, position, playing, visible, rate), self.now,
                          self.kind, self.length if self.kind == "video" else None,
                          self.length if self.kind == "reading" else None, self.covered,
                          self.settings, credited_today=self.today, credited_in_batch=self.batch,
                          batch_window=self.window)
        self.state, self.covered = out.state, out.covered_intervals
        self.total += out.credited_seconds
        self.today += out.credited_seconds
        self.batch += out.credited_seconds
        self.outcomes.append(out)
        return out

    def watch(self, start: float, seconds: float, step: float = 15.0):
        """Play from ``start`` for ``seconds`` with a beat every ``step`` seconds (first beat included)."""
        self.beat(0, start)
        pos = start
        while pos < start + seconds:
            d = min(step, start + seconds - pos)
            pos += d
            self.beat(d, pos)


# --- first beat, elapsed, gap ------------------------------------------------------

def test_j13_first_beat_credits_nothing():
    out = Learner().beat(0, 0.0)
    assert out.credited_seconds == 0 and out.reason == r.FIRST_BEAT
    assert out.state.session_id == "s1" and out.state.at == T0


def test_j13_regular_beats_credit_played_time():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(15, 15)
    assert out.credited_seconds == 15 and out.reason == r.CREDITED
    assert out.covered_intervals == ((0.0, 15.0),) and out.covered_seconds == 15


def test_j13_credit_never_exceeds_wall_clock():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(10, 11)  # position ran 1 s ahead of the server's clock (jitter)
    assert out.credited_seconds == 10
    # The content was seen, so coverage holds it all: no hole for a re-watch to fill.
    assert out.covered_seconds == 11 and out.reason == r.CREDITED


def test_j13_gap_limit_caps_the_credit():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(120, 100)  # 2 minutes between beats (network loss): plausible, capped
    assert out.credited_seconds == 30 and out.reason == r.GAP_CAPPED
    # Only the credited part is covered: re-watching the rest earns it.
    assert out.covered_intervals == ((0.0, 30.0),)


def test_j13_gap_exactly_at_the_limit_is_not_capped():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(30, 30)
    assert out.credited_seconds == 30 and out.reason == r.CREDITED


def test_j13_gap_limit_is_a_setting():
    lr = Learner(settings=CreditSettings(max_gap_seconds=10))
    lr.beat(0, 0)
    assert lr.beat(15, 15).credited_seconds == 10


def test_j13_no_elapsed_time_credits_nothing():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(0, 0.5)
    assert out.credited_seconds == 0 and out.reason == r.NO_ELAPSED_TIME


def test_j13_server_clock_going_back_does_not_move_the_anchor_back():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(-5, 0)
    assert out.reason == r.NO_ELAPSED_TIME and out.state.at == T0


# --- playing and visible --------------------------------------------------------

def test_j13_paused_stretch_credits_nothing():
    lr = Learner()
    lr.beat(0, 0, playing=False)
    out = lr.beat(15, 15)
    assert out.credited_seconds == 0 and out.reason == r.PAUSED


def test_j13_pause_beat_closes_a_played_stretch():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(7, 7, playing=False)
    assert out.credited_seconds == 7
    out = lr.beat(60, 7, playing=False)  # a long pause afterwards
    assert out.credited_seconds == 0 and out.reason == r.PAUSED


def test_j13_hidden_now_credits_nothing():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(15, 15, visible=False)
    assert out.credited_seconds == 0 and out.reason == r.HIDDEN


def test_j13_hidden_before_credits_nothing():
    lr = Learner()
    lr.beat(0, 0, visible=False)
    out = lr.beat(15, 15, visible=True)
    assert out.credited_seconds == 0 and out.reason == r.HIDDEN
    assert lr.beat(15, 30).credited_seconds == 15  # visible again at both ends


# --- seeks and rates --------------------------------------------------------------

def test_j13_forward_seek_credits_nothing_and_resets_the_anchor():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(15, 300)
    assert out.credited_seconds == 0 and out.reason == r.SEEK
    assert out.state.position == 300 and out.covered_intervals == ()
    out = lr.beat(15, 315)
    assert out.credited_seconds == 15 and out.covered_intervals == ((300.0, 315.0),)


def test_j13_slack_allows_small_jitter_but_not_skipping():
    lr = Learner()
    lr.beat(0, 0)
    # 15 s × 1.1 + 1.25 = 17.75 s is the most the position may move.
    assert lr.beat(15, 17.7).reason == r.CREDITED
    assert lr.beat(15, 17.7 + 17.8).reason == r.SEEK


def test_j13_backward_seek_credits_nothing():
    lr = Learner()
    lr.watch(0, 60)
    out = lr.beat(15, 20)
    assert out.credited_seconds == 0 and out.reason == r.SEEK
    assert lr.total == 60


def test_j13_tiny_backward_move_is_a_stall_not_a_seek():
    lr = Learner()
    lr.beat(0, 10)
    out = lr.beat(15, 9.8)
    assert out.reason == r.STALLED and out.credited_seconds == 0


def test_j13_buffering_credits_nothing():
    lr = Learner()
    lr.beat(0, 10)
    out = lr.beat(15, 10)
    assert out.reason == r.STALLED and out.credited_seconds == 0


def test_j13_claimed_fast_rate_credits_nothing():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(15, 15, rate=1.5)
    assert out.credited_seconds == 0 and out.reason == r.TOO_FAST


def test_j13_fast_rate_in_previous_beat_credits_nothing():
    lr = Learner()
    lr.beat(0, 0, rate=2.0)
    out = lr.beat(15, 15, rate=1.0)
    assert out.reason == r.TOO_FAST


def test_j13_playing_faster_than_claimed_is_a_seek():
    lr = Learner()
    lr.beat(0, 0)
    out = lr.beat(15, 30, rate=1.0)  # 2× actual speed while claiming 1×
    assert out.credited_seconds == 0 and out.reason == r.SEEK


def test_j13_allowed_faster_rate_covers_more_but_credits_wall_clock():
    lr = Learner(settings=CreditSettings(max_playback_rate=1.5))
    lr.beat(0, 0, rate=1.5)
    out = lr.beat(10, 15, rate=1.5)
    assert out.credited_seconds == 10 and out.covered_seconds == 15 and out.reason == r.CREDITED


def test_j13_slow_rate_credits_wall_clock_up_to_the_played_content():
    lr = Learner()
    lr.beat(0, 0, rate=0.5)
    out = lr.beat(20, 10, rate=0.5)
    assert out.credited_seconds == 10  # growth of the covered union, not the 20 s of wall time


# --- union, re-watch, duration ------------------------------------------------------

def test_j13_rewatch_adds_nothing():
    lr = Learner()
    lr.watch(0, 60)
    lr.beat(15, 0)  # seek back
    lr.beat(15, 15)
    out = lr.outcomes[-1]
    assert out.credited_seconds == 0 and out.reason == r.REWATCH
    assert lr.total == 60


def test_j13_partial_rewatch_credits_only_the_new_part():
    lr = Learner()
    lr.watch(0, 30)
    lr.beat(0.1, 20)  # seek back to 20 (a seek beat)
    out = lr.beat(15, 35)
    assert out.credited_seconds == pytest.approx(5)
    assert out.covered_intervals == ((0.0, 35.0),)


def test_j13_holes_are_filled_in_any_order():
    lr = Learner(length=100)
    lr.watch(50, 30)  # 50..80
    lr.beat(1, 0)  # seek to 0
    lr.watch(0, 60, step=15)  # 0..60, of which 50..60 already covered
    assert lr.total == pytest.approx(30 + 50)
    assert lr.covered == ((0.0, 80.0),)


def test_j13_video_never_credits_past_its_duration():
    lr = Learner(length=40)
    lr.watch(0, 60)  # the client keeps reporting positions beyond the end
    assert lr.total == 40 and lr.outcomes[-1].covered_seconds == 40
    assert lr.outcomes[-1].completed


def test_j13_complete_lesson_credits_nothing_more():
    lr = Learner(length=30)
    lr.watch(0, 30)
    lr.beat(1, 0)
    out = lr.beat(15, 15)
    assert out.reason == r.COMPLETE and out.credited_seconds == 0


def test_j13_completed_within_tolerance():
    lr = Learner(length=30)
    lr.beat(0, 0)
    out = lr.beat(15, 14.9)
    out = lr.beat(15, 29.5)
    assert out.completed and out.covered_seconds == pytest.approx(29.5)
    assert lesson_completed(29.5, 30) and not lesson_completed(28.9, 30)
    # Tiny lessons: never more than half the length is forgiven.
    assert not lesson_completed(0.2, 1.0) and lesson_completed(0.5, 1.0)


def test_j13_existing_coverage_beyond_duration_is_clipped():
    out = credit_beat(None, Beat("s", 0, True, True), T0, "video", 10, None, [(5, 50)])
    assert out.covered_intervals == ((5.0, 10.0),)


def test_j13_full_watch_credits_exactly_the_duration():
    lr = Learner(length=600)
    lr.watch(0, 600, step=15)
    assert lr.total == 600 and lr.outcomes[-1].completed


# --- reading ------------------------------------------------------------------------

def test_j13_reading_credits_visible_time_up_to_reading_seconds():
    lr = Learner(kind="reading", length=40)
    lr.beat(0, playing=False)
    assert lr.beat(15, playing=False).credited_seconds == 15
    assert lr.beat(15, playing=False).credited_seconds == 15
    out = lr.beat(15, playing=False)
    assert out.credited_seconds == 10 and out.completed and lr.total == 40
    assert out.covered_intervals == ((0.0, 40.0),)
    out = lr.beat(15, playing=False)
    assert out.credited_seconds == 0 and out.reason == r.COMPLETE


def test_j13_reading_hidden_credits_nothing():
    lr = Learner(kind="reading", length=300)
    lr.beat(0)
    assert lr.beat(15, visible=False).reason == r.HIDDEN
    assert lr.beat(15).reason == r.HIDDEN
    assert lr.beat(15).credited_seconds == 15


def test_j13_reading_gap_is_capped_and_resumes_from_the_covered_time():
    lr = Learner(kind="reading", length=300)
    lr.beat(0)
    out = lr.beat(300)
    assert out.credited_seconds == 30 and out.reason == r.GAP_CAPPED
    assert lr.beat(10).covered_intervals == ((0.0, 40.0),)


def test_j13_reading_ignores_position_claims():
    lr = Learner(kind="reading", length=300)
    lr.beat(0, position=0)
    out = lr.beat(15, position=280)
    assert out.credited_seconds == 15 and out.reason == r.CREDITED


# --- caps -------------------------------------------------------------------------

def test_j13_daily_cap_limits_credit():
    lr = Learner(settings=CreditSettings(daily_cap_seconds=20))
    lr.beat(0, 0)
    assert lr.beat(15, 15).credited_seconds == 15
    out = lr.beat(15, 30)
    assert out.credited_seconds == 5 and out.reason == r.CAP_REACHED
    assert out.covered_intervals == ((0.0, 20.0),)  # 20..30 stays open for tomorrow
    out = lr.beat(15, 45)
    assert out.credited_seconds == 0 and out.reason == r.CAP_REACHED
    lr.today = 0  # next day
    lr.beat(1, 20)  # seek back to the first unearned second
    assert lr.beat(15, 35).credited_seconds == 15


def test_j13_batch_cap_limits_credit():
    lr = Learner(settings=CreditSettings(batch_cap_seconds=100), batch=95)
    lr.beat(0, 0)
    out = lr.beat(15, 15)
    assert out.credited_seconds == 5 and out.reason == r.CAP_REACHED


def test_j13_tighter_of_daily_and_batch_cap_applies():
    s = CreditSettings(daily_cap_seconds=50, batch_cap_seconds=1000)
    lr = Learner(settings=s, today=40, batch=992)
    lr.beat(0, 0)
    assert lr.beat(15, 15).credited_seconds == 8


def test_j13_no_cap_when_none():
    lr = Learner(today=10**6, batch=10**6)
    lr.beat(0, 0)
    assert lr.beat(15, 15).credited_seconds == 15


# --- batch window, sessions -----------------------------------------------------------

def test_j13_nothing_credited_outside_the_batch():
    window = (T0 + timedelta(hours=1), T0 + timedelta(hours=2))
    lr = Learner(window=window)
    lr.beat(0, 0)
    out = lr.beat(15, 15)
    assert out.credited_seconds == 0 and out.reason == r.OUTSIDE_BATCH


def test_j13_stretch_across_the_batch_opening_counts_only_inside():
    window = (T0 + timedelta(seconds=10), T0 + timedelta(hours=2))
    lr = Learner(window=window)
    lr.beat(0, 0)
    out = lr.beat(15, 15)
    assert out.credited_seconds == 5 and out.reason == r.OUTSIDE_BATCH


def test_j13_nothing_credited_after_the_batch_ends():
    window = (T0 - timedelta(hours=1), T0 + timedelta(seconds=10))
    lr = Learner(window=window)
    lr.beat(0, 0)
    assert lr.beat(15, 15).reason == r.OUTSIDE_BATCH


def test_j13_new_session_starts_with_a_first_beat():
    lr = Learner()
    lr.beat(0, 0, session="a")
    lr.beat(15, 15, session="a")
    out = lr.beat(15, 30, session="b")
    assert out.credited_seconds == 0 and out.reason == r.FIRST_BEAT
    assert lr.beat(15, 45, session="b").credited_seconds == 15


def test_j13_session_action_supersedes_older_sessions():
    assert session_action(None, "a", seen_before=False) == "start"
    assert session_action("a", "a", seen_before=True) == "continue"
    assert session_action("a", "b", seen_before=False) == "start"  # b is newer: it takes over
    assert session_action("b", "a", seen_before=True) == "superseded"
    assert r.SUPERSEDED == "superseded"


# --- validation -----------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [dict(position=float("nan")), dict(position=float("inf")),
                                    dict(position=-1.0), dict(playback_rate=float("nan")),
                                    dict(session_id="")])
def test_j13_bad_beats_are_refused(kwargs):
    base = dict(session_id="s", position=0.0, playing=True, visible=True, playback_rate=1.0)
    with pytest.raises(ValueError):
        Beat(**{**base, **kwargs})


def test_j13_naive_now_is_refused():
    with pytest.raises(ValueError):
        credit_beat(None, Beat("s"), datetime(2025, 7, 20), "video", 10, None, [])


def test_j13_unknown_kind_and_missing_length_are_refused():
    with pytest.raises(ValueError):
        credit_beat(None, Beat("s"), T0, "audio", 10, None, [])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        credit_beat(None, Beat("s"), T0, "reading", None, None, [])


def test_j13_settings_are_validated():
    with pytest.raises(ValueError):
        CreditSettings(max_gap_seconds=0)
    with pytest.raises(ValueError):
        CreditSettings(daily_cap_seconds=-1)
    assert CreditSettings().max_gap_seconds == 30 and CreditSettings().max_playback_rate == 1.0


# --- properties -------------------------------------------------------------------------

beat_steps = st.lists(
    st.tuples(st.floats(0, 90), st.floats(-30, 120), st.booleans(), st.booleans(),
              st.sampled_from([0.5, 1.0, 1.25, 2.0]), st.sampled_from(["a", "a", "a", "b"])),
    min_size=1, max_size=60)


@hsettings(max_examples=200, deadline=None)
@given(beat_steps, st.sampled_from(["video", "reading"]), st.floats(5, 300),
       st.one_of(st.none(), st.floats(0, 200)))
def test_j13_credit_is_bounded_by_wall_clock_length_and_cap(steps, kind, length, cap):
    lr = Learner(kind=kind, length=length, settings=CreditSettings(daily_cap_seconds=cap))
    pos = 0.0
    for after, move, playing, visible, rate, session in steps:
        pos = max(0.0, pos + move)
        before_total, before_at = lr.total, lr.state.at if lr.state else None
        out = lr.beat(after, pos, playing, visible, rate, session)
        # (+1e-5: timedelta keeps microseconds)
        assert 0 <= out.credited_seconds <= min(after, 30) + 1e-5
        if out.credited_seconds > 0:
            assert before_at is not None and out.reason in {r.CREDITED, r.GAP_CAPPED, r.CAP_REACHED}
        assert out.covered_seconds <= length + 1e-9
        assert lr.total - before_total == pytest.approx(out.credited_seconds)
    assert lr.total <= length + 1e-6
    if cap is not None:
        assert lr.total <= cap + 1e-6
    # Coverage never falls behind credit.
    assert covered_seconds(lr.covered) >= lr.total - 1e-6


@hsettings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.5, 30), min_size=2, max_size=40))
def test_j13_honest_learner_at_1x_gets_every_second(gaps):
    lr = Learner(length=10_000)
    lr.beat(0, 0)
    pos = 0.0
    for g in gaps:
        pos += g
        lr.beat(g, pos)
    assert lr.total == pytest.approx(pos)
