package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
)

// TestBadShardLeavesFolder: a task given a shard index outside its count, a count of
// 0, or the count Slurm's SLURM_ARRAY_TASK_COUNT gives a resubmitted task (2/1) is
// refused with an error naming -shard and the value, and the shard folder it was
// pointed at keeps every byte.
func TestBadShardLeavesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shard-1")
	g := []string{"-grid", "testdata/tiny-grid.json", "-out", dir}
	sweepCmd(t, append(g, "-shard", "1/4")...)
	before := runfoldertest.Snapshot(t, dir)
	for _, tc := range []struct{ shard, want string }{
		{"4/4", `-shard: grid: shard "4/4": index 4: need 0 ≤ index < 4`},
		{"-1/4", `-shard: grid: shard "-1/4": index -1: need 0 ≤ index < 4`},
		{"0/0", `-shard: grid: shard "0/0": count 0: need ≥ 1`},
		{"1/0", `-shard: grid: shard "1/0": count 0: need ≥ 1`},
		{"2/1", `-shard: grid: shard "2/1": index 2: need 0 ≤ index < 1`},
		{"1/-4", `-shard: grid: shard "1/-4": count -4: need ≥ 1`},
	} {
		err := sweepErr(append(g, "-shard", tc.shard)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-shard %s: error %v, want one containing %q", tc.shard, err, tc.want)
		}
	}
	runfoldertest.CheckUnchanged(t, dir, before)
}

// TestMixedMergeLeavesFolders: merging the shards of two grids (here the same axes,
// another number of steps) into a folder that holds the merge of one of them is
// refused with an error naming both sweep ids; the output and the inputs keep every
// byte.
func TestMixedMergeLeavesFolders(t *testing.T) {
	root := t.TempDir()
	dir := func(name string) string { return filepath.Join(root, name) }
	g := []string{"-grid", "testdata/tiny-grid.json"}
	sweepCmd(t, append(g, "-shard", "0/2", "-out", dir("a0"))...)
	sweepCmd(t, append(g, "-shard", "1/2", "-out", dir("a1"))...)
	sweepCmd(t, append(g, "-steps", "40", "-shard", "1/2", "-out", dir("b1"))...)
	sweepCmd(t, "merge", "-out", dir("merged"), dir("a0"), dir("a1"))
	idA, idB := sweepID(t, dir("a0")), sweepID(t, dir("b1"))
	if idA == idB {
		t.Fatalf("the two grids have one sweep id %s", idA)
	}
	before := map[string]map[string]string{}
	for _, d := range []string{"a0", "b1", "merged"} {
		before[d] = runfoldertest.Snapshot(t, dir(d))
	}
	err := sweepErr("merge", "-out", dir("merged"), dir("a0"), dir("b1"))
	if err == nil || !strings.Contains(err.Error(), idA) || !strings.Contains(err.Error(), idB) {
		t.Errorf("merge of two grids: error %v, want one naming %s and %s", err, idA, idB)
	}
	for d, snap := range before {
		runfoldertest.CheckUnchanged(t, dir(d), snap)
	}
}
