#!/usr/bin/env bash
# Benchmark: carebook build against the floor (read + render + write, nothing else).
#
#   bench/run.sh [SIZES...]        default sizes: 1000 10000 100000
#
# Environment:
#   CORPUS=default         which bench sites (gen_bench --corpus): `default` (clean prose),
#                          `warnings` (most pages carry claim and long-sentence findings, as a
#                          first import of old leaflets would), or both: CORPUS="default warnings"
#   RUNS=5                 timed pairs per size (after one warm-up of each tool)
#   BENCH_DIR=target/bench where the generated sites live (site-N, site-warnings-N), kept
#                          between runs
#   SYNC=1                 sync before each timed command (0: don't)
#   CARGO_TARGET_DIR       honoured if set
#
# For each corpus and size it generates a deterministic site with examples/gen_bench.rs
# (once: a stamp file remembers the corpus, N and the generator's hash, so a large site is
# not re-generated on every run), then times rebuilds over the existing output, alternating
# the order of the two tools in each pair:
#   carebook build --root SITE --out SITE/public
#   floor SITE SITE/floor-out
# each under /usr/bin/time (wall, user, sys, max RSS), and prints per corpus and size the
# medians with the spread of wall times (lowest-highest), the carebook/floor wall and CPU
# (user + sys) ratios of the medians, and the 100k/10k wall ratio when both sizes ran.
# Either tool failing stops the run with its stderr tail and a non-zero exit.
#
# Disk: the 100,000-entry site is about 620 MB of Markdown, the floor's output about 1.2 GB,
# plus carebook's. On ext4 most of the floor's time is the kernel overwriting files (on this
# 2-core machine, 10,000 entries: about 1.0 s on ext4, 0.18 s on tmpfs), so wall times move
# with disk writeback; BENCH_DIR=/dev/shm/carebook-bench takes the disk out of the figures.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

