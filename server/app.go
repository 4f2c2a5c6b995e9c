package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
	"google.golang.org/grpc/test/bufconn"

	"github.com/docsift/docsift/internal/analysis"
	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// app is one running docsift server: a gRPC server, and an HTTP server whose
// gateway reaches the gRPC server through an in-memory connection, so that
// JSON requests pass the same interceptors (limits, auth, logging, recovery)
// as gRPC ones.
type app struct {
	cfg     config
	log     *slog.Logger
	pipe    *analysis.Pipeline
	stages  *stages
	metrics *metrics
	auth    *authenticator
	limiter *limiter
	memory  *memoryBudget
	tracing *tracing
	caps    atomic.Pointer[docsiftv1.GetCapabilitiesResponse]

	grpcServer     *grpc.Server
	internalServer *grpc.Server // serves the gateway over internalLis
	health         *health.Server
	httpServer     *http.Server
	docs           *documentServer

	grpcLis, httpLis net.Listener
	pprofServer      *http.Server
	pprofLis         net.Listener
	metricsServer    *http.Server // when --metrics-addr is set
	metricsLis       net.Listener
	internalLis      *bufconn.Listener
	gatewayConn      *grpc.ClientConn

	// draining is closed when shutdown starts: streams stop taking new
	// documents and finish the ones they accepted.
	draining  chan struct{}
	drainOnce sync.Once
}

func newApp(cfg config, logger *slog.Logger) (*app, error) {
	st, err := loadStages(cfg, logger)
	if err != nil {
		return nil, err
	}
	a := &app{
		cfg:      cfg,
		log:      logger,
		stages:   st,
		pipe:     st.Pipeline(cfg.limits),
		health:   health.NewServer(),
		draining: make(chan struct{}),
	}
	a.docs = &documentServer{app: a}
	a.metrics = newMetrics()
	a.metrics.setModels(st.Models())
	a.limiter = newLimiter(cfg.maxConcurrent)
	a.memory = newMemoryBudget(cfg.maxMemoryInFlight)
	if a.memory != nil {
		a.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "docsift_admitted_memory_bytes", Help: "Estimated memory of the documents being analysed (the memory budget's measure: text and HTML bytes, each by its weight).",
		}, func() float64 { return float64(a.memory.used.Load()) }))
	}
	if a.limiter != nil {
		a.metrics.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "docsift_admitted_calls", Help: "Document calls admitted and not yet finished, counted from arrival to the end of their analysis (the concurrency limit's measure).",
		}, func() float64 { return float64(a.limiter.inFlight.Load()) }))
	}
	if a.auth, err = newAuthenticator(cfg.apiKeysFile, cfg.apiKeys); err != nil {
		return nil, err
	}
	tlsCfg, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	var creds credentials.TransportCredentials
	if tlsCfg != nil {
		creds = credentials.NewTLS(tlsCfg)
	}
	if a.tracing, err = newTracing(context.Background(), logger); err != nil {
		return nil, err
	}
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(cfg.maxRequestBytes),
		grpc.ForceServerCodec(protoCodec{}),
		grpc.InTapHandle(a.admit),
		grpc.ChainUnaryInterceptor(a.unaryObserve, a.unaryRecovery, a.unaryGuard),
		grpc.ChainStreamInterceptor(a.streamObserve, a.streamRecovery, a.streamGuard),
	}
	if a.tracing != nil {
		opts = append(opts, grpc.StatsHandler(a.tracing.serverHandler()))
	}
	// Two servers with the same services and interceptors: the public one
	// (with TLS when configured) and the in-memory one the gateway calls,
	// which never leaves the process and so needs no TLS.
	a.internalServer = grpc.NewServer(opts...)
	if creds != nil {
		opts = append(opts, grpc.Creds(creds))
	}
	a.grpcServer = grpc.NewServer(opts...)
	for _, srv := range []*grpc.Server{a.grpcServer, a.internalServer} {
		docsiftv1.RegisterDocumentServiceServer(srv, a.docs)
		healthpb.RegisterHealthServer(srv, a.health)
		reflection.Register(srv)
	}
	a.health.SetServingStatus("", healthpb.HealthCheckResponse_SERVING)
	a.health.SetServingStatus(docsiftv1.DocumentService_ServiceDesc.ServiceName, healthpb.HealthCheckResponse_SERVING)

	// The gateway's connection to the gRPC server, in memory.
	a.internalLis = bufconn.Listen(1 << 20)
	a.gatewayConn, err = grpc.NewClient("passthrough:///docsift-internal",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return a.internalLis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()), // in memory: never leaves the process
		grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(cfg.maxRequestBytes), grpc.MaxCallRecvMsgSize(maxResponseBytes)),
	)
	if err != nil {
		return nil, fmt.Errorf("gateway connection: %w", err)
	}
	handler, err := a.httpHandler()
	if err != nil {
		return nil, err
	}
	a.httpServer = &http.Server{
		Handler:           handler,
		TLSConfig:         tlsCfg,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	return a, nil
}

