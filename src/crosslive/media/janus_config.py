"""Writes the private Janus configuration: VideoRoom + HTTP on 127.0.0.1, admin API off,
every Janus API request authorised by an API secret made for this start of Janus.

Only the two needed shared objects are linked into private plugin/transport folders, so a
system-wide Janus configuration never leaks in. The DTLS certificate is generated once and
kept, which removes Janus's random start-up delay of making one. The files that hold
secrets (janus.jcfg: the API secret and the TURN password; the DTLS private key) are
owner-only from the moment they exist (`crosslive.secret_files`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crosslive.secret_files import write_private
from crosslive.settings import Settings

PLUGIN = "libjanus_videoroom.so"
TRANSPORT = "libjanus_http.so"
SESSION_TIMEOUT_S = 60
# Packets kept for retransmission at least this long whatever the RTT: on a lossy link a
# retransmission is itself lost now and then, and the viewer's player holds frames for
# about three round trips (player.js) so a second or third request can still arrive.
MIN_NACK_QUEUE_MS = 1000


@dataclass(frozen=True)
class JanusLayout:
    """Where one Janus instance's configuration lives and how it is reached: every Janus
    API request must carry `api_secret` (as `apisecret`)."""

    config_dir: Path
    http_port: int
    api_secret: str
    # 127.0.0.1 for the app's own Janus nodes; a remote edge's private (tunnel) address.
    http_ip: str = "127.0.0.1"

    @property
    def main_config(self) -> Path:
        return self.config_dir / "janus.jcfg"

    @property
    def base_url(self) -> str:
        return f"http://{self.http_ip}:{self.http_port}/janus"

    def command(self, binary: str) -> list[str]:
        return [binary, "-F", str(self.config_dir), "-C", str(self.main_config), "-o"]


def _quote(value: str) -> str:
    """A libconfig string literal (JSON string escaping is a compatible subset)."""
    return json.dumps(value)


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def ensure_dtls_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed ECDSA certificate for DTLS, made on first use and reused afterwards."""
    cert_path, key_path = folder / "dtls-cert.pem", folder / "dtls-key.pem"
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "crosslive-media")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    write_private(key_path, pem.decode("ascii"))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def _nat_section(settings: Settings) -> str:
    lines = [f"ice_ignore_list = {_quote(settings.media_ice_ignore)}"]
    if settings.media_ice_interfaces:
        lines.append(f"ice_enforce_list = {_quote(settings.media_ice_interfaces)}")
    if settings.media_stun_server:
        host, _, port = settings.media_stun_server.rpartition(":")
        lines += [f"stun_server = {_quote(host)}", f"stun_port = {int(port)}"]
    if settings.media_turn_server:
        host, _, port = settings.media_turn_server.rpartition(":")
        lines += [
            f"turn_server = {_quote(host)}",
            f"turn_port = {int(port)}",
            'turn_type = "udp"',
            f"turn_user = {_quote(settings.media_turn_user)}",
            f"turn_pwd = {_quote(settings.media_turn_password)}",
        ]
    if settings.media_nat_1_1:
        lines.append(f"nat_1_1_mapping = {_quote(','.join(_split(settings.media_nat_1_1)))}")
        lines.append("keep_private_host = false")
    return "\n\t".join(lines)


def main_config(settings: Settings, layout: JanusLayout, cert: Path, key: Path) -> str:
    folder = layout.config_dir
    return f"""general: {{
\tconfigs_folder = {_quote(str(folder))}
\tplugins_folder = {_quote(str(folder / "plugins"))}
\ttransports_folder = {_quote(str(folder / "transports"))}
\tevents_folder = {_quote(str(folder / "events"))}
\tloggers_folder = {_quote(str(folder / "loggers"))}
\tdebug_level = 3
\tapi_secret = {_quote(layout.api_secret)}
\tsession_timeout = {SESSION_TIMEOUT_S}
\treclaim_session_timeout = 0
\tprotected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", "/var"]
}}
certificates: {{
\tcert_pem = {_quote(str(cert))}
\tcert_key = {_quote(str(key))}
}}
media: {{
\trtp_port_range = {_quote(settings.media_rtp_ports)}
\tslowlink_threshold = 4
\tmin_nack_queue = {MIN_NACK_QUEUE_MS}
\tno_media_timer = 1
\ttwcc_period = 100
}}
nat: {{
\t{_nat_section(settings)}
}}
plugins: {{
}}
transports: {{
}}
events: {{
\tbroadcast = false
}}
loggers: {{
}}
"""


def http_config(layout: JanusLayout) -> str:
    return f"""general: {{
\tjson = "compact"
\tbase_path = "/janus"
\thttp = true
\tport = {layout.http_port}
\tip = {_quote(layout.http_ip)}
\thttps = false
}}
admin: {{
\tadmin_http = false
\tadmin_https = false
}}
cors: {{
}}
"""


VIDEOROOM_CONFIG = """general: {
\tstring_ids = false
}
"""


def _link(target: Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)


def write_config(
    settings: Settings, http_port: int, api_secret: str, node: str = "", http_ip: str = ""
) -> JanusLayout:
    """Write (or rewrite) the configuration under DATA_DIR/janus (DATA_DIR/janus-edge-NODE for
    an edge node) and return its layout. HTTP_IP: where the HTTP API listens (127.0.0.1 unless
    given: an edge on another machine listens on its private address for the origin)."""
    layout = JanusLayout(
        config_dir=(settings.data_dir / (f"janus-edge-{node}" if node else "janus")).resolve(),
        http_port=http_port,
        api_secret=api_secret,
        http_ip=http_ip or "127.0.0.1",
    )
    folder = layout.config_dir
    cert, key = ensure_dtls_certificate(folder / "dtls")
    _link(settings.janus_lib_dir / "plugins" / PLUGIN, folder / "plugins" / PLUGIN)
    _link(settings.janus_lib_dir / "transports" / TRANSPORT, folder / "transports" / TRANSPORT)
    for empty in ("events", "loggers"):
        (folder / empty).mkdir(parents=True, exist_ok=True)
    write_private(layout.main_config, main_config(settings, layout, cert, key))
    (folder / "janus.transport.http.jcfg").write_text(http_config(layout))
    (folder / "janus.plugin.videoroom.jcfg").write_text(VIDEOROOM_CONFIG)
    return layout
