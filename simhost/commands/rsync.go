package commands

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hostile-lab/hostile/simhost/shell"
)

func init() {
	shell.Register(shell.Command{Name: "rsync", Only: "gnu", ShortName: true, Run: rsync})
}

// rsyncBanners are `rsync --version` as each personality's package prints it.
var rsyncBanners = map[string]string{
	"debian12": `rsync  version 3.2.7  protocol version 32
Copyright (C) 1996-2022 by Andrew Tridgell, Wayne Davison, and others.
Web site: https://rsync.samba.org/
Capabilities:
    64-bit files, 64-bit inums, 64-bit timestamps, 64-bit long ints,
    socketpairs, symlinks, symtimes, hardlinks, hardlink-specials,
    hardlink-symlinks, IPv6, atimes, batchfiles, inplace, append, ACLs,
    xattrs, optional secluded-args, iconv, prealloc, stop-at, no crtimes
Optimizations:
    SIMD-roll, no asm-roll, openssl-crypto, no asm-MD5
Checksum list:
    xxh128 xxh3 xxh64 (xxhash) md5 md4 sha1 none
Compress list:
    zstd lz4 zlibx zlib none
Daemon auth list:
    sha512 sha256 sha1 md5 md4
`,
	"debian11": `rsync  version 3.2.3  protocol version 31
Copyright (C) 1996-2020 by Andrew Tridgell, Wayne Davison, and others.
Web site: https://rsync.samba.org/
Capabilities:
    64-bit files, 64-bit inums, 64-bit timestamps, 64-bit long ints,
    socketpairs, hardlinks, hardlink-specials, symlinks, IPv6, atimes,
    batchfiles, inplace, append, ACLs, xattrs, optional protect-args, iconv,
    symtimes, prealloc, stop-at, no crtimes
Optimizations:
    SIMD, asm, openssl-crypto
Checksum list:
    xxh128 xxh3 xxh64 (xxhash) md5 md4 none
Compress list:
    zstd lz4 zlibx zlib none
`,
	"rhel7": `rsync  version 3.1.2  protocol version 31
Copyright (C) 1996-2015 by Andrew Tridgell, Wayne Davison, and others.
Web site: http://rsync.samba.org/
Capabilities:
    64-bit files, 64-bit inums, 64-bit timestamps, 64-bit long ints,
    socketpairs, hardlinks, symlinks, IPv6, batchfiles, inplace,
    append, ACLs, xattrs, iconv, symtimes, prealloc
`,
}

const rsyncWarranty = `
rsync comes with ABSOLUTELY NO WARRANTY.  This is free software, and you
are welcome to redistribute it under certain conditions.  See the GNU
General Public Licence for details.
`

// rsync answers only `rsync --version` (or -V): the simulated host copies
// nothing, so `rsync --server` (a client's rsync -e ssh) says it is not
// emulated, and anything else is refused as a usage error, the way rsync
// refuses a command line it cannot run.
func rsync(p *shell.Proc) int {
	banner, ok := rsyncBanners[p.M.P.Name]
	if !ok {
		banner = rsyncBanners["debian12"]
	}
	version, _, _ := strings.Cut(strings.TrimPrefix(banner, "rsync  version "), " ")
	if slices.Contains(p.Args(), "--version") || slices.Contains(p.Args(), "-V") {
		p.Printf("%s%s", banner, rsyncWarranty)
		return 0
	}
	if slices.Contains(p.Args(), "--server") {
		// What a client started over ssh (rsync -e ssh) reaches: say plainly
		// that the transfer is not emulated, before the client's own "connection
		// unexpectedly closed".
		fmt.Fprintf(p.Stderr, "rsync: the simulated host does not emulate rsync's transfer protocol (rsync --server)\n")
		fmt.Fprintf(p.Stderr, "rsync error: error in rsync protocol data stream (code 12) at io.c(228) [Receiver=%s]\n", version)
		return 12
	}
	fmt.Fprintf(p.Stderr, "rsync error: syntax or usage error (code 1) at main.c(%d) [client=%s]\n", rsyncUsageLine[version], version)
	return 1
}

// rsyncUsageLine is where each version's main.c reports a usage error.
var rsyncUsageLine = map[string]int{"3.2.7": 1795, "3.2.3": 1732, "3.1.2": 1569}
