package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/brewer"
	"gonum.org/v1/plot/palette/moreland"
)

// ScaleKind names the shape of a colour scale.
type ScaleKind int

const (
	// Sequential maps [min, max] from light to dark: for quantities compared by size.
	Sequential ScaleKind = iota
	// Diverging maps values below Center to blue, Center to neutral grey and values
	// above Center to red, with equal strength at equal distance from Center: for
	// signed quantities around a reference value.
	Diverging
)

func (k ScaleKind) String() string {
	switch k {
	case Sequential:
		return "sequential"
	case Diverging:
		return "diverging"
	}
	return fmt.Sprintf("ScaleKind(%d)", int(k))
}

// ColorScale says how a heatmap maps values to colours. The zero value is a sequential
// scale over the data's range.
type ColorScale struct {
	Kind ScaleKind
	// Center is the value a Diverging scale draws in its neutral colour (unused by
	// Sequential scales).
	Center float64
	// Min < Max fixes the range (values outside it take the end colours; a Diverging
	// scale needs Min ≤ Center ≤ Max); Min == Max takes the range from the data (package
	// doc); Min > Max is an error.
	Min, Max float64
}

// SequentialScale returns the sequential scale over the data's range.
func SequentialScale() ColorScale { return ColorScale{Kind: Sequential} }

// DivergingScale returns the diverging scale centred at center over the data's range
// extended to include center (package doc).
func DivergingScale(center float64) ColorScale {
	return ColorScale{Kind: Diverging, Center: center}
}

// paletteSize is the number of colours a scale is sampled at: finer than a person can
// tell apart on a continuous map.
const paletteSize = 256

// colorMap is a resolved scale: a range and the colours sampled evenly over it.
type colorMap struct {
	lo, hi float64
	colors []color.Color
}

// resolve checks the scale and returns its range and colours for values vals.
func (s ColorScale) resolve(vals []float64) (*colorMap, error) {
	if !finite(s.Min) || !finite(s.Max) || !finite(s.Center) {
		return nil, fmt.Errorf("colour scale Min = %v, Max = %v, Center = %v: need finite numbers", s.Min, s.Max, s.Center)
	}
	if s.Min > s.Max {
		return nil, fmt.Errorf("colour scale Min = %v > Max = %v", s.Min, s.Max)
	}
	lo, hi := s.Min, s.Max
	auto := s.Min == s.Max
	switch s.Kind {
	case Sequential:
		if auto {
			lo, hi = math.Inf(1), math.Inf(-1)
			for _, v := range vals {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if lo == hi {
				pad := math.Max(math.Abs(lo)/2, 0.5)
				lo, hi = lo-pad, hi+pad
			}
		}
		return &colorMap{lo: lo, hi: hi, colors: sequentialColors(paletteSize)}, nil
	case Diverging:
		// The colours are those of the symmetric range c ± r, so that equal distances
		// from c get equal colour strength; the drawn range is the part of it that the
		// data (or Min and Max) use, which always includes c.
		c := s.Center
		if auto {
			lo, hi = c, c
			for _, v := range vals {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			if lo == hi {
				lo, hi = c-1, c+1
			}
		} else if !(lo <= c && c <= hi) {
			return nil, fmt.Errorf("diverging colour scale Center = %v outside [Min, Max] = [%v, %v]", c, lo, hi)
		}
		r := math.Max(c-lo, hi-c)
		return &colorMap{lo: lo, hi: hi, colors: divergingColors(paletteSize, lo, hi, c, r)}, nil
	}
	return nil, fmt.Errorf("colour scale kind %v: want Sequential or Diverging", s.Kind)
}

// index returns the palette index of v, by the rule of plotter.HeatMap (nearest sample),
// with values outside [lo, hi] clamped to the ends.
func (m *colorMap) index(v float64) int {
	n := len(m.colors)
	k := int((v-m.lo)*float64(n-1)/(m.hi-m.lo) + 0.5)
	return min(max(k, 0), n-1)
}

// at returns the colour of v.
func (m *colorMap) at(v float64) color.Color { return m.colors[m.index(v)] }

// sequentialColors samples the light-to-dark YlGnBu luminance map at n points, light
// first.
func sequentialColors(n int) []color.Color {
	p, err := brewer.GetPalette(brewer.TypeSequential, "YlGnBu", 9)
	if err != nil {
		panic(err) // a constant palette of the brewer package; cannot fail
	}
	light := p.Colors()
	dark := make([]color.Color, len(light)) // NewLuminance wants increasing lightness
	for i, c := range light {
		dark[len(light)-1-i] = c
	}
	cm, err := moreland.NewLuminance(dark)
	if err != nil {
		panic(err) // YlGnBu is monotone in lightness; cannot fail
	}
	cm.SetMin(0)
	cm.SetMax(1)
	return sample(cm, n, func(t float64) float64 { return 1 - t })
}

// divergingColors samples Moreland's cool-warm map, spread over [center − r, center + r]
// and neutral at center, at n points of [lo, hi].
func divergingColors(n int, lo, hi, center, r float64) []color.Color {
	cm := moreland.SmoothBlueRed()
	cm.SetMin(center - r)
	cm.SetMax(center + r)
	cm.SetConvergePoint(center)
	cols := make([]color.Color, n)
	for k := range cols {
		v := lo + (hi-lo)*float64(k)/float64(n-1)
		if k == n-1 {
			v = hi
		}
		// Keep v inside the map's range against rounding (center ± r may round inwards).
		c, err := cm.At(math.Min(math.Max(v, cm.Min()), cm.Max()))
		if err != nil {
			panic(err) // v is clamped into the map's range, and r > 0: cannot fail
		}
		cols[k] = toNRGBA(c)
	}
	return cols
}

// sample evaluates a colour map on [0, 1] at t(k/(n−1)), k = 0…n−1.
func sample(cm palette.ColorMap, n int, t func(float64) float64) []color.Color {
	cols := make([]color.Color, n)
	for k := range cols {
		c, err := cm.At(t(float64(k) / float64(n-1)))
		if err != nil {
			panic(err) // t maps [0, 1] into [0, 1]; cannot fail
		}
		cols[k] = toNRGBA(c)
	}
	return cols
}

// toNRGBA converts to 8-bit colour, so every back end draws exactly the same value.
func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// contrastText returns the text colour, near-black or white, with the larger WCAG 2
// contrast ratio against background c: (L1 + 0.05)/(L2 + 0.05) with L the relative
// luminance of linearised sRGB.
func contrastText(c color.Color) color.Color {
	l := relativeLuminance(c)
	lt := relativeLuminance(textColor)
	if (l+0.05)/(lt+0.05) >= 1.05/(l+0.05) {
		return textColor
	}
	return color.White
}

// relativeLuminance is WCAG 2's L = 0.2126 R + 0.7152 G + 0.0722 B of linear sRGB.
func relativeLuminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(u uint32) float64 {
		v := float64(u) / 0xffff
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