// maxResponseBytes bounds a response the gateway will relay: a 2 MiB text
// with dense entities can produce a response many times its size.
const maxResponseBytes = 512 << 20

func (a *app) listen() error {
	var err error
	if a.grpcLis, err = net.Listen("tcp", a.cfg.grpcAddr); err != nil {
		return fmt.Errorf("grpc listen on %s: %w", a.cfg.grpcAddr, err)
	}
	if a.httpLis, err = net.Listen("tcp", a.cfg.httpAddr); err != nil {
		a.grpcLis.Close()
		return fmt.Errorf("http listen on %s: %w", a.cfg.httpAddr, err)
	}
	if a.cfg.pprofAddr != "" {
		if a.pprofLis, err = net.Listen("tcp", a.cfg.pprofAddr); err != nil {
			a.grpcLis.Close()
			a.httpLis.Close()
			return fmt.Errorf("pprof listen on %s: %w", a.cfg.pprofAddr, err)
		}
		a.pprofServer = &http.Server{Handler: pprofHandler(), ReadHeaderTimeout: 10 * time.Second}
	}
	if a.cfg.metrics && a.cfg.metricsAddr != "" {
		if a.metricsLis, err = net.Listen("tcp", a.cfg.metricsAddr); err != nil {
			a.grpcLis.Close()
			a.httpLis.Close()
			if a.pprofLis != nil {
				a.pprofLis.Close()
			}
			return fmt.Errorf("metrics listen on %s: %w", a.cfg.metricsAddr, err)
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", a.metrics.handler())
		a.metricsServer = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	}
	return nil
}

func (a *app) grpcAddr() string { return a.grpcLis.Addr().String() }
func (a *app) httpAddr() string { return a.httpLis.Addr().String() }

// serve serves until ctx is done or a server fails, then shuts down:
// health NOT_SERVING, stop accepting, drain in-flight work within
// cfg.shutdownTimeout, then stop.
func (a *app) serve(ctx context.Context) error {
	errc := make(chan error, 3)
	go func() { errc <- a.grpcServer.Serve(a.grpcLis) }()
	go func() { errc <- a.internalServer.Serve(a.internalLis) }()
	go func() {
		var err error
		if a.httpServer.TLSConfig != nil {
			err = a.httpServer.ServeTLS(a.httpLis, "", "")
		} else {
			err = a.httpServer.Serve(a.httpLis)
		}
		if !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	if a.pprofServer != nil {
		go a.pprofServer.Serve(a.pprofLis)
		defer a.pprofServer.Close()
	}
	if a.metricsServer != nil {
		go a.metricsServer.Serve(a.metricsLis)
		defer a.metricsServer.Close()
	}
	stopReload := a.watchReload(ctx)
	defer stopReload()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
		a.log.Error("server failed", "err", serveErr)
	}
	a.shutdown()
	return serveErr
}

// shutdownGrace is how long shutdown waits, past --shutdown-timeout, for
// the calls it cancelled to return before it gives up on them.
const shutdownGrace = 2 * time.Second

// admittedCalls is the concurrency limit's count, or -1 without a limit.
func (a *app) admittedCalls() int64 {
	if a.limiter == nil {
		return -1
	}
	return a.limiter.inFlight.Load()
}

func (a *app) shutdown() {
	start := time.Now()
	a.log.Info("shutting down", "timeout", a.cfg.shutdownTimeout)
	a.health.Shutdown() // NOT_SERVING for every service: load balancers stop sending
	a.drainOnce.Do(func() { close(a.draining) })

	deadline, cancel := context.WithTimeout(context.Background(), a.cfg.shutdownTimeout)
	defer cancel()
	// HTTP first: its in-flight requests run on the internal gRPC
	// connection, which must stay up until they finish. External gRPC calls
	// keep being served meanwhile.
	if err := a.httpServer.Shutdown(deadline); err != nil {
		a.log.Warn("http shutdown deadline passed; closing connections", "err", err)
		a.httpServer.Close()
	}
	done := make(chan struct{})
	go func() { a.grpcServer.GracefulStop(); a.internalServer.GracefulStop(); close(done) }()
	select {
	case <-done:
	case <-deadline.Done():
		a.log.Warn("grpc shutdown deadline passed; cancelling in-flight calls")
		// Stop cancels every call's context and closes the connections; it
		// does not wait for handlers, but GracefulStop (done) does. A stage
		// that does not notice its context would hold shutdown forever, so
		// the wait is bounded: past the grace the process exits without it.
		go func() { a.grpcServer.Stop(); a.internalServer.Stop() }()
		select {
		case <-done:
		case <-time.After(shutdownGrace):
			a.log.Error("calls still running after the shutdown timeout and its grace; exiting without them",
				"grace", shutdownGrace, "admitted_calls", a.admittedCalls())
		}
	}
	a.gatewayConn.Close()
	a.tracing.shutdown(deadline)
	a.log.Info("stopped", "took", time.Since(start).Round(time.Millisecond))
}
