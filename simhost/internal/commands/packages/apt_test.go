package packages_test

import (
	. "github.com/onsi/ginkgo/v2"

	. "github.com/hostile-lab/hostile/simhost/internal/commands/internal/progtest"
)

// apt as inventory scripts run it, captured as ops from bookworm's apt 2.6
// and bullseye's 2.2 (stdout and stderr merged; bullseye's column is empty
// where it says the same).
var _ = DescribeTable("apt",
	MergedOnDebian12And11(Revisionless),
	Entry(nil, `apt list --installed 2>&1 | head -4`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...\n", ""),
	Entry(nil, `apt list --installed 2>/dev/null | wc -l`, "157\n", "169\n"),
	Entry(nil, `apt list sudo 2>&1`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...\nsudo/now 1.9.13p3-1+deb12u4 amd64 [installed,local]\n", "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...\nsudo/now 1.9.5p2-3+deb11u1 amd64 [installed,local]\n"),
	Entry(nil, `apt list "lib*" 2>/dev/null | head -3`, "Listing...\nlibacl1/now 2.3.1-3 amd64 [installed,local]\nlibaio1/now 0.3.113-4 amd64 [installed,local]\n", "Listing...\nlibacl1/now 2.2.53-10 amd64 [installed,local]\nlibaio1/now 0.3.112-9 amd64 [installed,local]\n"),
	Entry(nil, `apt list --installed sudo bash 2>/dev/null`, "Listing...\nbash/now 5.2.15-2+b13 amd64 [installed,local]\nsudo/now 1.9.13p3-1+deb12u4 amd64 [installed,local]\n", "Listing...\nbash/now 5.1-2+deb11u1 amd64 [installed,local]\nsudo/now 1.9.5p2-3+deb11u1 amd64 [installed,local]\n"),
	Entry(nil, `apt list nosuch 2>&1; echo s=$?`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...\ns=0\n", ""),
	Entry(nil, `apt; echo s=$?`, "apt 2.6.1 (amd64)\nUsage: apt [options] command\n\napt is a commandline package manager and provides commands for\nsearching and managing as well as querying information about packages.\nIt provides the same functionality as the specialized APT tools,\nlike apt-get and apt-cache, but enables options more suitable for\ninteractive use by default.\n\nMost used commands:\n  list - list packages based on package names\n  search - search in package descriptions\n  show - show package details\n  install - install packages\n  reinstall - reinstall packages\n  remove - remove packages\n  autoremove - automatically remove all unused packages\n  update - update list of available packages\n  upgrade - upgrade the system by installing/upgrading packages\n  full-upgrade - upgrade the system by removing/installing/upgrading packages\n  edit-sources - edit the source information file\n  satisfy - satisfy dependency strings\n\nSee apt(8) for more information about the available commands.\nConfiguration options and syntax is detailed in apt.conf(5).\nInformation about how to configure sources can be found in sources.list(5).\nPackage and version choices can be expressed via apt_preferences(5).\nSecurity details are available in apt-secure(8).\n                                        This APT has Super Cow Powers.\ns=1\n", "apt 2.2.4 (amd64)\nUsage: apt [options] command\n\napt is a commandline package manager and provides commands for\nsearching and managing as well as querying information about packages.\nIt provides the same functionality as the specialized APT tools,\nlike apt-get and apt-cache, but enables options more suitable for\ninteractive use by default.\n\nMost used commands:\n  list - list packages based on package names\n  search - search in package descriptions\n  show - show package details\n  install - install packages\n  reinstall - reinstall packages\n  remove - remove packages\n  autoremove - Remove automatically all unused packages\n  update - update list of available packages\n  upgrade - upgrade the system by installing/upgrading packages\n  full-upgrade - upgrade the system by removing/installing/upgrading packages\n  edit-sources - edit the source information file\n  satisfy - satisfy dependency strings\n\nSee apt(8) for more information about the available commands.\nConfiguration options and syntax is detailed in apt.conf(5).\nInformation about how to configure sources can be found in sources.list(5).\nPackage and version choices can be expressed via apt_preferences(5).\nSecurity details are available in apt-secure(8).\n                                        This APT has Super Cow Powers.\ns=1\n"),
	Entry(nil, `apt --version`, "apt 2.6.1 (amd64)\n", "apt 2.2.4 (amd64)\n"),
	Entry(nil, `apt list --upgradable 2>&1`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nListing...\n", ""),
	Entry(nil, `apt foo; echo s=$?`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\nE: Invalid operation foo\ns=100\n", ""),
	Entry(nil, `apt policy sudo 2>&1 | head -3`, "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n", ""),
)
