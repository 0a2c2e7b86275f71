// Package runfolder owns the folders the lab's commands write (every notebook and
// figures): atomic file writes, the run manifest, and the rule that decides which
// folders a command may write into and which files it may remove. It imports only the
// standard library, so every layer can use it.
//
// The file rule. Every file is written by WriteFileAtomic or WriteAtomic: the bytes go
// to a temporary file ".NAME.tmp-*" in the destination's directory, which is synced and
// renamed over the destination, and the directory is synced after the rename; a reader
// sees either no file or the whole file, never a prefix.
//
// The manifest. A run folder holds manifest.json with the format tag Format, the name
// of the notebook that owns the folder, the command and its arguments, the build
// (git revision, Go and module versions), start and end times, complete (true only
// after the last file was written) and, for every file the command wrote, its name
// (Files) and the hex SHA-256 of its bytes (SHA256). The manifest is rewritten, with
// complete=false, after every file, so a folder interrupted at any point lists what is
// in it.
//
// The ownership rule (Create). A command writes only into
//
//   - a folder that does not exist (it is created) or is empty;
//   - a run folder of its own notebook: its manifest has the format tag, the same
//     notebook, and a checksum for every file it lists.
//
// In a run folder of its own, a file is the command's own when the manifest lists it
// and the file's SHA-256 still equals the listed one, or when Options.Own claims its
// name (files whose content the notebook verifies itself, such as a sweep's cells);
// temporary files of an interrupted atomic write are ignored. Any other file is
// foreign: Create refuses the folder with an error that names the folder and the first
// foreign file (in lexical order), unless Options.Force is set. Without Options.Keep,
// Create then removes the own files of the earlier run, so that no old file can pass
// for a new result; nothing else is ever removed. Folder.Remove removes a file only
// when it is listed with a matching checksum. With Force, foreign files stay where
// they are; only a foreign file with the name of an output is replaced by that output.
//
// The metrics table (WriteMetricsCSV, Folder.WriteMetrics) is long format, one value
// per row:
//
//	step,metric,i,j,value
//
// with i = j = −1 for a scalar and j = −1 for a per-state vector. Values are printed
// in the shortest form that reads back exactly (strconv 'g', −1); NaN is "NaN". A
// per-replicate file is NAME itself for a single replicate and replicate-RRR/NAME for
// several; the result of an unfinished computation, when kept, goes under a name with
// ".incomplete" before the extension (metrics.incomplete.csv), never under the name a
// complete result would have (ReplicateFile).
package runfolder
