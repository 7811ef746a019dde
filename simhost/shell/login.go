package shell

import "github.com/hostile-lab/hostile/simhost/machine"

// LoginUser is the account the SSH session logged in as, whoever the command
// runs as now (under sudo or su): what PAM's loginuid records, and what
// logname and who am i report.
func (p *Proc) LoginUser() *machine.Account { return p.sess.opts.User }
