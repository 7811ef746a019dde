package shell

import (
	"strings"
	"sync"

	"mvdan.cc/sh/v3/syntax"
)

// Every session sources the same few rc files (/etc/bash.bashrc, the skeleton
// ~/.bashrc), and before running them the shell looks into each for builtins
// that read stdin (fileReadsStdin): parsing the same text again for every
// session was the largest cost of an exec session after the SSH handshake's
// crypto (pprof of hostile bench's commands). A parsed file is only walked
// there, never run or changed, so one parse per distinct text serves all
// sessions of the process.
var parsedRC = struct {
	sync.Mutex
	files map[string]parsedText
}{files: map[string]parsedText{}}

type parsedText struct {
	file *syntax.File
	err  error
}

// Bounds: rc files are small and few; anything else is parsed each time.
const (
	parseCacheMaxText  = 64 << 10
	parseCacheMaxFiles = 256
)

// parseForWalk parses text for syntax.Walk only: the result is shared.
func parseForWalk(text string) (*syntax.File, error) {
	if len(text) > parseCacheMaxText {
		return syntax.NewParser().Parse(strings.NewReader(text), "")
	}
	parsedRC.Lock()
	p, ok := parsedRC.files[text]
	parsedRC.Unlock()
	if ok {
		return p.file, p.err
	}
	file, err := syntax.NewParser().Parse(strings.NewReader(text), "")
	parsedRC.Lock()
	if len(parsedRC.files) >= parseCacheMaxFiles {
		clear(parsedRC.files)
	}
	parsedRC.files[text] = parsedText{file, err}
	parsedRC.Unlock()
	return file, err
}
