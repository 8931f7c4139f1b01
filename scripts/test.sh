#!/usr/bin/env bash
# The one test command: installs what is missing, builds, runs every test project, and ends with
#   tests: N passed, N failed, N skipped
# Exits non-zero when the build or any test failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-dependencies.sh || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=${CONFIGURATION:-Release}
results=TestResults
rm -rf "$results"

if ! dotnet build OrleansHa.sln -c "$configuration" -nologo -clp:ErrorsOnly -v:quiet; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  # A hung test is killed and reported rather than holding CI until its deadline.
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
      --results-directory "$results" --blame-hang-timeout 10m; then
    status=1
  fi
done

passed=0; failed=0; skipped=0; files=0; crashed=""
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); ok=$(value passed)
  bad=$(( $(value failed) + $(value error) + $(value timeout) + $(value aborted) ))
  passed=$((passed + ok)); failed=$((failed + bad)); skipped=$((skipped + total - executed))
  # A test process that exits in the middle of a test leaves a failed run with no failed test in it: the
  # test it was running is the one its blame sequence file lists as not completed.
  if [ "$bad" -eq 0 ] && grep -q '<ResultSummary outcome="Failed"' "$trx"; then
    unfinished=""
    for sequence in $(grep -o 'Sequence_[0-9a-f]*\.xml' "$trx" | sort -u); do
      file=$(find "$results" -name "$sequence" | head -n 1)
      [ -n "$file" ] && unfinished="$unfinished $(grep 'Completed="False"' "$file" | sed -n 's/.* Name="\([^"]*\)".*/\1/p')"
    done
    why=$(grep -o 'Catastrophic failure: [^<]*' "$trx" | head -n 1)
    count=0
    for test in $unfinished; do
      crashed="$crashed
failed: $test
    the test process ended while it ran. ${why:-The run failed without a failed test.}"
      count=$((count + 1))
    done
    if [ "$count" -eq 0 ]; then
      crashed="$crashed
failed: $(basename "$trx" .trx), a test run that failed without a failed test. ${why}"
      count=1
    fi
    failed=$((failed + count))
  fi
done

project_count=$(ls tests/*.Tests/*.Tests.csproj | wc -l)
if [ "$files" -lt "$project_count" ]; then
  echo "error: $((project_count - files)) test project(s) wrote no results (crashed test host?)"
  failed=$((failed + project_count - files))
fi
if [ "$failed" -gt 0 ]; then status=1; fi

# Name each failed test with the start of its message, so the tail of a CI log says what broke.
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  awk '
    function unescape(s) { gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s); gsub(/&amp;/, "\\&", s); return s }
    /<UnitTestResult / && /outcome="Failed"/ {
      match($0, /testName="[^"]*"/); print "failed: " unescape(substr($0, RSTART + 10, RLENGTH - 11)); failing = 1; next
    }
    failing && /<Message>/ { reading = 1; shown = 0; sub(/.*<Message>/, "") }
    reading {
      last = sub(/<\/Message>.*/, "")
      if (shown++ < 8) print "    " unescape($0)
      if (last) { reading = 0; failing = 0 }
    }
  ' "$trx"
done

[ -n "$crashed" ] && echo "${crashed#?}"
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
