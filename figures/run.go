package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// run is the tested body of the command: it parses args, draws the selected figures of
// the registry from feature.Toy() at N = feature.ToyBatchSize in every requested format,
// and writes them and index.md into the output folder, printing one progress line per
// figure to stdout. Usage and flag errors go to stderr. The first SIGINT or SIGTERM
// stops it: the figures drawn so far stay, manifest.json says complete=false.
func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation stops the drawing.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("figures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output folder, created if missing (default figures/out, with -quick figures/out-quick; the committed copy is figures/gallery)")
	force := fs.Bool("force", false, runfolder.ForceUsage)
	formatList := fs.String("formats", strings.Join(plots.Formats(), ","), "comma-separated file formats: png, svg, pdf")
	only := fs.String("only", "", "comma-separated figure names to draw (default: all; see -list)")
	dpi := fs.Int("dpi", plots.DefaultDPI, "resolution of PNG files, pixels per inch")
	list := fs.Bool("list", false, "print the figure names and captions, draw nothing")
	quick := fs.Bool("quick", false, "tiny settings (a few steps, two seeds): checks the wiring in seconds; the figures are not meaningful")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: go run ./figures [flags]\n\nRedraws the lab's figures of the paper's toy (docs/theory.md §7) and an index.md.\n\nflags:")
		fs.PrintDefaults()
	}
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return err // flag.ErrHelp for -h: runfolder.Run returns nil
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	in := defaultInputs(*quick, stdout)
	in.Ctx = ctx
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
	dir := runfolder.DefaultOut(*out, filepath.Join("figures", "out"), *quick)
	// An interrupted run with the same arguments is resumed: the figures it finished
	// are kept (their checksums checked) and not drawn again.
	old := runfolder.Interrupted(dir, "figures")
	resume := old != nil && slices.Equal(old.Args, args)
	folder, err := runfolder.Create(dir, runfolder.Options{Notebook: "figures", Args: args, Force: *force, Keep: resume})
	if err != nil {
		return err
	}
	return folder.Close(draw(folder, selected, in, formats, *dpi, stdout))
}

// draw draws the selected figures into folder in every format, then index.md.
func draw(folder *runfolder.Folder, selected []entry, in inputs, formats []string, dpi int, stdout io.Writer) error {
	for k, f := range selected {
		if err := in.Ctx.Err(); err != nil {
			return fmt.Errorf("interrupted before figure %s (%d of %d drawn): %w", f.Name, k, len(selected), err)
		}
		if kept := filesOf(f, formats); allListed(folder, kept) {
			fmt.Fprintf(stdout, "[%d/%d] %s: %s kept from an earlier run\n", k+1, len(selected), f.Name, strings.Join(kept, ", "))
			continue
		}
		start := time.Now()
		fig, err := f.Build(in)
		if err != nil {
			return fmt.Errorf("figure %s: %w", f.Name, err)
		}
		files := filesOf(f, formats)
		for k, format := range formats {
			var buf bytes.Buffer
			if err := plots.Encode(&buf, fig, format, dpi); err != nil {
				return fmt.Errorf("figure %s: %w", f.Name, err)
			}
			if err := folder.WriteFile(files[k], buf.Bytes()); err != nil {
				return fmt.Errorf("figure %s: %w", f.Name, err)
			}
		}
		fmt.Fprintf(stdout, "[%d/%d] %s: %s done in %.1fs\n", k+1, len(selected), f.Name,
			strings.Join(files, ", "), time.Since(start).Seconds())
	}
	if err := folder.WriteFile("index.md", indexMarkdown(selected, formats, in.Set)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(folder.Dir, "index.md"))
	return nil
}

// filesOf returns the file names of figure f in each format: NAME.FORMAT.
func filesOf(f entry, formats []string) []string {
	out := make([]string, len(formats))
	for k, format := range formats {
		out[k] = f.Name + "." + format
	}
	return out
}

// allListed reports whether the folder's manifest lists every one of names: files an
// interrupted run wrote and Create kept (runfolder.Options.Keep).
func allListed(folder *runfolder.Folder, names []string) bool {
	for _, name := range names {
		if !folder.Has(name) {
			return false
		}
	}
	return true
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
