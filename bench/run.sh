#!/usr/bin/env bash
# bench/run.sh: load figures for docsift (issue 6). Builds the server as
# deploy/Dockerfile does, starts it on free loopback ports, loads it with ghz
# (gRPC) and bench/httpload (JSON gateway), and prints binary size, idle RSS,
# req/s, p50, p99 and RSS before/after (VmRSS from /proc/PID/status).
#
#   bench/run.sh              short run: 10 s GetCapabilities + 10 s AnalyzeDocument at -c $C
#   bench/run.sh --long       20 s GetCapabilities, then 60 s AnalyzeDocument at -c $C (same server)
#   bench/run.sh --overload   2*$C against --max-concurrent-requests $C, then a follow-up run at -c $C
#   bench/run.sh --gateway    the same calls over HTTP/JSON (bench/httpload) next to gRPC
#   bench/run.sh --soak       ROUNDS (default 5) further AnalyzeDocument runs of $LONG each on the
#                             same server, RSS after each; fails if RSS keeps growing after round 2
#   bench/run.sh --all        all of the above
#
# Environment: C (concurrency, default 16), SHORT (default 10s), LONG
# (default 60s), GHZ (ghz binary), BIN, OUT (default bench/out).
# Exit status is non-zero if a run that must have zero errors had some.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

C=${C:-16}
SHORT=${SHORT:-10s}
LONG=${LONG:-60s}
long=0 overload=0 gateway=0 soak=0
ROUNDS=${ROUNDS:-5}
for a in "$@"; do
	case $a in
	--long) long=1 ;;
	--overload) overload=1 ;;
	--gateway) gateway=1 ;;
	--soak) soak=1 ;;
	--all) long=1 overload=1 gateway=1 ;;
	*) echo "usage: $0 [--long] [--overload] [--gateway] [--soak] [--all]" >&2; exit 2 ;;
	esac
