#!/usr/bin/env bash
# Installs the build tree into a temporary prefix and checks the result as a user would meet
# it: the desktop file, metainfo and MIME definition validate, and the installed executables
# run from outside the source tree, finding the installed data and models (and only those).
# Usage: install_test.sh BUILD_DIR APP_ID [gui]
set -euo pipefail
build=$1
app_id=$2
gui=${3:-}

fail() { echo "install_test: $*" >&2; exit 1; }
for tool in desktop-file-validate appstreamcli xmllint update-mime-database; do
  command -v "$tool" >/dev/null || fail "$tool is missing (run scripts/install-deps.sh)"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || {
  cat "$tmp/install.log" >&2; fail "cmake --install failed"; }

share="$prefix/share"
for f in bin/latentlab-cli share/latentlab/models/mnist.llvae \
         share/latentlab/models/fashion-mnist.llvae share/latentlab/data/faithful.csv \
         share/latentlab/data/mnist10k-images-idx3-ubyte.gz share/man/man1/latentlab-cli.1.gz \
         share/doc/latentlab/copyright share/doc/latentlab/changelog.gz; do
  [ -f "$prefix/$f" ] || fail "not installed: $f"
done

if [ "$gui" = gui ]; then
  for f in bin/latentlab "share/applications/$app_id.desktop" \
           "share/metainfo/$app_id.metainfo.xml" "share/mime/packages/$app_id.xml" \
           "share/icons/hicolor/scalable/apps/$app_id.svg" share/man/man1/latentlab.1.gz; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
  done
  desktop-file-validate "$share/applications/$app_id.desktop"
  # Errors fail; warnings and pedantic notes are printed.
  appstreamcli validate --no-net --explain "$share/metainfo/$app_id.metainfo.xml"
  xmllint --noout "$share/mime/packages/$app_id.xml"
  # shared-mime-info compiles the definition: a session is recognised by name and by content.
  update-mime-database "$share/mime"
  grep -q "application/x-latentlab-session:\*\.latentlab" "$share/mime/globs" ||
    fail "the MIME database has no glob for *.latentlab"
  grep -q "application/x-latentlab-session" "$share/mime/magic" ||
    fail "the MIME database has no magic for sessions"
  grep -q "^Icon=$app_id$" "$share/applications/$app_id.desktop" || fail "desktop Icon is not $app_id"
fi

# Run from an empty folder with nothing else to find: no $LATENTLAB_RESOURCES, XDG folders
# that do not exist (so a LatentLab installed in /usr cannot stand in for this one).
mkdir "$tmp/run"
cd "$tmp/run"
unset LATENTLAB_RESOURCES
export XDG_DATA_HOME="$tmp/none" XDG_DATA_DIRS="$tmp/none"
cli="$prefix/bin/latentlab-cli"

"$cli" presets | grep -q faithful || fail "latentlab-cli presets does not list faithful"
"$cli" vae-decode --model mnist --grid 3 --out grid.png
[ "$(head -c 8 grid.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "vae-decode --model mnist wrote no PNG"

if [ "$gui" = gui ]; then
  QT_QPA_PLATFORM=offscreen "$prefix/bin/latentlab" --view vae --screenshot vae.png --size 800x600
  [ "$(head -c 8 vae.png | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "latentlab --screenshot wrote no PNG"
fi

# Without the installed models: a message naming the file and the folders looked in.
mv "$share/latentlab/models" "$tmp/models-away"
if "$cli" vae-decode --model mnist --grid 3 --out none.png 2>err.txt; then
  fail "vae-decode found a model that is not installed"
fi
cat err.txt
grep -q "models/mnist.llvae" err.txt && grep -q "$share/latentlab" err.txt ||
  fail "the message for a missing model does not say what and where"
echo "install_test: all checks passed in $prefix"
