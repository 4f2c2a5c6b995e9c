package analysis

import (
	"context"
	"fmt"
	"time"
)

// StagePlaces names the place stage (ModelInfo.Stage, timings, errors).
const StagePlaces = "places"

// place links the place names among res.Entities to gazetteer places. A
// pipeline without a place stage leaves them unresolved: places are an
// addition to entities, not an operation of their own.
func (p *Pipeline) place(ctx context.Context, res *Result, text string, doc Document) error {
	if p.Places == nil || len(res.Entities) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	start := time.Now()
	if err := p.Places.Resolve(ctx, text, PlaceHints{URL: doc.URL}, res.Entities); err != nil {
		return fmt.Errorf("places: %w", err)
	}
	res.Timings = append(res.Timings, StageTiming{Stage: StagePlaces, Duration: time.Since(start)})
	res.Models = append(res.Models, p.Places.Info())
	return nil
}
