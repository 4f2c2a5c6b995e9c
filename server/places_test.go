package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"syscall"
	"testing"

	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// TestPlaceEnums checks that the domain's place enums and the proto's agree
// value by value (placeProto converts by number).
func TestPlaceEnums(t *testing.T) {
	for s := analysis.PlaceStatusUnspecified; s <= analysis.PlaceNotFound; s++ {
		if got, want := docsiftv1.PlaceStatus(s).String(), "PLACE_STATUS_"+s.String(); got != want {
			t.Errorf("status %d: proto %s, domain %s", s, got, want)
		}
	}
	for k := analysis.PlaceKindUnspecified; k <= analysis.PlaceContinent; k++ {
		if got, want := docsiftv1.PlaceKind(k).String(), "PLACE_KIND_"+k.String(); got != want {
			t.Errorf("kind %d: proto %s, domain %s", k, got, want)
		}
	}
}

// TestAnalyzePlaces: AnalyzeDocument of the seed over gRPC resolves its
// places (Tokyo the city, Japan from "Japanese" as a demonym), and
// GetCapabilities lists the gazetteer.
func TestAnalyzePlaces(t *testing.T) {
	ts := startServer(t, "--log-level", "error")
	ctx := context.Background()
	resp, err := ts.client.AnalyzeDocument(ctx, &docsiftv1.AnalyzeDocumentRequest{Document: &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: seedText(t)}}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*docsiftv1.Place{}
	for _, e := range resp.GetEntities() {
		if e.GetPlace() != nil {
			got[e.GetName()] = e.GetPlace()
		}
	}
	for name, want := range map[string]int32{"Tokyo": 1850147, "Moscow": 524901, "Netherlands": 2750405, "Ukraine": 690791} {
		p := got[name]
		if p == nil || p.GetStatus() != docsiftv1.PlaceStatus_PLACE_STATUS_RESOLVED || p.GetGeonamesId() != want {
			t.Errorf("%s: place %v, want GeoNames %d resolved", name, p, want)
		}
	}
	if p := got["Japanese"]; p == nil || !p.GetDemonym() || p.GetCountryCode() != "JP" {
		t.Errorf("Japanese: place %v, want the demonym of JP", p)
	}
	caps, err := ts.client.GetCapabilities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range caps.GetModels() {
		found = found || (m.GetStage() == "places" && strings.HasPrefix(m.GetVersion(), "geonames"))
	}
	if !found {
		t.Errorf("GetCapabilities models %v: no places gazetteer", caps.GetModels())
	}
}

// BenchmarkAnalyzePlaces measures what place resolution adds to the
// analysis of the seed, in process, without and with the place stage in
// the same binary (issue 16 allows 10%).
func BenchmarkAnalyzePlaces(b *testing.B) {
	cfg, err := parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	st, err := loadStages(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	req := analysis.Request{Document: analysis.Document{Text: seedText(b)}}
	ctx := context.Background()
	for _, withPlaces := range []bool{false, true} {
		p := st.Pipeline(cfg.limits)
		name := "with"
		if !withPlaces {
			p.Places, name = nil, "without"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				if _, err := p.Analyze(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
			// CPU time per analysis: steadier than wall time on a shared machine.
			b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// processCPU is the process's user+system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
