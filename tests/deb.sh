#!/bin/sh
# deb.sh - the Debian package: built from a copy of the tree with
# dpkg-buildpackage, lintian clean of errors and warnings, and its
# installed commands run.
#
# usage: sh tests/deb.sh OUT_DIR             (from the top of the repository)
#        sh tests/deb.sh --install OUT_DIR   (as root, after the first form)
#
# The first form copies the tree (without build*/, out/ and .git) to
# OUT_DIR/src, builds the binary package there (the .deb lands in
# OUT_DIR), runs lintian on it, unpacks it into OUT_DIR/root with dpkg -x
# and runs the unpacked commands: every --version, the demo on the
# packaged data, man on the packaged pages, the packaged completion.
# Without dpkg-buildpackage, debhelper or lintian it says so and exits 0
# (make check on a machine that is not Debian; CI installs them).
#
# The second form installs OUT_DIR/rfmkit_*.deb with apt-get as a user
# would, runs "man rfm-extract", rfmkit-demo and the completion loaded by
# bash-completion, then removes the package and checks nothing is left.
set -eu

install=
if [ "${1-}" = --install ]; then
	install=yes
	shift
fi
if [ $# -ne 1 ]; then
	echo "usage: sh tests/deb.sh [--install] OUT_DIR" >&2
	exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
top=$(pwd)
fail=0
not_ok() {
	echo "not ok $*"
	fail=1
}

cmds="rfm-extract rfm-scale kmeans-fit segment-predict rfmkit-report rfmkit-demo"

# smoke BIN_DIR DATA_DIR MAN_DIR COMPLETION_DIR: the packaged commands;
# DATA_DIR empty: the data where the package put it, no RFMKIT_DATADIR.
smoke() {
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-deb.XXXXXX")
	for c in $cmds; do
		v=$("$1/$c" --version 2>&1) || v="failed: $v"
		[ "$v" = "$c (rfmkit) $(sed -n 's/^VERSION = //p' "$top/Makefile")" ] ||
		    not_ok "$1/$c --version: $v"
		[ -f "$4/$c" ] || not_ok "no completion file $4/$c"
		# The file bash-completion would load for the command completes it.
		bash -c '. "$1"; complete -p "$2"' sh "$4/$c" "$c" \
		    > /dev/null 2>&1 || not_ok "$4/$c does not complete $c"
		page=$(man -M "$3" -w "$c" 2>/dev/null) || page=
		[ "$page" = "$3/man1/$c.1.gz" ] || not_ok "man -w $c gives '$page'"
	done
	# man rfm-extract, as a user reads it.
	MANWIDTH=80 man -M "$3" rfm-extract 2>/dev/null | col -b |
	    grep -q '^ *rfm-extract .*transaction' ||
	    not_ok "man rfm-extract does not show the page"
	page=$(man -M "$3" -w rfmkit 2>/dev/null) || page=
	[ "$page" = "$3/man7/rfmkit.7.gz" ] || not_ok "man -w rfmkit gives '$page'"
	# The demo on the packaged data, from another directory.
	(cd "$scratch" && unset RFMKIT_DATADIR &&
	    if [ -n "$2" ]; then RFMKIT_DATADIR=$2; export RFMKIT_DATADIR; fi &&
	    PATH=$1:$PATH rfmkit-demo work > demo.out 2> demo.err) ||
	    { cat "$scratch/demo.err"; not_ok "rfmkit-demo failed"; }
	grep -q '^UCI Online Retail: 541,909 transactions -> 4338 customers -> 4 segments$' \
	    "$scratch/demo.out" || not_ok "rfmkit-demo: no segment table"
	[ -s "$scratch/work/report.html" ] || not_ok "rfmkit-demo: no report.html"
	rm -rf "$scratch"
}

if [ -n "$install" ]; then
	deb=$(ls "$out"/rfmkit_*.deb)
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" \
	    > "$out/apt.log" 2>&1 || { cat "$out/apt.log"; exit 1; }
	dpkg -L rfmkit | grep -q '^/usr/share/bash-completion/completions/rfm-extract$' ||
	    not_ok "dpkg -L rfmkit: no completion"
	smoke /usr/bin '' /usr/share/man \
	    /usr/share/bash-completion/completions
	# PATH alone finds them; man rfm-extract as typed.
	(cd /tmp && rfm-extract --version > /dev/null) ||
	    not_ok "rfm-extract is not on PATH"
	MANWIDTH=80 man rfm-extract 2>/dev/null | col -b |
	    grep -q 'rfm-extract' || not_ok "man rfm-extract: no page"
	if [ -f /usr/share/bash-completion/bash_completion ]; then
		w=$(bash -c '. /usr/share/bash-completion/bash_completion
		    __load_completion kmeans-fit && complete -p kmeans-fit' \
		    2>&1) || w=
		case $w in
		complete*kmeans-fit) ;;
		*) not_ok "bash-completion does not load kmeans-fit's: $w" ;;
		esac
	fi
	DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq rfmkit \
	    > "$out/apt.log" 2>&1 || { cat "$out/apt.log"; exit 1; }
	for c in $cmds; do
		[ ! -e "/usr/bin/$c" ] || not_ok "/usr/bin/$c left after removal"
	done
	[ $fail -eq 0 ] && echo "ok the package installs with apt-get, works, and removes"
	exit $fail
fi

for t in dpkg-buildpackage dh lintian; do
	if ! command -v $t > /dev/null 2>&1; then
		echo "skipped the Debian package: $t is not installed; on Debian:" \
		    "apt-get install dpkg-dev debhelper lintian"
		exit 0
	fi
done

rm -rf "$out/src" "$out/root" "$out"/rfmkit*_*
mkdir -p "$out/src"
tar --exclude='./build*' --exclude=./out --exclude=./.git -cf - . | (cd "$out/src" && tar xf -)
if ! (cd "$out/src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1; then
	tail -40 "$out/build.log"
	echo "not ok dpkg-buildpackage -us -uc -b failed (log: $out/build.log)"
	exit 1
fi
deb=$(ls "$out"/rfmkit_*.deb)
# Errors and warnings fail; informational tags are shown.
if ! lintian --fail-on error,warning "$out"/rfmkit_*.changes \
    > "$out/lintian.log" 2>&1; then
	cat "$out/lintian.log"
	not_ok "lintian: errors or warnings"
fi

dpkg -x "$deb" "$out/root"
smoke "$out/root/usr/bin" "$out/root/usr/share/rfmkit" "$out/root/usr/share/man" \
    "$out/root/usr/share/bash-completion/completions"
[ $fail -eq 0 ] &&
    echo "ok $(basename "$deb"): builds, lintian clean, its commands run"
exit $fail
