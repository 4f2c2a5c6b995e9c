// Package client is the Go client of docsift's DocumentService.
//
// Dial connects to one server or to many replicas (a dns:/// target or a
// static list) with round-robin balancing, and retries calls that fail with
// UNAVAILABLE (a replica going away) with exponential backoff; no other
// failure is retried. New wraps a connection the caller already has.
package client

import (
	"context"
	"crypto/tls"
	"fmt"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"

	docsiftv1 "github.com/docsift/docsift/proto/docsift/v1"
)

// serviceConfig balances over every address the target resolves to and
// retries UNAVAILABLE only: every docsift RPC is side-effect free, so a call
// that a replica dropped can safely run again on another.
const serviceConfig = `{
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "docsift.v1.DocumentService"}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.05s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
}`

// MaxResponseBytes is the largest response the client accepts by default.
const MaxResponseBytes = 512 << 20

// Client calls a docsift server. It is safe for concurrent use.
type Client struct {
	conn *grpc.ClientConn // nil when the caller owns the connection
	rpc  docsiftv1.DocumentServiceClient
}

type options struct {
	creds    credentials.TransportCredentials
	apiKey   string
	dialOpts []grpc.DialOption
}

// Option configures Dial.
type Option func(*options)

// WithTLS uses TLS with cfg (nil: the system roots). The default is
// plaintext.
func WithTLS(cfg *tls.Config) Option {
	return func(o *options) {
		if cfg == nil {
			cfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		o.creds = credentials.NewTLS(cfg)
	}
}

// WithAPIKey sends key as a bearer token on every call.
func WithAPIKey(key string) Option { return func(o *options) { o.apiKey = key } }

// WithDialOptions adds raw gRPC dial options.
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(o *options) { o.dialOpts = append(o.dialOpts, opts...) }
}

// Dial connects to target: "host:port", "dns:///host:port" (every address
// the name resolves to), or a comma-separated static list
// "host1:port,host2:port". Calls are balanced round-robin across addresses.
func Dial(ctx context.Context, target string, opts ...Option) (*Client, error) {
	o := options{creds: insecure.NewCredentials()}
	for _, opt := range opts {
		opt(&o)
	}
	dialOpts := []grpc.DialOption{
		grpc.WithTransportCredentials(o.creds),
		grpc.WithDefaultServiceConfig(serviceConfig),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(MaxResponseBytes)),
	}
	if o.apiKey != "" {
		dialOpts = append(dialOpts, grpc.WithPerRPCCredentials(bearer{key: o.apiKey, secure: o.creds.Info().SecurityProtocol != "insecure"}))
	}
	if strings.Contains(target, ",") {
		r := manual.NewBuilderWithScheme("docsift-static")
		var addrs []resolver.Address
		for _, a := range strings.Split(target, ",") {
			if a = strings.TrimSpace(a); a != "" {
				addrs = append(addrs, resolver.Address{Addr: a})
			}
		}
		r.InitialState(resolver.State{Addresses: addrs})
		dialOpts = append(dialOpts, grpc.WithResolvers(r))
		target = r.Scheme() + ":///static"
	}
	dialOpts = append(dialOpts, o.dialOpts...)
	conn, err := grpc.NewClient(target, dialOpts...)
	if err != nil {
		return nil, fmt.Errorf("docsift client: %w", err)
	}
	return &Client{conn: conn, rpc: docsiftv1.NewDocumentServiceClient(conn)}, nil
}

// New returns a Client over a connection the caller owns (Close leaves it
// open). Retries and balancing are then the connection's own.
func New(conn grpc.ClientConnInterface) *Client {
	return &Client{rpc: docsiftv1.NewDocumentServiceClient(conn)}
}

// Close closes the connection Dial opened.
func (c *Client) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

// Text returns a Document holding plain text.
func Text(text string) *docsiftv1.Document {
	return &docsiftv1.Document{Source: &docsiftv1.Document_Text{Text: text}}
}

// HTML returns a Document holding an HTML page and the URL it came from
// (a hint; never fetched).
func HTML(html, url string) *docsiftv1.Document {
	return &docsiftv1.Document{Source: &docsiftv1.Document_Html{Html: html}, Url: url}
}

// AnalyzeDocument extracts content, topics and entities.
func (c *Client) AnalyzeDocument(ctx context.Context, req *docsiftv1.AnalyzeDocumentRequest, opts ...grpc.CallOption) (*docsiftv1.AnalyzeDocumentResponse, error) {
	return c.rpc.AnalyzeDocument(ctx, req, opts...)
}

// ExtractContent extracts the article body and metadata.
func (c *Client) ExtractContent(ctx context.Context, req *docsiftv1.ExtractContentRequest, opts ...grpc.CallOption) (*docsiftv1.ExtractContentResponse, error) {
	return c.rpc.ExtractContent(ctx, req, opts...)
}

// ClassifyDocument assigns topics.
func (c *Client) ClassifyDocument(ctx context.Context, req *docsiftv1.ClassifyDocumentRequest, opts ...grpc.CallOption) (*docsiftv1.ClassifyDocumentResponse, error) {
	return c.rpc.ClassifyDocument(ctx, req, opts...)
}

// ExtractEntities finds entities.
func (c *Client) ExtractEntities(ctx context.Context, req *docsiftv1.ExtractEntitiesRequest, opts ...grpc.CallOption) (*docsiftv1.ExtractEntitiesResponse, error) {
	return c.rpc.ExtractEntities(ctx, req, opts...)
}

// BatchAnalyzeDocuments analyses many documents in one call.
func (c *Client) BatchAnalyzeDocuments(ctx context.Context, req *docsiftv1.BatchAnalyzeDocumentsRequest, opts ...grpc.CallOption) (*docsiftv1.BatchAnalyzeDocumentsResponse, error) {
	return c.rpc.BatchAnalyzeDocuments(ctx, req, opts...)
}

// StreamAnalyzeDocuments opens a bidirectional stream of documents and
// results. A stream is retried only before its first response arrives.
func (c *Client) StreamAnalyzeDocuments(ctx context.Context, opts ...grpc.CallOption) (docsiftv1.DocumentService_StreamAnalyzeDocumentsClient, error) {
	return c.rpc.StreamAnalyzeDocuments(ctx, opts...)
}

// GetCapabilities describes the server.
func (c *Client) GetCapabilities(ctx context.Context, opts ...grpc.CallOption) (*docsiftv1.GetCapabilitiesResponse, error) {
	return c.rpc.GetCapabilities(ctx, &docsiftv1.GetCapabilitiesRequest{}, opts...)
}

// bearer sends an API key as "authorization: Bearer <key>".
type bearer struct {
	key    string
	secure bool
}

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + b.key}, nil
}

func (b bearer) RequireTransportSecurity() bool { return b.secure }
