package grid

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/strictjson"
)

// parseKind parses the grid file text of a kind other than the scenario kind and
// returns its sweep.
func parseKind(t testing.TB, text string) *Sweep {
	t.Helper()
	f, err := ParseFile([]byte(text), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if f.Kind == nil {
		t.Fatalf("ParseFile(%s) gave a scenario grid", text)
	}
	s, err := NewOf(f.Kind)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkShardsMergeResume runs the sweep that mk returns on one machine (one worker,
// so every cell runs on all cores) and as 2 shards of fresh sweeps (2 workers, cells
// serial), the second cancelled after its first cell and resumed, and checks that the
// merge's results.csv and cell files are byte-identical to the one-machine run's and
// that the sweep rebuilt from sweep.json is the same sweep. It returns the one-machine
// folder.
func checkShardsMergeResume(t *testing.T, mk func() *Sweep) string {
	t.Helper()
	s := mk()
	root := t.TempDir()
	one := filepath.Join(root, "one")
	n := len(s.Cells())
	if st := runAll(t, s, one, Options{Workers: 1}); st.Ran != n || st.Failed != 0 {
		t.Fatalf("one machine: stats %+v, want %d cells run, none failed", st, n)
	}
	back, err := Load(one)
	if err != nil || back.ID() != s.ID() || !bytes.Equal(back.Spec(), s.Spec()) {
		t.Fatalf("Load of the sweep folder: %v, sweep %v; want sweep %s with the same sweep.json", err, back, s.ID())
	}

	var shards []string
	for i := range 2 {
		d := filepath.Join(root, "shard", string(rune('0'+i)))
		shards = append(shards, d)
		sh := Shard{i, 2}
		want := len(s.ShardCells(sh))
		if i == 1 {
			// Interrupted after its first cell: that cell's file is kept.
			ctx, cancel := context.WithCancel(context.Background())
			folder(t, d)
			st, err := mk().Run(ctx, d, Options{Workers: 1, Shard: sh, Progress: func(done int) {
				if done == 1 {
					cancel()
				}
			}})
			if !errors.Is(err, context.Canceled) || st.Ran != 1 {
				t.Fatalf("cancelled shard: stats %+v, error %v; want 1 cell run and context.Canceled", st, err)
			}
			if st := runAll(t, mk(), d, Options{Workers: 2, Shard: sh}); st.Skipped != 1 || st.Ran != want-1 {
				t.Errorf("resumed shard: stats %+v, want 1 skipped and %d run", st, want-1)
			}
			continue
		}
		if st := runAll(t, mk(), d, Options{Workers: 2, Shard: sh}); st.Ran != want {
			t.Errorf("shard %s ran %d cells, want %d", sh, st.Ran, want)
		}
	}
	merged := filepath.Join(root, "merged")
	if _, mst, err := Merge(claim(t, merged), shards, false); err != nil || mst.Copied != n {
		t.Fatalf("merge: stats %+v, error %v; want %d cells copied", mst, err, n)
	}
	ref := readFile(t, filepath.Join(one, ResultsFile))
	if rows := bytes.Count(ref, []byte("\n")); rows != n+1 {
		t.Errorf("results.csv has %d lines, want a header and %d rows", rows, n)
	}
	if got := readFile(t, filepath.Join(merged, ResultsFile)); !bytes.Equal(got, ref) {
		t.Errorf("merged results.csv differs from the one-machine run's:\n%s\nwant\n%s", got, ref)
	}
	for _, c := range s.Cells() {
		if !bytes.Equal(readFile(t, CellPath(merged, c)), readFile(t, CellPath(one, c))) {
			t.Errorf("merged cell file of %s differs from the one-machine run's", c.Key())
		}
	}
	return one
}

// fakeKind is a kind of n trivial cells whose run records whether it was asked to run
// serially: it tests what the sweep does with any kind.
type fakeKind struct {
	n      int
	sameID bool // every cell has the same id
	mu     sync.Mutex
	serial []bool
}

type fakeCell struct {
	i      int
	sameID bool
}

func (c fakeCell) Key() string { return fmt.Sprintf("fake=%d", c.i) }
func (c fakeCell) ID() string {
	if c.sameID {
		return "0000000000000000"
	}
	return strconv.Itoa(c.i)
}

type fakeResult struct {
	CellHeader
	Serial bool `json:"serial"`
}

func (r *fakeResult) Failed() bool { return false }

func (k *fakeKind) Name() string { return "fake" }
func (k *fakeKind) Cells() []Cell {
	out := make([]Cell, k.n)
	for i := range out {
		out[i] = fakeCell{i, k.sameID}
	}
	return out
}
func (k *fakeKind) Identity() []byte                    { return []byte(fmt.Sprintf("fake %d", k.n)) }
func (k *fakeKind) BaseSeed() uint64                    { return 0 }
func (k *fakeKind) Seed(c Cell) uint64                  { return uint64(c.(fakeCell).i) }
func (k *fakeKind) Cost(Cell) float64                   { return 1 }
func (k *fakeKind) spec() spec                          { return spec{Kind: "fake", Grid: []byte("{}")} }
func (k *fakeKind) Header() []string                    { return []string{"cell", "serial"} }
func (k *fakeKind) Summary(io.Writer, []Outcome) error  { return nil }
func (k *fakeKind) Decode(data []byte) (Outcome, error) { return decodeAs[fakeResult](data) }
func (k *fakeKind) Row(o Outcome) ([]string, error) {
	return []string{o.Head().Cell, fmt.Sprint(o.(*fakeResult).Serial)}, nil
}
func (k *fakeKind) Run(_ context.Context, _ Cell, serial bool) Outcome {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.serial = append(k.serial, serial)
	return &fakeResult{Serial: serial}
}

// TestCellsBound: a grid of MaxCells cells is allowed, one of more is refused before
// its cells are expanded; two cells of one id are refused.
func TestCellsBound(t *testing.T) {
	if err := checkCells(8, MaxCells/8); err != nil {
		t.Errorf("checkCells(8, MaxCells/8): %v", err)
	}
	if err := checkCells(1, MaxCells); err != nil {
		t.Errorf("checkCells(1, MaxCells): %v", err)
	}
	for _, c := range [][2]int{{8, MaxCells/8 + 1}, {2, MaxCells}, {MaxCells + 1, 1}} {
		if err := checkCells(c[0], c[1]); err == nil || !strings.Contains(err.Error(), "more than 1048576 (MaxCells)") {
			t.Errorf("checkCells(%d, %d): error %v, want one naming MaxCells", c[0], c[1], err)
		}
	}
	if _, err := NewOf(&fakeKind{n: 2, sameID: true}); err == nil || !strings.Contains(err.Error(), "two cells share an id") {
		t.Errorf("NewOf of two cells with one id: error %v, want the collision named", err)
	}
}

// TestCellWorkers: a serial cell runs on one goroutine, else on GOMAXPROCS.
func TestCellWorkers(t *testing.T) {
	if got := cellWorkers(true); got != 1 {
		t.Errorf("cellWorkers(true) = %d, want 1", got)
	}
	if got, want := cellWorkers(false), runtime.GOMAXPROCS(0); got != want {
		t.Errorf("cellWorkers(false) = %d, want GOMAXPROCS = %d", got, want)
	}
}

// TestRunDefaultWorkers: Workers ≤ 0 runs GOMAXPROCS cells at once, each serially when
// that is more than one; one worker runs each cell on all cores.
func TestRunDefaultWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, tc := range []struct {
		workers int
		serial  bool
	}{{0, true}, {-1, true}, {1, false}, {2, true}} {
		k := &fakeKind{n: 4}
		s, err := NewOf(k)
		if err != nil {
			t.Fatal(err)
		}
		runAll(t, s, t.TempDir(), Options{Workers: tc.workers})
		if len(k.serial) != 4 {
			t.Fatalf("workers %d: %d cells run, want 4", tc.workers, len(k.serial))
		}
		for _, got := range k.serial {
			if got != tc.serial {
				t.Errorf("workers %d (GOMAXPROCS 2): a cell ran with serial = %v, want %v", tc.workers, got, tc.serial)
			}
		}
	}
}

// TestNamedErrorPlacement: an error is placed at the member whose phrase comes first in
// its message (at its very start too), and left as is when it names none.
func TestNamedErrorPlacement(t *testing.T) {
	var v struct {
		Tau  float64 `json:"tau"`
		Beta float64 `json:"beta"`
	}
	doc, err := strictjson.Decode([]byte(`{"beta": 2, "tau": 1}`), &v)
	if err != nil {
		t.Fatal(err)
	}
	names := [][2]string{{"β =", "beta"}, {"τ =", "tau"}}
	for _, tc := range []struct{ msg, want string }{
		{"τ = 1: bad, and β = 2", "line 1, column 20: tau: τ = 1: bad, and β = 2"},
		{"x: β = 2 then τ = 1", "line 1, column 10: beta: x: β = 2 then τ = 1"},
		{"nothing named", "nothing named"},
	} {
		if got := namedError(doc, errors.New(tc.msg), names).Error(); got != tc.want {
			t.Errorf("namedError(%q) = %q, want %q", tc.msg, got, tc.want)
		}
	}
}
