#!/bin/sh
# bitflip.sh - a damaged model, scaler, breaks or rules file never labels
# or scores customers otherwise with exit status 0.
#
# usage: sh tests/bitflip.sh BUILD_DIR       (from the top of the repository)
#
# A scaler and a model are fitted on the real data's 4338 customers
# (tests/fixtures/rfm-default.tsv, which parity.sh proves to be
# rfm-extract's table), and tools/flipcheck flips their bits one at a
# time, each time running segment-predict on every customer:
#
#   the model, which carries its scaler    segment-predict --model m.tsv
#   the scaler, beside a model without one  segment-predict --scaler s.tsv
#                                               --model plain.tsv
#   the breaks of the RFM scores            rfm-scale --score --load b.tsv
#   a rules file with its cksum line        segment-predict --rules r.tsv
#
# Each run must refuse the file (exit 65, naming it) or give the labels of
# the intact file (a flip in a comment).  BITFLIPS bits of each file are
# flipped (default 2000, drawn with a fixed seed, BITFLIP_SEED, default
# 1; 0 means every bit).  The model's comment line naming the features is
# gone, and two names swapped on its features line are refused: the case
# segment-predict-bad-model-damaged.
set -eu

build=$(cd "$1" && pwd)
flips=${BITFLIPS:-2000}
seed=${BITFLIP_SEED:-1}
fix=$(pwd)/tests/fixtures
[ -x "$build/tools/flipcheck" ] ||
    { echo "bitflip.sh: $build/tools/flipcheck is missing (make $1/tools/flipcheck)" >&2; exit 2; }
PATH=$build:$PATH
LC_ALL=C
export PATH LC_ALL
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rfmkit-bitflip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp"

cp "$fix/rfm-default.tsv" rfm.tsv
rfm-scale --save s.tsv < rfm.tsv > z.tsv
kmeans-fit --scaler s.tsv --save m.tsv z.tsv > /dev/null
kmeans-fit --save plain.tsv z.tsv > /dev/null
segment-predict --model m.tsv rfm.tsv > want-m.tsv
segment-predict --scaler s.tsv --model plain.tsv rfm.tsv > want-s.tsv
# The two ways agree, and the labels are not all one: a flip can show.
cmp -s want-m.tsv want-s.tsv ||
    { echo "FAIL the model with its scaler and the pair label differently"; exit 1; }
[ "$(cut -f 6 want-m.tsv | sort -u | wc -l)" -gt 2 ] ||
    { echo "FAIL too few segments to see a wrong label"; exit 1; }

rfm-scale --score --save b.tsv rfm.tsv > want-b.tsv
segment-predict --print-rules > r.tsv
rfm-scale --score --keep --load b.tsv rfm.tsv > scores.tsv
segment-predict --rules r.tsv scores.tsv > want-r.tsv
[ "$(cut -f 4 want-b.tsv | sort -u | wc -l)" -gt 2 ] &&
    [ "$(cut -f 10 want-r.tsv | sort -u | wc -l)" -gt 5 ] ||
    { echo "FAIL too few scores or segments to see a wrong one"; exit 1; }

fail=0
"$build/tools/flipcheck" -n "$flips" -s "$seed" b.tsv want-b.tsv \
    rfm-scale --score --load b.tsv rfm.tsv || fail=1
"$build/tools/flipcheck" -n "$flips" -s "$seed" r.tsv want-r.tsv \
    segment-predict --rules r.tsv scores.tsv || fail=1
"$build/tools/flipcheck" -n "$flips" -s "$seed" m.tsv want-m.tsv \
    segment-predict --model m.tsv rfm.tsv || fail=1
"$build/tools/flipcheck" -n "$flips" -s "$seed" s.tsv want-s.tsv \
    segment-predict --scaler s.tsv --model plain.tsv rfm.tsv || fail=1
[ $fail = 0 ] && echo "bitflip: no flip gave other labels with exit 0" ||
    echo "FAIL bitflip: a damaged file gave other labels, or failed otherwise"
exit $fail
