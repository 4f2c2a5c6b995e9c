#!/usr/bin/env bash
# bench/faults.sh: fault runs for docsift (issue 6), each against a fresh
# server built as deploy/Dockerfile builds it.
#
#   shutdown  SIGTERM mid-run under ghz load (AnalyzeDocument, -c $C): every
#             call must end OK or UNAVAILABLE (refused/closing, i.e. never
#             accepted), the server must log every call it accepted as OK, and
#             the client's OK count must equal the server's (none lost or cut).
#   reload    SIGHUP every second under ClassifyDocument load on an extra
#             topic model trained here with `docsift-models train topics`, swapping in
#             a retrained model and, once, a corrupt file (which must be
#             refused, the model in service staying): zero failed calls.
#
#   bench/faults.sh [shutdown] [reload]     (default: both)
# Environment: C (default 16), GHZ, SRC, BIN, OUT as for bench/run.sh.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
C=${C:-16}
modes=("$@")
[[ ${#modes[@]} == 0 ]] && modes=(shutdown reload)
fail=0

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
find_ghz
build
requests

shutdown_run() {
	echo "-- graceful shutdown under load: SIGTERM after 3 s of a 10 s ghz run at -c $C"
	local log=$OUT/faults-shutdown.log
	start_server "$log" --shutdown-timeout 20s
	local pid=$SPID
	"$GHZ" --insecure --call docsift.v1.DocumentService/AnalyzeDocument -D "$OUT/req-analyze.json" \
		-c "$C" -z 10s --duration-stop wait -t 30s --format json -o "$OUT/faults-shutdown.json" "$GRPC" &
	local gpid=$!
	sleep 3
	local t0=$(date +%s.%N)
	kill -TERM "$pid"
	wait "$pid"
	local rc=$?
	local t1=$(date +%s.%N)
	wait "$gpid"
	echo "server exit status $rc, exited $(echo "$t1 - $t0" | bc) s after SIGTERM; log: $(grep -o '"msg":"stopped"[^}]*' "$log")"
	summary faults-shutdown
	jq -r '.errorDistribution // {} | to_entries[] | "  client error: \(.value) x \(.key)"' "$OUT/faults-shutdown.json"
	local client_ok client_other server_ok server_other
	client_ok=$(jq '.statusCodeDistribution.OK // 0' "$OUT/faults-shutdown.json")
	client_other=$(jq '[.statusCodeDistribution // {} | to_entries[] | select(.key != "OK" and .key != "Unavailable") | .value] | add // 0' "$OUT/faults-shutdown.json")
	server_ok=$(grep '"msg":"request"' "$log" | grep -c '"code":"OK"')
	server_other=$(grep '"msg":"request"' "$log" | grep -vc '"code":"OK"')
	echo "client: $client_ok OK, $client_other other than OK/UNAVAILABLE; server: $server_ok requests logged OK, $server_other logged otherwise"
	if [[ $client_other != 0 || $server_other != 0 || $client_ok != "$server_ok" || $rc != 0 ]]; then
		echo "FAIL: shutdown lost or cut calls"
		fail=1
	else
		echo "ok: every accepted call completed; the rest were refused with UNAVAILABLE"
	fi
}

reload_run() {
	echo "-- model reload (SIGHUP) under load"
	python3 - "$OUT/train.jsonl" "$OUT/train2.jsonl" <<'PY'
import json, random, sys
words = {
    "sport": "match goal striker coach league season injury stadium referee penalty win draw tournament final".split(),
    "economy": "inflation bank rates market shares investors growth budget tax prices exports deficit currency".split(),
    "weather": "storm rain flood temperature forecast wind snow heatwave drought cyclone humidity warning".split(),
}
common = "the a on in of and to said was is for with at by from after".split()
for path, seed in ((sys.argv[1], 1), (sys.argv[2], 2)):
    rnd = random.Random(seed)
    with open(path, "w") as f:
        for label, vocab in words.items():
            for _ in range(40):
                toks = [rnd.choice(vocab if rnd.random() < 0.5 else common) for _ in range(30)]
                f.write(json.dumps({"text": " ".join(toks), "labels": [label]}) + "\n")
PY
	local train="go run ./cmd/docsift-models train topics"
	if ! (cd "$SRC" && $train --in "$OUT/train.jsonl" --out "$OUT/custom-a.model" --name custom --release a --bits 14 >"$OUT/train.log" 2>&1 &&
		$train --in "$OUT/train2.jsonl" --out "$OUT/custom-b.model" --name custom --release b --bits 14 >>"$OUT/train.log" 2>&1); then
		echo "SKIP: could not train a topic model:"
		tail -5 "$OUT/train.log"
		return
	fi
	head -1 "$OUT/train.log"
	cp "$OUT/custom-a.model" "$OUT/custom.model"
	local log=$OUT/faults-reload.log
	start_server "$log" --topic-model "custom=$OUT/custom.model"
	local pid=$SPID
	jq -Rs '{document: {text: .}, options: {model: "custom"}}' "$SEED" >"$OUT/req-classify.json"
	"$GHZ" --insecure --call docsift.v1.DocumentService/ClassifyDocument -D "$OUT/req-classify.json" \
		-c "$C" -z 12s --duration-stop wait -t 10s --format json -o "$OUT/faults-reload.json" "$GRPC" &
	local gpid=$!
	"$GHZ" --insecure --call docsift.v1.DocumentService/AnalyzeDocument -D "$OUT/req-analyze.json" \
		-c 4 -z 12s --duration-stop wait -t 10s --format json -o "$OUT/faults-reload-analyze.json" "$GRPC" &
	local gpid2=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do
		sleep 1
		case $i in
		3) cp "$OUT/custom-b.model" "$OUT/custom.model.tmp" && mv "$OUT/custom.model.tmp" "$OUT/custom.model" ;;
		6) head -c 1000 /dev/urandom >"$OUT/custom.model.tmp" && mv "$OUT/custom.model.tmp" "$OUT/custom.model" ;;
		8) cp "$OUT/custom-a.model" "$OUT/custom.model.tmp" && mv "$OUT/custom.model.tmp" "$OUT/custom.model" ;;
		esac
		kill -HUP "$pid"
	done
	wait "$gpid" "$gpid2"
	summary faults-reload
	summary faults-reload-analyze
	local ok failed
	ok=$(grep -c '"msg":"models reloaded"' "$log")
	failed=$(grep -c '"msg":"model reload failed' "$log")
	echo "10 SIGHUPs: $ok reloads, $failed refused (a corrupt file was in place for 2 of them); versions served: $(grep '"topic model loaded"' "$log" | jq -r .version | sort | uniq -c | tr '\n' ' ')"
	local e1 e2
	e1=$(errors faults-reload)
	e2=$(errors faults-reload-analyze)
	if [[ $e1 != 0 || $e2 != 0 || $failed == 0 || $ok == 0 ]] || ! kill -0 "$pid" 2>/dev/null; then
		echo "FAIL: errors during reload ($e1 + $e2), or the corrupt model was not refused, or the server died"
		fail=1
	else
		echo "ok: zero failed calls across reloads"
	fi
	stop_server "$pid"
}

for m in "${modes[@]}"; do
	case $m in
	shutdown) shutdown_run ;;
	reload) reload_run ;;
	*) echo "unknown mode $m" >&2; exit 2 ;;
	esac
done
[[ $fail == 0 ]] && echo "PASS" || echo "FAILED"
exit $fail
