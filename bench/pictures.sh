#!/usr/bin/env bash
# Benchmark: a site with many photos, built once from nothing and once again (the second
# build finds every resized copy in .carebook/cache/pictures/ and encodes nothing).
#
#   bench/pictures.sh [N]          default N: 100 photos
#
# Environment:
#   BENCH_DIR=target/bench-pictures   where the site is made (the photos are made once and
#                                     kept; the cache and output are removed before the
#                                     first build)
#   CARGO_TARGET_DIR                  honoured if set
#
# The photos are JPEGs of 2,000–3,000 pixels with noise and gradients, made by
# examples/make_pictures.rs (not committed). Each build runs the release binary under
# /usr/bin/time -v; the script prints wall time, peak memory (max RSS) and carebook's own
# count of the copies it encoded and took from the cache.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

N=${1:-100}
BENCH_DIR=${BENCH_DIR:-target/bench-pictures}
TARGET=${CARGO_TARGET_DIR:-target}

die() { echo "bench: $*" >&2; exit 2; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive whole number, not '$N' (usage: bench/pictures.sh [N])"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"

cargo build --release --quiet --bin carebook --example make_pictures
CAREBOOK=$TARGET/release/carebook
MAKE=$TARGET/release/examples/make_pictures

SITE=$BENCH_DIR/site-$N
PHOTOS=$SITE/content/conditions
if [[ ! -f $SITE/.made-$N ]]; then
    rm -rf "$SITE"
    mkdir -p "$PHOTOS" "$SITE/content/pages"
    printf 'title: Photo clinic\nlanguage: en-GB\n' > "$SITE/site.yaml"
    printf 'Read about [[gallery]].\n' > "$SITE/content/_index.md"
    "$MAKE" photos "$PHOTOS" "$N" > /dev/null
    {
        printf -- '---\ntitle: Gallery\nsummary: Photos of the clinic.\nreviewed: 2026-10-01\nreviewed_by: Clinic lead therapist\n---\n'
        for photo in "$PHOTOS"/photo-*.jpg; do
            name=$(basename "$photo")
            printf '![A room of the clinic, photo %s](%s)\n\n' "${name%.jpg}" "$name"
        done
    } > "$PHOTOS/gallery.md"
    touch "$SITE/.made-$N"
fi
echo "site: $SITE ($N photos, $(du -sh "$PHOTOS" | cut -f1))"

rm -rf "$SITE/.carebook" "$SITE/public"

run() {
    local label=$1 log
    log=$(mktemp)
    CAREBOOK_TIMINGS=1 /usr/bin/time -v "$CAREBOOK" build --root "$SITE" --out "$SITE/public" \
        --today 2026-11-27 > /dev/null 2> "$log" || { tail -20 "$log" >&2; die "$label failed"; }
    local wall rss copies
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$log")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
    copies=$(sed -n 's/^timing: pictures: //p' "$log")
    printf '%-10s wall %s  peak memory %s MB  (%s)\n' "$label" "$wall" "$((rss / 1024))" "$copies"
    rm -f "$log"
}

run "first"
run "rebuild"
echo "output: $(du -sh "$SITE/public" | cut -f1), cache: $(du -sh "$SITE/.carebook" | cut -f1), cores: $(nproc)"
