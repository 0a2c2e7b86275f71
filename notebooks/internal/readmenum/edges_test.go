package readmenum

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A quoted number of malformed form is an error naming it (and zero values).
func TestParseQuotedErrors(t *testing.T) {
	for _, in := range []string{"4.0e", "4.0ex", "4.0.9", "abc"} {
		if v, half, err := ParseQuoted(in); err == nil || !strings.Contains(err.Error(), in) || v != 0 || half != 0 {
			t.Errorf("ParseQuoted(%q) = %v ± %v, %v; want 0 ± 0 and an error naming it", in, v, half, err)
		}
	}
	// A leading decimal point: one decimal.
	if v, half, err := ParseQuoted(".5"); err != nil || v != 0.5 || half != 0.05 {
		t.Errorf("ParseQuoted(.5) = %v ± %v, %v; want 0.5 ± 0.05", v, half, err)
	}
	// An exponent with no decimals: half a unit of 10^3.
	if v, half, err := ParseQuoted("2e3"); err != nil || v != 2000 || half != 500 {
		t.Errorf("ParseQuoted(2e3) = %v ± %v, %v; want 2000 ± 500", v, half, err)
	}
}

// The rounding rule at its edge: a source exactly half a unit of the last digit from
// the quote passes, though the float64 difference exceeds the half unit by a few ulps
// (0.75 − 0.7 = 0.05 + 4.4e-17; 1000000.15 − 1000000.1 = 0.05 + 4.7e-11), which the
// 1e-9 relative widening absorbs; a source beyond half a unit plus that widening fails
// (for 1000000.1 the widening is 1e-3, so 1000000.152 is the first such source at
// three decimals).
func TestCheckRoundingEdge(t *testing.T) {
	section := "a is 0.7 and b is 1000000.1"
	check := func(a, b float64) []string {
		return Check("edge", section, []Quote{{Text: "a is {0.7} and b is {1000000.1}", Values: func() []float64 { return []float64{a, b} }}})
	}
	if got := check(0.75, 1000000.15); len(got) != 0 {
		t.Errorf("sources half a unit away: %q", got)
	}
	if got := check(0.65, 1000000.05); len(got) != 0 {
		t.Errorf("sources half a unit below: %q", got)
	}
	// A quote of 0 gets no widening: a source exactly half a unit away (0.5, exact in
	// float64) passes, one beyond fails.
	zero := func(v float64) []string {
		return Check("edge", "at 0 cost", []Quote{{Text: "at {0} cost", Values: func() []float64 { return []float64{v} }}})
	}
	if got := zero(0.5); len(got) != 0 {
		t.Errorf("0 quoted for 0.5: %q", got)
	}
	if got := zero(-0.5000001); len(got) != 1 {
		t.Errorf("0 quoted for -0.5000001: %q, want one problem", got)
	}
	want := []string{
		`edge: "a is 0.7 and b is 1000000.1" quotes 0.7, the source gives 0.751`,
		`edge: "a is 0.7 and b is 1000000.1" quotes 1000000.1, the source gives 1e+06`,
	}
	if got := check(0.751, 1000000.152); !slices.Equal(got, want) {
		t.Errorf("sources beyond half a unit: %q, want %q", got, want)
	}
}

// Check covers the text of a quote without braces (settings; its Values is never
// called), reports a braced number that does not parse, reports an uncovered number by
// its line, skips numbers that are part of a name, and panics when a quote's source
// gives another count of values than it has braces.
func TestCheckQuotes(t *testing.T) {
	section := "Settings: N = 1000, τ = 0.5.\nMeasured {x}: 4.09 %.\nT1, c2, ρ_11, x/3, χ²2, file.7z and 12 are here."
	quotes := []Quote{
		{Text: "Settings: N = 1000, τ = 0.5."},
		{Text: "Measured {x}", Values: func() []float64 { return []float64{1} }},
		{Text: ": {4.09} %", Values: func() []float64 { return []float64{4.09} }},
	}
	want := []string{
		`fixture: quote not found verbatim: "Measured x"`,
		`fixture: number "12" (section line 3) has no source: quote it in the test`,
	}
	if got := Check("fixture", section, quotes); !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
	// A name that opens the section: its number, one character in, is part of it.
	if got := Check("fixture", "T1 is a target", nil); len(got) != 0 {
		t.Errorf("a name at the start: problems %q", got)
	}
	// A quote that opens the section is found there.
	if got := Check("fixture", "4.09 % gap", []Quote{{Text: "{4.09} % gap", Values: func() []float64 { return []float64{4.09} }}}); len(got) != 0 {
		t.Errorf("a quote at the start: problems %q", got)
	}
	// A number that opens the section has nothing before it: not part of a name.
	if got := Check("fixture", "7 seeds", nil); !slices.Equal(got, []string{`fixture: number "7" (section line 1) has no source: quote it in the test`}) {
		t.Errorf("a number at the start: problems %q", got)
	}
	section = "Measured {x}: 4.09 %."
	quotes = []Quote{{Text: "Measured {{x}}: {4.09} %.", Values: func() []float64 { return []float64{0, 4.09} }}}
	if got := Check("fixture", section, quotes); len(got) != 1 || !strings.Contains(got[0], `"x"`) {
		t.Errorf("a braced non-number: problems %q, want one naming x", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "has 1 checked numbers, its source 2") {
			t.Errorf("a source with too many values: panic %v", r)
		}
	}()
	Check("fixture", "gap 4.09", []Quote{{Text: "gap {4.09}", Values: func() []float64 { return []float64{4.09, 1} }}})
}

