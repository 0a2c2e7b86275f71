package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// readmeLines returns the lines of README.md's sh code blocks.
func readmeLines(t *testing.T, readme string) []string {
	t.Helper()
	var lines []string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		for _, line := range strings.Split(block[1], "\n") {
			if line = strings.TrimSpace(line); line != "" {
				lines = append(lines, line)
			}
		}
	}
	return lines
}

// tinyKinds are the settings that cut the reference and MNIST studies to test size:
// 2 loss types × 2 seeds of 0+1 epochs on a small graph world; one encoder, 1 step of 4
// sources on 3 states per digit.
var tinyKinds = map[string]map[string]any{
	"reference-table.json":     {"loss_type": []int{0, 2}, "seed": []int{1, 2}, "epochs": 0, "batch_size": 30, "nodes": 6, "sources": 120, "train_size": 60},
	"mnist-encoder-seeds.json": {"seed": []int{1}, "per_class": 3, "views": 30, "steps": 1, "batch": 4},
}

// tinyStudies copies studies/ to dir with the base scenario cut down to test size
// (40 steps, 2 evaluation batches), keeping the scenario grid files as they are, and
// the reference and MNIST grids cut down too (tinyKinds).
func tinyStudies(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir("studies")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data := read(t, filepath.Join("studies", e.Name()))
		if cut, ok := tinyKinds[e.Name()]; ok {
			var g map[string]any
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatal(err)
			}
			for k, v := range cut {
				g[k] = v
			}
			if data, err = json.Marshal(g); err != nil {
				t.Fatal(err)
			}
		}
		if e.Name() == "free-logits.json" {
			var sc map[string]any
			if err := json.Unmarshal(data, &sc); err != nil {
				t.Fatal(err)
			}
			sc["steps"], sc["average_from"], sc["eval_batches"], sc["record_every"] = 40, 10, 2, 20
			if data, err = json.Marshal(sc); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReadmeCommands runs every command of README.md's sh blocks in order, in a copy
// of the repository's layout with the study files' base scenario cut to test size
// (fakeRepo): the sweep commands in process, the build line by linking this test
// binary as the program, the job files as jobs_test.go runs them without a cluster
// (every task of `sbatch`, every index of the Kubernetes Job), so that the
// resubmission line runs literally too. `scontrol` needs a live Slurm: .ci/slurm-live
// runs it, and the speed section's benchmark is not run. Every sweep folder of one sweep id must end with the same results.csv: the
// local run and the merged Slurm and Kubernetes shards.
func TestReadmeCommands(t *testing.T) {
	readme := string(read(t, "README.md"))
	root := fakeRepo(t, true)
	local := func(arg string) []string { // a repository path, as seen from the test
		if !strings.HasPrefix(arg, "notebooks/sweep/") {
			return []string{arg}
		}
		p := filepath.Join(root, arg)
		if !strings.Contains(p, "*") {
			return []string{p}
		}
		m, err := filepath.Glob(p)
		if err != nil || len(m) == 0 {
			t.Fatalf("README glob %s matches nothing (%v)", arg, err)
		}
		return m
	}
	build := regexp.MustCompile(`^(CGO_ENABLED=0 )?go build -o ` + regexp.QuoteMeta(programPath) + ` \./notebooks/sweep$`)
	submit := regexp.MustCompile(`^(SWEEP_GRID=(\S+) SWEEP_OUT=(\S+) )?sbatch (--array=(\S+) )?notebooks/sweep/jobs/slurm\.sbatch$`)
	var ran, sweeps, jobs int
	for _, line := range readmeLines(t, readme) {
		switch _, rest, isSweep := strings.Cut(line, "go run ./notebooks/sweep"); {
		case isSweep:
			var args []string
			for _, a := range strings.Fields(rest) {
				args = append(args, local(a)...)
			}
			sweepCmd(t, args...)
			sweeps++
		case build.MatchString(line):
			buildProgram(t, root)
		case submit.MatchString(line):
			m := submit.FindStringSubmatch(line)
			var env []string
			if m[1] != "" {
				env = []string{"SWEEP_GRID=" + m[2], "SWEEP_OUT=" + m[3]}
			}
			outs, codes := sbatch(t, root, m[5], env...)
			for i, code := range codes {
				if code != 0 || !strings.Contains(outs[i], "already done") {
					t.Fatalf("README: %s: task %d: exit code %d, output:\n%s", line, i, code, outs[i])
				}
			}
			jobs++
		case line == "kubectl apply -f "+"notebooks/sweep/jobs/k8s-job.yaml":
			outs, codes := kubectlApply(t, root, loadK8sJob(t))
			for i, code := range codes {
				if code != 0 {
					t.Fatalf("README: %s: index %d: exit code %d, output:\n%s", line, i, code, outs[i])
				}
			}
			jobs++
		case strings.HasPrefix(line, "scontrol requeue "), // .ci/slurm-live runs it
			strings.HasPrefix(line, "go test "): // the speed benchmark
			continue
		default:
			t.Fatalf("README command %q: the test does not know how to run it", line)
		}
		ran++
	}
	if sweeps < 7 || jobs < 3 {
		t.Fatalf("README.md has %d sweep commands and %d job submissions, want the local, study, summary and merge examples, sbatch, its resubmission and kubectl apply", sweeps, jobs)
	}

	// Group the finished sweep folders by sweep id; each group shares one results.csv.
	results := map[string][]string{}
	err := filepath.WalkDir(filepath.Join(root, "notebooks/sweep/out"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != grid.ResultsFile {
			return err
		}
		dir := filepath.Dir(path)
		if m := manifest(t, dir); !m.Complete {
			t.Errorf("%s: manifest complete = false", dir)
		}
		s, err := grid.Load(dir)
		if err != nil {
			return err
		}
		if _, missing, err := s.Collect(dir); err == nil && len(missing) == 0 {
			results[s.ID()] = append(results[s.ID()], dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for id, dirs := range results {
		ref := read(t, filepath.Join(dirs[0], grid.ResultsFile))
		for _, d := range dirs[1:] {
			if !bytes.Equal(read(t, filepath.Join(d, grid.ResultsFile)), ref) {
				t.Errorf("sweep %s: %s/results.csv differs from %s/results.csv", id[:12], d, dirs[0])
			}
		}
		if len(dirs) >= 3 {
			shared++
		}
	}
	if shared == 0 {
		t.Errorf("no sweep was completed three ways (locally, merged from Slurm shards, merged from Kubernetes shards): %v", results)
	}
	t.Logf("ran %d README commands", ran)
}

// TestReadmeGridExample: the grid file shown in README.md is studies/sc-alpha-beta.json.
func TestReadmeGridExample(t *testing.T) {
	readme := string(read(t, "README.md"))
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no json block")
	}
	if want := string(read(t, "studies/sc-alpha-beta.json")); m[1] != want {
		t.Errorf("README's grid example differs from studies/sc-alpha-beta.json:\n%s\nwant\n%s", m[1], want)
	}
}
