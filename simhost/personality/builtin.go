package personality

import "debug/elf"

// The built-in personalities, taken from real installs of each release.
func init() {
	debianBins := []string{"/usr/bin", "/usr/sbin"}
	Register(&Personality{
		Name:        "debian12",
		Description: "Debian 12 (bookworm), OpenSSH 9.2, bash 5.2, glibc 2.36, x86_64",
		SSHVersion:  "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
		SSH:         openSSH92Debian,
		Uname: Uname{Sysname: "Linux", Release: "6.1.0-28-amd64",
			Version: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
			Machine: "x86_64", Processor: "unknown", Platform: "unknown", OS: "GNU/Linux"},
		Userland:    "gnu",
		Shell:       "/bin/bash",
		BashVersion: "5.2.15(1)-release",
		SessionEnv:  []string{"MOTD_SHOWN=pam"},
		Path:        "/usr/local/bin:/usr/bin:/bin:/usr/games",
		RootPath:    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		Libc: Libc{Family: "glibc", Version: "2.36", Soname: "libc.so.6",
			Path: "/lib/x86_64-linux-gnu/libc.so.6", Versions: glibcVersions("2.36")},
		Machines:    []elf.Machine{elf.EM_X86_64},
		UsrMerged:   true,
		BinDirs:     debianBins,
		ReleaseFile: "/etc/os-release",
		ReleaseText: `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`,
		MOTD:       "\nThe programs included with the Debian GNU/Linux system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nDebian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\npermitted by applicable law.\n",
		SftpServer: "/usr/lib/openssh/sftp-server",
		Sudoers:    sudoersBookworm,
	})
	Register(&Personality{
		Name:        "debian11",
		Description: "Debian 11 (bullseye), OpenSSH 8.4, bash 5.1, glibc 2.31, x86_64",
		SSHVersion:  "SSH-2.0-OpenSSH_8.4p1 Debian-5+deb11u3",
		SSH:         openSSH84Debian,
		Uname: Uname{Sysname: "Linux", Release: "5.10.0-33-amd64",
			Version: "#1 SMP Debian 5.10.226-1 (2024-10-03)",
			Machine: "x86_64", Processor: "unknown", Platform: "unknown", OS: "GNU/Linux"},
		Userland:    "gnu",
		Shell:       "/bin/bash",
		BashVersion: "5.1.4(1)-release",
		SessionEnv:  []string{"MOTD_SHOWN=pam"},
		Path:        "/usr/local/bin:/usr/bin:/bin:/usr/games",
		RootPath:    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
		Libc: Libc{Family: "glibc", Version: "2.31", Soname: "libc.so.6",
			Path: "/lib/x86_64-linux-gnu/libc.so.6", Versions: glibcVersions("2.31")},
		Machines:    []elf.Machine{elf.EM_X86_64},
		UsrMerged:   true, // a fresh bullseye install (and its debootstrap) merges /usr
		BinDirs:     debianBins,
		ReleaseFile: "/etc/os-release",
		ReleaseText: `PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"
NAME="Debian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`,
		MOTD:       "\nThe programs included with the Debian GNU/Linux system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nDebian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\npermitted by applicable law.\n",
		SftpServer: "/usr/lib/openssh/sftp-server",
		Sudoers:    sudoersBullseye,
	})
	Register(&Personality{
		Name:        "rhel7",
		Description: "Red Hat Enterprise Linux 7.9, OpenSSH 7.4, bash 4.2, glibc 2.17, x86_64",
		SSHVersion:  "SSH-2.0-OpenSSH_7.4",
		SSH:         openSSH74RHEL,
		Uname: Uname{Sysname: "Linux", Release: "3.10.0-1160.el7.x86_64",
			Version: "#1 SMP Mon Oct 19 16:18:59 UTC 2020",
			Machine: "x86_64", Processor: "x86_64", Platform: "x86_64", OS: "GNU/Linux"},
		Userland:    "gnu",
		Shell:       "/bin/bash",
		BashVersion: "4.2.46(2)-release",
		MailVar:     true,
		Path:        "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin",
		RootPath:    "/sbin:/bin:/usr/sbin:/usr/bin",
		Libc: Libc{Family: "glibc", Version: "2.17", Soname: "libc.so.6",
			Path: "/lib64/libc.so.6", Versions: glibcVersions("2.17")},
		Machines:    []elf.Machine{elf.EM_X86_64},
		UsrMerged:   true,
		BinDirs:     []string{"/usr/bin", "/usr/sbin"},
		ReleaseFile: "/etc/redhat-release",
		ReleaseText: "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n",
		SftpServer:  "/usr/libexec/openssh/sftp-server",
	})
	Register(&Personality{
		Name:        "solaris10-sparc",
		Description: "Solaris 10 on SPARC (an early update), Sun_SSH 1.1.4, ksh88 and Bourne sh, libc up to SUNW_1.22",
		SSHVersion:  "SSH-2.0-Sun_SSH_1.1.4",
		SSH:         sunSSH114,
		Uname: Uname{Sysname: "SunOS", Release: "5.10", Version: "Generic_147147-26",
			Machine: "sun4v", Processor: "sparc", Platform: "SUNW,SPARC-Enterprise-T5220", OS: "Solaris"},
		Userland: "solaris",
		Shell:    "/bin/sh",
		Path:     "/usr/bin:/bin",
		RootPath: "/usr/sbin:/usr/bin",
		Libc: Libc{Family: "solaris", Version: "SUNW_1.22", Soname: "libc.so.1",
			Path: "/lib/libc.so.1", Versions: sunwVersions("SUNW_1.22")},
		Machines:              []elf.Machine{elf.EM_SPARC, elf.EM_SPARC32PLUS, elf.EM_SPARCV9},
		InteractiveBeatsForce: true,
		MailVar:               true,
		UsrMerged:             true,
		BinDirs:               []string{"/usr/bin", "/usr/sbin", "/usr/xpg4/bin"},
		ReleaseFile:           "/etc/release",
		ReleaseText:           "                    Solaris 10 10/09 s10s_u8wos_08a SPARC\n     Copyright 2009 Sun Microsystems, Inc.  All Rights Reserved.\n                  Use is subject to license terms.\n                           Assembled 16 September 2009\n",
		MOTD:                  "Sun Microsystems Inc.   SunOS 5.10      Generic January 2005\n",
		SftpServer:            "/usr/lib/ssh/sftp-server",
	})
}

