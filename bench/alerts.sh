#!/bin/sh
# The alert webhook (POST /api/v1/alerts), durable (synchronous=FULL, group
# commit), every alert a new report: batches of 100 and of 1000 alerts
# (alerts/s) and single-alert requests at 16 clients (req/s, p99). Each
# figure is the median of RUNS runs of BENCH_ALERT_SECONDS seconds on a fresh
# database. Called by bench/run; runs alone too. About 40 s with the
# defaults.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-build/hikeshi}
SECS=${BENCH_ALERT_SECONDS:-4}
RUNS=${RUNS:-3}
W=build/bench
PORT=${BENCH_PORT:-18931}
mkdir -p "$W"
PW="$W/pw"
[ -f "$PW" ] || echo 'bench-password-123' > "$PW"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -E "s/.* $1=([0-9.]+).*/\1/"; }

start() {
	$BIN serve --db "$1" --listen 127.0.0.1:$PORT --log-level warn 2>>"$W/server.log" &
	SPID=$!
	i=0
	until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
		i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 1; }
		sleep 0.1
	done
}
stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; }

# label batch conns: prints alerts/s (batches) or req/s + p99 (single)
alert_bench() {
	out=""
	for r in $(seq "$RUNS"); do
		db="$W/alerts.db"
		rm -f "$db" "$db-wal" "$db-shm"
		$BIN init --db "$db" --admin-password-file "$PW" >/dev/null
		TOKEN=$($BIN user token create --db "$db" admin --scope intake)
		start "$db"
		line=$(WRK_TOKEN=$TOKEN ALERT_BATCH=$2 ALERT_RUN="r$r" wrk -t "$(( $3 < 2 ? 1 : 2 ))" -c "$3" \
			-d "${SECS}s" --timeout 30s -s bench/alerts.lua "http://127.0.0.1:$PORT/" | grep '^RESULT')
		stop
		bad=$(echo "$line" | field non2xx)
		[ "$bad" = 0 ] || echo "  ($bad non-2xx answers in run $r: $line)" >&2
		out="$out$line\n"
	done
	rps=$(printf '%b' "$out" | field rps | median)
	p99=$(printf '%b' "$out" | field p99 | median)
	if [ "$2" -gt 1 ]; then
		printf '%-52s %10.0f alerts/s  (%s req/s, p99 %s ms)\n' "$1" "$(awk "BEGIN {print $rps * $2}")" "$rps" "$p99"
	else
		printf '%-52s %10.0f req/s     p99 %s ms\n' "$1" "$rps" "$p99"
	fi
}

alert_bench "alerts, batches of 100, durable, 2 clients" 100 2
alert_bench "alerts, batches of 1000, durable, 2 clients" 1000 2
alert_bench "alerts, single alert per request, durable, 16 clients" 1 16
