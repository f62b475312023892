"""Fixtures for trust tests: a second store, a host in the first, API logins, evidence."""

from tests.store_fixtures import host_headers as host_headers
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The smallest valid PNG: 1x1 transparent pixel (as Pillow writes it; the one this replaced
# had an IDAT chunk without its checksum, which no decoder could read).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
