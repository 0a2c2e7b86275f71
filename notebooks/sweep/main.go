package main

import (
	"io"

	"github.com/infonce-lab/infonce-lab/internal/runfolder"
)

func main() {
	runfolder.Main("sweep: ", func(args []string, stdout, stderr io.Writer) error {
		return runfolder.Run(args, stdout, stderr, run)
	})
}
