// Patched for hostile (see ../PATCHES.md, row 24): bash's job table in a
// shell without job control (a script, bash -c): job numbers, the %specs
// wait, jobs, disown and the host's kill take, and the jobs listing, so that
// `sleep 9 & kill %1` and `jobs -p` do what they do on a real host.

package interp

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// nextJobNumber is the number bash gives a new job: one more than the
// highest in the table, 1 in an empty one.
func (r *Runner) nextJobNumber() int {
	n := 0
	for _, bg := range r.bgProcs {
		if bg.end != nil && bg.end.num > n && !r.sandbox.waited[bg.done] {
			n = bg.end.num
		}
	}
	return n + 1
}

// jobTable is the table as bash's next command finds it, in the order the
// jobs started (their numbers ascending). With notify, for jobs' listing, a
// job a signal ended is told (reportJob) and forgotten, as bash's
// notification between commands does; a spec still finds it (kill %1;
// wait %1 gives 143, whichever ran first).
func (r *Runner) jobTable(notify bool) []bgProc {
	table := slices.Clone(r.sandbox.parentJobs)
	for _, bg := range r.bgProcs {
		if bg.end == nil || bg.end.num == 0 || r.sandbox.waited[bg.done] {
			continue
		}
		if notify && ended(bg) && bg.end.signal != 0 {
			r.reportJob(bg, true)
			r.markWaited(bg)
			continue
		}
		table = append(table, bg)
	}
	return table
}

// liveJobs are the jobs a subshell forked now inherits: the table as it
// stands, without telling anything.
func (r *Runner) liveJobs() []bgProc {
	live := slices.Clone(r.sandbox.parentJobs)
	for _, bg := range r.bgProcs {
		if bg.end != nil && bg.end.num != 0 && !r.sandbox.waited[bg.done] {
			live = append(live, bg)
		}
	}
	return live
}

func ended(bg bgProc) bool {
	select {
	case <-bg.done:
		return true
	default:
		return false
	}
}

