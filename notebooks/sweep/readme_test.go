package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// readmeCommands returns the sweep commands of README.md's code blocks (every line
// holding "go run ./notebooks/sweep"), as the arguments after the package path.
func readmeCommands(t *testing.T, readme string) [][]string {
	t.Helper()
	var cmds [][]string
	for _, block := range regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(readme, -1) {
		for _, line := range strings.Split(block[1], "\n") {
			_, rest, ok := strings.Cut(line, "go run ./notebooks/sweep")
			if !ok {
				continue
			}
			rest = strings.TrimRight(strings.TrimSpace(rest), `"]`)
			cmds = append(cmds, strings.Fields(rest))
		}
	}
	return cmds
}

// tinyStudies copies studies/ to dir with the base scenario cut down to test size
// (40 steps, 2 evaluation batches), keeping the grid files as they are.
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

// TestReadmeCommands runs every command of README.md in order, with the study files'
// base scenario cut to test size, the array-job variables set for every task of the
// arrays (4 tasks each, as the examples ask for), and paths moved to a temporary
// folder. Every sweep folder of one sweep id must end with the same results.csv: the
// local run and the merged Slurm and Kubernetes shards.
func TestReadmeCommands(t *testing.T) {
	readme := string(read(t, "README.md"))
	root := t.TempDir()
	studies := filepath.Join(root, "studies")
	tinyStudies(t, studies)
	rewrite := func(arg string) []string {
		switch {
		case strings.HasPrefix(arg, "notebooks/sweep/studies/"):
			return []string{filepath.Join(studies, strings.TrimPrefix(arg, "notebooks/sweep/studies/"))}
		case strings.HasPrefix(arg, "notebooks/sweep/out/"):
			p := filepath.Join(root, strings.TrimPrefix(arg, "notebooks/sweep/"))
			if strings.Contains(p, "*") {
				m, err := filepath.Glob(p)
				if err != nil || len(m) == 0 {
					t.Fatalf("README glob %s matches nothing (%v)", arg, err)
				}
				return m
			}
			return []string{p}
		}
		return []string{arg}
	}
	cmds := readmeCommands(t, readme)
	if len(cmds) < 8 {
		t.Fatalf("README.md has %d sweep commands, want the local, study, summary, Slurm, Kubernetes and merge examples", len(cmds))
	}
	ran := 0
	for _, cmd := range cmds {
		line := strings.Join(cmd, " ")
		tasks := []int{-1}
		if strings.Contains(line, "$SLURM_ARRAY_TASK_ID") || strings.Contains(line, "$JOB_COMPLETION_INDEX") {
			tasks = []int{0, 1, 2, 3} // --array=0-3; completions: 4
		}
		for _, task := range tasks {
			env := map[string]string{
				"SLURM_ARRAY_TASK_ID": fmt.Sprint(task), "SLURM_ARRAY_TASK_COUNT": "4",
				"JOB_COMPLETION_INDEX": fmt.Sprint(task), "SLURM_CPUS_PER_TASK": "2",
			}
			var args []string
			for _, a := range cmd {
				args = append(args, rewrite(os.Expand(a, func(k string) string {
					v, ok := env[k]
					if !ok {
						t.Fatalf("README command %q uses $%s, which the test does not set", line, k)
					}
					return v
				}))...)
			}
			sweepCmd(t, args...)
			ran++
		}
	}

	// Group the finished sweep folders by sweep id; each group shares one results.csv.
	results := map[string][]string{}
	err := filepath.WalkDir(filepath.Join(root, "out"), func(path string, d os.DirEntry, err error) error {
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
