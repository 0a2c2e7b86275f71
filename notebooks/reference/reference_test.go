package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var small = []string{"-epochs", "4", "-sources", "300", "-train-size", "150", "-batch-size", "60", "-log-every", "2", "-nodes", "10", "-seed", "3"}

func TestRunWritesReferenceLog(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	var out, errb bytes.Buffer
	if err := run(append(small, "-out", dir), &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	f, err := os.Open(filepath.Join(dir, LogFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Epochs 0, 2, 4 logged: header + 2 rows each (probability row, cosine row).
	if len(recs) != 7 || strings.Join(recs[0], ",") != "epoch,m00,m01,m02,m10,m11,m12,m20,m21,m22" {
		t.Fatalf("log has %d lines, header %v", len(recs), recs[0])
	}
	for i, want := range []string{"0", "0", "2", "2", "4", "4"} {
		if recs[i+1][0] != want || len(recs[i+1]) != 10 {
			t.Errorf("line %d: %v, want epoch %s and 9 entries", i+1, recs[i+1], want)
		}
	}
	// The cosine row's diagonal entries are means of cosines: in (−1, 1].
	if v := recs[2][1]; !strings.HasPrefix(v, "0.") && v != "1" {
		t.Errorf("cosine m00 = %s", v)
	}
	for _, name := range []string{"metrics.csv", "summary.md", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	// The gap table lists the comparators (not the measured metric against itself), and
	// a level-2 note appears only with its text.
	sum, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if !bytes.Contains(sum, []byte("| T1 | ")) || bytes.Contains(sum, []byte("| metric | ")) || bytes.Contains(sum, []byte("level-2 optimum: \n")) {
		t.Errorf("summary.md:\n%s", sum)
	}
	// N = 60 over 3 states: the exact enumeration is small and the level-2 optimum
	// converges, so both rows are there.
	for _, row := range []string{"derived, exact over batch compositions × N:", "level-2 InfoNCE optimum, positive-pair probability × N:"} {
		if !bytes.Contains(sum, []byte(row)) {
			t.Errorf("summary.md lacks %q:\n%s", row, sum)
		}
	}
	// The last epoch line prints cos01, the class cosine (0, 1) of the log's last row.
	c01, err := strconv.ParseFloat(recs[6][2], 64)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("cos01 %.4f ", c01); !strings.Contains(out.String(), want) {
		t.Errorf("stdout lacks %q:\n%s", want, out.String())
	}
	man, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if !bytes.Contains(man, []byte(`"complete": true`)) {
		t.Errorf("manifest not complete:\n%s", man)
	}
	if !strings.Contains(out.String(), "derived × N") || !strings.Contains(out.String(), "epoch    4") {
		t.Errorf("stdout lacks the epoch lines or the targets:\n%s", out.String())
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-nodes", "0"}, "-nodes: graph: Nodes = 0"},
		{[]string{"-edge-prob", "1.5"}, "-edge-prob: graph: EdgeProb = 1.5"},
		{[]string{"-max-mask-rate", "1"}, "-max-mask-rate: graph: MaxMaskRate = 1"},
		{[]string{"-feat-dim", "0"}, "-feat-dim: graph: FeatDim = 0"},
		{[]string{"-loss-type", "8"}, "-loss-type: graphtoy: LossType = 8"},
		{[]string{"-loss-type", "-1"}, "-loss-type = -1: need a count ≥ 0"},
		{[]string{"-epochs", "-1"}, "-epochs = -1: need a count ≥ 0"},
		{[]string{"-batch-size", "2001"}, "-batch-size: graphtoy: BatchSize = 2001"},
		{[]string{"-tau", "0"}, "-tau: loss: temperature τ = 0"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-nosuch"}, "flag provided but not defined: -nosuch"},
		{[]string{"-table", "-1"}, "-table = -1"},
		{[]string{"-workers", "0"}, "-workers = 0"},
	} {
		dir := filepath.Join(t.TempDir(), "run")
		var out, errb bytes.Buffer
		err := run(append([]string{"-out", dir}, tc.args...), &out, &errb) // -out first: flag parsing stops at "extra"
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.args, err, tc.want)
		}
		if _, serr := os.Stat(dir); !os.IsNotExist(serr) {
			t.Errorf("%v: the run folder was created", tc.args)
		}
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if err := run([]string{"-h"}, &out, &errb); err != nil || !strings.Contains(errb.String(), "-loss-type") {
		t.Errorf("-h: %v\n%s", err, errb.String())
	}
}

func TestTableMode(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "table")
	var out, errb bytes.Buffer
	args := []string{"-epochs", "1", "-sources", "120", "-train-size", "60", "-batch-size", "30", "-nodes", "6", "-table", "1", "-workers", "2", "-out", dir}
	if err := run(args, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, TableFile))
	if err != nil {
		t.Fatal(err)
	}
	// Header, separator and one row per loss type 0–7.
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	rows := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| type") {
			rows++
		}
	}
	if rows != 8 || !strings.Contains(string(b), "ref-fmicl-js") {
		t.Errorf("table has %d loss rows:\n%s", rows, b)
	}
}
