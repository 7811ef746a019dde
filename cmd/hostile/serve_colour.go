package main

import (
	"io"
	"os"

	"golang.org/x/term"

	"github.com/hostile-lab/hostile/simhost/events"
)

// notEmulatedColour is the colour of a not-emulated event in serve's log
// (bold magenta): a line an engineer must not miss, since what follows it may
// not hold on a real host.
const notEmulatedColour = "\x1b[1;35m"

// colourOutput reports whether serve colours its log: on a terminal unless
// NO_COLOR is set, or anywhere when FORCE_COLOR is.
func colourOutput(w io.Writer) bool {
	if os.Getenv("FORCE_COLOR") != "" {
		return true
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// eventLine is an event's log line, coloured when it is a not-emulated one.
func eventLine(e events.Event, colour bool) string {
	if colour && e.Kind == events.NotEmulated {
		return notEmulatedColour + e.String() + "\x1b[0m"
	}
	return e.String()
}
