#!/usr/bin/env bash
# Tools to (re)generate the sample PDFs: LibreOffice and a CJK font (Debian packages).
set -euo pipefail
if command -v soffice >/dev/null && fc-list :lang=zh | grep -q .; then exit 0; fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  libreoffice-writer-nogui fonts-noto-cjk poppler-utils
