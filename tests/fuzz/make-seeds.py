#!/usr/bin/env python3
"""make-seeds.py - raw seed inputs for the fuzzers, from the real data.

usage: python3 tests/fuzz/make-seeds.py BUILD_DIR OUT_DIR

Writes OUT_DIR/TARGET/* for every target: lines of data/sample.csv (a few
hundred bytes each, behind the control bytes each fuzzer reads first),
scaler and model files that the pipeline in BUILD_DIR makes from
data/sample.csv and from data/online_retail.csv.xz, numbers and dates
from the data, and the inputs and option values of the bad-input cases in
tests/cases/*.case.  The committed corpora are these seeds merged and
minimised by libFuzzer:

  BUILD_DIR/fuzz/fuzz_T -merge=1 tests/fuzz/corpus/T OUT_DIR/T

(see tests/fuzz/README).
"""
import hashlib
import lzma
import os
import re
import shlex
import subprocess
import sys

build, out = sys.argv[1], sys.argv[2]
top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(top)

# The control bytes of each fuzzer (see the comments of fuzz_*.c).
CSV_FORMATS = [None, "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M",
               "%d.%m.%Y", "%Y-%m-%d", "%s", "%Y%m%d"]
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M",
                "%d/%m/%Y %H:%M", "%d.%m.%Y", "%Y%m%d", "%s", "%d %b %Y",
                "%y-%m-%d", "%Y-%j", "%d/%m/%y %I:%M %p", "%D", "%F %T",
                "%e-%b-%y", "%Y-%m-%dT%H:%M:%S%z"]
OPT_LONGS = ["-k", "--n-init", "--max-iter", "--seed", "--max-bad",
             "--silhouette-sample"]
OPT_LONG_ALIASES = {"--clusters": "-k", "-n": "--n-init", "-m": "--max-iter",
                    "-s": "--seed"}
OPT_DOUBLES = ["--tol", "-t", "--recency", "-r", "--frequency", "-f",
               "--monetary", "-m"]
OPT_FORMATS = [None, "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M", "%d/%m/%Y",
               "%d.%m.%Y", "%s", "%Y%m%d", "%b %d %Y"]
OPT_LISTS = ["--columns", "-c", "--names", "-N", "--log1p", "-l"]

count = {}


def put(target, data):
    if isinstance(data, str):
        data = data.encode("latin-1", "surrogateescape")
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    count[target] = count.get(target, 0) + 1


def csv_ctl(flags=0, max_bad=0, fmt=None, split=0, as_of=0, rd=0, at=0,
            enc=0, more=0):
    fi = CSV_FORMATS.index(fmt) if fmt in CSV_FORMATS else 0
    return bytes([flags, max_bad, fi, split, (as_of >> 8) & 255,
                  as_of & 255, rd, (at & 0xC7) | enc << 3, more])


# TEXTENC_* (lib/textenc.h) of the names --encoding takes.
ENCODINGS = {"utf-8": 1, "utf8": 1, "latin1": 2, "latin-1": 2,
             "iso-8859-1": 2, "iso8859-1": 2, "cp1252": 3,
             "windows-1252": 3, "utf-16": 4, "utf16": 4, "utf-16le": 5,
             "utf16le": 5, "utf-16be": 6, "utf16be": 6}


def run(cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE,
                          check=True).stdout


