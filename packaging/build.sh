#!/usr/bin/env bash
# Build the one-folder bundle into dist/gojee-desktop, trim what the app never loads, check
# it (--self-test and the whole-app --smoke run), and pack it as a compressed archive
# (dist/gojee-desktop-VERSION-linux-ARCH.tar.gz on Linux).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 dev.py gojee --version >/dev/null   # makes sure .venv exists and is current
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/gojee-desktop.spec
bundle=dist/gojee-desktop

if [[ "$(uname -s)" == Linux ]]; then
  # Qt's ICU data (31 MB): nothing in the app looks anything up in it (see icudata_stub.c).
  # Swapped for an empty data library of the same name when a C compiler is at hand; the
  # smoke run below proves the app still works with it.
  icu=$(find "$bundle/_internal/PySide6/Qt/lib" -name 'libicudata.so.*' -type f | head -n 1)
  if [[ -n "$icu" ]] && command -v cc >/dev/null 2>&1; then
    soname=$(basename "$icu")                       # libicudata.so.73
    version=${soname##*.so.}
    cc -shared -fPIC -O2 -s -DICU_DATA_SYMBOL="icudt${version}_dat" -Wl,-soname,"$soname" \
      -o "$icu" packaging/icu_stub/icudata_stub.c
  else
    echo "note: no C compiler; Qt's ICU data stays in the bundle (31 MB)"
  fi
fi

.venv/bin/python packaging/trim_babel.py "$bundle"

data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
QT_QPA_PLATFORM=offscreen GOJEE_DATA_DIR="$data" "$bundle/gojee-desktop" --self-test
QT_QPA_PLATFORM=offscreen GOJEE_DATA_DIR="$data" "$bundle/gojee-desktop" --smoke
"$bundle/gojee" --version

version=$(.venv/bin/python -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])")
case "$(uname -s)" in
  Linux) archive="dist/gojee-desktop-$version-linux-$(uname -m).tar.gz"
         tar -C dist -cf - gojee-desktop | gzip -9 > "$archive" ;;
  *)     archive="" ;;
esac
echo "bundle: $(du -sh "$bundle" | cut -f1) in $bundle"
if [[ -n "$archive" ]]; then
  echo "archive: $(du -h "$archive" | cut -f1) $archive"
fi
