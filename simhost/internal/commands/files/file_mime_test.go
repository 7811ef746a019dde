package files_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// Captured from hostile-os:bookworm and bullseye as ops (stderr merged), by a
// script that ran each entry's text in both containers.
var _ = DescribeTable("file's MIME types", MergedOnDebian12And11(nil),
	Entry("file -i, --mime-type, --mime-encoding: libmagic's types and charsets; devices by their numbers", `printf '#!/bin/bash\necho\n' > s; printf '#!/usr/bin/env python3\n' > py; printf '#!/usr/bin/perl\n' > pl; printf 'caf\xc3\xa9\n' > u8; printf 'caf\xe9\n' > l1; printf '\x00\x01\x02' > bin; : > e; echo x | gzip > g.gz; ln -s s ls; ln -s none dl; echo s > np; chmod 000 np; file -i s py pl u8 l1 bin e g.gz ls dl np /dev/null /tmp /usr/bin/ls none; file -L -i ls; file --mime-type s /tmp; file --mime-encoding -b u8 l1 bin; file -b --mime s; file -bi e; file /dev/null /dev/tty`,
		"s:           text/x-shellscript; charset=us-ascii\npy:          text/x-script.python; charset=us-ascii\npl:          text/x-perl; charset=us-ascii\nu8:          text/plain; charset=utf-8\nl1:          text/plain; charset=iso-8859-1\nbin:         application/octet-stream; charset=binary\ne:           inode/x-empty; charset=binary\ng.gz:        application/gzip; charset=binary\nls:          inode/symlink; charset=binary\ndl:          inode/symlink\nnp:          regular file, no read permission\n/dev/null:   inode/chardevice; charset=binary\n/tmp:        inode/directory; charset=binary\n/usr/bin/ls: application/x-pie-executable; charset=binary\nnone:        cannot open `none' (No such file or directory)\nls: text/x-shellscript; charset=us-ascii\ns:    text/x-shellscript\n/tmp: inode/directory\nutf-8\niso-8859-1\nbinary\ntext/x-shellscript; charset=us-ascii\ninode/x-empty; charset=binary\n/dev/null: character special (1/3)\n/dev/tty:  character special (5/0)\n",
		""),
)
