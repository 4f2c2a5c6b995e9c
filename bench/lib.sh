# Shared helpers for bench/run.sh and bench/faults.sh (source it; bash).
# Everything goes under bench/out/ (git-ignored).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$ROOT/bench/out}
SEED=${SEED:-$ROOT/seeds/000_6d735a571148c0b2.txt}
BIN=${BIN:-$OUT/docsift-server}
SRC=${SRC:-$ROOT} # the tree the server is built from (e.g. a `git archive` snapshot)
mkdir -p "$OUT"

SPIDS=()
cleanup() {
	for p in "${SPIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	for p in "${SPIDS[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

# find_ghz sets GHZ: $GHZ, then ghz on PATH, .bin/ghz, /tmp/toolbin/ghz, else
# installs the pinned v0.93.0 into .bin (it cannot live in tools/go.mod: it
# does not build against the grpc pinned there).
find_ghz() {
	if [[ -n ${GHZ:-} ]]; then return; fi
	for g in "$(command -v ghz || true)" "$ROOT/.bin/ghz" /tmp/toolbin/ghz; do
		if [[ -n $g && -x $g ]]; then GHZ=$g; return; fi
	done
	echo "installing ghz v0.93.0 into $ROOT/.bin" >&2
	GOBIN=$ROOT/.bin go install github.com/bojand/ghz/cmd/ghz@v0.93.0
	GHZ=$ROOT/.bin/ghz
}

# build builds the server exactly as deploy/Dockerfile does.
build() {
	local v
	v=$(git -C "$SRC" describe --always --dirty 2>/dev/null || git -C "$ROOT" describe --always 2>/dev/null || echo dev)
	(cd "$SRC" && CGO_ENABLED=0 go build -trimpath ${TAGS:+-tags "$TAGS"} -ldflags "-s -w -X main.version=$v" -o "$BIN" ./server) || exit 1
	BIN_BYTES=$(stat -c %s "$BIN")
	echo "binary: $BIN $BIN_BYTES bytes ($((BIN_BYTES / 1048576)) MiB), version $v"
}

has_flag() {
	local help
	help=$("$BIN" --help 2>&1)
	grep -q -- "-$1 " <<<"$help"
}

# start_server LOG [flags...] starts the server on free loopback ports and
# sets SPID, GRPC, HTTP.
start_server() {
	local log=$1
	shift
	"$BIN" --grpc-addr 127.0.0.1:0 --http-addr 127.0.0.1:0 "$@" 2>"$log" &
	SPID=$!
	SPIDS+=("$SPID")
	for _ in $(seq 300); do
		if grep -q '"docsift listening"' "$log" 2>/dev/null; then
			GRPC=$(grep -m1 '"docsift listening"' "$log" | jq -r .grpc)
			HTTP=$(grep -m1 '"docsift listening"' "$log" | jq -r .http)
			return 0
		fi
		if ! kill -0 "$SPID" 2>/dev/null; then
			echo "server exited:" >&2
			cat "$log" >&2
			exit 1
		fi
		sleep 0.1
	done
	echo "server did not start" >&2
	exit 1
}

stop_server() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# requests writes the JSON request bodies from the seed.
requests() {
	jq -Rs '{document: {text: .}}' "$SEED" >"$OUT/req-analyze.json"
	echo '{}' >"$OUT/req-empty.json"
}

# ghz_run NAME METHOD DATAFILE CONCURRENCY DURATION [extra ghz flags...]
# runs ghz against $GRPC, keeps the JSON report in $OUT/NAME.json and prints
# one summary line.
ghz_run() {
	local name=$1 method=$2 data=$3 c=$4 d=$5
	shift 5
	local t0 TIMEFORMAT='%U %S'
	t0=$(cpu_ticks "$SPID")
	{ time "$GHZ" --insecure --call "docsift.v1.DocumentService/$method" -D "$data" \
		-c "$c" -z "$d" --duration-stop wait --connections 1 -t 10s --format json -o "$OUT/$name.json" "$@" "$GRPC" 2>"$OUT/$name.err"; } 2>"$OUT/$name.time" || true
	summary "$name"
	cpu_per_call "$name" "$t0"
	# The load generator shares the machine: its own CPU per call bounds
	# the req/s as much as the server's does.
	jq -r --arg n "$name" --argjson t "$(awk '{print $1 + $2}' "$OUT/$name.time" 2>/dev/null || echo 0)" \
		'"\($n): ghz CPU \($t * 100 | floor / 100) s = \(if .count > 0 then ($t * 1e6 / .count | floor) / 1000 else 0 end) ms/call"' "$OUT/$name.json"
}

# cpu_ticks PID: user+system CPU of the process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# cpu_per_call NAME TICKS_BEFORE prints the server's CPU time per call in
# the run: independent of what else the machine runs, unlike req/s.
cpu_per_call() {
	local t1 hz
	t1=$(cpu_ticks "$SPID")
	hz=$(getconf CLK_TCK)
	jq -r --argjson dt "$((t1 - $2))" --argjson hz "$hz" --arg n "$1" \
		'"\($n): server CPU \($dt / $hz * 100 | floor / 100) s over \(.count) calls = \(if .count > 0 then ($dt / $hz * 1e6 / .count | floor) / 1000 else 0 end) ms/call; \($dt / $hz / (.total / 1e9) * 100 | floor)% of one core"' "$OUT/$1.json"
}

# summary NAME prints count, req/s, p50, p99 (ms) and the status codes of a
# ghz JSON report.
summary() {
	jq -r --arg n "$1" '
		def pct(p): ((.latencyDistribution // []) | map(select(.percentage == p)) | .[0].latency // 0) / 1e6;
		"\($n): \(.count) calls, \(.rps * 10 | floor / 10) req/s, p50 \(pct(50) * 100 | floor / 100) ms, p99 \(pct(99) * 100 | floor / 100) ms, slowest \(.slowest / 1e6 * 100 | floor / 100) ms, codes \(.statusCodeDistribution | tostring)"
	' "$OUT/$1.json"
}

# errors NAME prints the number of non-OK calls in a ghz report.
errors() { jq '[.statusCodeDistribution // {} | to_entries[] | select(.key != "OK") | .value] | add // 0' "$OUT/$1.json"; }
