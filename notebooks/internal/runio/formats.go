package runio

import (
	"fmt"
	"slices"
	"strings"

	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// ParseFormats splits a comma-separated list of figure formats (plots.Formats); an
// empty or blank list is no format. The error names the unknown format.
func ParseFormats(list string) ([]string, error) {
	if strings.TrimSpace(list) == "" {
		return []string{}, nil
	}
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(plots.Formats(), f) {
			return nil, fmt.Errorf("figure format %q: want a comma-separated subset of %v", f, plots.Formats())
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out, nil
}
