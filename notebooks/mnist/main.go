package main

import "github.com/infonce-lab/infonce-lab/internal/runfolder"

func main() { runfolder.Main("", run) }
