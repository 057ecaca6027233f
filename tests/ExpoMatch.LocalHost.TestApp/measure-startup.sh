#!/usr/bin/env bash
# Start-up of the local Functions host: process start to the first 200 from the test app's /api/health through the
# host, median of N runs (default 5). Build first: dotnet build [-c Release] functions/ExpoMatch.LocalHost
# tests/ExpoMatch.LocalHost.TestApp; then CONFIG=Release N=5 tests/ExpoMatch.LocalHost.TestApp/measure-startup.sh
# A private in-memory Azurite on 10150-10152 is started first and not timed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONFIG=${CONFIG:-Debug}
N=${N:-5}
PORT=${PORT:-7399}
LOGS=$(mktemp -d)
"$ROOT/node_modules/.bin/azurite" --inMemoryPersistence --silent --skipApiVersionCheck --disableTelemetry \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort 10150 --queuePort 10151 --tablePort 10152 >/dev/null 2>&1 &
AZURITE=$!
trap 'kill "$AZURITE" 2>/dev/null || true' EXIT
until curl -s -o /dev/null http://127.0.0.1:10151/; do sleep 0.1; done
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:10150/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10151/devstoreaccount1;TableEndpoint=http://127.0.0.1:10152/devstoreaccount1"
times=()
for i in $(seq 1 "$N"); do
  start=$(date +%s%N)
  env "AzureWebJobsStorage=$STORAGE" "AzureWebJobs.Tick.Disabled=true" dotnet "$ROOT/functions/ExpoMatch.LocalHost/bin/$CONFIG/net10.0/ExpoMatch.LocalHost.dll" \
    --app "$ROOT/tests/ExpoMatch.LocalHost.TestApp/bin/$CONFIG/net10.0" --port "$PORT" >"$LOGS/host-$i.log" 2>&1 &
  host=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/health")" = 200 ]; do sleep 0.02; done
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: $ms ms"
  kill -TERM "$host"
  wait "$host" || true
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print "median of " NR ": " a[int((NR+1)/2)] " ms (min " a[1] ", max " a[NR] ")"}'
echo "host logs: $LOGS"
