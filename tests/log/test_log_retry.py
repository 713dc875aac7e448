import pytest
import requests
from gspread.exceptions import APIError

from bot.errors import SheetUnavailableError
from bot.log.retry import RetryPolicy, classify


def api_error(status: int, retry_after: str | None = None) -> APIError:
    response = requests.Response()
    response.status_code = status
    response._content = b'{"error": {"code": %d, "message": "boom", "status": "X"}}' % status
    if retry_after is not None:
        response.headers["Retry-After"] = retry_after
    return APIError(response)


class Flaky:
    def __init__(self, *failures):
        self.failures = list(failures)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


def policy(**kw) -> tuple[RetryPolicy, list[float]]:
    slept: list[float] = []
    return RetryPolicy(sleep=slept.append, random=lambda: 1.0, **kw), slept


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried(status):
    retry, slept = policy(max_attempts=3)
    fn = Flaky(api_error(status), api_error(status))
    assert retry.call(fn) == "ok"
    assert fn.calls == 3
    assert slept == [0.5, 1.0]  # full jitter with random() == 1: the exponential ceiling


@pytest.mark.parametrize("status", [400, 403, 404])
def test_caller_errors_are_never_retried(status):
    retry, slept = policy()
    fn = Flaky(api_error(status))
    with pytest.raises(APIError):
        retry.call(fn)
    assert fn.calls == 1 and slept == []


@pytest.mark.parametrize(
    "exc", [requests.exceptions.ReadTimeout(), requests.exceptions.ConnectionError()]
)
def test_timeouts_and_dropped_connections_are_retried(exc):
    retry, _ = policy()
    assert retry.call(Flaky(exc)) == "ok"
    assert classify(exc).ambiguous


def test_429_is_not_ambiguous_but_5xx_is():
    assert not classify(api_error(429)).ambiguous
    assert classify(api_error(503)).ambiguous


def test_retry_after_is_honoured():
    retry, slept = policy()
    retry.call(Flaky(api_error(429, retry_after="7")))
    assert slept == [7.0]


def test_backoff_is_jittered_and_capped():
    retry = RetryPolicy(base_delay=1, max_delay=10, random=lambda: 0.5)
    assert [retry.delay(n) for n in (1, 2, 3, 4, 5, 6)] == [0.5, 1, 2, 4, 5, 5]
    assert RetryPolicy(random=lambda: 0.0).delay(3) == 0


def test_exhausted_retries_raise_a_typed_error():
    retry, slept = policy(max_attempts=4)
    fn = Flaky(*[api_error(503)] * 10)
    with pytest.raises(SheetUnavailableError) as error:
        retry.call(fn, "reading the log")
    assert (error.value.attempts, error.value.last_status, fn.calls) == (4, 503, 4)
    assert len(slept) == 3
    assert "reading the log" in str(error.value)


def test_on_failure_sees_each_retryable_failure():
    retry, _ = policy()
    seen = []
    retry.call(Flaky(api_error(500), api_error(429)), on_failure=seen.append)
    assert [(f.status, f.ambiguous) for f in seen] == [(500, True), (429, False)]
