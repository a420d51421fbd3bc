#!/usr/bin/env bash
# check-po.sh SRCDIR — every translatable string of the sources is translated in po/fa.po, and
# every source file with translatable strings is listed in po/POTFILES.in, and the metainfo
# names its gettext domain.
set -euo pipefail
src=$1
cd "$src"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# Files with translatable strings that POTFILES.in forgot.
for f in $(grep -rlE '(^|[^a-zA-Z0-9_])N?_ ?\(|translatable="yes"' src ui 2>/dev/null | sort); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not in po/POTFILES.in: $f"; fail=1
  fi
done
if ! diff <(grep -v '^#' po/POTFILES.in | grep .) <(grep -v '^#' po/POTFILES.in | grep . | LC_ALL=C sort); then
  echo "po/POTFILES.in is not sorted"; fail=1
fi

xgettext --from-code=UTF-8 --add-comments=TRANSLATORS --files-from=po/POTFILES.in \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --keyword=ngettext:1,2 --output="$tmp/pishkhan.pot" --directory="$src"
if ! msgcmp po/fa.po "$tmp/pishkhan.pot"; then
  echo "po/fa.po lacks translations (run: ninja -C build pishkhan-update-po)"; fail=1
fi
# Software centres find the metainfo's translations by this tag (the gettext domain).
if ! grep -q '<translation type="gettext">pishkhan</translation>' data/*.metainfo.xml.in; then
  echo "the metainfo lacks <translation type=\"gettext\">pishkhan</translation>"; fail=1
fi
stats=$(msgfmt -c --statistics -o /dev/null po/fa.po 2>&1)
echo "fa.po: $stats"
if echo "$stats" | grep -qE 'fuzzy|untranslated'; then
  echo "po/fa.po has fuzzy or untranslated messages"; fail=1
fi
exit $fail