// jobBySpec finds the job a %spec names, as bash's get_job_spec reads it:
// %%, %+ and % the current (newest) job, %- the previous, %N by number,
// %?text the one whose command has text, %text the one it starts with. A
// spec that names none gets bash's message; one that names several (by text)
// says so, which jobs follows with its own no such job.
func (r *Runner) jobBySpec(spec string) (bgProc, []string) {
	table := r.jobTable(false)
	noSuch := []string{spec + ": no such job"}
	s := strings.TrimPrefix(spec, "%")
	pick := func(i int) (bgProc, []string) {
		if i < 0 || i >= len(table) {
			return bgProc{}, noSuch
		}
		return table[i], nil
	}
	switch {
	case s == "" || s == "%" || s == "+":
		return pick(len(table) - 1)
	case s == "-":
		return pick(len(table) - 2)
	}
	if n, err := strconv.Atoi(s); err == nil {
		for _, bg := range table {
			if bg.end.num == n {
				return bg, nil
			}
		}
		return bgProc{}, noSuch
	}
	var found []bgProc
	text, contains := strings.CutPrefix(s, "?")
	for _, bg := range table {
		if contains && strings.Contains(bg.end.text, text) || !contains && strings.HasPrefix(bg.end.text, text) {
			found = append(found, bg)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return bgProc{}, noSuch
	}
	return bgProc{}, []string{text + ": ambiguous job spec"}
}

// JobPID is the process of the job a %spec names, for the host's kill; the
// messages say why there is none.
func (r *Runner) JobPID(spec string) (int, []string) {
	bg, msgs := r.jobBySpec(spec)
	return bg.pid, msgs
}

// jobLine is a job as `jobs` lists it: its number, + for the current job and
// - for the previous, its state in 24 columns (Running, Done, Exit N), and
// its command, with & while it runs; -l puts its process ID before the state.
func (r *Runner) jobLine(bg bgProc, mark byte, long bool) string {
	state, text := "Running", bg.end.text+" &"
	if ended(bg) {
		text = bg.end.text
		switch code := bg.exit.code; {
		case bg.end.signal != 0:
			state = signalDescription(bg.end.signal)
		case code == 0:
			state = "Done"
		default:
			state = "Exit " + strconv.Itoa(int(code))
		}
	}
	if long {
		return fmt.Sprintf("[%d]%c %5d %-24s%s\n", bg.end.num, mark, bg.pid, state, text)
	}
	return fmt.Sprintf("[%d]%c  %-24s%s\n", bg.end.num, mark, state, text)
}

// jobsBuiltin is bash's jobs: the table (or the jobs named), -l with process
// IDs, -p the IDs alone, -r running jobs, -s stopped ones (none: nothing
// stops without job control). A job listed as ended leaves the table.
func (r *Runner) jobsBuiltin(args []string) exitStatus {
	var exit exitStatus
	opts, specs, bad, missing := builtinGetopts(args, "lnprsx")
	if bad != "" || missing != "" {
		r.optUsage(&exit, "jobs", bad, missing, "[-lnprs] [jobspec ...] or jobs -x command [args]")
		return exit
	}
	var long, pids, running, stopped bool
	for _, o := range opts {
		switch o.flag {
		case 'l':
			long = true
		case 'p':
			pids = true
		case 'r':
			running = true
		case 's':
			stopped = true
		}
	}
	table := r.jobTable(true)
	list := func(bg bgProc) {
		done := ended(bg)
		if running && done || stopped {
			return
		}
		if pids {
			r.outf("%d\n", bg.pid)
		} else {
			mark := byte(' ')
			switch {
			case len(table) > 0 && table[len(table)-1].done == bg.done:
				mark = '+'
			case len(table) > 1 && table[len(table)-2].done == bg.done:
				mark = '-'
			}
			r.outf("%s", r.jobLine(bg, mark, long))
		}
		if done {
			r.markWaited(bg)
		}
	}
	if len(specs) == 0 {
		for _, bg := range table {
			list(bg)
		}
	}
	for _, spec := range specs {
		bg, msgs := r.jobBySpec(spec)
		if len(msgs) == 1 && strings.HasSuffix(msgs[0], ": ambiguous job spec") {
			msgs = append(msgs, spec+": no such job") // jobs says both
		}
		for _, msg := range msgs {
			r.builtinErr(&exit, 1, "jobs", msg, "")
		}
		if msgs == nil {
			list(bg)
		}
	}
	return exit
}

// disownBuiltin is bash's disown: the jobs named (the current one when none
// is, all with -a, the running ones with -r) leave the table; -h keeps them
// in it, which without job control changes nothing.
func (r *Runner) disownBuiltin(args []string) exitStatus {
	var exit exitStatus
	opts, specs, bad, missing := builtinGetopts(args, "ahr")
	if bad != "" || missing != "" {
		r.optUsage(&exit, "disown", bad, missing, "[-h] [-ar] [jobspec ... | pid ...]")
		return exit
	}
	var all, runningOnly, keep bool
	for _, o := range opts {
		switch o.flag {
		case 'a':
			all = true
		case 'r':
			runningOnly = true
		case 'h':
			keep = true
		}
	}
	var jobs []bgProc
	switch {
	case all || runningOnly && len(specs) == 0:
		for _, bg := range r.jobTable(false) {
			if !runningOnly || !ended(bg) {
				jobs = append(jobs, bg)
			}
		}
	case len(specs) == 0:
		bg, msgs := r.jobBySpec("%+")
		if msgs != nil {
			r.builtinErr(&exit, 1, "disown", "current: no such job", "")
			return exit
		}
		jobs = append(jobs, bg)
	default:
		for _, spec := range specs {
			var bg bgProc
			var msgs []string
			if strings.HasPrefix(spec, "%") {
				bg, msgs = r.jobBySpec(spec)
			} else if found, ok := r.bgProcByName(spec); ok && found.end != nil && !r.sandbox.waited[found.done] {
				bg = found
			} else {
				msgs = []string{spec + ": no such job"}
			}
			for _, msg := range msgs {
				r.builtinErr(&exit, 1, "disown", msg, "")
			}
			if msgs == nil {
				jobs = append(jobs, bg)
			}
		}
	}
	if !keep {
		for _, bg := range jobs {
			r.markWaited(bg)
		}
	}
	return exit
}
