package runfolder

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func TestManifestRoundTrip(t *testing.T) {
	m := NewManifest("run", "run", []string{"-steps", "3"})
	if m.GoVersion != runtime.Version() {
		t.Errorf("GoVersion %q, want %q", m.GoVersion, runtime.Version())
	}
	// A commit id is 40 hex digits; "unknown" when neither the build nor git knows.
	if ok, _ := regexp.MatchString(`^([0-9a-f]{40}|unknown)$`, m.GitRevision); !ok {
		t.Errorf("GitRevision %q is neither a commit id nor \"unknown\"", m.GitRevision)
	}
	if m.Start.IsZero() {
		t.Errorf("Start not set")
	}
	m.Seed = 7
	m.Config = json.RawMessage(`{"n":4}`)
	m.Finish(errors.New("interrupted"))
	if m.Complete || m.Error != "interrupted" || m.End.Before(m.Start) {
		t.Errorf("after Finish(error): complete=%v error=%q start=%v end=%v", m.Complete, m.Error, m.Start, m.End)
	}
	dir := t.TempDir()
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format", "notebook", "command", "args", "seed", "config", "git_revision", "go_version", "modules", "start", "end", "complete", "error"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("manifest.json lacks key %q:\n%s", k, raw)
		}
	}
	back, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if back.Seed != 7 || back.Complete || back.Error != "interrupted" || !jsonEqual(back.Config, m.Config) || !back.Start.Equal(m.Start) {
		t.Errorf("read back %+v, want the written manifest", back)
	}

	m.Finish(nil)
	if !m.Complete || m.Error != "" {
		t.Errorf("after Finish(nil): complete=%v error=%q", m.Complete, m.Error)
	}
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	if Interrupted(dir, "run") != nil {
		t.Errorf("a folder without a manifest is an interrupted run")
	}
	m := NewManifest("run", "run", []string{"-steps", "3"})
	m.Finish(errors.New("stopped"))
	if err := m.Write(dir); err != nil {
		t.Fatal(err)
	}
	if got := Interrupted(dir, "run"); got == nil || len(got.Args) != 2 || got.Args[1] != "3" {
		t.Errorf("Interrupted = %+v, want the stopped run's manifest", got)
	}
	if Interrupted(dir, "toy") != nil {
		t.Errorf("another notebook's run counts as interrupted")
	}
	m.Format = "other"
	m.Write(dir)
	if Interrupted(dir, "run") != nil {
		t.Errorf("a manifest of another format counts as interrupted")
	}
	m.Format = Format
	m.Finish(nil)
	m.Write(dir)
	if Interrupted(dir, "run") != nil {
		t.Errorf("a complete run counts as interrupted")
	}
}

// A test binary carries no vcs.revision, so NewManifest asks git in the module
// directory found from the working directory (this package's folder): its answer must
// be git's own, asked here independently.
func TestManifestGitRevisionFromGit(t *testing.T) {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				t.Skip("the test binary carries vcs.revision; git is not asked")
			}
		}
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("git cannot name HEAD here (%v); only \"unknown\" is possible", err)
	}
	status, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil {
		t.Skipf("git status fails here: %v", err)
	}
	m := NewManifest("run", "run", nil)
	if want := strings.TrimSpace(string(head)); m.GitRevision != want {
		t.Errorf("GitRevision %q, want git's HEAD %q", m.GitRevision, want)
	}
	if want := len(strings.TrimSpace(string(status))) > 0; m.GitModified != want {
		t.Errorf("GitModified %v, want %v (git status --porcelain: %q)", m.GitModified, want, status)
	}
}

// A manifest whose configuration is not JSON cannot be encoded: Write says so and
// leaves no manifest.json behind.
func TestManifestWriteRefusesInvalidConfig(t *testing.T) {
	m := NewManifest("run", "run", nil)
	m.Config = json.RawMessage(`{"n":`)
	dir := t.TempDir()
	if err := m.Write(dir); err == nil {
		t.Fatal("Write accepted a configuration that is not JSON")
	}
	assertOnly(t, dir)
}
