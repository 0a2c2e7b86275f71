package main

import (
	"fmt"
	"slices"
	"strings"
)

// indexMarkdown returns index.md: a table with each figure's image beside its caption
// and links to every format written. The image is the PNG, or the SVG without a PNG; a
// run of only PDFs gets links only. It lists the figures of this run only.
func indexMarkdown(figs []entry, formats []string, set settings) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Figures\n\n")
	cmd := "go run ./figures"
	if set.Quick {
		cmd += " -quick"
	}
	fmt.Fprintf(&b, "Drawn by `%s` from the paper's toy (docs/theory.md §7: m = 3, π uniform, N = %d). "+
		"Generated: do not edit.\n\n", cmd, set.N)
	if set.Quick {
		fmt.Fprintf(&b, "**Quick settings** (-quick): a few steps and seeds, to check the wiring; these figures are not meaningful.\n\n")
	}
	fmt.Fprintf(&b, "| figure | caption |\n|---|---|\n")
	for _, f := range figs {
		var img string
		for _, ext := range []string{"png", "svg"} {
			if slices.Contains(formats, ext) {
				img = fmt.Sprintf(`<img src="%s.%s" alt="%s" width="%d">`, f.Name, ext, f.Name, indexImageWidth)
				break
			}
		}
		links := make([]string, len(formats))
		for i, ext := range formats {
			links[i] = fmt.Sprintf("[%s](%s.%s)", ext, f.Name, ext)
		}
		fmt.Fprintf(&b, "| %s | **%s**. %s<br>%s |\n", img, f.Name, cell(f.Caption), strings.Join(links, " · "))
	}
	return []byte(b.String())
}

// indexImageWidth is the width, in pixels, of the images in index.md's table.
const indexImageWidth = 520

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
