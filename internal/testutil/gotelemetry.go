package testutil

import (
	"os"
	"path/filepath"
	"testing"
)

// GoTelemetryOff is for a test that runs the go command with HOME set to a temporary
// folder. It points the go command's configuration folder (os.UserConfigDir, through
// XDG_CONFIG_HOME; on Linux and the BSDs) at a fresh temporary folder holding
// go/telemetry/mode = "off". Otherwise the go command keeps its telemetry counters under
// $HOME/.config/go/telemetry, and may still be writing them (it can leave a child
// process behind) when the test's temporary HOME is removed, which then fails with
// "directory not empty".
func GoTelemetryOff(t testing.TB) {
	t.Helper()
	config := t.TempDir()
	dir := filepath.Join(config, "go", "telemetry")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "mode"), []byte("off"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", config)
}