done
fail=0
must_be_clean() {
	local n
	n=$(errors "$1")
	if [[ $n != 0 ]]; then echo "FAIL: $1 had $n errors"; fail=1; fi
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
find_ghz
build
requests

start_server "$OUT/server.log"
sleep 2
echo "idle RSS after start: $(rss_kb "$SPID") kB (peak $(hwm_kb "$SPID") kB)"

"$GHZ" --insecure --call docsift.v1.DocumentService/AnalyzeDocument -D "$OUT/req-analyze.json" -c 4 -n 500 "$GRPC" >/dev/null 2>&1
echo "RSS after warm-up (500 AnalyzeDocument): $(rss_kb "$SPID") kB"

d=$SHORT
[[ $long == 1 ]] && d=20s
before=$(rss_kb "$SPID")
ghz_run capabilities GetCapabilities "$OUT/req-empty.json" "$C" "$d"
must_be_clean capabilities
d=$SHORT
[[ $long == 1 ]] && d=$LONG
mid=$(rss_kb "$SPID")
ghz_run analyze AnalyzeDocument "$OUT/req-analyze.json" "$C" "$d"
must_be_clean analyze
after=$(rss_kb "$SPID")
echo "RSS: before ${before} kB, before AnalyzeDocument ${mid} kB, after ${after} kB, peak $(hwm_kb "$SPID") kB"
jq -rn --slurpfile cap "$OUT/capabilities.json" --slurpfile an "$OUT/analyze.json" \
	'"AnalyzeDocument / GetCapabilities req/s: \((($an[0].rps / $cap[0].rps * 1000) | floor) / 10)% (issue 6 asks >= 30%)"'

if [[ $gateway == 1 ]]; then
	echo "-- gateway (HTTP/JSON through grpc-gateway) vs gRPC, -c $C, $SHORT each"
	(cd "$ROOT" && go build -o "$OUT/httpload" ./bench/httpload) || exit 1
	echo -n "HTTP GET /v1/capabilities: "
	"$OUT/httpload" -url "http://$HTTP/v1/capabilities" -c "$C" -d "$SHORT"
	echo -n "HTTP POST /v1/documents:analyze: "
	"$OUT/httpload" -url "http://$HTTP/v1/documents:analyze" -body "$OUT/req-analyze.json" -c "$C" -d "$SHORT"
	ghz_run analyze-grpc-again AnalyzeDocument "$OUT/req-analyze.json" "$C" "$SHORT"
	echo "RSS after gateway runs: $(rss_kb "$SPID") kB"
fi
if [[ $soak == 1 ]]; then
	# A heap that settles shows as RSS flat from round to round; a leak as
	# RSS that keeps rising. Round 1 may still grow (pools, GC target).
	echo "-- soak: $ROUNDS x $LONG AnalyzeDocument at -c $C on the same server"
	rounds=()
	for r in $(seq 1 "$ROUNDS"); do
		ghz_run "soak-$r" AnalyzeDocument "$OUT/req-analyze.json" "$C" "$LONG"
		must_be_clean "soak-$r"
		rounds+=("$(rss_kb "$SPID")")
		echo "  round $r: RSS ${rounds[-1]} kB"
	done
	if ((ROUNDS >= 3)); then
		ref=${rounds[1]} last=${rounds[-1]}
		echo "  RSS after round 2 ${ref} kB, after round $ROUNDS ${last} kB, peak $(hwm_kb "$SPID") kB"
		if ((last > ref + ref / 20)); then
			echo "FAIL: RSS grew more than 5% after round 2"
			fail=1
		fi
	fi
fi
stop_server "$SPID"
grep -q '"stopped"' "$OUT/server.log" && echo "server stopped cleanly"

if [[ $overload == 1 ]]; then
	echo "-- overload: -c $((2 * C)) against --max-concurrent-requests $C"
	if ! has_flag max-concurrent-requests; then
		echo "SKIP: this build has no --max-concurrent-requests flag"
	else
		# The limit counts calls from their arrival on the transport, so
		# the load must really put 2C calls in the server's hands: ghz
		# spends so much CPU decoding responses that it cannot on 2 cores,
		# so this uses the lean bench/grpcload (4 connections).
		[[ -x $OUT/grpcload ]] || go build -o "$OUT/grpcload" ./bench/grpcload
		flags=(--max-concurrent-requests "$C")
		echo "- ${flags[*]}, grpcload -c $((2 * C)) for 20 s"
		start_server "$OUT/server-overload.log" "${flags[@]}"
		before=$(rss_kb "$SPID")
		"$OUT/grpcload" -addr "$GRPC" -method AnalyzeDocument -data "$OUT/req-analyze.json" -c "$((2 * C))" -connections 4 -d 20s -json >"$OUT/overload.json"
		jq -r '"  calls \(.count): OK \(.codes.OK // 0), fast rejections (ResourceExhausted) \(.codes.ResourceExhausted // 0), timeouts (DeadlineExceeded) \(.codes.DeadlineExceeded // 0); all calls p50 \(.p50_ms) ms, p99 \(.p99_ms) ms; rejected calls p50 \(.error_p50_ms) ms, p99 \(.error_p99_ms) ms"' "$OUT/overload.json"
		n=$(jq '.codes.DeadlineExceeded // 0' "$OUT/overload.json")
		[[ $n != 0 ]] && { echo "FAIL: $n timeouts under overload"; fail=1; }
		echo "  server: $(curl -s "http://$HTTP/metrics" | grep '^docsift_rejected_total')"
		ghz_run overload-recovery AnalyzeDocument "$OUT/req-analyze.json" "$C" 5s
		must_be_clean overload-recovery
		echo "  RSS: before ${before} kB, after $(rss_kb "$SPID") kB, peak $(hwm_kb "$SPID") kB"
		stop_server "$SPID"
	fi
fi
[[ $fail == 0 ]] && echo "PASS" || echo "FAILED"
exit $fail
