#!/bin/sh
# Install (or upgrade in place) the one-folder bundle on Linux, with its menu entry and icon.
#
#   installers/linux/install.sh [--system] [BUNDLE]        install or upgrade
#   installers/linux/install.sh [--system] --uninstall     remove the program
#
# BUNDLE is the folder `make installer` builds (default dist/daftar). Per user (default):
# ~/.local/opt/daftar, ~/.local/bin/daftar, the menu entry and icon under ~/.local/share.
# --system (as root): /opt/daftar, /usr/local/bin/daftar, /usr/share/applications and icons.
# Operators' records are never touched: they live in ~/.local/share/Daftar (per user), and
# their keys in the keychain; uninstalling leaves both, so a reinstall finds them again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mode=user action=install bundle=
for arg in "$@"; do
  case "$arg" in
    --system) mode=system ;;
    --uninstall) action=uninstall ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) bundle=$arg ;;
  esac
done
bundle=${bundle:-$here/../../dist/daftar}

if [ "$mode" = system ]; then
  prefix=/opt/daftar bin=/usr/local/bin share=/usr/share
else
  prefix=$HOME/.local/opt/daftar bin=$HOME/.local/bin share=${XDG_DATA_HOME:-$HOME/.local/share}
fi
apps=$share/applications icons=$share/icons/hicolor

refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
}

if [ "$action" = uninstall ]; then
  rm -rf "$prefix" "$bin/daftar" "$apps/daftar.desktop" \
         "$icons/scalable/apps/daftar.svg" "$icons/256x256/apps/daftar.png"
  refresh
  echo "Daftar removed. Records in each user's ~/.local/share/Daftar were kept."
  exit 0
fi

[ -x "$bundle/daftar" ] || { echo "no bundle at $bundle: run 'make installer' first" >&2; exit 1; }
mkdir -p "$(dirname "$prefix")" "$bin" "$apps" "$icons/scalable/apps" "$icons/256x256/apps"
# Upgrade in place: copy beside the old folder, then swap, so a failed copy leaves the
# old version working and no file of the old version lingers in the new one.
rm -rf "$prefix.new"
cp -a "$bundle" "$prefix.new"
rm -rf "$prefix.old"
[ -d "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"
ln -sf "$prefix/daftar" "$bin/daftar"
sed -e "s|^Exec=.*|Exec=$prefix/daftar|" -e "s|^TryExec=.*|TryExec=$prefix/daftar|" \
    "$here/daftar.desktop" > "$apps/daftar.desktop"
cp "$here/daftar.svg" "$icons/scalable/apps/daftar.svg"
cp "$here/daftar-256.png" "$icons/256x256/apps/daftar.png"
refresh
echo "Daftar installed in $prefix ($bin/daftar); check it with: daftar selftest"
