package markov

import (
	"errors"
	"fmt"
)

// SumTol is the absolute tolerance on the sum of a probability vector or a TPM row.
// It admits float64 rounding of sums of up to ~10⁶ terms (each step adds at most
// 2⁻⁵³ relative error) and nothing a person would type by hand, such as 0.333.
const SumTol = 1e-9

// ErrEmpty is returned for a vector or matrix with no entries.
var ErrEmpty = errors.New("markov: empty")

// EntryError names an invalid matrix entry.
type EntryError struct {
	Row, Col int
	Value    float64
	Reason   string
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("markov: entry [%d][%d] = %v: %s", e.Row, e.Col, e.Value, e.Reason)
}

// RowSumError names a TPM row whose sum is not 1.
type RowSumError struct {
	Row int
	Sum float64
}

func (e *RowSumError) Error() string {
	return fmt.Sprintf("markov: row %d sums to %v, want 1 (within %g)", e.Row, e.Sum, SumTol)
}

// ShapeError names a row of the wrong length.
type ShapeError struct {
	Row, Len, Want int
}

func (e *ShapeError) Error() string {
	return fmt.Sprintf("markov: row %d has %d entries, want %d (a TPM is square)", e.Row, e.Len, e.Want)
}

// checkEntry reports whether v may be a probability.
func checkEntry(v float64) string {
	switch {
	case v != v:
		return "NaN is not a probability"
	case v > 1e308 || v < -1e308:
		return "infinite value is not a probability"
	case v < 0:
		return "negative probability"
	case v > 1+SumTol:
		return "probability above 1"
	}
	return ""
}
