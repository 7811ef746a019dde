// Package system emulates the tools that describe and control the host and
// its processes: uname, id, date, env, getent, ps, kill (program and builtin),
// pgrep, timeout, xargs, stty, tput, ldd and the inventory tools (lscpu, free,
// uptime, lsb_release, lsmod...).
package system
