#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 30s each).
# With --save, the inputs the fuzzer found interesting are copied into each
# package's testdata/fuzz/<Target>/, where plain `go test` replays them.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
save=0
[[ ${1:-} == --save ]] && save=1
targets=(
	"./server FuzzGatewayJSON"
	"./server FuzzAnalyzeRequest"
	"./internal/content FuzzExtractText"
	"./internal/content FuzzExtractHTML"
	"./internal/entities FuzzExtract"
	"./internal/entities FuzzTokenize"
	"./internal/topics FuzzDecode"
	"./internal/language FuzzDetect"
)
cache=$(go env GOCACHE)/fuzz/github.com/docsift/docsift
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "== $pkg $name ($fuzztime)"
	go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime"
	if [[ $save == 1 && -d $cache/${pkg#./}/$name ]]; then
		dst=${pkg#./}/testdata/fuzz/$name
		mkdir -p "$dst"
		# Keep the corpus small: the 20 smallest inputs.
		ls -S -r "$cache/${pkg#./}/$name" | head -20 | while read -r f; do cp "$cache/${pkg#./}/$name/$f" "$dst/"; done
	fi
done
