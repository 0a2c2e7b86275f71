package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/reftable"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/simulate/graphtoy"
	"github.com/infonce-lab/infonce-lab/simulate/loss"
)

// LogFile is the reference log's name inside the run folder (outside checks read it).
const LogFile = "out_0.log"

type options struct {
	cfg   graphtoy.Config
	out   string
	force bool
	table int // > 0: the loss-type table over this many seeds instead of one run
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{cfg: graphtoy.Default()}
	c := &o.cfg
	fs := flag.NewFlagSet("reference", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: go run ./notebooks/reference [flags]

The paper's own synthetic experiment as the reference code runs it (docs/theory.md §7): a GIN
on random graphs, one of the reference's losses, its schedule and monitors. Writes a run
folder with the reference log out_0.log, metrics.csv and summary.md.

flags:
`)
		fs.PrintDefaults()
	}
	var names []string
	for _, r := range loss.ReferenceLosses {
		names = append(names, fmt.Sprintf("%d %s", r.Type, r.Name))
	}
	fs.IntVar(&c.LossType, "loss-type", 0, "reference loss number: "+strings.Join(names, ", "))
	fs.IntVar(&c.Epochs, "epochs", c.Epochs, "the reference's epochs; runs epochs+1 epochs")
	fs.Float64Var(&c.Loss.Alpha, "alpha", c.Loss.Alpha, "SC-InfoNCE scale α (loss 1)")
	fs.Float64Var(&c.Loss.Beta, "beta", c.Loss.Beta, "SC-InfoNCE bias β (loss 1)")
	fs.Float64Var(&c.Loss.Tau, "tau", c.Loss.Tau, "temperature τ (kernel scale t of loss 5)")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the run")
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "sources per batch N")
	fs.Float64Var(&c.LR, "lr", c.LR, "Adam peak learning rate")
	fs.IntVar(&c.LogEvery, "log-every", c.LogEvery, "monitor every this many epochs")
	fs.BoolVar(&c.Corrected, "corrected", false, "size the cosine by the steps taken (the reference sizes it by epochs+1 but steps it per batch)")
	fs.IntVar(&c.Workers, "workers", 1, "goroutines (results do not depend on it)")
	fs.IntVar(&c.Graph.Nodes, "nodes", c.Graph.Nodes, "nodes per base graph")
	fs.Float64Var(&c.Graph.EdgeProb, "edge-prob", c.Graph.EdgeProb, "edge probability of the base graphs")
	fs.IntVar(&c.Graph.FeatDim, "feat-dim", c.Graph.FeatDim, "node feature dimension")
	fs.Float64Var(&c.Graph.MaxMaskRate, "max-mask-rate", c.Graph.MaxMaskRate, "mask rate r ~ U[0, max)")
	fs.IntVar(&c.Graph.Sources, "sources", c.Graph.Sources, "fixed source graphs")
	fs.IntVar(&c.Graph.TrainSize, "train-size", c.Graph.TrainSize, "sources in the training split")
	fs.StringVar(&o.out, "out", "", "run folder (default notebooks/reference/out)")
	fs.BoolVar(&o.force, "force", false, runfolder.ForceUsage)
	fs.IntVar(&o.table, "table", 0, "if > 0: train all eight loss types for seeds 1…table and write table.md (the final gaps) instead of one run")
	if err := runfolder.ParseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (all settings are flags; -h lists them)", fs.Arg(0))
	}
	o.out = runfolder.DefaultOut(o.out, "notebooks/reference/out", false)
	if err := c.Validate(); err != nil {
		return nil, flagError(err)
	}
	if o.table < 0 {
		return nil, fmt.Errorf("-table = %d: need ≥ 0 seeds", o.table)
	}
	if c.Workers < 1 {
		return nil, fmt.Errorf("-workers = %d: need ≥ 1", c.Workers)
	}
	return o, nil
}

// flagError names the flag of a Config field in err.
func flagError(err error) error {
	msg := err.Error()
	for field, fl := range map[string]string{
		"LossType": "-loss-type", "Epochs": "-epochs", "BatchSize": "-batch-size", "LR": "-lr",
		"LogEvery": "-log-every", "Nodes": "-nodes", "EdgeProb": "-edge-prob", "FeatDim": "-feat-dim",
		"MaxMaskRate": "-max-mask-rate", "Sources": "-sources", "TrainSize": "-train-size", "τ": "-tau",
		"α": "-alpha", "β": "-beta",
	} {
		if strings.Contains(msg, field+" = ") {
			return fmt.Errorf("%s: %w", fl, err)
		}
	}
	return err
}

func run(args []string, stdout, stderr io.Writer) error {
	return runfolder.Run(args, stdout, stderr, runContext)
}

// runContext is run with a context whose cancellation stops the experiment.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir, err := runio.CreateFolder(o.out, runfolder.Options{Notebook: "reference", Args: args, Force: o.force})
	if err != nil {
		return err
	}
	if o.table > 0 {
		return dir.Close(runTable(ctx, o.cfg, o.table, o.cfg.Workers, dir, stdout))
	}
	return dir.Close(experiment(ctx, o, dir, stdout))
}

// logged is one monitor evaluation.
type logged struct {
	epoch    int
	loss, lr float64
	mon      *graphtoy.Monitor
}

func experiment(ctx context.Context, o *options, dir *runio.Folder, stdout io.Writer) error {
	tr, err := graphtoy.New(o.cfg)
	if err != nil {
		return err
	}
	c := o.cfg
	var logs []logged
	start := time.Now()
	for epoch := 0; epoch <= c.Epochs; epoch++ {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("interrupted at epoch %d: %w", epoch, err)
		}
		l := tr.Epoch()
		if epoch%c.LogEvery != 0 {
			continue
		}
		mon, err := tr.Monitor()
		if err != nil {
			return err
		}
		logs = append(logs, logged{epoch, l, tr.LR(), mon})
		fmt.Fprintf(stdout, "epoch %4d loss %.5f lr %.2e diag(metric)xN %s cos01 %.4f (%.0fs)\n", epoch, l, tr.LR(),
			reftable.FormatVec(diagScaled(mon.Metric, float64(c.BatchSize))), mon.Cosine.At(0, 1), time.Since(start).Seconds())
	}
	if err := dir.Write(LogFile, func(w io.Writer) error { return encodeLog(w, logs) }); err != nil {
		return err
	}
	if err := dir.WriteMetrics(runfolder.MetricsFile, metricRows(logs)); err != nil {
		return err
	}
	sum, err := summary(c, tr, logs[len(logs)-1])
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, sum)
	return dir.WriteFile("summary.md", []byte(sum))
}

// encodeLog writes the reference's CSV: header epoch,m00,…; per logged epoch the
// probability row, then the cosine row.
func encodeLog(w io.Writer, logs []logged) error {
	cw := csv.NewWriter(w)
	m, _ := logs[0].mon.Metric.Dims()
	head := []string{"epoch"}
	for i := range m {
		for j := range m {
			head = append(head, fmt.Sprintf("m%d%d", i, j))
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, l := range logs {
		for _, a := range []*mat.Dense{l.mon.Metric, l.mon.Cosine} {
			row := []string{strconv.Itoa(l.epoch)}
			for _, v := range a.RawMatrix().Data {
				row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// metricRows is the long-format table: loss and lr (scalars), metric_fn and
// class_cosine (i, j) per logged epoch (the step column holds the epoch).
func metricRows(logs []logged) []runfolder.MetricRow {
	var rows []runfolder.MetricRow
	for _, l := range logs {
		rows = append(rows, runfolder.MetricRow{Step: l.epoch, Metric: "loss", I: -1, J: -1, Value: l.loss},
			runfolder.MetricRow{Step: l.epoch, Metric: "lr", I: -1, J: -1, Value: l.lr})
		for _, x := range []struct {
			name string
			a    *mat.Dense
		}{{"metric_fn", l.mon.Metric}, {"class_cosine", l.mon.Cosine}} {
			r, cc := x.a.Dims()
			for i := range r {
				for j := range cc {
					rows = append(rows, runfolder.MetricRow{Step: l.epoch, Metric: x.name, I: i, J: j, Value: x.a.At(i, j)})
				}
			}
		}
	}
	return rows
}

func diagScaled(a *mat.Dense, s float64) []float64 {
	m, _ := a.Dims()
	out := make([]float64, m)
	for i := range m {
		out[i] = s * a.At(i, i)
	}
	return out
}