CORPUS=${CORPUS:-default}
RUNS=${RUNS:-5}
SYNC=${SYNC:-1}
BENCH_DIR=${BENCH_DIR:-target/bench}
TARGET=${CARGO_TARGET_DIR:-target}
if [[ $# -gt 0 ]]; then SIZES=("$@"); else SIZES=(1000 10000 100000); fi

die() { echo "bench: $*" >&2; exit 2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number, not '$RUNS'"
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[0-9]+$ && $n -ge 5 ]] || die "each size must be a whole number of at least 5, not '$n' (usage: bench/run.sh [SIZES...])"
done
read -r -a CORPORA <<<"$CORPUS"
[[ ${#CORPORA[@]} -gt 0 ]] || die "CORPUS must name at least one corpus: default, warnings"
for c in "${CORPORA[@]}"; do
    [[ $c == default || $c == warnings ]] || die "each corpus in CORPUS is default or warnings, not '$c'"
done
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing; install it with: apt-get install time"

echo "bench: cargo build --release --examples --bins"
if ! cargo build --release --examples --bins; then
    echo "bench: the build failed (see above); nothing was timed" >&2
    exit 1
fi

CAREBOOK=$TARGET/release/carebook
FLOOR=$TARGET/release/examples/floor
GEN=$TARGET/release/examples/gen_bench
for bin in "$CAREBOOK" "$FLOOR" "$GEN"; do
    [[ -x $bin ]] || { echo "bench: $bin was not built" >&2; exit 1; }
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run_timed TOOL SIZE RECORD CMD...: runs CMD under /usr/bin/time; on success appends
# "wall user sys maxrss_kb" to $TMP/TOOL-SIZE (SIZE is CORPUS-N) when RECORD is 1 and
# echoes the wall time;
# on failure prints the tool's stderr tail and exits 1.
run_timed() {
    local tool=$1 size=$2 record=$3
    shift 3
    local rc=0
    # Flush the last command's dirty pages first, so one tool's writeback does not land
    # in the other's time (untimed; SYNC=0 skips it).
    [[ $SYNC == 0 ]] || sync
    /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
    if [[ $rc -ne 0 ]]; then
        {
            echo
            echo "bench: $tool FAILED (exit $rc) on the $size-entry site"
            echo "bench: command: $*"
            if [[ -s $TMP/err ]]; then
                echo "bench: last 25 lines of its stderr:"
                tail -n 25 "$TMP/err" | sed 's/^/    /'
            else
                echo "bench: it wrote nothing to stderr; last 10 lines of its stdout:"
                tail -n 10 "$TMP/out" | sed 's/^/    /'
            fi
        } >&2
        exit 1
    fi
    local fig
    fig=$(tail -n 1 "$TMP/time")
    [[ $record == 1 ]] && echo "$fig" >>"$TMP/$tool-$size"
    echo "${fig%% *}"
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# med TOOL SIZE FIELD: median of one figure (wall, cpu = user+sys, rss = max RSS in MB)
med() {
    local f=$TMP/$1-$2
    case $3 in
        wall) awk '{ print $1 }' "$f" | median ;;
        cpu) awk '{ print $2 + $3 }' "$f" | median ;;
        rss) awk '{ print $4 / 1024 }' "$f" | median ;;
    esac
}
# spread TOOL SIZE: the lowest and highest wall time, "0.98-1.12"
spread() { awk '{ print $1 }' "$TMP/$1-$2" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 ? a / b : 0) }'; }

gen_hash=$(sha256sum examples/gen_bench.rs | cut -c1-16)
mkdir -p "$BENCH_DIR"
echo "bench: sites in $BENCH_DIR ($(df -PT "$BENCH_DIR" | awk 'NR == 2 { print $2 }') filesystem), $RUNS runs per size, $(nproc) cores"

for corpus in "${CORPORA[@]}"; do
for n in "${SIZES[@]}"; do
    key=$corpus-$n
    if [[ $corpus == default ]]; then site=$BENCH_DIR/site-$n; else site=$BENCH_DIR/site-$corpus-$n; fi
    stamp="n=$n corpus=$corpus gen=$gen_hash"
    if [[ -f $site/.bench-stamp && $(cat "$site/.bench-stamp") == "$stamp" ]]; then
        echo "bench: $site is already generated ($n entries, $corpus corpus)"
    else
        echo "bench: generating $site ($n entries, $corpus corpus)"
        rm -f "$site/.bench-stamp"
        wall=$(run_timed gen_bench "$key" 0 "$GEN" "$n" "$site" --corpus "$corpus")
        echo "bench:   generated in $wall s ($(du -sh "$site/content" | cut -f1) on disk)"
        echo "$stamp" >"$site/.bench-stamp"
    fi

    carebook_cmd=("$CAREBOOK" build --root "$site" --out "$site/public")
    floor_cmd=("$FLOOR" "$site" "$site/floor-out")

    echo "bench: $n entries, $corpus corpus: warm-up"
    run_timed carebook "$key" 0 "${carebook_cmd[@]}" >/dev/null
    run_timed floor "$key" 0 "${floor_cmd[@]}" >/dev/null
    for ((r = 1; r <= RUNS; r++)); do
        # Alternate which tool goes first, so neither always gets the warmer cache.
        if ((r % 2)); then
            c=$(run_timed carebook "$key" 1 "${carebook_cmd[@]}")
            f=$(run_timed floor "$key" 1 "${floor_cmd[@]}")
        else
            f=$(run_timed floor "$key" 1 "${floor_cmd[@]}")
            c=$(run_timed carebook "$key" 1 "${carebook_cmd[@]}")
        fi
        echo "bench:   run $r/$RUNS: carebook $c s, floor $f s"
    done
done
done

echo
for corpus in "${CORPORA[@]}"; do
for n in "${SIZES[@]}"; do
    key=$corpus-$n
    cw=$(med carebook "$key" wall)
    fw=$(med floor "$key" wall)
    cc=$(med carebook "$key" cpu)
    fc=$(med floor "$key" cpu)
    echo "== $n entries, $corpus corpus: median of $RUNS runs =="
    printf '%-10s %8s %13s %8s %13s %10s %10s\n' tool "wall s" "wall lo-hi" "CPU s" "peak RSS MB" "wall/floor" "CPU/floor"
    printf '%-10s %8.2f %13s %8.2f %13.1f %9.2fx %9.2fx\n' carebook "$cw" "$(spread carebook "$key")" "$cc" \
        "$(med carebook "$key" rss)" "$(ratio "$cw" "$fw")" "$(ratio "$cc" "$fc")"
    printf '%-10s %8.2f %13s %8.2f %13.1f %9.2fx %9.2fx\n' floor "$fw" "$(spread floor "$key")" "$fc" \
        "$(med floor "$key" rss)" 1 1
    echo
done
done

has() { local x; for x in "${SIZES[@]}"; do [[ $x == "$1" ]] && return 0; done; return 1; }
if has 10000 && has 100000; then
    for corpus in "${CORPORA[@]}"; do
        for tool in carebook floor; do
            printf '%s, %s corpus: 100k/10k wall ratio %.1f (10.0 would be linear)\n' "$tool" "$corpus" \
                "$(ratio "$(med $tool "$corpus-100000" wall)" "$(med $tool "$corpus-10000" wall)")"
        done
    done
fi
