package simhost

import (
	"fmt"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// Reset brings the host back to its description's start while it keeps
// serving: the filesystem is rebuilt from the description (files written,
// removed or changed since are gone), the event log is emptied, and the
// active faults become specs, the scenario's own. Sessions still open keep
// running and see the fresh filesystem from their next operation on; a test
// that wants none closes its clients first. specs are checked before anything
// changes, so a bad spec leaves the host as it was.
func (h *Host) Reset(specs []faults.Spec) error {
	check := faults.NewSet(nil)
	for _, spec := range specs {
		if _, err := check.Add(spec); err != nil {
			return err
		}
	}
	fresh, err := machine.New(h.m.Desc, nil)
	if err != nil {
		return fmt.Errorf("host description: %w", err)
	}
	if err := shell.Install(fresh); err != nil {
		return err
	}
	if err := h.keys.writeFiles(fresh, fresh.P.SSH.KeyFiles); err != nil {
		return fmt.Errorf("host keys: %w", err)
	}
	h.m.FS.Become(fresh.FS)
	h.m.BecomeAccounts(fresh)
	h.faults.Reset()
	h.m.Log.Reset()
	for _, spec := range specs {
		if _, err := h.faults.Add(spec); err != nil {
			return err // checked above: cannot happen short of a fault type changing under us
		}
	}
	return nil
}
