package plots

import (
	"errors"
	"fmt"
)

// ErrEmpty is wrapped by the error for input with nothing to draw: a nil or 0×0
// matrix, a curve without points, a figure without panels.
var ErrEmpty = errors.New("plots: no data to draw")

// ValueError reports a matrix entry that cannot be drawn: NaN or ±Inf.
type ValueError struct {
	Plot     string // the quantity's name (its title)
	Row, Col int
	Value    float64
}

func (e *ValueError) Error() string {
	return fmt.Sprintf("plots: %s: entry (%d, %d) = %v: need a finite number", quoted(e.Plot), e.Row, e.Col, e.Value)
}

// quoted names a plot in an error message.
func quoted(name string) string {
	if name == "" {
		return "heatmap"
	}
	return fmt.Sprintf("heatmap %q", name)
}
