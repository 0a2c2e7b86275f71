package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/infonce-lab/infonce-lab/internal/runfolder/runfoldertest"
	"github.com/infonce-lab/infonce-lab/notebooks/sweep/grid"
)

// The job files of jobs/, run here without a cluster (none is reachable from the
// tests): the Slurm script by bash with the environment sbatch gives an array task,
// the Kubernetes Job's command by sh with JOB_COMPLETION_INDEX. Both run in a copy of
// the repository's layout (fakeRepo) whose program, notebooks/sweep/out/bin/sweep, is
// this test binary (runfoldertest.MainIfChild). .ci/slurm-live runs the Slurm script on
// a real one-node cluster.

const (
	slurmScript = "jobs/slurm.sbatch" // relative to this package, as the test runs
	k8sJobFile  = "jobs/k8s-job.yaml"
	programPath = "notebooks/sweep/out/bin/sweep" // where the job files' build line puts it
)

// fakeRepo returns a folder laid out as the repository's root for the job files:
// notebooks/sweep/studies cut to test size (tinyStudies), notebooks/sweep/testdata, and,
// unless noProgram, the program at programPath.
func fakeRepo(t *testing.T, noProgram bool) string {
	t.Helper()
	root := t.TempDir()
	tinyStudies(t, filepath.Join(root, "notebooks/sweep/studies"))
	for _, f := range []string{"tiny-grid.json", "tiny.json"} {
		dst := filepath.Join(root, "notebooks/sweep/testdata", f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, read(t, filepath.Join("testdata", f)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !noProgram {
		buildProgram(t, root)
	}
	return root
}

// buildProgram stands for the job files' `go build -o notebooks/sweep/out/bin/sweep
// ./notebooks/sweep` in root: it links this test binary there.
func buildProgram(t *testing.T, root string) {
	t.Helper()
	bin := filepath.Join(root, programPath)
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(runfoldertest.Self(t), bin); err != nil && !os.IsExist(err) {
		t.Fatal(err)
	}
}

// shell runs name args in dir with env added to this process's environment (without
// its SLURM_*, SWEEP_* and JOB_COMPLETION_INDEX) and runfoldertest.ChildEnv set (so that the program is the command); it returns the
// combined output and the exit code.
func shell(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("no %s to run the job file: %v", name, err)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() { // none of a scheduler's variables of the test's own run
		if !strings.HasPrefix(kv, "SLURM_") && !strings.HasPrefix(kv, "SWEEP_") && !strings.HasPrefix(kv, "JOB_COMPLETION_INDEX=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, runfoldertest.ChildEnv+"=1"), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

// sbatchDirective returns the value of the script's "#SBATCH --name=value" line.
func sbatchDirective(t *testing.T, script []byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^#SBATCH --`+name+`=(\S+)\s*$`).FindAllSubmatch(script, -1)
	if len(m) != 1 {
		t.Fatalf("%s: %d lines #SBATCH --%s=…, want 1", slurmScript, len(m), name)
	}
	return string(m[0][1])
}

// arrayTasks returns the task ids of a Slurm --array value of the forms "a", "a-b"
// and "a-b%m" (the forms the README uses).
func arrayTasks(t *testing.T, spec string) []int {
	t.Helper()
	spec, _, _ = strings.Cut(spec, "%")
	lo, hi, isRange := strings.Cut(spec, "-")
	if !isRange {
		hi = lo
	}
	a, errA := strconv.Atoi(lo)
	b, errB := strconv.Atoi(hi)
	if errA != nil || errB != nil || b < a {
		t.Fatalf("--array=%s: not a form the test knows", spec)
	}
	var ids []int
	for i := a; i <= b; i++ {
		ids = append(ids, i)
	}
	return ids
}

// sbatch runs the committed Slurm script in root as `sbatch [--array=array]
// slurm.sbatch` would, task by task, with extra added to each task's environment:
// Slurm's array variables (SLURM_ARRAY_TASK_COUNT is the number of tasks of this
// submission, 1 for --array=2), SLURM_CPUS_PER_TASK from the script's directive, and
// the script run from a copy, as slurmd does. An empty array takes the script's own
// --array line. It returns each task's output and exit code.
func sbatch(t *testing.T, root, array string, extra ...string) (outs []string, codes []int) {
	t.Helper()
	script := read(t, slurmScript)
	if array == "" {
		array = sbatchDirective(t, script, "array")
	}
	cpus := sbatchDirective(t, script, "cpus-per-task")
	spool := filepath.Join(t.TempDir(), "slurm_script")
	if err := os.WriteFile(spool, script, 0o755); err != nil {
		t.Fatal(err)
	}
	tasks := arrayTasks(t, array)
	for _, task := range tasks {
		env := append([]string{
			"SLURM_ARRAY_JOB_ID=7", fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", task),
			fmt.Sprintf("SLURM_ARRAY_TASK_COUNT=%d", len(tasks)),
			fmt.Sprintf("SLURM_ARRAY_TASK_MIN=%d", tasks[0]), fmt.Sprintf("SLURM_ARRAY_TASK_MAX=%d", tasks[len(tasks)-1]),
			"SLURM_CPUS_PER_TASK=" + cpus, "SLURM_SUBMIT_DIR=" + root,
		}, extra...)
		out, code := shell(t, root, env, "bash", spool)
		outs, codes = append(outs, out), append(codes, code)
	}
	return outs, codes
}

// k8sJob is the part of a Kubernetes batch/v1 Job that the test reads.
type k8sJob struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Spec       struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Parallelism    int    `yaml:"parallelism"`
		Template       struct {
			Spec struct {
				RestartPolicy string `yaml:"restartPolicy"`
				Containers    []struct {
					Name       string   `yaml:"name"`
					WorkingDir string   `yaml:"workingDir"`
					Command    []string `yaml:"command"`
					Args       []string `yaml:"args"`
					Env        []struct {
						Name  string `yaml:"name"`
						Value string `yaml:"value"`
					} `yaml:"env"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// loadK8sJob decodes jobs/k8s-job.yaml and checks what the sweep relies on: an
// indexed Job with one container whose SHARDS equals completions.
func loadK8sJob(t *testing.T) *k8sJob {
	t.Helper()
	var job k8sJob
	if err := yaml.Unmarshal(read(t, k8sJobFile), &job); err != nil {
		t.Fatalf("%s: %v", k8sJobFile, err)
	}
	s := job.Spec
	if job.APIVersion != "batch/v1" || job.Kind != "Job" || s.CompletionMode != "Indexed" {
		t.Fatalf("%s: %s %s with completionMode %q, want a batch/v1 Job, Indexed", k8sJobFile, job.APIVersion, job.Kind, s.CompletionMode)
	}
	if s.Completions < 1 || len(s.Template.Spec.Containers) != 1 || len(s.Template.Spec.Containers[0].Command) == 0 {
		t.Fatalf("%s: completions %d, %d containers: want ≥ 1 completion and one container with a command", k8sJobFile, s.Completions, len(s.Template.Spec.Containers))
	}
	shards := ""
	for _, e := range s.Template.Spec.Containers[0].Env {
		if e.Name == "SHARDS" {
			shards = e.Value
		}
	}
	if shards != strconv.Itoa(s.Completions) {
		t.Fatalf("%s: SHARDS = %q but completions = %d: the shard count must be the number of indexes", k8sJobFile, shards, s.Completions)
	}
	return &job
}

// kubectlApply runs the Job's command in root (its workingDir) for every index, with
// the container's env and JOB_COMPLETION_INDEX, as the indexed Job's pods would, and
// returns each pod's output and exit code.
func kubectlApply(t *testing.T, root string, job *k8sJob) (outs []string, codes []int) {
	t.Helper()
	c := job.Spec.Template.Spec.Containers[0]
	var env []string
	for _, e := range c.Env {
		env = append(env, e.Name+"="+e.Value)
	}
	for i := range job.Spec.Completions {
		out, code := shell(t, root, append(env, fmt.Sprintf("JOB_COMPLETION_INDEX=%d", i)), c.Command[0], append(c.Command[1:], c.Args...)...)
		outs, codes = append(outs, out), append(codes, code)
	}
	return outs, codes
}

// checkMerged merges the shard folders dir/shard-* with the sweep command and checks
// that the merged results.csv is byte-identical to that of ref (the sweep on one
// machine).
func checkMerged(t *testing.T, dir, ref string) {
	t.Helper()
	shards, err := filepath.Glob(filepath.Join(dir, "shard-*"))
	if err != nil || len(shards) == 0 {
		t.Fatalf("no shard folders in %s (%v)", dir, err)
	}
	merged := filepath.Join(dir, "merged")
	sweepCmd(t, append([]string{"merge", "-out", merged}, shards...)...)
	want := read(t, filepath.Join(ref, grid.ResultsFile))
	if !bytes.Equal(read(t, filepath.Join(merged, grid.ResultsFile)), want) {
		t.Errorf("merge of %d shards in %s: results.csv differs from the one-machine run's", len(shards), dir)
	}
}

// TestK8sJobFile: every index of the committed Kubernetes Job, its command run by sh
// with JOB_COMPLETION_INDEX, gives a shard; their merge is byte-identical to the same
// sweep on one machine. The grid the Job names is replaced by testdata/tiny-grid.json
// (20 cells); TestReadmeCommands runs it on the real grid (cut to test size).
func TestK8sJobFile(t *testing.T) {
	job := loadK8sJob(t)
	root := fakeRepo(t, false)
	for dst, src := range map[string]string{"sc-alpha-beta.json": "tiny-grid.json", "tiny.json": "tiny.json"} {
		if err := os.WriteFile(filepath.Join(root, "notebooks/sweep/studies", dst), read(t, filepath.Join("testdata", src)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	outs, codes := kubectlApply(t, root, job)
	for i, code := range codes {
		if code != 0 || !strings.Contains(outs[i], fmt.Sprintf("20 cells; shard %d/%d", i, job.Spec.Completions)) {
			t.Fatalf("index %d: exit code %d, output:\n%s\nwant shard %d/%d", i, code, outs[i], i, job.Spec.Completions)
		}
	}
	ref := filepath.Join(root, "one-machine")
	sweepCmd(t, "-grid", filepath.Join(root, "notebooks/sweep/studies/sc-alpha-beta.json"), "-out", ref)
	checkMerged(t, filepath.Join(root, "notebooks/sweep/out/k8s"), ref)
}

// TestSlurmScript: the committed script, run as the tasks of `sbatch slurm.sbatch`
// and then as `sbatch --array=2 slurm.sbatch` (Slurm sets SLURM_ARRAY_TASK_COUNT = 1)
// after task 2 lost half its cells, runs shard 2 of 4 again, skips its finished
// cells, and the merge is byte-identical to the sweep on one machine. The grid is
// testdata/tiny-grid.json (SWEEP_GRID).
func TestSlurmScript(t *testing.T) {
	root := fakeRepo(t, false)
	out := filepath.Join(root, "out")
	env := []string{"SWEEP_GRID=notebooks/sweep/testdata/tiny-grid.json", "SWEEP_OUT=" + out}
	outs, codes := sbatch(t, root, "", env...)
	if len(codes) != 4 {
		t.Fatalf("the script's --array line gives %d tasks, want 4 (0-3, as the README says)", len(codes))
	}
	for i, code := range codes {
		if code != 0 || !strings.Contains(outs[i], fmt.Sprintf("shard %d/4: 5 cells, 0 already done, 5 ran", i)) {
			t.Fatalf("task %d: exit code %d, output:\n%s\nwant shard %d/4 of the 20 cells run", i, code, outs[i], i)
		}
	}
	cells, err := filepath.Glob(filepath.Join(out, "shard-2", "cells", "*.json"))
	if err != nil || len(cells) != 5 {
		t.Fatalf("shard-2 holds %d cell files (%v), want 5", len(cells), err)
	}
	for _, c := range cells[:2] { // as if the task had been cut short after 3 cells
		if err := os.Remove(c); err != nil {
			t.Fatal(err)
		}
	}
	outs, codes = sbatch(t, root, "2", env...)
	if codes[0] != 0 || !strings.Contains(outs[0], "shard 2/4: 5 cells, 3 already done, 2 ran") {
		t.Errorf("sbatch --array=2: exit code %d, output:\n%s\nwant shard 2/4 resumed: 3 already done, 2 ran", codes[0], outs[0])
	}
	ref := filepath.Join(root, "one-machine")
	sweepCmd(t, "-grid", filepath.Join(root, "notebooks/sweep/testdata/tiny-grid.json"), "-out", ref)
	checkMerged(t, out, ref)
}

// TestJobFilesRefuse: the job files refuse to run without the program built (naming
// the build command), the Slurm script refuses an array longer than its --array line
// and a run outside sbatch; none of them writes a folder.
func TestJobFilesRefuse(t *testing.T) {
	root := fakeRepo(t, true)
	out := filepath.Join(root, "out")
	env := []string{"SWEEP_GRID=notebooks/sweep/testdata/tiny-grid.json", "SWEEP_OUT=" + out}
	check := func(what, output string, code int, want string) {
		t.Helper()
		if code != 2 || !strings.Contains(output, want) {
			t.Errorf("%s: exit code %d, output:\n%s\nwant exit code 2 and %q", what, code, output, want)
		}
	}
	outs, codes := sbatch(t, root, "1", env...)
	check("Slurm task without the program", outs[0], codes[0], "no program at "+programPath+" (in "+root+"): build it once before sbatch, from the repository's root: go build -o "+programPath+" ./notebooks/sweep")
	outs, codes = kubectlApply(t, root, loadK8sJob(t))
	check("Kubernetes pod without the program", outs[0], codes[0], "no program at "+programPath+" in "+root+": build it once before kubectl apply: CGO_ENABLED=0 go build -o "+programPath+" ./notebooks/sweep")

	buildProgram(t, root)
	outs, codes = sbatch(t, root, "0-7", env...)
	check("sbatch --array=0-7", outs[7], codes[7], "this array runs up to task 7, but the script's '#SBATCH --array=0-3' makes 4 shards: to change the number of shards, edit that line")
	if codes[0] != 2 {
		t.Errorf("sbatch --array=0-7: task 0 exit code %d, want 2: no task of a mis-sized array may run a shard", codes[0])
	}
	o, code := shell(t, root, env, "bash", mustAbs(t, slurmScript))
	check("bash slurm.sbatch", o, code, "SLURM_ARRAY_TASK_ID is not set: submit with sbatch")

	edited := filepath.Join(t.TempDir(), "slurm_script")
	bad := regexp.MustCompile(`(?m)^#SBATCH --array=.*$`).ReplaceAll(read(t, slurmScript), []byte("#SBATCH --array=1,3"))
	if err := os.WriteFile(edited, bad, 0o755); err != nil {
		t.Fatal(err)
	}
	o, code = shell(t, root, append(env, "SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MAX=3"), "bash", edited)
	check("--array=1,3 in the script", o, code, "needs exactly one line '#SBATCH --array=0-N'")
	for _, d := range []string{out, filepath.Join(root, "notebooks/sweep/out/k8s")} {
		if _, err := os.Stat(d); !os.IsNotExist(err) {
			t.Errorf("a refused job created %s (%v)", d, err)
		}
	}
}

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
