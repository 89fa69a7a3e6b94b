#!/bin/sh
# install.sh - make install and make uninstall, into a scratch DESTDIR.
#
# usage: sh tests/install.sh MAKE [MAKE_VARIABLE=VALUE ...]
#        (from the top of the repository; make check passes its own
#        $(MAKE) and SANITIZE)
#
# Installs with PREFIX=/opt/rfmkit under a temporary DESTDIR and checks
# that every command, man page, data file and gnuplot script is there,
# that the installed commands run from elsewhere on the installed sample,
# that man(1) finds every page by name (when man is installed), and that
# make uninstall then leaves no file behind.
set -eu

mk=$1
shift
fail=0
prefix=/opt/rfmkit
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/dest$prefix

not_ok() {
	echo "not ok $*"
	fail=1
}

if ! $mk --no-print-directory "$@" install DESTDIR="$tmp/dest" \
    PREFIX="$prefix" > "$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "not ok make install failed"
	exit 1
fi

# Each command, its page, and the one completion file, which
# bash-completion finds under each command's name.
for c in rfm-extract rfm-scale kmeans-fit segment-predict rfmkit-report \
    rfmkit-demo; do
	[ -x "$root/bin/$c" ] || not_ok "$prefix/bin/$c not installed"
	cmp -s "$root/share/man/man1/$c.1" "man/$c.1" ||
	    not_ok "$prefix/share/man/man1/$c.1 not installed"
	cmp -s "$root/share/bash-completion/completions/$c" \
	    data/rfmkit.bash-completion ||
	    not_ok "$prefix/share/bash-completion/completions/$c not installed"
done
for p in man5/rfmkit-files.5 man7/rfmkit.7; do
	cmp -s "$root/share/man/$p" "man/${p#*/}" ||
	    not_ok "$prefix/share/man/$p not installed"
done
for f in README sample.csv online_retail.csv.xz rfmkit-plot.gp \
    rfm-distributions.gp choose-k.gp segments.gp profiles.gp share.gp \
    migration.gp; do
	cmp -s "$root/share/rfmkit/$f" "data/$f" ||
	    not_ok "$prefix/share/rfmkit/$f not installed"
done

# The installed pipeline, run from another directory on the installed
# sample: 4 segments in the summary.
n=$(cd "$tmp" && PATH=$root/bin:$PATH &&
    rfm-extract "$root/share/rfmkit/sample.csv" > rfm.tsv &&
    rfm-scale --save scaler.tsv < rfm.tsv |
    kmeans-fit -k 4 --save model.tsv > /dev/null &&
    segment-predict --scaler scaler.tsv --model model.tsv --summary \
        < rfm.tsv | sed 1d | wc -l) || n=failed
[ "$n" = 4 ] || not_ok "installed pipeline: $n segments, expected 4"

# The installed demo, run from another directory, reads the installed
# data (RFMKIT_DATADIR: DATADIR lies under DESTDIR here).
n=$(cd "$tmp" && RFMKIT_DATADIR=$root/share/rfmkit &&
    export RFMKIT_DATADIR && "$root/bin/rfmkit-demo" demo > demo.out &&
    sed 1d demo/summary.tsv | wc -l) || n=failed
[ "$n" = 4 ] || not_ok "installed rfmkit-demo: $n segments, expected 4"
grep -q '^UCI Online Retail: 541,909 transactions -> 4338 customers' \
    "$tmp/demo.out" || not_ok "installed rfmkit-demo: no table"

# The installed report draws with the installed scripts: it was made for
# DATADIR, which lies under DESTDIR here, so RFMKIT_DATADIR says where.
grep -q "^datadir=\${RFMKIT_DATADIR:-$prefix/share/rfmkit}\$" \
    "$root/bin/rfmkit-report" ||
    not_ok "installed rfmkit-report does not look in $prefix/share/rfmkit"
if command -v gnuplot > /dev/null 2>&1; then
	n=$(cd "$tmp" && RFMKIT_DATADIR=$root/share/rfmkit &&
	    export RFMKIT_DATADIR && "$root/bin/rfmkit-report" --model model.tsv --scaler scaler.tsv \
	    rfm.tsv |
	    grep -c '<img ') || n=failed
	[ "$n" = 4 ] ||
	    not_ok "installed rfmkit-report: $n pictures, expected 4"
fi

# The pages by name, as a user looks them up: "man rfmkit" with no
# section must give the overview (section 7); the file formats are
# rfmkit-files(5).
if command -v man > /dev/null 2>&1; then
	for p in 1:rfm-extract 1:rfm-scale 1:kmeans-fit 1:segment-predict \
	    1:rfmkit-report 1:rfmkit-demo 5:rfmkit-files 7:rfmkit; do
		s=${p%%:*}
		name=${p#*:}
		where=$(MANPATH=$root/share/man man -w "$s" "$name" \
		    2>/dev/null) || where=
		[ "$where" = "$root/share/man/man$s/$name.$s" ] ||
		    not_ok "man -w $s $name gives '$where'"
	done
	where=$(MANPATH=$root/share/man man -w rfmkit 2>/dev/null) || where=
	[ "$where" = "$root/share/man/man7/rfmkit.7" ] ||
	    not_ok "man -w rfmkit gives '$where', not the overview"
else
	echo "skip man -w rfmkit: man(1) is not installed"
fi

if ! $mk --no-print-directory "$@" uninstall DESTDIR="$tmp/dest" \
    PREFIX="$prefix" > "$tmp/log" 2>&1; then
	cat "$tmp/log"
	not_ok "make uninstall failed"
fi
left=$(find "$tmp/dest" ! -type d | sed "s|^$tmp/dest||")
[ -z "$left" ] || not_ok "make uninstall left: $left"
[ ! -d "$root/share/rfmkit" ] ||
    not_ok "make uninstall left $prefix/share/rfmkit"

if [ $fail -eq 0 ]; then
	echo "ok make install and make uninstall (PREFIX=$prefix, DESTDIR)"
fi
exit $fail
