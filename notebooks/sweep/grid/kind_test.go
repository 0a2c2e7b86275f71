package grid

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
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

// removeAll removes path or fails the test.
func removeAll(t *testing.T, path string) {
	t.Helper()
	if err := os.RemoveAll(path); err != nil {
		t.Fatal(err)
	}
}
