#!/usr/bin/env bash
# Build the desktop bundle and check it end to end, as an office would receive it:
#   1. `make installer` builds dist/daftar/ from installers/daftar.spec;
#   2. installers/check_bundle.py checks its contents, Qt exclusions and size (over the
#      budget fails);
#   3. the bundle's own `daftar selftest` runs (offscreen Qt) from outside the checkout,
#      with --upgrade-check on a copy of the stored first-schema store, and the backup
#      the upgrade must leave is looked for.
# Called by .ci/run after `make test`; needs nothing but the project's venv.
#
# DAFTAR_DIST_DIR=/tmp/x/dist DAFTAR_WORK_DIR=/tmp/x/build builds elsewhere (the same
# PyInstaller command as `make installer`, other folders), e.g. beside a checkout in use.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
key=5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a
dist=${DAFTAR_DIST_DIR:-dist}
build=${DAFTAR_WORK_DIR:-build/pyinstaller}
case $dist in /*) ;; *) dist=$repo/$dist ;; esac

rm -rf "$dist/daftar"
started=$SECONDS
if [ "$dist" = "$repo/dist" ] && [ "$build" = build/pyinstaller ]; then
  make installer
else
  make .venv/.installed .venv/.installer
  .venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$build" installers/daftar.spec
fi
echo "built in $((SECONDS - started)) s"
.venv/bin/python installers/check_bundle.py "$dist/daftar"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/sync/fixtures/store_v1.db "$work/store_v1.db"
# No screen in CI; away from the checkout and with no Python path, so only the
# bundle's own files can be used.
cd "$work"
env -u PYTHONPATH -u PYTHONHOME QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
    DAFTAR_DATA_DIR="$work/data" "$dist/daftar/daftar" selftest \
    --upgrade-check "$work/store_v1.db" "$key"
ls "$work"/store_v1.0001.*.bak >/dev/null || { echo "no backup was left by the upgrade" >&2; exit 1; }
echo "bundle: $(du -sh "$dist/daftar" | cut -f1) in $dist/daftar"
