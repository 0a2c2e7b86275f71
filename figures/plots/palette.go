package plots

import (
	"fmt"
	"image/color"
)

// Qualitative colours for curves: Okabe & Ito's colour-blind-safe set ("Color
// Universal Design", 2008), without its yellow, which is too light on white, ordered
// so that neighbours differ in hue and lightness.
var qualitative = []color.Color{
	color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	color.NRGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	color.NRGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff}, // near-black
}

// Qualitative returns the k-th colour of the lab's qualitative palette (Okabe–Ito,
// seven colours, repeating).
func Qualitative(k int) color.Color {
	n := len(qualitative)
	return qualitative[((k%n)+n)%n]
}

// pairIndex returns the rank of the unordered state pair {i, j} among the pairs
// (0,0), (0,1), …, (0,m−1), (1,1), … of i ≤ j, which fixes its colour: the same pair
// has the same colour in every figure.
func pairIndex(i, j, m int) int {
	if i > j {
		i, j = j, i
	}
	return i*m - i*(i-1)/2 + (j - i)
}

// pairColor is the colour of the state pair {i, j} of m states.
func pairColor(i, j, m int) color.Color { return Qualitative(pairIndex(i, j, m)) }

// pairName writes a state pair as "(a, b)" with the states' names (nil: indices).
func pairName(i, j int, states []string) string {
	name := func(k int) string {
		if k < len(states) {
			return states[k]
		}
		return fmt.Sprint(k)
	}
	return "(" + name(i) + ", " + name(j) + ")"
}
