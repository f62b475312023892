"""Dependencies of the live-room API: a staff member acting from the console.

Console writes are authenticated by the login cookie and carry the page's CSRF token in the
X-CSRF-Token header; `crosslive.deps.get_current_staff` checks it for every API write.
"""

from __future__ import annotations

from crosslive.deps import CSRF_HEADER, CurrentStaff

StaffAction = CurrentStaff

__all__ = ["CSRF_HEADER", "StaffAction"]
