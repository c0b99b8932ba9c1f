"""pytest-xdist support: every kata's specs go to one worker, in level order.

Levels are judged in order and a failed level locks the ones above it, so one kata's specs
must not be spread over workers. Different katas still run in parallel.
"""

from __future__ import annotations

from typing import Any

import pytest

from pytest_pykata.collect import NODE_PREFIX, kata_of_nodeid


class KataScheduling:
    """Registered on the xdist controller of a ``--kata`` run."""

    @staticmethod
    def applies(config: pytest.Config) -> bool:
        """Only on the controller of a distributed run that splits tests between workers."""
        if hasattr(config, "workerinput"):
            return False
        dist = config.getoption("dist", "no")
        return dist not in ("no", "each") and bool(config.getoption("numprocesses", None))

    @pytest.hookimpl(tryfirst=True)
    def pytest_xdist_make_scheduler(self, config: pytest.Config, log: Any) -> Any:
        from xdist.scheduler import LoadScopeScheduling

        class KataScopeScheduling(LoadScopeScheduling):
            """Load-scope scheduling where a whole kata is one scope."""

            def _split_scope(self, nodeid: str) -> str:
                kata = kata_of_nodeid(nodeid)
                if kata is not None:
                    return f"{NODE_PREFIX}{kata}"
                return super()._split_scope(nodeid)

        return KataScopeScheduling(config, log)
