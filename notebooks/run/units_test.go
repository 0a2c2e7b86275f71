package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runio"
	"github.com/infonce-lab/infonce-lab/notebooks/internal/runiotest"
)

// A run that succeeded but whose final manifest cannot be written (its name taken by
// a directory after the folder was made) fails with that write's error, naming
// manifest.json, and does not claim a manifest saying complete=false: there is none
// it could have written.
func TestFinishManifestWriteFailure(t *testing.T) {
	out := t.TempDir()
	dir, err := runio.CreateFolder(out, runfolder.Options{Notebook: "run"})
	if err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(out, runfolder.ManifestFile)
	runiotest.Block(t, manifest)
	err = finish(dir, nil, out)
	if err == nil || !strings.Contains(err.Error(), manifest) || strings.Contains(err.Error(), "complete=false") {
		t.Errorf("error %v, want the failed write of %s alone", err, manifest)
	}
}

// The figures name the states up to 64 of them (exactly 64 included) and use indices
// beyond; a scenario without labels has none to give.
func TestFigureLabels(t *testing.T) {
	names := func(m int) []string {
		l := make([]string, m)
		for i := range l {
			l[i] = fmt.Sprintf("s%d", i)
		}
		return l
	}
	for _, c := range []struct {
		labels []string
		want   bool // the labels are kept
	}{{names(3), true}, {names(64), true}, {names(65), false}, {nil, false}} {
		got := figureLabels(c.labels, max(len(c.labels), 3))
		if kept := got != nil && slices.Equal(got, c.labels); kept != c.want {
			t.Errorf("%d labels: figureLabels gives %d, want them kept: %v", len(c.labels), len(got), c.want)
		}
	}
}
