package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
)

// linearTicks labels about five nicely spaced values (niceTicks) with a typographic
// minus.
type linearTicks struct{}

func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	vals, labels := niceTicks(lo, hi, 5)
	ts := make([]plot.Tick, len(vals))
	for k, v := range vals {
		ts[k] = plot.Tick{Value: v, Label: labels[k]}
	}
	return ts
}

// logTicks labels the powers of ten in range (and 2 and 5 times them when the range
// spans less than two decades), with unlabelled minor ticks at the other multiples.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	e0, e1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	few := math.Log10(hi)-math.Log10(lo) < 2
	var ts []plot.Tick
	for e := e0; e <= e1; e++ {
		for m := 1; m <= 9; m++ {
			v := float64(m) * math.Pow10(e)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || few && (m == 2 || m == 5) {
				t.Label = logLabel(m, e)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// logLabel writes m·10^e as a decimal for 10⁻⁴ ≤ value < 10⁵, else as m·10^e with a
// superscript exponent (Liberation Sans has the superscript digits 1–8 only, so other
// exponents are written 1e9).
func logLabel(m, e int) string {
	if e >= -4 && e < 5 {
		v := float64(m) * math.Pow10(e)
		dec := max(-e, 0)
		return strings.ReplaceAll(fmt.Sprintf("%.*f", dec, v), "-", "−")
	}
	sup := map[rune]rune{'1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸'}
	exp := fmt.Sprint(e)
	var b strings.Builder
	for _, r := range exp {
		s, ok := sup[r]
		if !ok {
			return strings.ReplaceAll(fmt.Sprintf("%de%d", m, e), "-", "−")
		}
		b.WriteRune(s)
	}
	if m == 1 {
		return "10" + b.String()
	}
	return fmt.Sprintf("%d×10%s", m, b.String())
}