# -- data/sample.csv ---------------------------------------------------
sample = open("data/sample.csv", "rb").read()
lines = sample.split(b"\n")
header, rows = lines[0] + b"\n", [l + b"\n" for l in lines[1:] if l]
for i in range(0, len(rows), max(1, len(rows) // 24)):
    chunk = header + b"".join(rows[i:i + 3])
    k = i // max(1, len(rows) // 24)
    ctl = [csv_ctl(), csv_ctl(flags=1), csv_ctl(flags=2),
           csv_ctl(flags=8, as_of=300), csv_ctl(flags=16, split=128),
           csv_ctl(max_bad=3, rd=7), csv_ctl(flags=3, max_bad=128),
           csv_ctl(flags=128, at=100), csv_ctl(flags=128, at=201),
           csv_ctl(flags=128, at=102), csv_ctl(flags=128, at=203)][k % 11]
    put("csv_extract", ctl + chunk)
# Two files, each with its header: the split falls between them.
for a, b in [(0, 5), (10, 40)]:
    one, two = header + b"".join(rows[a:a + 2]), header + b"".join(rows[b:b + 2])
    for _ in range(300):
        n = len(one) + len(two)
        split = (256 * len(one) + n - 1) // n
        if split < 256 and n * split // 256 == len(one):
            put("csv_extract", csv_ctl(flags=16, split=split) + one + two)
            break
        one += b"\n"
# The same rows with other date shapes, an amount column, other names.
us = re.sub(rb"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2}",
            lambda m: b"%d/%d/%s %d:%s" % (int(m[2]), int(m[3]), m[1],
                                           int(m[4]), m[5]),
            header + b"".join(rows[:3]))
put("csv_extract", csv_ctl() + us)
put("csv_extract", csv_ctl(fmt="%m/%d/%Y %H:%M") + us)
put("csv_extract", csv_ctl(flags=4) +
    b"InvoiceNo,InvoiceDate,Amount,CustomerID\n"
    b"536365,2010-12-01 08:26:00,15.3,17850\n"
    b"C536379,2010-12-01 09:41:00,-27.5,14527\n")
put("csv_extract", csv_ctl(flags=96) +
    b"Invoice,Date,Quantity,UnitPrice,Customer\n"
    b"536365,2010-12-01 08:26:00,6,2.55,17850.0\n"
    b"536366,2010-12-01 08:28:00,6,1.85,\n")
put("csv_extract", csv_ctl(fmt="%s") +
    b"InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID\n"
    b"536365,1291191960,6,2.55,17850\n")
put("csv_extract", csv_ctl(fmt="%s") +
    b"InvoiceNo,InvoiceDate,Quantity,UnitPrice,CustomerID\n"
    b"536365,67768000000000000,6,2.55,17850\n")

# Dates and numbers of the data.
dates, nums = set(), set()
for r in rows:
    f = r.decode("latin-1").rstrip("\n").split(",")
    if len(f) >= 8:
        dates.add(f[4])
        nums.update([f[3], f[5], f[6]])
for i, d in enumerate(sorted(dates)[:12]):
    put("date", bytes([i % 16]) + d.encode())
    put("options", bytes([2]) + d.encode())
for i, d in enumerate(["12/1/2010 8:26", "12/9/11 12:50 PM", "2011-12-09",
                       "2011-12-09T12:50:00", " 2010-12-01 08:26:00.5 ",
                       "2011-02-29", "09.12.2011", "20111209",
                       "1291191960", "09 Dec 2011", "2011-343"]):
    put("date", bytes([(i * 5) % 16]) + d.encode())
    put("date", bytes([16 | i]) + d.encode())
put("date", bytes([DATE_FORMATS.index("%s")]) + b"67768000000000000")
put("date", bytes([15]) + b"%d/%m/%Y|09/12/2011")
put("options", bytes([2 + 4 * OPT_FORMATS.index("%s")]) + b"67768000000000000")
for n in sorted(nums)[:40]:
    put("num", n.encode())
for n in ["1e308", "1e309", "4.9e-324", "2.2250738585072014e-308", "-0",
          " 12\t", "0.1", "3.14159265358979323846", "1,5", "nan", "inf",
          "0x1p3", "+.5e-3", "123456789012345678901234567890",
          "0.000000000000000000000000001", "9007199254740993",
          "1.7976931348623157e308", "77183.6", "4310.5"]:
    put("num", n.encode())

# -- the pipeline's files -----------------------------------------------
tmp = os.path.join(out, ".pipe")
os.makedirs(tmp, exist_ok=True)


def pipeline(csv, tag, ks, scale_args=()):
    rfm = run([f"{build}/rfm-extract", "-"], csv)
    put("tsv", b"\0\0" + rfm[:600])
    sc = os.path.join(tmp, f"scaler-{tag}")
    scaled = run([f"{build}/rfm-scale", "--save", sc, *scale_args], rfm)
    put("tsv", b"\0\0" + scaled[:600])
    put("scaler_file", open(sc, "rb").read())
    for k in ks:
        mo = os.path.join(tmp, f"model-{tag}-{k}")
        run([f"{build}/kmeans-fit", "-k", str(k), "--save", mo], scaled)
        put("model_file", open(mo, "rb").read())


pipeline(sample, "sample", [2, 4])
pipeline(sample, "sample-nolog", [3], ["--log1p", ""])
full = lzma.open("data/online_retail.csv.xz").read()
pipeline(full, "full", [4, 8])
rfm_clv = run([f"{build}/rfm-extract", "--clv", "-"], sample)
put("tsv", b"\0\0" + rfm_clv)
put("tsv", b"\x03\x01" + rfm_clv)

# -- encodings: the sample in each, with and without its mark ----------
# textenc's control bytes: the encoding, two seeds of piece sizes, read(2).
text = header + b"".join(rows[:4])
latin = text.replace(b"WHITE", b"WEI\xdf").replace(b"HEART", b"C\x9cUR \x80")
le, be = text.decode().encode("utf-16-le"), text.decode().encode("utf-16-be")
astral = "1,\U0001d11e,\U0001f600\n".encode("utf-16-le")
for enc, data in [(0, text), (1, b"\xef\xbb\xbf" + text), (2, latin),
                  (3, latin), (0, b"\xff\xfe" + le), (0, b"\xfe\xff" + be),
                  (4, b"\xff\xfe" + le + astral), (5, le + astral), (6, be),
                  (5, le[:-1]), (5, le + b"\x00\xd8a\x00"),
                  (6, be + b"\xdc\x00"), (5, le + b"\x3d\xd8"),
                  (0, b"\xff\xfe\0\0" + le), (3, b"\xef\xbb\xbf" + text),
                  (6, b"\xff\xfe" + le), (4, text)]:
    put("textenc", bytes([enc, 7, 3, 0]) + data)
    put("textenc", bytes([enc, 200, 1, 0x45]) + data)
    put("csv_extract", csv_ctl(enc=enc) + data)
put("csv_extract", csv_ctl(flags=128, at=100, enc=0) + b"\xff\xfe" + le)
put("csv_extract", csv_ctl(flags=128, at=100, enc=5) + le)
put("csv_extract", csv_ctl(flags=128, at=203, enc=3) + latin)

# -- tests/cases ----------------------------------------------------------


def sections(path):
    """The case's cmd and its sections: (kind, name, bytes)."""
    cmd, secs, cur, buf, mode = "", [], None, [], ""

    def flush():
        if cur is None:
            return
        text = "".join(buf)
        if "noeol" in mode:
            text = re.sub(r"\n$", "", text)
        if "crlf" in mode:
            text = text.replace("\n", "\r\n")
        data = text.encode("latin-1", "surrogateescape")
        if "printf" in mode:
            data = subprocess.run(["sh", "-c", 'printf "$1"', "sh", text],
                                  stdout=subprocess.PIPE).stdout
        secs.append((cur[0], cur[1], data))

    for line in open(path, encoding="latin-1"):
        m = re.match(r"^(<<<|>>>) ", line)
        if m:
            flush()
            w = line.split()
            if w[1] == "file":
                cur, mode = (w[0], w[2]), " ".join(w[3:])
            else:
                cur, mode = (w[0], w[1]), " ".join(w[2:])
            buf = []
        elif cur is not None:
            buf.append(line)
        elif line.startswith("cmd: "):
            cmd = line[5:].strip()
    flush()
    return cmd, secs


def csv_options(argv):
    flags, max_bad, fmt, enc = 0, 0, None, 0
    i = 0
    while i < len(argv):
        a = argv[i]
        v = argv[i + 1] if i + 1 < len(argv) else ""
        if a in ("-a", "--keep-all"):
            flags |= 1
        elif a == "--clv":
            flags |= 2
        elif a.startswith("--amount-col"):
            flags |= 4
        elif a == "--max-bad":
            max_bad = min(int(v), 127) if v.isdigit() else 0
        elif a == "--date-format":
            fmt = v
        elif a.startswith("--encoding"):
            enc = ENCODINGS.get((a.partition("=")[2] or v).lower(), 0)
        i += 1
    return csv_ctl(flags, max_bad, fmt, enc=enc)


def option_seeds(argv):
    fmt = None
    if "--date-format" in argv:
        i = argv.index("--date-format")
        fmt = argv[i + 1] if i + 1 < len(argv) else None
    for i, a in enumerate(argv[:-1]):
        v = argv[i + 1].encode("latin-1", "surrogateescape")
        name, _, inline = a.partition("=")
        if inline:
            v = inline.encode("latin-1", "surrogateescape")
        name = OPT_LONG_ALIASES.get(name, name)
        if name in OPT_LONGS:
            put("options", bytes([4 * OPT_LONGS.index(name)]) + v)
            put("num", v)
        elif name in OPT_DOUBLES:
            put("options", bytes([1]) + v)
            put("num", v)
        elif name == "--as-of":
            fi = OPT_FORMATS.index(fmt) if fmt in OPT_FORMATS else 0
            put("options", bytes([2 + 4 * fi]) + v)
            put("date", bytes([16]) + v)
        elif name in OPT_LISTS:
            put("options", bytes([3]) + v)


for case in sorted(os.listdir("tests/cases")):
    if not case.endswith(".case"):
        continue
    cmd, secs = sections(os.path.join("tests/cases", case))
    try:
        argv = shlex.split(cmd)
    except ValueError:
        argv = cmd.split()
    option_seeds(argv)
    prog = argv[0] if argv else ""
    for kind, name, data in secs:
        if kind == ">>>":
            if name == "stdout" and prog == "rfm-extract" and data:
                put("tsv", b"\0\0" + data[:800])
            continue
        if data.startswith(b"rfmkit-scaler"):
            put("scaler_file", data)
        elif data.startswith(b"rfmkit-model"):
            put("model_file", data)
        elif prog == "rfm-extract":
            put("csv_extract", csv_options(argv) + data[:2000])
            put("textenc", bytes([csv_options(argv)[7] >> 3, 7, 3, 0]) +
                data[:2000])
        elif data:
            put("tsv", b"\0\0" + data[:2000])

for t in sorted(count):
    print(f"{t}: {count[t]} seeds")
