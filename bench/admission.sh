#!/usr/bin/env bash
# bench/admission.sh: what a replica does with costly calls (issue 12), each
# mode against a fresh server built as deploy/Dockerfile builds it, with
# GOMEMLIMIT=900MiB as in deploy/k8s.
#
#   abandon   3 gRPC clients send a costly 2 MiB text (a million short lines)
#             with a deadline of $DEADLINE (800ms); prints the server CPU used after they
#             gave up, when it went idle, and docsift_admitted_calls meanwhile.
#   deadline  the same through the HTTP gateway with `Grpc-Timeout: 1S`
#             (4 calls, so that each outlives its deadline on 2 cores).
#   shutdown  SIGTERM while 3 such calls run, --shutdown-timeout 1s: how long
#             the process takes to exit (at most the timeout plus 2 s grace,
#             whatever the stages do).
#   rss       the worst admissible load for 30 s with the default limits:
#             clients in loops sending 10 MiB HTML pages (two shapes), 2 MiB
#             texts of short lines and 2 MiB of article text, far more than
#             the limits admit; prints the answers and the peak RSS.
#
#   cost      one call of each input alone on a fresh server: peak RSS over
#             idle, per MiB of document, the figures the admission weights
#             (server/limits.go) come from.
#
#   bench/admission.sh [abandon] [deadline] [shutdown] [rss] [cost]   (default: all but cost)
# Environment: NOBUILD=1 uses $BIN as is; SRC, BIN, OUT as for bench/run.sh;
# LINES (1048576) sets the short-line text's size (before issue 12's stage
# work, 40000 lines already took 5 s); DEADLINE the abandon deadline;
# COST_INPUTS the inputs cost measures; RSS_LOADS rss's input:clients list
# (e.g. "page-paras:6 text-paras:12", the costliest shapes).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
modes=("$@")
[[ ${#modes[@]} == 0 ]] && modes=(abandon deadline shutdown rss)
export GOMEMLIMIT=${GOMEMLIMIT:-900MiB}
LINES=${LINES:-1048576}
DEADLINE=${DEADLINE:-800ms}

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), GOMEMLIMIT=$GOMEMLIMIT"
[[ ${NOBUILD:-} == 1 ]] || build
(cd "$ROOT" && go build -o "$OUT/grpcload" ./bench/grpcload) || exit 1

# Inputs: 10 MiB pages (an article in heavy markup with under 2 MiB of
# text; many tiny nodes; tiny paragraphs, as much text as a page may have),
# 2 MiB texts (short lines; tiny paragraphs; the seed repeated).
python3 - "$SEED" "$OUT" "$LINES" <<'PY'
import json, sys
seed = open(sys.argv[1], encoding="utf-8").read()
out, lines = sys.argv[2], int(sys.argv[3])
paras = [p.strip() for p in seed.split("\n") if p.strip()]
LIM = 10 << 20
def page(part):
    head = '<!doctype html><html><head><title>Big page</title></head><body><nav><a href="/">Home</a></nav><article><h1>Big page</h1>'
    tail = "</article><footer>Copyright</footer></body></html>"
    parts, n, i = [head], len((head + tail).encode()), 0
    while True:
        s = part(i)
        if n + len(s.encode()) > LIM:
            break
        parts.append(s); n += len(s.encode()); i += 1
    return "".join(parts) + tail
def article(i):
    text = paras[i % len(paras)][:42] if i % 6 != 5 else ""
    return '<div class="story-body__inner paragraph-wrapper" data-component="text-block" data-index="%d"><p class="ssrcss-1q0x1qg-Paragraph eq5iqo00" style="margin:0 0 1em 0">%s</p></div>\n' % (i, text)
docs = {
    "page-article": {"html": page(article)},
    "page-tiny": {"html": page(lambda i: '<div class="c"><span class="w">w%d</span></div><div class="pad"></div>' % i)},
    "page-paras": {"html": page(lambda i: "<!-- c --><p>x</p>")},
    "text-lines": {"text": "x\n" * lines},
    "text-paras": {"text": "x\n\n" * ((2 << 20) // 3)},
    "text-article": {"text": (seed.encode() * ((2 << 20) // len(seed.encode()) + 1))[: 2 << 20].decode("utf-8", "ignore")},
}
for name, doc in docs.items():
    with open("%s/req-%s.json" % (out, name), "w") as f:
        json.dump({"document": doc}, f, ensure_ascii=False)
PY

gauge() { curl -s "http://$HTTP/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# idle_after T0_TICKS: samples the server's CPU every 100 ms until it is idle
# for 300 ms (or 60 s pass); prints CPU used and when it went idle, with the
# admitted calls seen meanwhile.
idle_after() {
	local start=$(date +%s.%N) t0=$1 last=$1 quiet=0 calls=""
	for _ in $(seq 600); do
		sleep 0.1
		local t=$(cpu_ticks "$SPID")
		calls+="$(gauge docsift_admitted_calls) "
		if [[ $t == "$last" ]]; then quiet=$((quiet + 1)); else quiet=0; fi
		last=$t
		[[ $quiet -ge 3 ]] && break
	done
	local idle=$(echo "$(date +%s.%N) - $start - 0.3" | bc)
	echo "after the clients gave up: server CPU $(echo "scale=2; ($last - $t0) / $(getconf CLK_TCK)" | bc) s, idle $(printf %.1f "$idle") s later; docsift_admitted_calls every 100 ms: $(echo $calls | tr ' ' '\n' | uniq -c | awk '{printf "%sx%s ", $1, $2}')"
}

abandon_run() {
	echo "-- abandon: 3 gRPC calls of $LINES short lines, deadline $DEADLINE"
	start_server "$OUT/admission-abandon.log"
	"$OUT/grpcload" -addr "$GRPC" -method AnalyzeDocument -data "$OUT/req-text-lines.json" -c 3 -n 3 -timeout "$DEADLINE" -json | jq -c '{codes, max_ms}'
	idle_after "$(cpu_ticks "$SPID")"
	stop_server "$SPID"
}

deadline_run() {
	echo "-- deadline: 4 HTTP calls of $LINES short lines with Grpc-Timeout: 1S"
	start_server "$OUT/admission-deadline.log"
	local pids=()
	for _ in 1 2 3 4; do
		curl -s -o /dev/null -w 'HTTP %{http_code} after %{time_total} s\n' -H 'Grpc-Timeout: 1S' -H 'Content-Type: application/json' \
			--data-binary "@$OUT/req-text-lines.json" "http://$HTTP/v1/documents:analyze" &
		pids+=($!)
	done
	wait "${pids[@]}"
	idle_after "$(cpu_ticks "$SPID")"
	stop_server "$SPID"
}

shutdown_run() {
	echo "-- shutdown: SIGTERM with 3 calls of $LINES short lines running, --shutdown-timeout 1s"
	start_server "$OUT/admission-shutdown.log" --shutdown-timeout 1s
	"$OUT/grpcload" -addr "$GRPC" -method AnalyzeDocument -data "$OUT/req-text-lines.json" -c 3 -n 3 -timeout 600s -json >/dev/null &
	local gpid=$!
	sleep 0.5
	local t0=$(date +%s.%N)
	kill -TERM "$SPID"
	wait "$SPID"
	local rc=$? t1=$(date +%s.%N)
	wait "$gpid"
	echo "exit status $rc, $(printf %.2f "$(echo "$t1 - $t0" | bc)") s after SIGTERM; log: $(grep -o '"msg":"\(stopped\|calls still running[^"]*\)"[^}]*' "$OUT/admission-shutdown.log" | tr '\n' ' ')"
}

rss_run() {
	local d=30s
	echo "-- rss: worst admissible load for $d, default limits (--max-concurrent-requests, --max-memory-in-flight)"
	start_server "$OUT/admission-rss.log"
	local rss0=$(rss_kb "$SPID")
	local pids=()
	for load in ${RSS_LOADS:-page-article:3 page-tiny:3 text-lines:6 text-article:6}; do
		local name=${load%:*} c=${load#*:}
		("$OUT/grpcload" -addr "$GRPC" -method AnalyzeDocument -data "$OUT/req-$name.json" -c "$c" -d "$d" -timeout 120s -json |
			jq -c --arg n "$name" --arg c "$c" '{load: $n, clients: ($c | tonumber), codes, p50_ms, max_ms, refusal_p50_ms: .error_p50_ms, first_errors: (.first_errors // [] | map(.[0:120]) | unique)}') &
		pids+=($!)
	done
	local peak_bytes=0
	while kill -0 "${pids[0]}" 2>/dev/null; do
		local b=$(gauge docsift_admitted_memory_bytes)
		[[ -n $b ]] && (($(printf %.0f "$b") > peak_bytes)) && peak_bytes=$(printf %.0f "$b")
		sleep 0.2
	done
	wait "${pids[@]}"
	echo "RSS idle $((rss0 / 1024)) MiB, peak $(($(hwm_kb "$SPID") / 1024)) MiB; most estimated document memory admitted at once (sampled): $((peak_bytes / 1048576)) MiB"
	stop_server "$SPID"
}

cost_run() {
	echo "-- cost: one AnalyzeDocument call alone, fresh server each (peak RSS over idle)"
	for name in ${COST_INPUTS:-page-article page-tiny page-paras text-lines text-paras text-article}; do
		start_server "$OUT/admission-cost.log"
		sleep 1
		local rss0=$(rss_kb "$SPID")
		local res=$("$OUT/grpcload" -addr "$GRPC" -method AnalyzeDocument -data "$OUT/req-$name.json" -c 1 -n 1 -timeout 120s -json | jq -c '{codes, max_ms}')
		local size=$(jq -j '.document.text // .document.html' "$OUT/req-$name.json" | wc -c)
		local delta=$(($(hwm_kb "$SPID") - rss0))
		echo "$name: $size bytes, $res, idle $((rss0 / 1024)) MiB, peak +$((delta / 1024)) MiB, $(echo "scale=1; $delta * 1024 / $size" | bc) MiB per MiB"
		stop_server "$SPID"
	done
}

for m in "${modes[@]}"; do "${m}_run"; done
