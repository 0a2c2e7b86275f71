package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/figures/plots"
	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

// A stopped context ends every trained figure's builder with the cancellation,
// naming the run it stopped.
func TestBuildersStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := defaultInputs(true, nil)
	in.Ctx = ctx
	want := map[string]string{
		"infonce-convergence": "infonce, free logits",
		"sc-convergence":      "scinfonce, free logits, α = 1, β = 0",
		"sc-off-line":         "scinfonce, embeddings, α = 1, β = −0.2",
		"batch-size":          "infonce, free logits, N = 8",
		"clustering":          "infonce, embeddings, InfoNCE",
	}
	for _, f := range registry(in.Set) {
		name, ok := want[f.Name]
		if !ok {
			continue
		}
		fig, err := f.Build(in)
		if fig != nil || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: figure %v, error %v; want context.Canceled naming %q", f.Name, fig, err, name)
		}
	}
}

// A batch size below 2 is refused, named, by the builders that compute a target.
func TestBuildersBatchSizeOne(t *testing.T) {
	in := defaultInputs(true, nil)
	in.N = 1
	if _, _, err := infonceConvergence(in); err == nil || !strings.Contains(err.Error(), "N = 1") {
		t.Errorf("infonce-convergence at N = 1: error %v, want one naming N = 1", err)
	}
	in = defaultInputs(true, nil)
	in.Set.BatchSizes = []int{1}
	if _, err := batchSizeOptions(in); err == nil || !strings.Contains(err.Error(), "N = 1") {
		t.Errorf("batch-size at N = 1: error %v, want one naming N = 1", err)
	}
}

// A temperature grid starting at τ = 0 (whose first log-spaced point is then not a
// number) is refused by the optimum, naming the dimension and the optimum's rule.
func TestTemperatureZeroTau(t *testing.T) {
	in := defaultInputs(true, nil)
	in.Set.TauMin = 0
	fig, err := buildTemperature(in)
	if fig != nil || err == nil || !strings.Contains(err.Error(), "optimum at d = 2, τ = ") || !strings.Contains(err.Error(), "need a finite τ > 0") {
		t.Errorf("figure %v, error %v; want one naming d = 2 and the rule τ > 0", fig, err)
	}
}

// An sc-convergence setting off the attainable line is refused, named.
func TestSCConvergenceOffLine(t *testing.T) {
	saved := onLine
	defer func() { onLine = saved }()
	onLine = [][2]float64{{1, 0}, {1, 0.5}}
	if _, _, err := scConvergence(defaultInputs(true, nil)); err == nil || !strings.Contains(err.Error(), "(1, 0.5) is off the attainable line") {
		t.Errorf("error %v, want one naming (1, 0.5)", err)
	}
}

