package text

import (
	"github.com/hostile-lab/hostile/simhost/internal/commands/internal/progkit"
	"github.com/hostile-lab/hostile/simhost/shell"
)

// grepVersions are grep -V on Debian 12 and 11.
var grepVersions = map[string]string{
	"3.8": "grep (GNU grep) 3.8\nCopyright (C) 2022 Free Software Foundation, Inc.\n" + progkit.GNULicence +
		"\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n",
	"3.6": "grep (GNU grep) 3.6\nCopyright (C) 2020 Free Software Foundation, Inc.\n" + progkit.GNULicence +
		"\nWritten by Mike Haertel and others; see\n<https://git.sv.gnu.org/cgit/grep.git/tree/AUTHORS>.\n",
}

// grepVersion prints grep -V of the host's grep.
func grepVersion(p *shell.Proc) int {
	v := progkit.ToolVersion(p, "grep", map[string]string{"debian12": "3.8", "debian11": "3.6", "rhel7": "2.20"})
	return progkit.PrintVersion(p, v, grepVersions, "grep (GNU grep) ")
}

// sedVersions are sed --version on Debian 12 and 11.
var sedVersions = map[string]string{
	"4.9": "sed (GNU sed) 4.9\nPackaged by Debian\nCopyright (C) 2022 Free Software Foundation, Inc.\n" + progkit.GNULicence +
		"\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n" +
		"\nThis sed program was built with SELinux support.\nSELinux is disabled on this system.\n" +
		"\nGNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n",
	"4.7": "sed (GNU sed) 4.7\nPackaged by Debian\nCopyright (C) 2018 Free Software Foundation, Inc.\n" + progkit.GNULicence +
		"\nWritten by Jay Fenlason, Tom Lord, Ken Pizzini,\nPaolo Bonzini, Jim Meyering, and Assaf Gordon.\n" +
		"GNU sed home page: <https://www.gnu.org/software/sed/>.\nGeneral help using GNU software: <https://www.gnu.org/gethelp/>.\nE-mail bug reports to: <bug-sed@gnu.org>.\n",
}

// sedVersion prints sed --version of the host's sed.
func sedVersion(p *shell.Proc) int {
	v := progkit.ToolVersion(p, "sed", map[string]string{"debian12": "4.9", "debian11": "4.7", "rhel7": "4.2.2"})
	return progkit.PrintVersion(p, v, sedVersions, "sed (GNU sed) ")
}
