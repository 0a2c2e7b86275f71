package main

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
	"github.com/infonce-lab/infonce-lab/simulate"
	"github.com/infonce-lab/infonce-lab/simulate/scenario"
)

// Without -replicates the scenario's replicates are kept (2 here): two replicate
// folders, and the summary's table has a row for each. With no figure format nothing
// is drawn, so no figure is listed as skipped.
func TestScenarioReplicatesKept(t *testing.T) {
	scn := strings.Replace(small, `"steps": 40`, `"steps": 40, "replicates": 2`, 1)
	out := t.TempDir()
	if err := run([]string{"-scenario", writeScenario(t, scn), "-formats", "none", "-out", out}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"replicate-000/metrics.csv", "replicate-001/metrics.csv"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	sum, err := os.ReadFile(filepath.Join(out, "summary.md"))
	if err != nil || !strings.Contains(string(sum), "2 replicate(s)") || !strings.Contains(string(sum), "\n| 1 | ") {
		t.Errorf("summary.md (%v):\n%s", err, sum)
	}
	if _, err := os.Stat(filepath.Join(out, skippedFile)); err == nil {
		t.Errorf("a run without figures wrote %s", skippedFile)
	}
}

// A TPM with zero entries has c1_ij = 0 for some pairs: no anchor has them, so their
// trained probability is NaN and the pair-probability figure is left out, listed with
// its reason in figures_skipped.txt; the run still completes.
func TestSkippedFigureListed(t *testing.T) {
	scn := strings.Replace(small, `"batch_size": 64`, `"batch_size": 64, "tpm": {"rows": [[0.9, 0.1, 0], [0.1, 0.9, 0], [0, 0, 1]]}`, 1)
	out := t.TempDir()
	if err := run([]string{"-scenario", writeScenario(t, scn), "-out", out}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(out, skippedFile))
	if err != nil || !strings.HasPrefix(string(text), pairProbFigure+": ") || !strings.Contains(string(text), "NaN") {
		t.Errorf("%s (%v):\n%s", skippedFile, err, text)
	}
}

// One positional argument is refused, naming it.
func TestPositionalArgumentRefused(t *testing.T) {
	err := run([]string{"-out", t.TempDir(), "extra"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unexpected argument "extra"`) {
		t.Errorf("error %v, want one naming \"extra\"", err)
	}
}

// Without -workers every processor trains a replicate at once, and the memory check
// counts that many replicates' working memory (simulate.Config.CheckReplicates):
// with GOMAXPROCS = 4, 4 replicates and -max-mem between the need of one worker and of
// four (w·(Bytes − RecordBytes) + 4·RecordBytes, from the configuration's Estimate),
// the default is refused and -workers 1 fits.
func TestDefaultWorkersAreEveryProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	path := writeScenario(t, `{"batch_size": 300, "model": {"kind": "logits"}, "steps": 3, "record_every": 1, "eval_batches": 1, "replicates": 4, "output": {"formats": []}}`)
	s, err := scenario.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := s.Config(0)
	if err != nil {
		t.Fatal(err)
	}
	one := cfg.Estimate()
	gib := (2.5*(one.Bytes-one.RecordBytes) + 4*one.RecordBytes) / (1 << 30)
	maxMem := strconv.FormatFloat(gib, 'g', -1, 64)
	err = run([]string{"-scenario", path, "-max-mem", maxMem, "-out", filepath.Join(t.TempDir(), "out")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "needs about") {
		t.Errorf("4 replicates at once in %s GiB: error %v, want a refusal", maxMem, err)
	}
	if err := run([]string{"-scenario", path, "-max-mem", maxMem, "-workers", "1", "-out", t.TempDir()}, io.Discard, io.Discard); err != nil {
		t.Errorf("1 replicate at a time in %s GiB: %v", maxMem, err)
	}
}

// A file that cannot be written (its name taken by a directory, kept by -force): the
// resolved config, the summary or a figure, is an error naming it, and the manifest says the run did not
// complete.
func TestWriteErrorsReturned(t *testing.T) {
	for _, name := range []string{"config.json", "summary.md", pairProbFigure + ".png"} {
		out := filepath.Join(t.TempDir(), "out")
		runiotest.Block(t, filepath.Join(out, name))
		err := run([]string{"-scenario", writeScenario(t, small), "-steps", "5", "-force", "-out", out}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "manifest.json says complete=false") {
			t.Errorf("a directory at %s: error %v, want one naming it and saying the run is incomplete", name, err)
		}
		if m, rerr := runfolder.ReadManifest(out); rerr != nil || m.Complete {
			t.Errorf("%s: manifest complete=%v (%v), want false", name, m != nil && m.Complete, rerr)
		}
	}
}

// -replicates overrides the scenario's count from 1 up (1 included: a scenario of 2
// replicates run with -replicates 1 trains one); 0, the flag's default, keeps the
// scenario's.
func TestReplicatesOverride(t *testing.T) {
	path := writeScenario(t, strings.Replace(small, `"steps": 40`, `"steps": 40, "replicates": 2`, 1))
	for _, c := range []struct{ flag, want int }{{0, 2}, {1, 1}, {3, 3}} {
		s, _, err := load(&options{scenario: path, replicates: c.flag})
		if err != nil {
			t.Fatalf("-replicates %d: %v", c.flag, err)
		}
		if s.Replicates != c.want {
			t.Errorf("-replicates %d on a scenario of 2: %d replicates, want %d", c.flag, s.Replicates, c.want)
		}
	}
}

// Without -max-mem the memory limit is the machine's (README: "default: the machine's
// memory"), which runio.Limits gives for 0 as simulate.Limits{MaxMemory: 0}.
func TestMaxMemDefaultIsTheMachines(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if lim, err := runio.Limits(o.maxMem); err != nil || o.maxMem != 0 || lim != (simulate.Limits{}) {
		t.Errorf("no -max-mem: %v GiB, limits %+v, %v; want 0 GiB (the machine's memory), simulate.Limits{}", o.maxMem, lim, err)
	}
}