// draw names the figure whose building, encoding or writing failed, stops there, and
// writes no index.md; a failed index.md is reported.
func TestDrawErrors(t *testing.T) {
	in := defaultInputs(true, nil)
	in.Ctx = context.Background()
	ok := func(in inputs) (*plots.Figure, error) { return plots.Targets(in.Space, in.N, 1, 0) }
	for _, tc := range []struct {
		what    string
		entries []entry
		formats []string
		want    string
	}{
		{"build", []entry{{Name: "broken", Build: func(inputs) (*plots.Figure, error) { return nil, errors.New("no data") }}, {Name: "later", Build: ok}},
			[]string{"svg"}, "figure broken: no data"},
		{"encode", []entry{{Name: "targets", Build: ok}}, []string{"svg", "gif"}, "figure targets:"},
		{"write", []entry{{Name: "../escape", Build: ok}}, []string{"svg"}, "figure ../escape:"},
	} {
		dir := t.TempDir()
		folder, err := runfolder.Create(dir, runfolder.Options{Notebook: "figures"})
		if err != nil {
			t.Fatal(err)
		}
		err = draw(folder, tc.entries, in, tc.formats, 72, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one with %q", tc.what, err, tc.want)
		}
		for _, name := range []string{"index.md", "later.svg"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				t.Errorf("%s: a failed draw wrote %s", tc.what, name)
			}
		}
	}
	// index.md cannot be written where a folder of that name is.
	dir := t.TempDir()
	folder, err := runfolder.Create(dir, runfolder.Options{Notebook: "figures", Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "index.md", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := draw(folder, nil, in, []string{"svg"}, 72, io.Discard); err == nil || !strings.Contains(err.Error(), "index.md") {
		t.Errorf("error %v, want one naming index.md", err)
	}
}

// Empty names in -only are skipped; the figures come in registry order.
func TestSelectFigures(t *testing.T) {
	reg := registry(quickSettings())
	got, err := selectFigures(reg, "targets,, tpm ,")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "tpm" || got[1].Name != "targets" {
		var names []string
		for _, f := range got {
			names = append(names, f.Name)
		}
		t.Errorf("selected %v, want tpm, targets", names)
	}
}

// index.md shows the PNG, else the SVG, else no image (a run of only PDFs), at 520
// pixels, with the caption in one escaped table cell and a link per format.
func TestIndexMarkdown(t *testing.T) {
	figs := []entry{{Name: "a", Caption: "x | y\nz"}}
	set := defaultSettings(1000)
	for _, tc := range []struct {
		formats []string
		img     string
	}{
		{[]string{"pdf", "svg", "png"}, `<img src="a.png" alt="a" width="520">`},
		{[]string{"pdf", "svg"}, `<img src="a.svg" alt="a" width="520">`},
		{[]string{"pdf"}, ""},
	} {
		got := string(indexMarkdown(figs, tc.formats, set))
		var links []string
		for _, f := range tc.formats {
			links = append(links, "["+f+"](a."+f+")")
		}
		row := "| " + tc.img + " | **a**. x \\| y z<br>" + strings.Join(links, " · ") + " |\n"
		if !strings.HasSuffix(got, row) || strings.Contains(got, "Quick settings") || !strings.Contains(got, "`go run ./figures` from the paper's toy (docs/theory.md §7: m = 3, π uniform, N = 1000)") {
			t.Errorf("formats %v: index.md\n%s\nwant the row\n%s", tc.formats, got, row)
		}
	}
}

// -dpi 1 is the smallest resolution accepted (an SVG does not use it).
func TestDPIOne(t *testing.T) {
	dir := t.TempDir()
	runOK(t, "-dpi", "1", "-only", "targets", "-formats", "svg", "-out", dir)
	if _, err := os.Stat(filepath.Join(dir, "targets.svg")); err != nil {
		t.Error(err)
	}
}

// runReference logs the epochs 0, LogEvery, 2·LogEvery, … up to Epochs, one monitor
// each, and returns graphtoy's refusal of a bad configuration and its monitor's error.
func TestRunReference(t *testing.T) {
	c := referenceConfig(defaultInputs(true, nil), 0, 1)
	c.Epochs, c.LogEvery = 3, 2
	epochs, mons, err := runReference(c)
	if err != nil {
		t.Fatal(err)
	}
	if len(epochs) != 2 || epochs[0] != 0 || epochs[1] != 2 || len(mons) != 2 {
		t.Errorf("epochs %v, %d monitors; want 0, 2 and two monitors", epochs, len(mons))
	}
	c.Epochs = -1
	if _, _, err := runReference(c); err == nil || !strings.Contains(err.Error(), "Epochs = -1") {
		t.Errorf("error %v, want one naming Epochs = -1", err)
	}
	// Batches of 2 sources cannot hold all 3 states of the toy, so the monitor, which
	// stops at the first test batch that misses a state (simulate/graphtoy/doc.go), has no
	// batch: its error, naming state 0, ends the run with no epochs logged.
	c.Epochs, c.BatchSize = 0, 2
	if epochs, mons, err := runReference(c); err == nil || !strings.Contains(err.Error(), "no full test batch contains state 0") || epochs != nil || mons != nil {
		t.Errorf("batches of 2 sources: epochs %v, %d monitors, error %v; want none and the monitor's error naming state 0", epochs, len(mons), err)
	}
}
