package main

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc/codes"

	"github.com/docsift/docsift/internal/analysis"
)

// metrics are the server's Prometheus metrics, on its own registry so that
// tests can run many servers in one process.
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec   // method, code, transport
	latency   *prometheus.HistogramVec // method, transport
	inFlight  *prometheus.GaugeVec     // transport
	docBytes  *prometheus.HistogramVec // kind
	stage     *prometheus.HistogramVec // stage
	rejected  *prometheus.CounterVec   // reason
	modelInfo *prometheus.GaugeVec     // stage, name, version
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docsift_requests_total", Help: "Requests handled, by RPC method, gRPC status code and transport (grpc or http).",
		}, []string{"method", "code", "transport"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "docsift_request_duration_seconds", Help: "Request latency, by RPC method and transport.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "transport"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "docsift_requests_in_flight", Help: "Requests being handled now, by transport.",
		}, []string{"transport"}),
		docBytes: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "docsift_document_bytes", Help: "Size of the documents analysed, by kind (text or html).",
			Buckets: prometheus.ExponentialBuckets(256, 4, 10),
		}, []string{"kind"}),
		stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "docsift_stage_duration_seconds", Help: "Time spent in each analysis stage per document.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1, 5},
		}, []string{"stage"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "docsift_rejected_total", Help: "Requests refused before analysis, by reason (overload, unauthenticated).",
		}, []string{"reason"}),
		modelInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "docsift_model_info", Help: "The models loaded (value 1), with their versions.",
		}, []string{"stage", "name", "version"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.docBytes, m.stage, m.rejected, m.modelInfo,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "docsift_build_info", Help: "The server build (value 1).", ConstLabels: prometheus.Labels{"version": version}}, func() float64 { return 1 }),
	)
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

func (m *metrics) observeRequest(method, transport string, code codes.Code, d time.Duration) {
	m.requests.WithLabelValues(method, code.String(), transport).Inc()
	m.latency.WithLabelValues(method, transport).Observe(d.Seconds())
}

// observeResult records the document size and the stage timings of a result.
func (m *metrics) observeResult(doc analysis.Document, res *analysis.Result) {
	if doc.IsHTML() {
		m.docBytes.WithLabelValues("html").Observe(float64(len(doc.HTML)))
	} else {
		m.docBytes.WithLabelValues("text").Observe(float64(len(doc.Text)))
	}
	if res == nil {
		return
	}
	for _, t := range res.Timings {
		m.stage.WithLabelValues(t.Stage).Observe(t.Duration.Seconds())
	}
}

// setModels replaces the model info series.
func (m *metrics) setModels(models []analysis.ModelInfo) {
	m.modelInfo.Reset()
	for _, mi := range models {
		m.modelInfo.WithLabelValues(mi.Stage, mi.Name, mi.Version).Set(1)
	}
}
