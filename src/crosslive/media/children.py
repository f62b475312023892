"""Child processes that do not outlive the process that started them.

Janus, the RTMP ingests and their ffmpeg run as children. Left behind by an app killed with
SIGKILL (or crashed), a Janus would hold its ports and a listener would go on taking pushes
for a show nobody serves. So each is started through util-linux's `setpriv --pdeathsig`:
the kernel sends the child SIGTERM when the thread that started it ends, which for these
children is the event loop's thread, alive as long as the app.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence

log = logging.getLogger(__name__)


def ending_with_parent(command: Sequence[str]) -> list[str]:
    """COMMAND, run so that it gets SIGTERM once its parent is gone."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        log.warning("setpriv (util-linux) not found: %s would outlive a crashed app", command[0])
        return list(command)
    return [setpriv, "--pdeathsig", "TERM", "--", *command]
