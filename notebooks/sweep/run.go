package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

const usage = `usage:
  sweep [run] [flags]                      run a sweep (or one shard of it) into -out
  sweep merge -out DIR [-allow-partial] SHARD_DIR...
                                           combine the shards of one sweep
  sweep summary [-nofig] DIR               table of a sweep's gaps, seeds aggregated,
                                           and heatmaps over (α, β)

Axes take comma-separated values; an axis not given takes the base scenario's value.

run flags:
`

// run is the command: it parses args, runs the subcommand and writes its report to
// stdout and progress to stderr. ctx cancels a sweep cleanly (finished cells are kept).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "merge":
			return runMerge(args[1:], stdout, stderr)
		case "summary":
			return runSummary(args[1:], stdout, stderr)
		case "run":
			args = args[1:]
		}
	}
	return runSweep(ctx, args, stdout, stderr)
}

// sweepFlags are the flags of `sweep run`.
type sweepFlags struct {
	scenario, gridFile        string
	n, tau, loss, alpha, beta string
	seeds, steps, workers     int
	shard, out                string
	list, force               bool
	set                       map[string]bool // flags given on the command line
	fs                        *flag.FlagSet
}

func parseSweepFlags(args []string, stderr io.Writer) (*sweepFlags, error) {
	f := &sweepFlags{set: map[string]bool{}}
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	fs.StringVar(&f.scenario, "scenario", "", "base scenario file (default: the embedded toy; overrides the grid file's)")
	fs.StringVar(&f.gridFile, "grid", "", "grid file (JSON: scenario, N, tau, loss, alpha, beta, seeds, steps; flags override its axes), or of another \"kind\" (reference, mnist: README.md)")
	fs.StringVar(&f.n, "N", "", "batch sizes, e.g. 16,64,256,1000")
	fs.StringVar(&f.tau, "tau", "", "temperatures, e.g. 0.5,1")
	fs.StringVar(&f.loss, "loss", "", "losses, e.g. infonce,scinfonce")
	fs.StringVar(&f.alpha, "alpha", "", "SC-InfoNCE scales α (scinfonce losses only)")
	fs.StringVar(&f.beta, "beta", "", "SC-InfoNCE biases β (scinfonce losses only)")
	fs.IntVar(&f.seeds, "seeds", 0, "seeds per grid point (default: the scenario's replicates)")
	fs.IntVar(&f.steps, "steps", 0, "training steps of every cell (default: the scenario's); a longer warm-up is clipped and averaging that starts at or after the end is turned off, with a note")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "cells trained at once")
	fs.StringVar(&f.shard, "shard", "0/1", "run shard i of n (i/n, 0 ≤ i < n): cells k with k mod n = i")
	fs.StringVar(&f.out, "out", filepath.Join("notebooks", "sweep", "out", "default"), "output directory")
	fs.BoolVar(&f.force, "force", false, runfolder.ForceUsage)
	fs.BoolVar(&f.list, "list", false, "print the sweep id and the shard's cells, run nothing")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (flags go before it; merge is `sweep merge`)", fs.Arg(0))
	}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
	f.fs = fs
	return f, nil
}

