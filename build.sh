#!/usr/bin/env bash
# AuditKit's one entry point for set-up, the sample, the tests and the benchmarks.
#   ./build.sh run        restore, build and run the console sample on the embedded SQLite default
#   ./build.sh test       restore, build and run every test project; last line: "N passed, N failed, N skipped"
#   ./build.sh bench ...  run BenchmarkDotNet (arguments go to BenchmarkDotNet, e.g. --filter '*Record*')
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET 10 SDK (dotnet) is required and was not found on PATH." >&2
    exit 2
  fi
}

# Installs what the tests need when it is missing (Debian packages). Nothing beyond the SDK is needed yet;
# later providers add PostgreSQL, Chromium and fonts here. With CI=true a missing piece is a failure.
ensure_test_infrastructure() {
  :
}

run_tests() {
  need_dotnet
  ensure_test_infrastructure
  find tests -type d -name TestResults -prune -exec rm -rf {} +
  dotnet restore AuditKit.sln
  dotnet build AuditKit.sln -c Release --no-restore
  set +e
  dotnet test AuditKit.sln -c Release --no-build --logger trx
  local test_rc=$?
  set -e
  local passed=0 failed=0 skipped=0 files=0
  while IFS= read -r trx; do
    files=$((files + 1))
    while IFS= read -r outcome; do
      case "$outcome" in
        Passed) passed=$((passed + 1)) ;;
        NotExecuted|Inconclusive|Pending|Skipped) skipped=$((skipped + 1)) ;;
        *) failed=$((failed + 1)) ;;
      esac
    done < <(grep -o '<UnitTestResult [^>]*' "$trx" | grep -o ' outcome="[A-Za-z]*"' | cut -d'"' -f2)
  done < <(find tests -path '*/TestResults/*.trx' -type f)
  if [ "$files" -eq 0 ] || [ $((passed + failed)) -eq 0 ]; then
    echo "build.sh: no test results were produced" >&2
    failed=$((failed + 1))
  fi
  if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    echo "build.sh: dotnet test exited with $test_rc" >&2
    failed=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

case "${1:-test}" in
  run)
    need_dotnet
    shift || true
    dotnet run --project samples/AuditKit.Samples.Console -c Release -- "$@"
    ;;
  test)
    run_tests
    ;;
  bench)
    need_dotnet
    shift
    dotnet run --project benchmarks/AuditKit.Benchmarks -c Release -- "$@"
    ;;
  *)
    echo "usage: ./build.sh run | test | bench [BenchmarkDotNet arguments]" >&2
    exit 2
    ;;
esac
