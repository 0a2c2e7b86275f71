package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/infonce-lab/infonce-lab/figures/plots"
)

// run is the tested body of the command: it parses args, draws the selected figures of
// the registry from feature.Toy() at N = feature.ToyBatchSize in every requested format,
// and writes them and index.md into the output folder, printing one progress line per
// figure to stdout. Usage and flag errors go to stderr.
func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("figures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", filepath.Join("figures", "out"), "output folder (created if missing)")
	formatList := fs.String("formats", strings.Join(plots.Formats(), ","), "comma-separated file formats: png, svg, pdf")
	only := fs.String("only", "", "comma-separated figure names to draw (default: all; see -list)")
	dpi := fs.Int("dpi", plots.DefaultDPI, "resolution of PNG files, pixels per inch")
	list := fs.Bool("list", false, "print the figure names and captions, draw nothing")
	quick := fs.Bool("quick", false, "tiny settings (a few steps, two seeds): checks the wiring in seconds; the figures are not meaningful")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: go run ./figures [flags]\n\nRedraws the lab's figures of the paper's toy (docs/theory.md §7) and an index.md.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // -h: the usage is on stderr
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	in := defaultInputs(*quick, stdout)
	reg := registry(in.Set)
	if *list {
		for _, f := range reg {
			fmt.Fprintf(stdout, "%s\t%s\n", f.Name, f.Caption)
		}
		return nil
	}
	formats, err := parseFormats(*formatList)
	if err != nil {
		return err
	}
	selected, err := selectFigures(reg, *only)
	if err != nil {
		return err
	}
	if *dpi <= 0 {
		return fmt.Errorf("-dpi %d: need a positive resolution", *dpi)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}

	for k, f := range selected {
		start := time.Now()
		fig, err := f.Build(in)
		if err != nil {
			return fmt.Errorf("figure %s: %w", f.Name, err)
		}
		var files []string
		for _, format := range formats {
			var buf bytes.Buffer
			if err := plots.Encode(&buf, fig, format, *dpi); err != nil {
				return fmt.Errorf("figure %s: %w", f.Name, err)
			}
			name := f.Name + "." + format
			if err := writeAtomic(filepath.Join(*out, name), buf.Bytes()); err != nil {
				return fmt.Errorf("figure %s: %w", f.Name, err)
			}
			files = append(files, name)
		}
		fmt.Fprintf(stdout, "[%d/%d] %s: %s done in %.1fs\n", k+1, len(selected), f.Name,
			strings.Join(files, ", "), time.Since(start).Seconds())
	}
	index := filepath.Join(*out, "index.md")
	if err := writeAtomic(index, indexMarkdown(selected, formats, in.Set)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", index)
	return nil
}

// parseFormats splits a comma-separated list of formats, refusing unknown ones and
// dropping repeats.
func parseFormats(list string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if !slices.Contains(plots.Formats(), f) {
			return nil, fmt.Errorf("-formats: unknown format %q: want some of %s", f, strings.Join(plots.Formats(), ", "))
		}
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("-formats: no format given")
	}
	return out, nil
}

// selectFigures returns the registry entries named in the comma-separated list, in
// registry order, or all of them for an empty list.
func selectFigures(reg []entry, list string) ([]entry, error) {
	if strings.TrimSpace(list) == "" {
		return reg, nil
	}
	want := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.ContainsFunc(reg, func(f entry) bool { return f.Name == name }) {
			names := make([]string, len(reg))
			for i, f := range reg {
				names[i] = f.Name
			}
			return nil, fmt.Errorf("-only: unknown figure %q: want some of %s", name, strings.Join(names, ", "))
		}
		want[name] = true
	}
	var out []entry
	for _, f := range reg {
		if want[f.Name] {
			out = append(out, f)
		}
	}
	return out, nil
}

// writeAtomic writes data to path through a temporary file in the same folder and a
// rename, so that path holds either its old content or all of data.
func writeAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
