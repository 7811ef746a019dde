package progkit

import "github.com/hostile-lab/hostile/simhost/shell"

// UtilLinuxVersion is --version of a util-linux program: "mesg from
// util-linux 2.38.1".
func UtilLinuxVersion(p *shell.Proc) int {
	p.Printf("%s from util-linux %s\n", p.Name(), p.M.P.Version("util-linux"))
	return 0
}
