#!/bin/sh
# help.sh - every command's --help and its man page agree.
#
# usage: sh tests/help.sh BUILD_DIR
#
# The options of the usage lines (--help up to its first blank line) must
# be those of the page's SYNOPSIS, and every option --help describes must
# appear in the page.  Pages are rendered with mandoc, else groff.
set -eu

build=$1
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-help.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

render() {
	if command -v mandoc >/dev/null 2>&1; then
		mandoc -T ascii "$1" | col -b
	else
		groff -mandoc -T ascii "$1" 2>/dev/null | col -b
	fi
}

# The options named in the text on stdin, one per line, sorted.
options() {
	grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' |
	    sed 's/^[^-]*//' | sort -u
}

for c in cmd/*.c cmd/*.in; do
	cmd=$(basename "$c"); cmd=${cmd%.*}
	page=man/$cmd.1
	bad=0
	"$build/$cmd" --help > "$tmp/help.out"
	render "$page" > "$tmp/page.out"
	usage=$(sed '/^$/q' "$tmp/help.out" | options)
	synopsis=$(sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' "$tmp/page.out" | sed 1d |
	    sed '$d' | options)
	if [ "$usage" != "$synopsis" ]; then
		echo "FAIL $cmd: --help's usage and $page's SYNOPSIS differ"
		printf '%s\n' "$usage" > "$tmp/a"
		printf '%s\n' "$synopsis" > "$tmp/b"
		diff "$tmp/a" "$tmp/b" | sed 's/^/  /'
		bad=1
	fi
	missing=
	for o in $(options < "$tmp/help.out"); do
		grep -q -- "$o" "$tmp/page.out" || missing="$missing $o"
	done
	if [ -n "$missing" ]; then
		echo "FAIL $cmd: in --help but not in $page:$missing"
		bad=1
	fi
	[ "$bad" = 1 ] && fail=1 || echo "ok $cmd: --help and $page agree ($(echo "$usage" | wc -l) options)"
	rm -f "$tmp/help.out" "$tmp/page.out" "$tmp/a" "$tmp/b"
done
exit $fail