// The /etc/sudoers of sudo 1.9.13p3 on Debian 12 and 1.9.5p2 on Debian 11, as installed.
const sudoersBookworm = `#
# This file MUST be edited with the 'visudo' command as root.
#
# Please consider adding local content in /etc/sudoers.d/ instead of
# directly modifying this file.
#
# See the man page for details on how to write a sudoers file.
#
Defaults	env_reset
Defaults	mail_badpass
Defaults	secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# This fixes CVE-2005-4890 and possibly breaks some versions of kdesu
# (#1011624, https://bugs.kde.org/show_bug.cgi?id=452532)
Defaults	use_pty

# This preserves proxy settings from user environments of root
# equivalent users (group sudo)
#Defaults:%sudo env_keep += "http_proxy https_proxy ftp_proxy all_proxy no_proxy"

# This allows running arbitrary commands, but so does ALL, and it means
# different sudoers have their choice of editor respected.
#Defaults:%sudo env_keep += "EDITOR"

# Completely harmless preservation of a user preference.
#Defaults:%sudo env_keep += "GREP_COLOR"

# While you shouldn't normally run git as root, you need to with etckeeper
#Defaults:%sudo env_keep += "GIT_AUTHOR_* GIT_COMMITTER_*"

# Per-user preferences; root won't have sensible values for them.
#Defaults:%sudo env_keep += "EMAIL DEBEMAIL DEBFULLNAME"

# "sudo scp" or "sudo rsync" should be able to use your SSH agent.
#Defaults:%sudo env_keep += "SSH_AGENT_PID SSH_AUTH_SOCK"

# Ditto for GPG agent
#Defaults:%sudo env_keep += "GPG_AGENT_INFO"

# Host alias specification

# User alias specification

# Cmnd alias specification

# User privilege specification
root	ALL=(ALL:ALL) ALL

# Allow members of group sudo to execute any command
%sudo	ALL=(ALL:ALL) ALL

# See sudoers(5) for more information on "@include" directives:

@includedir /etc/sudoers.d
`

const sudoersBullseye = `#
# This file MUST be edited with the 'visudo' command as root.
#
# Please consider adding local content in /etc/sudoers.d/ instead of
# directly modifying this file.
#
# See the man page for details on how to write a sudoers file.
#
Defaults	env_reset
Defaults	mail_badpass
Defaults	secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# Host alias specification

# User alias specification

# Cmnd alias specification

# User privilege specification
root	ALL=(ALL:ALL) ALL

# Allow members of group sudo to execute any command
%sudo	ALL=(ALL:ALL) ALL

# See sudoers(5) for more information on "@include" directives:

@includedir /etc/sudoers.d
`
