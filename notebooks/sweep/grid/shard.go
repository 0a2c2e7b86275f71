package grid

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is part Index of a sweep split into Count parts (package doc: cell k belongs to
// shard k mod Count). The zero value is the whole sweep.
type Shard struct{ Index, Count int }

// ParseShard parses "i/n" with 0 ≤ i < n, as an array-job scheduler numbers its tasks
// (Slurm: $SLURM_ARRAY_TASK_ID with --array=0-(n−1); Kubernetes indexed Jobs:
// $JOB_COMPLETION_INDEX with completions n). n must be written down once, not taken
// from $SLURM_ARRAY_TASK_COUNT, which counts the tasks of one submission (1 when a
// single task is resubmitted); notebooks/sweep/jobs holds job files that do so.
// Errors name the text.
func ParseShard(text string) (Shard, error) {
	is, ns, ok := strings.Cut(text, "/")
	if !ok {
		return Shard{}, fmt.Errorf("grid: shard %q: want i/n, such as 0/4", text)
	}
	i, err := strconv.Atoi(strings.TrimSpace(is))
	if err != nil {
		return Shard{}, fmt.Errorf("grid: shard %q: index %q is not an integer", text, is)
	}
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	if err != nil {
		return Shard{}, fmt.Errorf("grid: shard %q: count %q is not an integer", text, ns)
	}
	if n < 1 {
		return Shard{}, fmt.Errorf("grid: shard %q: count %d: need ≥ 1", text, n)
	}
	if i < 0 || i >= n {
		return Shard{}, fmt.Errorf("grid: shard %q: index %d: need 0 ≤ index < %d (shards are numbered from 0; n counts the shards of the whole sweep, not the tasks of one submission: notebooks/sweep/jobs/slurm.sbatch)", text, i, n)
	}
	return Shard{Index: i, Count: n}, nil
}

// String returns "i/n" ("0/1" for the zero value).
func (s Shard) String() string {
	if s.Count == 0 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.Index, s.Count)
}

// Owns reports whether the cell at index k of the canonical order belongs to the shard.
func (s Shard) Owns(k int) bool {
	if s.Count <= 1 {
		return true
	}
	return k%s.Count == s.Index
}
