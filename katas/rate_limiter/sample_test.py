"""Example tests for your rate_limiter.py: run them with ``pytest test_rate_limiter.py``.

They are a starting point, not the judge: ``pytest --kata rate_limiter`` runs the hidden specs.
The ``frozen_clock`` fixture freezes ``time.monotonic()`` and ``time.time()``;
``frozen_clock.advance(seconds)`` moves them forward at once, so no test waits for real.
Add your own tests here as you go.
"""

import threading

import pytest
from rate_limiter import SlidingWindowLimiter, TokenBucket

# Level 1: Token bucket


def test_a_new_bucket_starts_full(frozen_clock):
    bucket = TokenBucket(3, 1.0)
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]


def test_a_refused_request_takes_nothing(frozen_clock):
    bucket = TokenBucket(4, 1.0)
    assert bucket.allow(3) is True  # 1 token left
    assert bucket.allow(2) is False  # not enough: nothing taken
    assert bucket.allow(1) is True  # the last token was still there


def test_tokens_refill_continuously(frozen_clock):
    bucket = TokenBucket(1, 2.0)
    assert bucket.allow() is True
    frozen_clock.advance(0.25)  # half a token
    assert bucket.allow() is False
    frozen_clock.advance(0.25)  # the half kept from before plus another half
    assert bucket.allow() is True


def test_the_bucket_never_holds_more_than_its_capacity(frozen_clock):
    bucket = TokenBucket(2, 1.0)
    frozen_clock.advance(60)
    assert bucket.allow(2) is True
    assert bucket.allow() is False


@pytest.mark.parametrize(("capacity", "refill_rate"), [(0, 1.0), (-1, 1.0), (1, 0), (1, -0.5)])
def test_bad_bucket_settings_raise_value_error(frozen_clock, capacity, refill_rate):
    with pytest.raises(ValueError):
        TokenBucket(capacity, refill_rate)


@pytest.mark.parametrize("tokens", [0, -1, 5])
def test_a_request_the_bucket_can_never_serve_raises_value_error(frozen_clock, tokens):
    bucket = TokenBucket(4, 1.0)
    with pytest.raises(ValueError):
        bucket.allow(tokens)


# Level 2: Sliding window


def test_a_request_stops_counting_exactly_one_window_later(frozen_clock):
    limiter = SlidingWindowLimiter(1, 1.0)
    assert limiter.allow("alice") is True
    frozen_clock.advance(0.5)
    assert limiter.allow("alice") is False
    frozen_clock.advance(0.5)  # the window is now (0, 1.0]: the first request left it
    assert limiter.allow("alice") is True


def test_refused_requests_are_not_recorded(frozen_clock):
    limiter = SlidingWindowLimiter(1, 1.0)
    assert limiter.allow("alice") is True
    frozen_clock.advance(0.75)
    assert limiter.allow("alice") is False  # refused at 0.75: it must not count later
    frozen_clock.advance(0.25)
    assert limiter.allow("alice") is True


@pytest.mark.parametrize(("limit", "window"), [(0, 1.0), (-1, 1.0), (1, 0), (1, -0.5)])
def test_bad_limiter_settings_raise_value_error(frozen_clock, limit, window):
    with pytest.raises(ValueError):
        SlidingWindowLimiter(limit, window)


def test_keys_are_independent(frozen_clock):
    limiter = SlidingWindowLimiter(2, 10.0)
    assert [limiter.allow("alice") for _ in range(3)] == [True, True, False]
    assert limiter.allow("bob") is True


# Level 3: Retry-After


def test_retry_after_counts_down_to_the_oldest_request_leaving(frozen_clock):
    limiter = SlidingWindowLimiter(2, 1.0)
    assert limiter.retry_after("a") == 0.0
    limiter.allow("a")
    frozen_clock.advance(0.25)
    limiter.allow("a")
    assert limiter.retry_after("a") == 0.75  # the request at 0 leaves at 1.0
    frozen_clock.advance(0.75)
    assert limiter.retry_after("a") == 0.0
    assert limiter.allow("a") is True
    assert limiter.retry_after("a") == 0.25  # now the request at 0.25 is the oldest


# Level 4: Bounded and thread-safe


def test_threads_together_get_no_more_than_the_limit():
    # A smoke test on the real clock (the window is far longer than the test takes).
    limiter = SlidingWindowLimiter(50, 3600.0)
    allowed = [0] * 8
    start = threading.Barrier(8)

    def hammer(i):
        start.wait()
        allowed[i] = sum(limiter.allow("shared") for _ in range(100))

    threads = [threading.Thread(target=hammer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50
