#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 30s each).
# With --save, the inputs the fuzzer found interesting are copied into each
# package's testdata/fuzz/<Target>/, where plain `go test` replays them.
#
# A run fails when the fuzzer finds a failing input (it writes it to
# testdata/fuzz/<Target>/) or the package does not build. Go 1.26's fuzz
# coordinator can also end a clean run with a bare "context deadline
# exceeded" at the -fuzztime boundary, with no input written (a race in
# internal/fuzz, golang/go#75804, fixed in Go 1.27): that one is reported
# as a flake, and the target's corpus is replayed instead. A worker process
# can also die while the coordinator minimises a new input ("fuzzing process
# hung or terminated unexpectedly while minimizing: EOF"; seen once in
# FuzzExtractHTML at 12 s, on a noisy host; why the worker died is not
# known, Go also kills a worker one of whose runs takes 10 s,
# golang/go#56238): when the input it wrote passes when replayed, it is not
# a finding; it is removed and the target is fuzzed once more, and a second
# failure fails the run.
#
# Minimisation is bounded (FUZZMINIMIZETIME, default 5s, Go's default 60s): the
# fuzzer minimises every new interesting input, running nothing else
# meanwhile. A bounded run of FuzzExtractHTML (its inputs are pages) on 2
# cores spent up to 60 s at a time at 0 executions per second minimising,
# the window in which the worker above died (killing a worker by hand in it
# gives the same message); a smaller corpus entry is not worth that in CI.
# A failing input is still written, minimised for up to the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
minimize=${FUZZMINIMIZETIME:-5s}
save=0
[[ ${1:-} == --save ]] && save=1
# fuzz runs target $name of package $pkg for the bounded time.
fuzz() { go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize"; }
targets=(
	"./server FuzzGatewayJSON"
	"./server FuzzAnalyzeRequest"
	"./internal/content FuzzExtractText"
	"./internal/content FuzzExtractHTML"
	"./internal/entities FuzzExtract"
	"./internal/entities FuzzTokenize"
	"./internal/topics FuzzDecode"
	"./internal/language FuzzDetect"
	"./internal/places FuzzLoad"
	"./internal/places FuzzResolve"
)
cache=$(go env GOCACHE)/fuzz/github.com/docsift/docsift
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "== $pkg $name ($fuzztime)"
	corpus=${pkg#./}/testdata/fuzz/$name
	before=$(ls "$corpus" 2>/dev/null | sort || true)
	log=$(mktemp)
	status=0
	fuzz 2>&1 | tee "$log" || status=$?
	if [[ $status != 0 ]]; then
		added=$(comm -13 <(echo "$before") <(ls "$corpus" 2>/dev/null | sort || true))
		if [[ -z $added ]] && grep -q '^    context deadline exceeded$' "$log"; then
			echo "fuzz: $name: 'context deadline exceeded' with no failing input written: the Go fuzz coordinator's race at -fuzztime (golang/go#75804), not a finding; replaying the corpus"
			go test "$pkg" -run "^${name}\$" -count=1
		elif [[ -n $added && $added != *$'\n'* ]] && grep -q 'fuzzing process hung or terminated unexpectedly while minimizing' "$log" &&
			go test "$pkg" -run "^${name}/${added}\$" -count=1; then
			echo "fuzz: $name: a worker process died while minimising and the input it wrote ($corpus/$added) passes when replayed: not a finding; removed, fuzzing once more"
			rm -f "$corpus/$added"
			fuzz
		else
			echo "fuzz: $name failed${added:+; new failing input: $corpus/$added}"
			rm -f "$log"
			exit 1
		fi
	fi
	rm -f "$log"
	if [[ $save == 1 && -d $cache/${pkg#./}/$name ]]; then
		dst=${pkg#./}/testdata/fuzz/$name
		mkdir -p "$dst"
		# Keep the corpus small: the 20 smallest inputs.
		ls -S -r "$cache/${pkg#./}/$name" | head -20 | while read -r f; do cp "$cache/${pkg#./}/$name/$f" "$dst/"; done
	fi
done