// sweepOf builds the sweep the flags describe.
// The notes say what -steps changed (runio.OverrideSteps).
func (f *sweepFlags) sweepOf() (*grid.Sweep, []string, error) {
	var g grid.Grid
	var base *scenario.Scenario
	steps := 0
	if f.gridFile != "" {
		file, err := grid.LoadFile(f.gridFile)
		if err != nil {
			return nil, nil, err
		}
		if file.Kind != nil {
			return f.sweepOfKind(file.Kind)
		}
		g, base, steps = file.Grid, file.Scenario, file.Steps
	}
	if f.scenario != "" {
		sc, err := scenario.Load(f.scenario)
		if err != nil {
			return nil, nil, err
		}
		base = sc
	}
	if base == nil {
		base = scenario.Default()
	}
	var err error
	if f.set["N"] {
		if g.N, err = parseInts("N", f.n); err != nil {
			return nil, nil, err
		}
	}
	for _, ax := range []struct {
		name string
		text string
		dst  *[]float64
	}{{"tau", f.tau, &g.Tau}, {"alpha", f.alpha, &g.Alpha}, {"beta", f.beta, &g.Beta}} {
		if f.set[ax.name] {
			if *ax.dst, err = parseFloats(ax.name, ax.text); err != nil {
				return nil, nil, err
			}
		}
	}
	if f.set["loss"] {
		if g.Loss, err = parseStrings("loss", f.loss); err != nil {
			return nil, nil, err
		}
	}
	if f.set["seeds"] {
		if f.seeds < 1 {
			return nil, nil, fmt.Errorf("-seeds %d: need ≥ 1", f.seeds)
		}
		g.Seeds = f.seeds
	}
	if f.set["steps"] {
		if f.steps < 1 {
			return nil, nil, fmt.Errorf("-steps %d: need ≥ 1", f.steps)
		}
		steps = f.steps
	}
	var notes []string
	if steps > 0 {
		sc := *base
		notes = runio.OverrideSteps(&sc, steps)
		base = &sc
	}
	s, err := grid.New(base, g)
	return s, notes, err
}

// scenarioFlags are the flags that set a scenario grid's axes or base.
var scenarioFlags = []string{"scenario", "N", "tau", "loss", "alpha", "beta", "seeds", "steps"}

// sweepOfKind builds the sweep of a grid file of another kind than the scenario kind;
// its settings are all in the file, so the flags that set a scenario grid are refused.
func (f *sweepFlags) sweepOfKind(k grid.Kind) (*grid.Sweep, []string, error) {
	for _, name := range scenarioFlags {
		if f.set[name] {
			return nil, nil, fmt.Errorf("-%s: the grid file %s is of kind %q, whose axes and settings are all in the file; edit it instead", name, f.gridFile, k.Name())
		}
	}
	s, err := grid.NewOf(k)
	return s, nil, err
}

func runSweep(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseSweepFlags(args, stderr)
	if err != nil {
		return err
	}
	if f.workers < 1 {
		return fmt.Errorf("-workers %d: need ≥ 1", f.workers)
	}
	shard, err := grid.ParseShard(f.shard)
	if err != nil {
		return fmt.Errorf("-shard: %w", err)
	}
	if f.out == "" {
		return fmt.Errorf(`-out "": need a directory`)
	}
	s, notes, err := f.sweepOf()
	if err != nil {
		return err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "sweep: note:", n)
	}
	cells := s.ShardCells(shard)
	if f.list {
		fmt.Fprintf(stdout, "sweep %s: %d cells, shard %s: %d\n", s.ID(), len(s.Cells()), shard, len(cells))
		for _, c := range cells {
			fmt.Fprintf(stdout, "%s\t%s\tseed=%d\n", c.ID(), c.Key(), s.Seed(c))
		}
		return nil
	}

	if err := s.Check(f.out); err != nil {
		return fmt.Errorf("-out %s: %w", f.out, err) // nothing was written there
	}
	folder, err := sweepFolder(f.out, "sweep", args, f.force)
	if err != nil {
		return err
	}
	folder.Manifest.Seed = s.BaseSeed()
	folder.Manifest.ConfigHash = s.ID()
	folder.Manifest.Config = s.Spec()
	prog := runio.NewProgress(stderr, fmt.Sprintf("sweep %s shard %s", s.ID()[:12], shard), len(cells))
	st, runErr := s.Run(ctx, f.out, grid.Options{Workers: f.workers, Shard: shard, Progress: prog.Set})
	prog.Done()
	name := grid.ResultsFile
	if st.Remaining() > 0 || runErr != nil {
		name = grid.IncompleteResultsFile
	}
	rows, missing, werr := s.WriteResults(folder, name)
	finalErr := errors.Join(runErr, werr)
	if err := folder.Close(finalErr); err != nil && finalErr == nil {
		return err
	}
	fmt.Fprintf(stdout, "sweep %s: %d cells; shard %s: %d cells, %d already done, %d ran (%d failed), %d left\n",
		s.ID(), len(s.Cells()), shard, st.Cells, st.Skipped, st.Ran, st.Failed, st.Remaining())
	if werr == nil {
		fmt.Fprintf(stdout, "wrote %s (%d rows; %d cells of the sweep not in %s)\n", filepath.Join(f.out, name), rows, missing, f.out)
	}
	if st.Failed > 0 {
		fmt.Fprintf(stdout, "%d cells failed to train; their error is in the csv's error column\n", st.Failed)
	}
	if errors.Is(runErr, context.Canceled) {
		fmt.Fprintf(stdout, "interrupted: finished cells are kept; run the same command again to finish the other %d\n", st.Remaining())
	}
	return finalErr
}

