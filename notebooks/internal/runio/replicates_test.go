package runio

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
	"github.com/infonce-lab/infonce-lab/simulate"
)

// TrainReplicates writes each finished replicate; in a folder resumed with Keep, a
// kept replicate is read back instead of trained, and the results and files equal an
// uninterrupted run's.
func TestTrainReplicatesResumes(t *testing.T) {
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	o := simulate.ReplicateOptions{Workers: 1}
	full, err := CreateFolder(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	want, err := full.TrainReplicates(context.Background(), cfg, 2, o, "test: train", &log)
	if err != nil || len(want) != 2 || want[0] == nil || want[1] == nil {
		t.Fatalf("uninterrupted: %v, %v", want, err)
	}
	// One note per replicate as its training ends and as it is written.
	for _, note := range []string{"replicate 0 trained; evaluating it", "replicate 1 trained; evaluating it",
		"replicate 0 finished: replicate-000/metrics.csv", "replicate 1 finished: replicate-001/metrics.csv"} {
		if c := strings.Count(log.String(), note); c != 1 {
			t.Errorf("%q printed %d times, want once:\n%s", note, c, log.String())
		}
	}

	// An interrupted run that finished replicate 0 only.
	dir := t.TempDir()
	first, err := CreateFolder(dir, runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.WriteResult(0, 2, want[0]); err != nil {
		t.Fatal(err)
	}
	first.Manifest.ConfigHash = "h"
	if err := first.Close(context.Canceled); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	if !Resumable(dir, "test", "h") || Resumable(dir, "test", "other") || Resumable(dir, "toy", "h") || Resumable(t.TempDir(), "test", "h") {
		t.Fatalf("Resumable: want true only for the same notebook and hash")
	}
	again, err := CreateFolder(dir, runfolder.Options{Notebook: "test", Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	got, err := again.TrainReplicates(context.Background(), cfg, 2, o, "test: train", &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr.String(), "replicate 0 finished in an earlier run") || strings.Contains(stderr.String(), "replicate 0 trained") {
		t.Errorf("replicate 0 was not kept:\n%s", stderr.String())
	}
	for rep := range 2 {
		name := runfolder.ReplicateFile(rep, 2, runfolder.MetricsFile, false)
		a, _ := os.ReadFile(filepath.Join(full.Dir, name))
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s of the resumed run differs from the uninterrupted run's (%v)", name, err)
		}
		if got[rep] == nil || got[rep].Replicate != rep || len(got[rep].Records) != len(want[rep].Records) {
			t.Errorf("result %d: %+v, want the uninterrupted run's", rep, got[rep])
		}
	}

	// A stopped run writes the interrupted replicates as incomplete and returns the
	// stop.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stop, err := CreateFolder(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stop.TrainReplicates(ctx, cfg, 2, o, "test: train", &bytes.Buffer{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: error %v, want context.Canceled", err)
	}

	// A kept file that does not read back is an error naming the resume.
	bad := t.TempDir()
	b1, _ := CreateFolder(bad, runfolder.Options{Notebook: "test"})
	b1.WriteFile(runfolder.ReplicateFile(0, 2, runfolder.MetricsFile, false), []byte("step,metric,i,j,value\n"))
	b1.Close(context.Canceled)
	b2, err := CreateFolder(bad, runfolder.Options{Notebook: "test", Keep: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b2.TrainReplicates(context.Background(), cfg, 2, o, "test: train", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "resuming") {
		t.Errorf("an unreadable kept replicate: error %v, want one about resuming", err)
	}
}

// A replicate that trains but cannot be written is an error of TrainReplicates, beside
// the results: a directory where replicate 1's metrics file goes makes the rename of
// that file fail (also for root).
func TestTrainReplicatesWriteError(t *testing.T) {
	cfg := tinyConfig(simulate.ModelConfig{Kind: simulate.ModelLogits})
	f, err := CreateFolder(t.TempDir(), runfolder.Options{Notebook: "test"})
	if err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(f.Dir, filepath.FromSlash(runfolder.ReplicateFile(1, 2, runfolder.MetricsFile, false)))
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	res, err := f.TrainReplicates(context.Background(), cfg, 2, simulate.ReplicateOptions{Workers: 1}, "test: train", &log)
	if err == nil {
		t.Errorf("TrainReplicates with replicate 1's metrics file blocked: no error")
	}
	if len(res) != 2 || res[0] == nil || res[1] == nil {
		t.Errorf("results %v, want both replicates trained", res)
	}
}
