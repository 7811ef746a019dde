package faults_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/hostile-lab/hostile/simhost/faults"
	"github.com/hostile-lab/hostile/simhost/machine"
)

var _ = Describe("locale", func() {
	german := faults.Spec{Type: "locale", Params: map[string]any{"lang": "de_DE.UTF-8"}}
	files := []machine.File{{Path: "/tmp/f", Content: "data\n", Owner: "ops"}, {Path: "/tmp/d", Dir: true, Owner: "ops"}}

	It("answers ls's error in German, with glibc's strerror text", func() {
		h := faulted(german)
		s := sshRun(h, "ops", "ls /nope")
		Expect(s).To(gexec.Exit(2))
		Expect(string(s.Err.Contents())).To(Equal("ls: Zugriff auf '/nope' nicht möglich: Datei oder Verzeichnis nicht gefunden\n"))

		Expect(h.Faults().Remove("locale")).To(Succeed())
		Expect(string(sshRun(h, "ops", "ls /nope").Err.Contents())).To(Equal("ls: cannot access '/nope': No such file or directory\n"))
	})

	It("translates errors, prompts, usage hints and sudo's words", func() {
		h := startHost(machine.Description{Files: files, Sudoers: []string{"ops ALL=(ALL) ALL"}}, german)
		for cmd, stderr := range map[string]string{
			"cat /etc/shadow":     "cat: /etc/shadow: Keine Berechtigung\n",
			"rm /tmp/d":           "rm: das Entfernen von '/tmp/d' ist nicht möglich: Ist ein Verzeichnis\n",
			"mkdir":               "mkdir: fehlender Operand\n„mkdir --help“ liefert weitere Informationen.\n",
			"ls -z":               "ls: Ungültige Option -- z\n„ls --help“ liefert weitere Informationen.\n",
			"rm -i /tmp/f":        "rm: reguläre Datei '/tmp/f' entfernen? ",
			"bash -c nosuchthing": "bash: Zeile 1: nosuchthing: Kommando nicht gefunden.\n",
		} {
			Expect(string(sshRun(h, "ops", cmd).Err.Contents())).To(Equal(stderr), cmd)
		}
		t := startHeld(h, "ops", "sudo -S ls")
		Eventually(t.stderr).Should(gbytes.Say(`\[sudo\] Passwort für ops: $`))
		t.sess.Close()
	})

	It("translates ls -l's total and dates, date and df, and exports LANG", func() {
		h := startHost(machine.Description{Files: files}, german)
		ls := string(sshRun(h, "ops", "ls -l /tmp").Out.Contents())
		Expect(ls).To(MatchRegexp(`^insgesamt \d+\n`))
		Expect(ls).To(MatchRegexp(`\n-rw-r--r-- 1 ops ops +5 [ \d]\d\. (Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez) \d\d:\d\d f\n`))
		Expect(string(sshRun(h, "ops", "date -u").Out.Contents())).To(MatchRegexp(
			`^(So|Mo|Di|Mi|Do|Fr|Sa) \d{1,2}\. (Jan|Feb|Mär|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez) \d\d:\d\d:\d\d UTC \d{4}\n$`))
		// The figures are statfs's (the installed system and the free space
		// the host's limits give), the columns as wide as they need.
		df := string(sshRun(h, "ops", "df /").Out.Contents())
		Expect(df).To(MatchRegexp(`^Dateisystem +1K-Blöcke +Benutzt +Verfügbar +Verw% +Eingehängt auf\n/dev/vda1 +\d+ .* /\n$`))
		Expect(dfRow(df)).To(Equal(statfsFigures(h, "/")))
		Expect(string(sshRun(h, "ops", "echo $LANG").Out.Contents())).To(Equal("de_DE.UTF-8\n"))
		// data is never translated
		Expect(string(sshRun(h, "ops", "echo 'No such file or directory' | cat").Out.Contents())).To(Equal("No such file or directory\n"))
	})

	It("speaks French too", func() {
		h := startHost(machine.Description{Files: files}, faults.Spec{Type: "locale", Params: map[string]any{"lang": "fr_FR"}})
		Expect(string(sshRun(h, "ops", "ls /nope").Err.Contents())).To(Equal("ls: impossible d'accéder à '/nope': Aucun fichier ou dossier de ce type\n"))
		Expect(string(sshRun(h, "ops", "rm -i /tmp/f").Err.Contents())).To(Equal("rm\u00a0: supprimer '/tmp/f' du type fichier\u00a0? "))
		Expect(string(sshRun(h, "ops", "date -u").Out.Contents())).To(MatchRegexp(
			`^(dim|lun|mar|mer|jeu|ven|sam)\. \d\d (janv\.|févr\.|mars|avril|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4} \d\d:\d\d:\d\d UTC\n$`))
	})

	It("refuses a language it does not speak", func() {
		_, err := faults.Compile(faults.Spec{Type: "locale", Params: map[string]any{"lang": "tlh_QO"}})
		Expect(err).To(MatchError(`fault "locale": lang: "tlh_QO" is not a language the host speaks (known: de_DE, fr_FR)`))
	})
})
