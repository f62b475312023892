"""Reading the dashboard's figures out of its page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

TASK = re.compile(r'<li data-task="(\w+)"><a href="([^"]+)"><span class="count">(\d+)</span>')
FIGURE = re.compile(
    r'<tr data-figure="(\w+)"><th scope="row">[^<]*</th>'
    r'<td>([^<]*)</td><td class="muted">([^<]*)</td>'
)


def dashboard(client: TestClient) -> str:
    response = client.get("/admin")
    assert response.status_code == 200, response.text
    return response.text


def tasks(client: TestClient) -> dict[str, int]:
    """Each count the page shows under "Waiting for you" (zero counts are not shown)."""
    return {key: int(count) for key, _, count in TASK.findall(dashboard(client))}


def links(client: TestClient) -> dict[str, str]:
    return {key: href for key, href, _ in TASK.findall(dashboard(client))}


def figures(client: TestClient) -> dict[str, tuple[str, str]]:
    """Each "Last 7 days" row: (the last 7 days, the 7 before)."""
    return {key: (last, before) for key, last, before in FIGURE.findall(dashboard(client))}
