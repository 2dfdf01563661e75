#!/usr/bin/env bash
# Build the one-folder bundle into dist/gojee-desktop and check it starts (--self-test).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 dev.py gojee --version >/dev/null   # makes sure .venv exists and is current
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/gojee-desktop.spec
data=$(mktemp -d)
QT_QPA_PLATFORM=offscreen GOJEE_DATA_DIR="$data" dist/gojee-desktop/gojee-desktop --self-test
echo "bundle: $(du -sh dist/gojee-desktop | cut -f1) in dist/gojee-desktop"
rm -rf "$data"
