package system

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// renice and ionice (util-linux), with which backup and CI jobs lower their
// weight ("ionice -c3 nice -n19 CMD"), and dnsdomainname (hostname -d).
// The host keeps each process's niceness (machine.ProcTable); I/O classes
// have no effect on an in-memory disk, so ionice runs its command as asked
// and reports every process as the kernel's default, none.
func init() {
	shell.Register(shell.Command{Name: "renice", Only: "gnu", ShortName: true, Run: reniceCmd})
	shell.Register(shell.Command{Name: "ionice", Only: "gnu", ShortName: true, Run: ioniceCmd})
	shell.Register(shell.Command{Name: "dnsdomainname", Only: "gnu", Run: func(p *shell.Proc) int {
		p.Argv = append([]string{p.Argv[0], "-d"}, p.Args()...)
		return hostnameCmd(p)
	}})
}

func reniceCmd(p *shell.Proc) int {
	args := p.Args()
	if len(args) == 0 {
		p.Errorf("not enough arguments")
		fmt.Fprintf(p.Stderr, "Try 'renice --help' for more information.\n")
		return 1
	}
	// renice [-n] PRIORITY [-p|-g|-u] ID...: the old form gives the priority first
	if args[0] == "-n" || args[0] == "--priority" || args[0] == "--relative" {
		args = args[1:]
	}
	if len(args) < 2 {
		p.Errorf("not enough arguments")
		fmt.Fprintf(p.Stderr, "Try 'renice --help' for more information.\n")
		return 1
	}
	prio, err := strconv.Atoi(args[0])
	if err != nil {
		return p.Fail(1, "invalid priority '%s'", args[0])
	}
	status := 0
	for _, a := range args[1:] {
		switch a {
		case "-p", "--pid":
			continue
		case "-g", "--pgrp", "-u", "--user":
			p.NotEmulated("renice of a process group or a user's processes")
			return 0
		}
		pid, err := strconv.Atoi(a)
		if err != nil {
			p.Errorf("bad process ID value: %s", a)
			status = 1
			continue
		}
		pr, ok := p.M.Procs.Get(pid)
		if !ok {
			p.Errorf("failed to get priority for %d (process ID): No such process", pid)
			status = 1
			continue
		}
		old := p.M.Procs.Nice(pid)
		prio = min(max(prio, -20), 19)
		switch {
		case p.Cred().UID != 0 && pr.UID != p.Cred().UID:
			p.Errorf("failed to set priority for %d (process ID): Operation not permitted", pid)
			status = 1
			continue
		case p.Cred().UID != 0 && prio < old:
			p.Errorf("failed to set priority for %d (process ID): Permission denied", pid)
			status = 1
			continue
		}
		p.M.Procs.SetNice(pid, prio)
		p.Printf("%d (process ID) old priority %d, new priority %d\n", pid, old, prio)
	}
	return status
}

func ioniceCmd(p *shell.Proc) int {
	g := progkit.Getopt{Short: "+c:n:p:P:u:th", Long: []string{"class:=c", "classdata:=n", "pid:=p", "pgid:=P",
		"uid:=u", "ignore=t", "help=h"}}
	c, code, ok := g.Parse(p, p.Args())
	if !ok {
		return code
	}
	class, hasClass := c.Value("c")
	if hasClass {
		names := map[string]string{"0": "none", "1": "realtime", "2": "best-effort", "3": "idle"}
		name := names[class]
		for _, n := range names {
			if strings.EqualFold(class, n) {
				name = n
			}
		}
		if name == "" {
			// a warning; the kernel then refuses the class
			p.Errorf("unknown prio class %s", class)
		}
		if (name == "" || name == "realtime" && p.Cred().UID != 0) && !c.Has("t") {
			// realtime is CAP_SYS_ADMIN's, or CAP_SYS_NICE's
			return p.Fail(1, "ioprio_set failed: Operation not permitted")
		}
	}
	if data, ok := c.Value("n"); ok {
		// a level past 7 the kernel takes for its last, quietly
		if _, err := strconv.Atoi(data); err != nil {
			return p.Fail(1, "invalid class data argument: '%s'", data)
		}
	}
	pids := c.All("p")
	if len(pids) > 0 || c.Has("P", "u") {
		if hasClass {
			p.NotEmulated("ionice of a running process")
			return 0
		}
		for _, pid := range pids {
			if n, err := strconv.Atoi(pid); err != nil {
				return p.Fail(1, "invalid PID argument: '%s'", pid)
			} else if _, ok := p.M.Procs.Get(n); !ok {
				return p.Fail(1, "ioprio_get failed: No such process")
			}
			if len(pids) > 1 {
				p.Printf("%s: ", pid)
			}
			p.Printf("none: prio 0\n")
		}
		return 0
	}
	if len(c.Operands) == 0 {
		p.Printf("none: prio 0\n") // ionice's own class
		return 0
	}
	status, err := sysExec(p, p.Env, c.Operands, p.Stdin)
	if err != nil {
		p.Errorf("failed to execute %s: %s", c.Operands[0], p.Strerror(sysExecErrno(err)))
		return 127
	}
	return status
}
