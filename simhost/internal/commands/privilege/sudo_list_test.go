package privilege_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// sudo -l, -ll and sudo's usage and help as products read them (Ansible's
// become checks, backup agents' privilege preflights): the scripts ran as
// root in the bookworm and bullseye containers (hostname db01, ops in group
// sudo), after the setup wrote /etc/sudoers.d/t; the bytes are sudo 1.9.13p3's
// and 1.9.5p2's.
var _ = Describe("sudo's listings", func() {
	DescribeTable("print as sudo prints them",
		func(setup, script, bookworm, bullseye string) {
			for personality, want := range map[string]string{"debian12": bookworm, "debian11": bullseye} {
				Expect(Run(NewHost(personality), "root", setup+"\nexec 2>&1\n"+script).Stdout).To(Equal(want), personality)
			}
		},
		Entry("the listing of a policy with bound Defaults, aliases, runas groups and tags: through a pipe, into a file wrapped at $COLUMNS (80 without), -ll's entries, and the user's own",
			`printf '%s\n' 'Defaults:ops !requiretty, env_keep+="LANG LC_ALL"' 'Defaults@db01 passwd_tries=5' 'Defaults!/bin/ls noexec' 'Defaults!SVC log_output' 'Defaults>root timestamp_timeout=5' 'Defaults>ADMINS, www-data !lecture' 'Runas_Alias ADMINS = root, daemon' 'Cmnd_Alias SVC = /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx' 'Cmnd_Alias SHELLS = /bin/sh, /bin/bash' 'ops ALL=(root) NOPASSWD: SVC, /usr/bin/apt-get update, !SHELLS' 'ops ALL=(ADMINS) SETENV: /usr/bin/id, (www-data : adm) NOEXEC: /usr/bin/less, /usr/bin/more' 'ops db01 = (: adm) /usr/bin/tail /var/log/syslog' 'ops otherhost = /bin/true' 'ops ALL = NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv' > /etc/sudoers.d/t; chmod 440 /etc/sudoers.d/t`,
			`echo "== pipe"; sudo -l -U ops | cat
echo "== file"; sudo -l -U ops > /tmp/f; cat /tmp/f
echo "== file 50"; COLUMNS=50 sudo -l -U ops > /tmp/f; cat /tmp/f
echo "== file 25"; COLUMNS=25 sudo -l -U ops > /tmp/f; cat /tmp/f
echo "== long pipe"; sudo -ll -U ops | cat
echo "== long file 40"; COLUMNS=40 sudo -l -l -U ops > /tmp/f; cat /tmp/f
echo "== self"; su ops -c 'echo ops | sudo -S -l 2>/dev/null | cat'
`,
			`== pipe
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) SETENV: NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== file
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    use_pty, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx
    log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl
        status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) SETENV: NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== file 50
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    use_pty, !requiretty, env_keep+="LANG
    LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data !lecture   
    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx,
    /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart
        nginx, /usr/bin/systemctl status nginx,
        /usr/bin/apt-get update, !/bin/sh,
        !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) SETENV: NOEXEC:
        /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env,
        PASSWD: /usr/bin/printenv
== file 25
Matching Defaults
    entries for ops on
    db01:
    env_reset,
    mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    use_pty,
    !requiretty,
    env_keep+="LANG
    LC_ALL",
    passwd_tries=5

Runas and
    Command-specific
    defaults for ops:
    Defaults>root
    timestamp_timeout=5
    Defaults>root,
    daemon, www-data
    !lecture   
    Defaults!/bin/ls
    noexec
   
    Defaults!/usr/bin/systemctl
    restart nginx,
    /usr/bin/systemctl
    status nginx
    log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) SETENV: NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== long pipe
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate
    Commands:
	/usr/bin/systemctl restart nginx
	/usr/bin/systemctl status nginx
	/usr/bin/apt-get update
	!/bin/sh
	!/bin/bash

Sudoers entry:
    RunAsUsers: root, daemon
    Options: setenv
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: www-data
    RunAsGroups: adm
    Options: setenv, noexec
    Commands:
	/usr/bin/less
	/usr/bin/more

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: adm
    Commands:
	/usr/bin/tail /var/log/syslog

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate, log_input
    Commands:
	/usr/bin/env

Sudoers entry:
    RunAsUsers: root
    Options: authenticate, log_input
    Commands:
	/usr/bin/printenv
== long file 40
Matching Defaults entries for ops on
    db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    use_pty, !requiretty,
    env_keep+="LANG LC_ALL",
    passwd_tries=5

Runas and Command-specific defaults for
    ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data
    !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart
    nginx, /usr/bin/systemctl status
    nginx log_output

User ops may run the following commands
        on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate
    Commands:
	/usr/bin/systemctl restart nginx
	/usr/bin/systemctl status nginx
	/usr/bin/apt-get update
	!/bin/sh
	!/bin/bash

Sudoers entry:
    RunAsUsers: root, daemon
    Options: setenv
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: www-data
    RunAsGroups: adm
    Options: setenv, noexec
    Commands:
	/usr/bin/less
	/usr/bin/more

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: adm
    Commands:
	/usr/bin/tail /var/log/syslog

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate, log_input
    Commands:
	/usr/bin/env

Sudoers entry:
    RunAsUsers: root
    Options: authenticate, log_input
    Commands:
	/usr/bin/printenv
== self
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon, www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) SETENV: NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
`,
			`== pipe
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== file
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx
    log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl
        status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== file 50
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    !requiretty, env_keep+="LANG LC_ALL",
    passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data !lecture   
    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx,
    /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart
        nginx, /usr/bin/systemctl status nginx,
        /usr/bin/apt-get update, !/bin/sh,
        !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) NOEXEC: /usr/bin/less,
        /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env,
        PASSWD: /usr/bin/printenv
== file 25
Matching Defaults
    entries for ops on
    db01:
    env_reset,
    mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    !requiretty,
    env_keep+="LANG
    LC_ALL",
    passwd_tries=5

Runas and
    Command-specific
    defaults for ops:
    Defaults>root
    timestamp_timeout=5
    Defaults>root,
    daemon ,www-data
    !lecture   
    Defaults!/bin/ls
    noexec
   
    Defaults!/usr/bin/systemctl
    restart nginx,
    /usr/bin/systemctl
    status nginx
    log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
== long pipe
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate
    Commands:
	/usr/bin/systemctl restart nginx
	/usr/bin/systemctl status nginx
	/usr/bin/apt-get update
	!/bin/sh
	!/bin/bash

Sudoers entry:
    RunAsUsers: root, daemon
    Options: setenv
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: www-data
    RunAsGroups: adm
    Options: setenv, noexec
    Commands:
	/usr/bin/less
	/usr/bin/more

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: adm
    Commands:
	/usr/bin/tail /var/log/syslog

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate, log_input
    Commands:
	/usr/bin/env

Sudoers entry:
    RunAsUsers: root
    Options: authenticate, log_input
    Commands:
	/usr/bin/printenv
== long file 40
Matching Defaults entries for ops on
    db01:
    env_reset, mail_badpass,
    secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin,
    !requiretty, env_keep+="LANG
    LC_ALL", passwd_tries=5

Runas and Command-specific defaults for
    ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data
    !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart
    nginx, /usr/bin/systemctl status
    nginx log_output

User ops may run the following commands
        on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate
    Commands:
	/usr/bin/systemctl restart nginx
	/usr/bin/systemctl status nginx
	/usr/bin/apt-get update
	!/bin/sh
	!/bin/bash

Sudoers entry:
    RunAsUsers: root, daemon
    Options: setenv
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: www-data
    RunAsGroups: adm
    Options: setenv, noexec
    Commands:
	/usr/bin/less
	/usr/bin/more

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: adm
    Commands:
	/usr/bin/tail /var/log/syslog

Sudoers entry:
    RunAsUsers: root
    Options: !authenticate, log_input
    Commands:
	/usr/bin/env

Sudoers entry:
    RunAsUsers: root
    Options: authenticate, log_input
    Commands:
	/usr/bin/printenv
== self
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, !requiretty, env_keep+="LANG LC_ALL", passwd_tries=5

Runas and Command-specific defaults for ops:
    Defaults>root timestamp_timeout=5
    Defaults>root, daemon ,www-data !lecture    Defaults!/bin/ls noexec
    Defaults!/usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx log_output

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (root) NOPASSWD: /usr/bin/systemctl restart nginx, /usr/bin/systemctl status nginx, /usr/bin/apt-get update, !/bin/sh, !/bin/bash
    (root, daemon) SETENV: /usr/bin/id
    (www-data : adm) NOEXEC: /usr/bin/less, /usr/bin/more
    (ops : adm) /usr/bin/tail /var/log/syslog
    (root) NOPASSWD: LOG_INPUT: /usr/bin/env, PASSWD: /usr/bin/printenv
`),
		Entry("how Defaults values, command arguments, runas lists and another user's Defaults print",
			`printf '%s\n' 'Cmnd_Alias SVC2 = /bin/echo a\,b, /usr/bin/tail   -f /var/log/x' 'Defaults env_keep+=TZ' 'Defaults passprompt="pw for %p: "' 'Defaults mailto=a@b.c, editor=/usr/bin/vim:/usr/bin/nano' 'Defaults badpass_message="no, sir"' 'Defaults@otherhost lecture=always' 'Defaults!SVC2 !authenticate' 'Defaults:root lecture=never' 'ops ALL=(ALL) /bin/echo a\,b, (root, %adm, #0) /usr/bin/id, (:ALL) /usr/bin/w, SVC2' > /etc/sudoers.d/t; chmod 440 /etc/sudoers.d/t`,
			`sudo -l -U ops | cat; sudo -ll -U ops | cat; sudo -l -U root | cat
`,
			`Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir"

Runas and Command-specific defaults for ops:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (ALL) /bin/echo a\,b
    (root, %adm, #0) /usr/bin/id
    (ops : ALL) /usr/bin/w, /bin/echo a\,b, /usr/bin/tail -f /var/log/x
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir"

Runas and Command-specific defaults for ops:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User ops may run the following commands on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: ALL
    Commands:
	/bin/echo a\,b

Sudoers entry:
    RunAsUsers: root, %adm, #0
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: ALL
    Commands:
	/usr/bin/w
	/bin/echo a\,b
	/usr/bin/tail -f /var/log/x
Matching Defaults entries for root on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, use_pty, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir", lecture=never

Runas and Command-specific defaults for root:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User root may run the following commands on db01:
    (ALL : ALL) ALL
`,
			`Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir"

Runas and Command-specific defaults for ops:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User ops may run the following commands on db01:
    (ALL : ALL) ALL
    (ALL) /bin/echo a\,b
    (root, %adm, #0) /usr/bin/id
    (ops : ALL) /usr/bin/w, /bin/echo a\,b, /usr/bin/tail -f /var/log/x
Matching Defaults entries for ops on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir"

Runas and Command-specific defaults for ops:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User ops may run the following commands on db01:

Sudoers entry:
    RunAsUsers: ALL
    RunAsGroups: ALL
    Commands:
	ALL

Sudoers entry:
    RunAsUsers: ALL
    Commands:
	/bin/echo a\,b

Sudoers entry:
    RunAsUsers: root, %adm, #0
    Commands:
	/usr/bin/id

Sudoers entry:
    RunAsUsers: ops
    RunAsGroups: ALL
    Commands:
	/usr/bin/w
	/bin/echo a\,b
	/usr/bin/tail -f /var/log/x
Matching Defaults entries for root on db01:
    env_reset, mail_badpass, secure_path=/usr/local/sbin\:/usr/local/bin\:/usr/sbin\:/usr/bin\:/sbin\:/bin, env_keep+=TZ, passprompt="pw for %p: ", mailto=a@b.c, editor=/usr/bin/vim\:/usr/bin/nano, badpass_message="no, sir", lecture=never

Runas and Command-specific defaults for root:
    Defaults!/bin/echo a\,b, /usr/bin/tail -f /var/log/x !authenticate

User root may run the following commands on db01:
    (ALL : ALL) ALL
`),
		Entry("the usage and help, wrapped at $COLUMNS under the first option or the descriptions",
			``,
			`sudo -Z; echo "status $?"; COLUMNS=50 sudo -Z; COLUMNS=33 sudo -Z; COLUMNS=32 sudo -Z; COLUMNS=abc sudo -Z; COLUMNS=0 sudo -Z; COLUMNS=200 sudo -h; echo "status $?"; COLUMNS=40 sudo -h; COLUMNS=60 sudo -u; COLUMNS=60 sudo -s -i; COLUMNS=60 sudo -U x; COLUMNS=60 sudo -V x
`,
			`sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
status 1
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p
            prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p
            prompt] [-U user] [-u user] [command
            [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C
            num] [-D directory] [-g group] [-h
            host] [-p prompt] [-R directory] [-T
            timeout] [-u user] [VAR=value] [-i |
            -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C
            num] [-D directory] [-g group] [-h
            host] [-p prompt] [-R directory] [-T
            timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g
            group] [-h host] [-p
            prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g
            group] [-h host] [-p
            prompt] [-U user]
            [-u user] [command
            [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r
            role] [-t type] [-C
            num] [-D directory]
            [-g group] [-h host]
            [-p prompt] [-R
            directory] [-T
            timeout] [-u user]
            [VAR=value] [-i |
            -s] [command [arg
            ...]]
usage: sudo -e [-ABkNnS] [-r
            role] [-t type] [-C
            num] [-D directory]
            [-g group] [-h host]
            [-p prompt] [-R
            directory] [-T
            timeout] [-u user]
            file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo - execute a command as another user

usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...

Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may also be specified
  -t, --type=type               create SELinux security context with specified type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a command
  --                            stop processing command line arguments
status 0
sudo - execute a command as another user

usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h
            host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h
            host] [-p prompt] [-U user]
            [-u user] [command [arg
            ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t
            type] [-C num] [-D
            directory] [-g group] [-h
            host] [-p prompt] [-R
            directory] [-T timeout] [-u
            user] [VAR=value] [-i | -s]
            [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t
            type] [-C num] [-D
            directory] [-g group] [-h
            host] [-p prompt] [-R
            directory] [-T timeout] [-u
            user] file ...

Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may also be specified
  -t, --type=type               create SELinux security context with specified type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a command
  --                            stop processing command line arguments
sudo: option requires an argument -- 'u'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
sudo: you may not specify both the -i and -s options
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
sudo: the -U option may only be used with the -l option
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt]
            [-U user] [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
`,
			`sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
status 1
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p
            prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p
            prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C
            num] [-D directory] [-g group] [-h
            host] [-p prompt] [-R directory] [-T
            timeout] [-u user] [VAR=value]
            [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C
            num] [-D directory] [-g group] [-h
            host] [-p prompt] [-R directory] [-T
            timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g
            group] [-h host] [-p
            prompt] [-u user]
usage: sudo -l [-AknS] [-g
            group] [-h host] [-p
            prompt] [-U user]
            [-u user] [command]
usage: sudo [-AbEHknPS] [-r
            role] [-t type] [-C
            num] [-D directory]
            [-g group] [-h host]
            [-p prompt] [-R
            directory] [-T
            timeout] [-u user]
            [VAR=value] [-i|-s]
            [<command>]
usage: sudo -e [-AknS] [-r role]
            [-t type] [-C num]
            [-D directory] [-g
            group] [-h host] [-p
            prompt] [-R
            directory] [-T
            timeout] [-u user]
            file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo: invalid option -- 'Z'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user]
            [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group]
            [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...
sudo - execute a command as another user

usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] [VAR=value] [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u user] file ...

Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may also be specified
  -t, --type=type               create SELinux security context with specified type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a command
  --                            stop processing command line arguments
status 0
sudo - execute a command as another user

usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h
            host] [-p prompt] [-u user]
usage: sudo -l [-AknS] [-g group] [-h
            host] [-p prompt] [-U user]
            [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t
            type] [-C num] [-D
            directory] [-g group] [-h
            host] [-p prompt] [-R
            directory] [-T timeout] [-u
            user] [VAR=value] [-i|-s]
            [<command>]
usage: sudo -e [-AknS] [-r role] [-t
            type] [-C num] [-D
            directory] [-g group] [-h
            host] [-p prompt] [-R
            directory] [-T timeout] [-u
            user] file ...

Options:
  -A, --askpass                 use a helper program for password prompting
  -b, --background              run command in the background
  -B, --bell                    ring bell when prompting
  -C, --close-from=num          close all file descriptors >= num
  -D, --chdir=directory         change the working directory before running command
  -E, --preserve-env            preserve user environment when running command
      --preserve-env=list       preserve specific environment variables
  -e, --edit                    edit files instead of running a command
  -g, --group=group             run command as the specified group name or ID
  -H, --set-home                set HOME variable to target user's home dir
  -h, --help                    display help message and exit
  -h, --host=host               run command on host (if supported by plugin)
  -i, --login                   run login shell as the target user; a command may also be specified
  -K, --remove-timestamp        remove timestamp file completely
  -k, --reset-timestamp         invalidate timestamp file
  -l, --list                    list user's privileges or check a specific command; use twice for longer format
  -n, --non-interactive         non-interactive mode, no prompts are used
  -P, --preserve-groups         preserve group vector instead of setting to target's
  -p, --prompt=prompt           use the specified password prompt
  -R, --chroot=directory        change the root directory before running command
  -r, --role=role               create SELinux security context with specified role
  -S, --stdin                   read password from standard input
  -s, --shell                   run shell as the target user; a command may also be specified
  -t, --type=type               create SELinux security context with specified type
  -T, --command-timeout=timeout terminate command after the specified time limit
  -U, --other-user=user         in list mode, display privileges for user
  -u, --user=user               run command (or edit file) as specified user name or ID
  -V, --version                 display version information and exit
  -v, --validate                update user's timestamp without running a command
  --                            stop processing command line arguments
sudo: option requires an argument -- 'u'
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u
            user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U
            user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
sudo: you may not specify both the -i and -s options
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u
            user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U
            user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
sudo: the -U option may only be used with the -l option
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u
            user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U
            user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
usage: sudo -h | -K | -k | -V
usage: sudo -v [-AknS] [-g group] [-h host] [-p prompt] [-u
            user]
usage: sudo -l [-AknS] [-g group] [-h host] [-p prompt] [-U
            user] [-u user] [command]
usage: sudo [-AbEHknPS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] [VAR=value]
            [-i|-s] [<command>]
usage: sudo -e [-AknS] [-r role] [-t type] [-C num] [-D
            directory] [-g group] [-h host] [-p prompt] [-R
            directory] [-T timeout] [-u user] file ...
`),
	)
})
