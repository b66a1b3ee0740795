#!/usr/bin/env bash
# Fuzzes carebook's pipeline with arbitrary bytes as one content file, for SECONDS seconds
# (default 60), starting from the corpus in fuzz/corpus/content_file (seeded from the
# example site and the test fixtures). Crashes land in fuzz/artifacts/content_file/; turn
# each into a regression test (tests/fixtures/hostile/fuzz/, checked by tests/cli/hostile.rs).
#
# SANITIZER=none runs without AddressSanitizer (several times faster; the default, address,
# also checks the unsafe code of the dependencies, libyaml's port among them).
#
# Needs the nightly toolchain (rustup toolchain list) and cargo-fuzz (cargo install cargo-fuzz).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
corpus=corpus/content_file
mkdir -p "$corpus"
# Seed the corpus with every Markdown file the repository has (idempotent: by content hash).
while IFS= read -r -d '' f; do
  cp "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
done < <(find ../content ../tests/fixtures -name '*.md' -print0)
# JOBS (default: one per core) fuzzing processes; -max_len 64 KiB keeps each input fast;
# -rss_limit_mb and -timeout catch memory blow-ups and hangs as crashes.
jobs="${JOBS:-$(nproc)}"
exec cargo +nightly fuzz run --sanitizer "${SANITIZER:-address}" content_file "$corpus" -- \
  -max_total_time="$seconds" -fork="$jobs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  -print_final_stats=1
