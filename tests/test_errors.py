"""One exception family: every exception class the bot defines is a ReferralDeskError, so a
caller can catch what the product raises on purpose apart from bugs (bot/errors.py)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import bot
from bot.errors import ReferralDeskError


def bot_exceptions() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(bot.__path__, "bot."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, BaseException):
                found.append(cls)
    return found


def test_the_bot_defines_its_exceptions():
    names = {cls.__name__ for cls in bot_exceptions()}
    assert {"TagMissingError", "AppendWaitingError", "Refused", "ValidationError"} <= names


def test_every_exception_the_bot_defines_is_in_the_family():
    outside = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in bot_exceptions()
        if not issubclass(cls, ReferralDeskError)
    ]
    assert outside == []
