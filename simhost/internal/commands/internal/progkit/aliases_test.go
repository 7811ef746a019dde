package progkit_test

import "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"

// The test kit's helpers under their names before the split, until the specs
// use the kit's names.
type result = progtest.Result

var (
	newHost       = progtest.NewHost
	run           = progtest.Run
	runTTY        = progtest.RunTTY
	runBackground = progtest.RunBackground
	fsFile        = progtest.SeedFile
	fsDir         = progtest.SeedDir
	fsLink        = progtest.SeedLink
	fsAge         = progtest.SetTimes
	fsExists      = progtest.Exists
	fsContent     = progtest.Content
	txtFile       = progtest.SeedOpsFile
	txtHost       = progtest.HostWithFiles
	privSudoers   = progtest.SeedSudoers
	withLimits    = progtest.WithLimits
)
