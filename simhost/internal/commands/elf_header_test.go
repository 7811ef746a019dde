package commands_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// The ELF header of the system's programs and libraries, whose content is
// otherwise left out of the captured base: installers read it to tell the
// architecture (rustup-init.sh's get_bitness and is_host_amd64_elf read
// /proc/self/exe with head -c; others use od). Captured from the hostile-os
// containers (exec 2>&1, as ops, from ops's home).
var _ = DescribeTable("the ELF header of the installed programs", MergedOnDebian12And11(nil),
	Entry(nil, `od -An -t x1 -N 64 /usr/bin/dash`, " 7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00\n 03 00 3e 00 01 00 00 00 60 47 00 00 00 00 00 00\n 40 00 00 00 00 00 00 00 88 e3 01 00 00 00 00 00\n 00 00 00 00 40 00 38 00 0d 00 40 00 1d 00 1c 00\n", " 7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00\n 03 00 3e 00 01 00 00 00 70 47 00 00 00 00 00 00\n 40 00 00 00 00 00 00 00 78 e3 01 00 00 00 00 00\n 00 00 00 00 40 00 38 00 0b 00 40 00 1c 00 1b 00\n"),
	Entry(nil, `head -c 20 /proc/self/exe | od -An -t x1`, " 7f 45 4c 46 02 01 01 00 00 00 00 00 00 00 00 00\n 03 00 3e 00\n", ""),
	Entry(nil, `_h=$(head -c 5 /proc/self/exe); [ "$_h" = "$(printf '\177ELF\002')" ] && echo 64; [ "$(head -c 19 /proc/self/exe | tail -c 1)" = "$(printf '\076')" ] && echo amd64`, "64\namd64\n", ""),
	Entry(nil, `head -c 4 /usr/sbin/sshd | od -c; cmp -n 64 /usr/bin/ls /usr/bin/dir && echo same`, "0000000 177   E   L   F\n0000004\nsame\n", ""),
	Entry(nil, `od -An -t x2 -j 16 -N 4 /usr/lib/x86_64-linux-gnu/libz.so.1`, " 0003 003e\n", ""),
)
