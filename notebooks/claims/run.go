package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/proofs"
)

// options are the command's flags.
type options struct {
	seed  uint64
	out   string
	only  []string
	quick bool
	force bool
}

// incompleteLedger is the ledger of the claims finished when a run was stopped.
const incompleteLedger = "ledger.incomplete.md"

// registry is the ledger run by the command (a variable so that a test can run a
// ledger with a failing claim).
var registry = proofs.Registry

// parseFlags parses args; errors name the offending flag or value.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("claims", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Uint64Var(&o.seed, "seed", proofs.DefaultSeed, "base seed of every random route (gopter inputs, Monte Carlo draws, training streams)")
	fs.StringVar(&o.out, "out", "", "output folder of ledger.md and manifest.json (default notebooks/claims/out, with -quick notebooks/claims/out-quick)")
	only := fs.String("only", "", "comma-separated claim ids to run (e.g. C13,C17); empty runs all")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.BoolVar(&o.quick, "quick", false, "smaller sizes and no encoder training (a smoke test)")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (flags only; see -h)", fs.Arg(0))
	}
	outSet := false
	fs.Visit(func(f *flag.Flag) { outSet = outSet || f.Name == "out" })
	if outSet && o.out == "" {
		return o, errors.New("-out is empty: need an output folder")
	}
	o.out = runfolder.DefaultOut(o.out, "notebooks/claims/out", o.quick)
	if *only != "" {
		known := map[string]bool{}
		for _, e := range registry() {
			known[e.ID] = true
		}
		for _, id := range strings.Split(*only, ",") {
			id = strings.ToUpper(strings.TrimSpace(id))
			if !known[id] {
				return o, fmt.Errorf("-only: unknown claim id %q (the ledger has %s)", id, proofs.IDRange(registry()))
			}
			if !slices.Contains(o.only, id) {
				o.only = append(o.only, id)
			}
		}
	}
	return o, nil
}

// run runs the ledger (thin main: os.Args, stdout and stderr are wired in by main). It
// prints one line per claim in claim order as soon as it and every claim before it are
// done, then a summary; writes ledger.md (and manifest.json) to the output folder,
// atomically; and returns an error naming the failing claims if any fails. The first
// SIGINT or SIGTERM stops it: the claims finished so far go to ledger.incomplete.md
// and the manifest says complete=false. Each finished claim's outcome is recorded at
// once (outcome.go); the same command resumes the stopped run, keeping them.
func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation stops the ledger.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opt, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	var entries []proofs.Entry
	for _, e := range registry() {
		if len(opt.only) == 0 || slices.Contains(opt.only, e.ID) {
			entries = append(entries, e)
		}
	}
	key := resumeKey(opt)
	folder, err := runfolder.Create(opt.out, runfolder.Options{Notebook: "claims", Args: args, Force: opt.force, Keep: runio.Resumable(opt.out, "claims", key)})
	if err != nil {
		return err
	}
	folder.Manifest.Seed = opt.seed
	folder.Manifest.ConfigHash = key
	kept, err := keptOutcomes(folder, entries)
	if err != nil {
		return folder.Close(err)
	}
	for _, o := range kept {
		if o != nil {
			fmt.Fprintf(stderr, "%s finished in an earlier run: %s kept\n", o.ID, outcomeFile(o.ID))
		}
	}
	start := time.Now()
	rc := proofs.RunConfig{Seed: opt.seed, Quick: opt.quick, Shared: proofs.NewShared()}
	rec := &recorder{folder: folder}
	outcomes, stopErr := evaluateAll(ctx, entries, kept, rc, rec.record, func(o *proofs.Outcome) { fmt.Fprintln(stdout, o.Line()) })
	elapsed := time.Since(start)
	if recErr := rec.stop(); recErr != nil {
		return folder.Close(errors.Join(stopErr, recErr))
	}
	if stopErr != nil {
		err := fmt.Errorf("interrupted after %d of %d claims: %w", len(outcomes), len(entries), stopErr)
		md := ledgerMarkdown(outcomes, opt, args)
		if werr := folder.WriteFile(incompleteLedger, []byte(md)); werr != nil {
			err = errors.Join(err, werr)
		}
		return folder.Close(err)
	}

	var failed, skippedIDs []string
	for _, o := range outcomes {
		switch o.Verdict() {
		case "FAIL":
			failed = append(failed, o.ID)
		case "SKIP":
			skippedIDs = append(skippedIDs, o.ID)
		}
	}
	fmt.Fprintf(stdout, "%d claims: %d pass, %d fail, %d skipped (seed %d, quick %v, %s)\n",
		len(outcomes), len(outcomes)-len(failed)-len(skippedIDs), len(failed), len(skippedIDs), opt.seed, opt.quick, elapsed.Round(100*time.Millisecond))
	var runErr error
	if len(failed) > 0 {
		runErr = fmt.Errorf("%d claims fail: %s", len(failed), strings.Join(failed, ", "))
	}
	md := ledgerMarkdown(outcomes, opt, args)
	if err := folder.WriteFile("ledger.md", []byte(md)); err != nil {
		return folder.Close(errors.Join(runErr, err))
	}
	if err := removeResumeState(folder); err != nil {
		return folder.Close(errors.Join(runErr, err))
	}
	fmt.Fprintf(stdout, "ledger written to %s/ledger.md\n", opt.out)
	return folder.Close(runErr)
}

// evaluateAll evaluates the entries whose outcome was not kept (kept[i] nil) on
// GOMAXPROCS+1 goroutines (one more than the cores: entries often wait on a shared
// training another entry runs, and the trainings themselves use every core), those
// with a training route first. It calls record for each outcome it evaluates as soon
// as it is finished (on the worker's goroutine), and done for each outcome, kept or
// evaluated, in entry order as soon as it and every earlier one are finished. Outcomes do not depend on the schedule: every
// random computation seeds itself from rc.Seed and its own purpose. When ctx is done
// it returns at once the outcomes finished so far in entry order (a prefix) and ctx's
// error; the entries still running are abandoned (a claim's computation cannot be
// interrupted, and the command is ending).
func evaluateAll(ctx context.Context, entries []proofs.Entry, kept []*proofs.Outcome, rc proofs.RunConfig, record, done func(*proofs.Outcome)) ([]proofs.Outcome, error) {
	out := make([]proofs.Outcome, len(entries))
	finished := make([]chan struct{}, len(entries))
	for i := range finished {
		finished[i] = make(chan struct{})
		if kept[i] != nil {
			out[i] = *kept[i]
			close(finished[i])
		}
	}
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0)+1; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = proofs.Evaluate(entries[i], rc)
				record(&out[i])
				close(finished[i])
			}
		}()
	}
	go func() {
		defer close(jobs)
		// Entries that train first: they are the long ones, and the others fill in.
		for _, trains := range []bool{true, false} {
			for i, e := range entries {
				if kept[i] == nil && slices.Contains(e.Routes, proofs.RouteTraining) == trains {
					select {
					case jobs <- i:
					case <-ctx.Done():
						return
					}
				}
			}
		}
	}()
	for i := range entries {
		// A select whose two cases are both ready picks one at random: without this
		// check a stop that arrives while finished outcomes are being printed could be
		// overlooked, and the run complete as if never stopped (TestStopWhileFinishedPrints).
		if err := ctx.Err(); err != nil {
			return out[:i], err
		}
		select {
		case <-finished[i]:
		case <-ctx.Done():
			return out[:i], ctx.Err()
		}
		done(&out[i])
	}
	wg.Wait()
	return out, nil
}
