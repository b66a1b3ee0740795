#!/usr/bin/env bash
# Fuzzes carebook for SECONDS seconds per target (default 60): every target of
# fuzz/Cargo.toml in turn, or the TARGETs named. Stops at the first crash (exit 1).
#
#   ./run.sh                      # every target, 60 s each
#   ./run.sh 300 link_destination # one target, 5 minutes
#
# Each target starts from its seed corpus, fuzz/corpus/TARGET/ (kept in git), and its
# token dictionary, fuzz/dict/TARGET.dict; content_file's seeds are every Markdown file
# of the repository, copied at the start. New inputs the fuzzer finds go to
# fuzz/work/TARGET/ (not kept). Crashes land in fuzz/artifacts/TARGET/; turn each into a
# regression test (a unit test beside the code, or tests/fixtures/hostile/fuzz/ for
# content_file, checked by tests/cli/hostile.rs).
#
# SANITIZER=none runs without AddressSanitizer (several times faster; the default, address,
# also checks the unsafe code of the dependencies, libyaml's port among them). JOBS sets
# the fuzzing processes per target (default: one per core).
#
# Needs the nightly toolchain (rustup toolchain list) and cargo-fuzz (cargo install cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
sanitizer="${SANITIZER:-address}"
jobs="${JOBS:-$(nproc)}"
cargo +nightly fuzz build --sanitizer "$sanitizer"

mkdir -p corpus/content_file
# content_file's seeds: every Markdown file the repository has (idempotent: by content hash).
while IFS= read -r -d '' f; do
  cp "$f" "corpus/content_file/seed-$(sha1sum "$f" | cut -c1-16)"
done < <(find ../content ../tests/fixtures -name '*.md' -print0)

for target in "${targets[@]}"; do
  echo "fuzz: $target for $seconds s" >&2
  mkdir -p "work/$target" "corpus/$target"
  dict=()
  [ -f "dict/$target.dict" ] && dict=("-dict=dict/$target.dict")
  # -max_len 64 KiB keeps each input fast; -rss_limit_mb and -timeout catch memory
  # blow-ups and hangs as crashes. The first corpus folder receives what is found.
  cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" "work/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -fork="$jobs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    "${dict[@]}" -print_final_stats=1
done
