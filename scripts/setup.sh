#!/usr/bin/env bash
# Installs what crosslive needs on Debian (run as root): system packages, a virtualenv,
# Python dependencies. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium janus janus-tools ffmpeg fonts-dejavu-core python3-venv iproute2 postgresql-client libgomp1
    # Han, kana and Hangul for Japanese, Korean and Chinese text on packing slips
    fonts-wqy-microhei
    # GStreamer's webrtcbin with Debian's python3, for the WHIP compatibility test
    python3-gi gir1.2-gst-plugins-bad-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
    gstreamer1.0-nice
    # offline machine translation for the pairs Debian packages (en-es, es-fr, es-it)
    apertium apertium-eng-spa apertium-fr-es apertium-spa-ita cg3
    # speech for the live-captions tests and bench
    espeak-ng)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "setup: crosslive needs Python >= 3.11" >&2; exit 1; }
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.crosslive-deps
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev,captions]"
    touch "$stamp"
fi
echo "setup: ready (.venv)"
