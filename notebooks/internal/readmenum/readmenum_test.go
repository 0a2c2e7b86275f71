package readmenum

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestCheckFails feeds Check a section with a wrong number, a number no quote covers and
// a quote that is not in the text, and expects exactly those problems.
func TestCheckFails(t *testing.T) {
	section := "The gap is 4.08 % at N = 1000, and 7 more.\nT1, c2 and ρ_11 are names."
	quotes := []Quote{
		{Text: "gap is {4.08} % at N = 1000", Values: func() []float64 { return []float64{4.0898} }},
		{Text: "absent {1.0}", Values: func() []float64 { return []float64{1} }},
	}
	got := Check("fixture", section, quotes)
	want := []string{
		`fixture: "gap is 4.08 % at N = 1000" quotes 4.08, the source gives 4.0898`,
		`fixture: quote not found verbatim: "absent 1.0"`,
		`fixture: number "7" (section line 1) has no source: quote it in the test`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Within half a unit of the last digit passes: 4.0849 rounds to 4.08.
	quotes = []Quote{
		{Text: "gap is {4.08} % at N = 1000, and 7 more", Values: func() []float64 { return []float64{4.0849} }},
	}
	if got := Check("fixture", section, quotes); len(got) != 0 {
		t.Errorf("a number within rounding: %v", got)
	}
}

// TestParseQuoted checks the precision rule on hand-computed cases.
func TestParseQuoted(t *testing.T) {
	for _, tc := range []struct {
		in      string
		v, half float64
		reason  string
	}{
		{"4.09", 4.09, 0.005, "two decimals"},
		{"315", 315, 0.5, "an integer"},
		{"−0.0582", -0.0582, 0.00005, "a Unicode minus"},
		{"+0.0168", 0.0168, 0.00005, "an explicit plus"},
		{"6.0e-3", 6.0e-3, 0.05e-3, "one decimal of the mantissa"},
		{"1.7e-4", 1.7e-4, 0.05e-4, "negative exponent"},
	} {
		v, half, err := ParseQuoted(tc.in)
		// Exact decimal inputs: the parse and the power of ten are correct to a few ulps.
		if err != nil || !(math.Abs(v-tc.v) <= 1e-15*math.Abs(tc.v)) || !(math.Abs(half-tc.half) <= 1e-15*tc.half) {
			t.Errorf("%s (%s): got %v ± %v, %v; want %v ± %v", tc.in, tc.reason, v, half, err, tc.v, tc.half)
		}
	}
}

// TestSectionTableNumbers checks the section, table and number readers on a small text.
func TestSectionTableNumbers(t *testing.T) {
	md := "# T\n\n## A\n\ntext 1\n\n### A.1\n\nsub 2\n\n## B\n\nafter\n"
	s, err := Section(md, "## A")
	if err != nil || s != "\ntext 1\n\n### A.1\n\nsub 2\n\n" {
		t.Errorf("Section = %q, %v", s, err)
	}
	if _, err := Section(md, "## C"); err == nil {
		t.Error("Section of a missing heading: no error")
	}
	rows := TableRows("| a | b \\| c | 3 % |\n|---|---|---|\n| x | y |\n", 3)
	if len(rows) != 1 || rows[0][1] != "b | c" || rows[0][2] != "3 %" {
		t.Errorf("TableRows = %q", rows)
	}
	v, err := Numbers("to the optimum 0.411 %, to T1 4.28 %", "optimum ", "T1 ")
	if err != nil || len(v) != 2 || !(math.Abs(v[0]-0.411) <= 1e-15) || !(math.Abs(v[1]-4.28) <= 1e-15) {
		t.Errorf("Numbers = %v, %v", v, err)
	}
	if _, err := Numbers("no numbers", "no "); err == nil {
		t.Error("Numbers with no number: no error")
	}
}