// A number belongs to a name when the character before it is a letter a–z or A–Z, a
// digit, '_', '/', '.', '²' or a letter of the Greek script — from the first of the
// Greek and Coptic block, U+0370 Ͱ (the old test c > 0x370 left it out), to the Greek
// Extended ἀ — and any other character starts a number.
func TestPartOfName(t *testing.T) {
	for _, before := range []string{"a", "z", "A", "Z", "0", "9", "_", "/", ".", "²", "α", "ω", "Α", "Ω", "ϵ", "\u0370", "ϳ", "ἀ", "the T"} {
		if !partOfName(before) {
			t.Errorf("partOfName(%q) = false, want true", before)
		}
	}
	for _, before := range []string{" ", "`", "{", "@", "[", ":", "-", "−", "(", "=", "\n", "é", "³", "√", "ab "} {
		if partOfName(before) {
			t.Errorf("partOfName(%q) = true, want false", before)
		}
	}
}

// Section ends at a heading of the same or a higher level, not at a deeper one nor at
// a line of hashes without a space; the last section runs to the end of the text, with
// or without a final newline; a heading on the text's first line is found.
func TestSectionEdges(t *testing.T) {
	md := "# T\n\n## A\n\na 1\n#no heading\n### A.1\n\n# U\n\nu\n## B\nb 2"
	for _, c := range []struct{ heading, want string }{
		{"## A", "\na 1\n#no heading\n### A.1\n\n"},
		{"### A.1", "\n"},
		{"# U", "\nu\n## B\nb 2"},
		{"## B", "b 2"},
		{"# T", "\n## A\n\na 1\n#no heading\n### A.1\n\n"}, // a heading on the first line
	} {
		if got, err := Section(md, c.heading); err != nil || got != c.want {
			t.Errorf("Section(%q) = %q, %v; want %q", c.heading, got, err, c.want)
		}
	}
	// The next heading right after a line of text (no blank line before it).
	if got, err := Section("\n## A\nab\n## B\nc\n", "## A"); err != nil || got != "ab\n" {
		t.Errorf("Section before an adjacent heading = %q, %v; want %q", got, err, "ab\n")
	}
	// The next heading on the section's first line: an empty section.
	if got, err := Section("x\n## A\n## B\nc\n", "## A"); err != nil || got != "" {
		t.Errorf("Section right before a heading = %q, %v; want \"\"", got, err)
	}
	if _, err := Section(md, "## A.1"); err == nil || !strings.Contains(err.Error(), `"## A.1"`) {
		t.Errorf("a missing heading: error %v, want one naming it", err)
	}
}

// TableRows keeps rows of exactly cols cells, splitting at '|' but not at "\|", and
// keeps a backslash that escapes nothing.
func TestTableRowsEdges(t *testing.T) {
	md := "| a\\b | c \\|\n|x|y|\n| 1 | 2 |\n  | 3 | 4 |\n| 5 | 6 | 7 |\n"
	if got := TableRows(md, 2); len(got) != 1 || !slices.Equal(got[0], []string{"1", "2"}) {
		t.Errorf("TableRows = %q, want the one row 1, 2", got)
	}
	if got := TableRows("| a | b \\|", 1); len(got) != 1 || got[0][0] != "a" {
		t.Errorf("a row ending in an escaped bar: %q, want one cell a", got)
	}
	if got := TableRows("| a |\\", 1); len(got) != 1 || got[0][0] != "a" {
		t.Errorf("a row ending in a backslash: %q, want one cell a", got)
	}
}

// Numbers: the first number of the text for an empty prefix, errors naming a prefix
// that is not there or a number out of range.
func TestNumbersEdges(t *testing.T) {
	if v, err := Numbers("loss −0.0582 at step 3", "", "step "); err != nil || !slices.Equal(v, []float64{-0.0582, 3}) {
		t.Errorf("Numbers = %v, %v; want [-0.0582 3]", v, err)
	}
	if _, err := Numbers("loss 1", "gap "); err == nil || !strings.Contains(err.Error(), `"gap "`) {
		t.Errorf("a missing prefix: error %v, want one naming it", err)
	}
	// A number beyond float64's range (largest ≈ 1.8e308) is no value: an error naming it.
	if v, err := Numbers("loss 2 at scale 1e999", "loss ", "scale "); err == nil || !strings.Contains(err.Error(), "1e999") || v != nil {
		t.Errorf("Numbers of 1e999 = %v, %v; want no values and an error naming it", v, err)
	}
}

// Load returns the section and the whole result file, and an error naming what is
// missing: the README, its heading, the result file.
func TestLoad(t *testing.T) {
	dir := t.TempDir()
	readme, result := filepath.Join(dir, "README.md"), filepath.Join(dir, "table.md")
	if err := os.WriteFile(readme, []byte("# X\n\n## Found\n\ngap 4.09 %\n\n## Next\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(result, []byte("| gap | 4.0912 |\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	section, text, err := Load(readme, "## Found", result)
	if err != nil || section != "\ngap 4.09 %\n\n" || text != "| gap | 4.0912 |\n" {
		t.Errorf("Load = %q, %q, %v", section, text, err)
	}
	for _, c := range []struct{ readme, heading, result, want string }{
		{filepath.Join(dir, "absent.md"), "## Found", result, "absent.md"},
		{readme, "## Lost", result, `README.md: readmenum: no heading "## Lost"`},
		{readme, "## Found", filepath.Join(dir, "absent.csv"), "absent.csv"},
	} {
		if s, r, err := Load(c.readme, c.heading, c.result); err == nil || !strings.Contains(err.Error(), c.want) || s != "" || r != "" {
			t.Errorf("Load(%s, %s, %s) = %q, %q, %v; want an error naming %s", c.readme, c.heading, c.result, s, r, err, c.want)
		}
	}
}
