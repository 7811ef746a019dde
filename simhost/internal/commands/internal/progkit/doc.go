// Package progkit is what more than one family of emulated programs needs: the
// one option parser (Getopt, GNU getopt_long or Solaris getopt), the version
// and locale rules of the GNU userland (LegacyGNU, OldCoreutils, UTF8Locale),
// coreutils' quoting of file names, strftime, POSIX regular expressions,
// Debian version order, a mount's usage as statfs sees it, and opening a
// File operand or a device.
package progkit