func runMerge(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sweep merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "output directory (required)")
	partial := fs.Bool("allow-partial", false, "merge even if some cells are in no directory (writes results.incomplete.csv)")
	force := fs.Bool("force", false, runfolder.ForceUsage)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: sweep merge -out DIR [-allow-partial] SHARD_DIR...\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("merge: -out is required")
	}
	if fs.NArg() == 0 {
		return fmt.Errorf("merge: no shard directories given")
	}
	var folder *runfolder.Folder
	s, st, err := grid.Merge(func(s *grid.Sweep) (*runfolder.Folder, error) {
		if err := s.Check(*out); err != nil {
			return nil, fmt.Errorf("merge: -out %s: %w", *out, err) // nothing was written there
		}
		var err error
		folder, err = sweepFolder(*out, "sweep merge", args, *force)
		return folder, err
	}, fs.Args(), *partial)
	if err != nil {
		if folder != nil {
			return folder.Close(err)
		}
		return err
	}
	folder.Manifest.Seed = s.BaseSeed()
	folder.Manifest.ConfigHash = s.ID()
	folder.Manifest.Config = s.Spec()
	name := grid.ResultsFile
	var incomplete error
	if st.Missing > 0 { // asked for with -allow-partial
		name = grid.IncompleteResultsFile
		incomplete = fmt.Errorf("merge: %d of %d cells missing", st.Missing, st.Cells)
	}
	if err := folder.Close(incomplete); err != nil && incomplete == nil {
		return err
	}
	fmt.Fprintf(stdout, "merged sweep %s: %d of %d cells from %d directories (%d copied) into %s\n",
		s.ID(), st.Found, st.Cells, fs.NArg(), st.Copied, filepath.Join(*out, name))
	return nil
}

// sweepFolder claims dir as a sweep folder (runfolder.Create): a new or empty folder,
// or one whose manifest is the sweep notebook's. Its files stay (a run resumes), and
// its sweep.json and cell files are the notebook's own (grid.OwnName); grid checks
// their content.
func sweepFolder(dir, command string, args []string, force bool) (*runfolder.Folder, error) {
	return runfolder.Create(dir, runfolder.Options{Notebook: "sweep", Command: command, Args: args, Force: force, Keep: true, Own: grid.OwnName})
}

// parseInts parses a comma-separated list of integers of the flag -name.
func parseInts(name, text string) ([]int, error) {
	parts, err := splitList(name, text)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("-%s %q: %q is not an integer", name, text, p)
		}
		out[i] = v
	}
	return out, nil
}

// parseFloats parses a comma-separated list of numbers of the flag -name.
func parseFloats(name, text string) ([]float64, error) {
	parts, err := splitList(name, text)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(parts))
	for i, p := range parts {
		v, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return nil, fmt.Errorf("-%s %q: %q is not a number", name, text, p)
		}
		out[i] = v
	}
	return out, nil
}

func parseStrings(name, text string) ([]string, error) { return splitList(name, text) }

// splitList splits text at commas, trimming spaces; an empty list or element is an
// error naming the flag.
func splitList(name, text string) ([]string, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("-%s %q: need at least one value", name, text)
	}
	parts := strings.Split(text, ",")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
		if parts[i] == "" {
			return nil, fmt.Errorf("-%s %q: empty value at position %d", name, text, i+1)
		}
	}
	return parts, nil
}
