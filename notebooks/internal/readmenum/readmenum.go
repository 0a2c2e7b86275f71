package readmenum

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Quote is one checked piece of a README section: Text is verbatim with the checked
// numbers in braces, Values returns their sources in order (nil when Text holds only
// settings).
type Quote struct {
	Text   string
	Values func() []float64
}

var (
	// numberToken matches a number as the READMEs write it: −0.0582, +0.0168, 6.0e-3, 315.
	numberToken = regexp.MustCompile(`[−+-]?\d+(?:\.\d+)?(?:e[−+-]?\d+)?`)
	// braced matches a checked number of a quote.
	braced = regexp.MustCompile(`\{([^{}]*)\}`)
)

// ParseQuoted returns the value of a quoted number ("4.09", "−0.0582", "6.0e-3") and half
// a unit of its last digit (0.005, 0.00005, 0.05e-3).
func ParseQuoted(s string) (v, halfUnit float64, err error) {
	s = strings.ReplaceAll(s, "−", "-")
	mant, exp := s, 0
	if k := strings.IndexByte(s, 'e'); k >= 0 {
		mant = s[:k]
		if exp, err = strconv.Atoi(s[k+1:]); err != nil {
			return 0, 0, fmt.Errorf("readmenum: exponent of %q: %w", s, err)
		}
	}
	decimals := 0
	if k := strings.IndexByte(mant, '.'); k >= 0 {
		decimals = len(mant) - k - 1
	}
	v, err = strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("readmenum: %w", err)
	}
	return v, 0.5 * math.Pow(10, float64(exp-decimals)), nil
}

// Check checks the quotes against the section text and returns a problem, prefixed by
// name, for every quote not found, every checked number that disagrees with its source
// and every number of the section that no quote covers. It panics when a quote's Values
// returns a different count than its braces (a programmer error).
func Check(name, section string, quotes []Quote) []string {
	var problems []string
	covered := make([]bool, len(section))
	for _, q := range quotes {
		plain := braced.ReplaceAllString(q.Text, "$1")
		at := strings.Index(section, plain)
		if at < 0 {
			problems = append(problems, fmt.Sprintf("%s: quote not found verbatim: %q", name, plain))
			continue
		}
		for k := at; k < at+len(plain); k++ {
			covered[k] = true
		}
		marks := braced.FindAllStringSubmatch(q.Text, -1)
		if len(marks) == 0 {
			continue
		}
		got := q.Values()
		if len(got) != len(marks) {
			panic(fmt.Sprintf("readmenum: quote %q has %d checked numbers, its source %d", plain, len(marks), len(got)))
		}
		for k, m := range marks {
			want, half, err := ParseQuoted(m[1])
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", name, err))
				continue
			}
			// Half a unit of the last quoted digit, widened by 1e-9 relative for the float64
			// rounding of the source and of the decimal parse.
			if !(math.Abs(got[k]-want) <= half+1e-9*math.Abs(want)) {
				problems = append(problems, fmt.Sprintf("%s: %q quotes %s, the source gives %.6g", name, plain, m[1], got[k]))
			}
		}
	}
	for _, loc := range numberToken.FindAllStringIndex(section, -1) {
		if loc[0] > 0 && partOfName(section[:loc[0]]) {
			continue
		}
		if !covered[loc[0]] {
			line := 1 + strings.Count(section[:loc[0]], "\n")
			problems = append(problems, fmt.Sprintf("%s: number %q (section line %d) has no source: quote it in the test", name, section[loc[0]:loc[1]], line))
		}
	}
	return problems
}

// partOfName reports whether a number preceded by this text belongs to a name (T1, c2,
// C30, χ², ρ_ii, a path or a decimal): the text ends in a letter, digit, '_', '/', '.',
// '²' or a letter of the Greek script (unicode.Greek).
func partOfName(before string) bool {
	r := []rune(before)
	c := r[len(r)-1]
	return c == '_' || c == '/' || c == '²' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || unicode.Is(unicode.Greek, c)
}

// Section returns the text of the markdown section that starts with the heading line
// (e.g. "## What we found"), up to the next heading of the same or a higher level. The
// heading may be md's first line, and the next heading may be the section's first.
func Section(md, heading string) (string, error) {
	doc := "\n" + md
	at := strings.Index(doc, "\n"+heading+"\n")
	if at < 0 {
		return "", fmt.Errorf("readmenum: no heading %q", heading)
	}
	s := doc[at+len(heading)+2:]
	level := len(heading) - len(strings.TrimLeft(heading, "#"))
	for k := 0; k < len(s); {
		line := s[k:]
		if hashes := len(line) - len(strings.TrimLeft(line, "#")); hashes > 0 && hashes <= level && strings.HasPrefix(line[hashes:], " ") {
			return s[:k], nil
		}
		nl := strings.IndexByte(line, '\n')
		if nl < 0 {
			break
		}
		k += nl + 1
	}
	return s, nil
}

// TableRows returns the rows of the markdown tables in md that have exactly cols cells,
// split on unescaped '|' with "\|" unescaped and cells trimmed.
func TableRows(md string, cols int) [][]string {
	var rows [][]string
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		var cells []string
		var cur strings.Builder
		for k := 1; k < len(line); k++ {
			switch {
			case line[k] == '\\' && k+1 < len(line) && line[k+1] == '|':
				cur.WriteByte('|')
				k++
			case line[k] == '|':
				cells = append(cells, strings.TrimSpace(cur.String()))
				cur.Reset()
			default:
				cur.WriteByte(line[k])
			}
		}
		if len(cells) == cols {
			rows = append(rows, cells)
		}
	}
	return rows
}

// Numbers returns, for each prefix, the first number of text after the first occurrence
// of that prefix ("" for the first number of text).
func Numbers(text string, prefixes ...string) ([]float64, error) {
	var out []float64
	for _, p := range prefixes {
		at := strings.Index(text, p)
		if at < 0 {
			return nil, fmt.Errorf("readmenum: %q not found in %q", p, text)
		}
		m := numberToken.FindString(text[at+len(p):])
		if m == "" {
			return nil, fmt.Errorf("readmenum: no number after %q in %q", p, text)
		}
		v, _, err := ParseQuoted(m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Load reads the section under heading of the markdown file readme and the whole text of
// the committed result file its numbers come from.
func Load(readme, heading, result string) (section, resultText string, err error) {
	data, err := os.ReadFile(readme)
	if err != nil {
		return "", "", fmt.Errorf("readmenum: %w", err)
	}
	if section, err = Section(string(data), heading); err != nil {
		return "", "", fmt.Errorf("readmenum: %s: %w", readme, err)
	}
	res, err := os.ReadFile(result)
	if err != nil {
		return "", "", fmt.Errorf("readmenum: %w", err)
	}
	return section, string(res), nil
}
