package topics

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/docsift/docsift/internal/analysis"
)

// DefaultModel is the name of the embedded IPTC model, used when a request
// names no model.
const DefaultModel = "iptc"

//go:embed model/iptc.model
var iptcModel []byte

// DefaultModelBytes returns the embedded IPTC model file.
func DefaultModelBytes() []byte { return slices.Clone(iptcModel) }

// Registry serves named topic models. Classify, Model and Taxonomies may run
// concurrently with Load and Add: a model is swapped atomically and requests
// in flight finish on the model they started with.
type Registry struct {
	mu     sync.Mutex // serialises writers
	models atomic.Pointer[map[string]*Model]
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	r := &Registry{}
	r.models.Store(&map[string]*Model{})
	return r
}

// LoadDefault returns a registry holding the embedded IPTC model as "iptc".
func LoadDefault() (*Registry, error) {
	m, err := Decode(iptcModel)
	if err != nil {
		return nil, fmt.Errorf("topics: embedded iptc model: %w", err)
	}
	r := NewRegistry()
	r.Add(DefaultModel, m)
	return r, nil
}

// Add registers m under name, replacing any model of that name.
func (r *Registry) Add(name string, m *Model) {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := *r.models.Load()
	next := make(map[string]*Model, len(old)+1)
	for k, v := range old {
		next[k] = v
	}
	next[name] = m
	r.models.Store(&next)
}

// Load reads the model file at path and registers it under name, replacing
// the model of that name. A file that cannot be read, is corrupt, or is of
// another format or version is refused with an error, and the model already
// loaded under name stays in service.
func (r *Registry) Load(name, path string) error {
	if name == "" {
		return fmt.Errorf("topics: load %s: empty model name", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("topics: load model %q: %w", name, err)
	}
	m, err := Decode(data)
	if err != nil {
		return fmt.Errorf("topics: load model %q from %s: %w", name, path, err)
	}
	r.Add(name, m)
	return nil
}

// Names returns the loaded model names, sorted.
func (r *Registry) Names() []string {
	ms := *r.models.Load()
	names := make([]string, 0, len(ms))
	for k := range ms {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// lookup returns the model for name ("" = DefaultModel) and its name.
func (r *Registry) lookup(name string) (*Model, string, error) {
	if name == "" {
		name = DefaultModel
	}
	m, ok := (*r.models.Load())[name]
	if !ok {
		return nil, name, fmt.Errorf("topics: %w %q (loaded: %s)", analysis.ErrUnknownModel, name, strings.Join(r.Names(), ", "))
	}
	return m, name, nil
}

// Model returns the model that Classify would use for name ("" = default).
func (r *Registry) Model(name string) (analysis.ModelInfo, error) {
	m, name, err := r.lookup(name)
	if err != nil {
		return analysis.ModelInfo{}, err
	}
	return m.info(name), nil
}

// Taxonomies lists every loaded model with its labels, by model name.
func (r *Registry) Taxonomies() []analysis.Taxonomy {
	ms := *r.models.Load()
	var out []analysis.Taxonomy
	for _, name := range r.Names() {
		if m, ok := ms[name]; ok {
			out = append(out, m.taxonomy(name))
		}
	}
	return out
}

// Classify returns the topics of text, highest score first: every label whose
// calibrated score reaches its threshold (or opts.MinScore when that is > 0),
// at most opts.TopK of them when TopK > 0, with explaining terms when
// opts.Explain is set.
func (r *Registry) Classify(ctx context.Context, text string, opts analysis.TopicOptions) ([]analysis.Topic, analysis.ModelInfo, error) {
	m, name, err := r.lookup(opts.Model)
	if err != nil {
		return nil, analysis.ModelInfo{}, err
	}
	if err := ctx.Err(); err != nil {
		return nil, analysis.ModelInfo{}, err
	}
	ts, err := m.classify(ctx, text, opts)
	if err != nil {
		return nil, analysis.ModelInfo{}, err
	}
	return ts, m.info(name), nil
}

// Classify returns the topics of text under opts (opts.Model is ignored).
func (m *Model) Classify(text string, opts analysis.TopicOptions) []analysis.Topic {
	ts, _ := m.classify(context.Background(), text, opts)
	return ts
}

// classify is Classify checking ctx while it reads the text.
func (m *Model) classify(ctx context.Context, text string, opts analysis.TopicOptions) ([]analysis.Topic, error) {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	if err := s.extractCtx(ctx, text, m.bits, m.feats); err != nil {
		return nil, err
	}
	s.vectorize(m.idfOf)
	if len(s.idx) == 0 {
		// No known word: the biases alone would return the label priors.
		return nil, nil
	}
	nl := len(m.labels)
	var buf [2 * 64]float64
	var raw, probs []float64
	if nl <= 64 {
		raw, probs = buf[:nl], buf[64:64+nl]
	} else {
		raw, probs = make([]float64, nl), make([]float64, nl)
	}
	m.score(s, raw, probs)
	var topics []analysis.Topic
	idx := make([]int, 0, 4)
	for l, p := range probs {
		thr := m.labels[l].Threshold
		if opts.MinScore > 0 {
			thr = opts.MinScore
		}
		if p >= thr {
			idx = append(idx, l)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case probs[a] > probs[b]:
			return -1
		case probs[a] < probs[b]:
			return 1
		}
		return 0
	})
	if opts.TopK > 0 && len(idx) > opts.TopK {
		idx = idx[:opts.TopK]
	}
	for _, l := range idx {
		t := analysis.Topic{ID: m.labels[l].ID, Name: m.labels[l].Name, Score: probs[l]}
		if opts.Explain {
			// Each explanation sorts the text's features.
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			t.Terms = m.explain(s, text, l)
		}
		topics = append(topics, t)
	}
	return topics, nil
}

// Scores returns every label's calibrated score for text, in model order.
func (m *Model) Scores(text string) map[string]float64 {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	s.extract(text, m.bits, m.feats)
	s.vectorize(m.idfOf)
	raw, probs := make([]float64, len(m.labels)), make([]float64, len(m.labels))
	m.score(s, raw, probs)
	out := make(map[string]float64, len(m.labels))
	for l, p := range probs {
		out[m.labels[l].ID] = p
	}
	return out
}

var _ analysis.TopicClassifier = (*Registry)(nil)
