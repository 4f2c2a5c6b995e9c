package content

import (
	"context"
	"fmt"
)

// checkWork is how much work (bytes read, plus lineWork per line) the
// content stage does between checks of its context: a few hundred
// microseconds of CPU.
const (
	checkWork = 1 << 16
	lineWork  = 64
)

// checker checks a context at bounded intervals of work. A nil ctx is never
// done (training).
type checker struct {
	ctx  context.Context
	work int
}

// add counts n units of work and, every checkWork units, returns the
// context's error (wrapped) when it is done.
func (c *checker) add(n int) error {
	c.work += n
	if c.work < checkWork || c.ctx == nil {
		return nil
	}
	c.work = 0
	if err := c.ctx.Err(); err != nil {
		return fmt.Errorf("content: %w", err)
	}
	return nil
}

// line counts the work of one line of text.
func (c *checker) line(l line) error { return c.add(l.span.End - l.span.Begin + lineWork) }
