// Package commands holds the emulated programs of the simulated host: each a Go
// function registered by name with the shell, answering with the real tool's
// options, output, messages and exit codes for the host's personality. Importing
// it makes them available; nothing here runs a real program or touches a real file.
//
// The programs live in one package per family, each registering its own with
// shell.Register (or shell.RegisterBuiltin) when imported. This package is the
// one place that knows them all: it imports every family, so a host that
// imports commands has every program. A new family is added here.
// What more than one family needs (the option parser, coreutils' quoting and
// version rules, strftime...) is in internal/progkit.
package commands

import (
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/accounts"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/archive"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/builtins"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/files"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/network"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/packages"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/privilege"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/storage"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/system"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/text"
	_ "github.com/hostile-lab/hostile/simhost/internal/commands/transfer"
)
