package faults

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
)

// The locale fault's writer, fed the way a command may split its writes.
var _ = Describe("locale writer", func() {
	german := func() (*localeWriter, *gbytes.Buffer) {
		out := gbytes.NewBuffer()
		return localeCatalogues["de_DE"].writer(out, localeCatalogues["de_DE"].errRules), out
	}

	It("translates a message split across writes", func() {
		w, out := german()
		for _, part := range []string{"ls: cannot acc", "ess '/nope': No such fi", "le or directory\nls: cannot access '/x'", ": Permission denied\n"} {
			_, err := w.Write([]byte(part))
			Expect(err).NotTo(HaveOccurred())
		}
		Expect(string(out.Contents())).To(Equal("ls: Zugriff auf '/nope' nicht möglich: Datei oder Verzeichnis nicht gefunden\n" +
			"ls: Zugriff auf '/x' nicht möglich: Keine Berechtigung\n"))
	})

	It("sends a prompt at once, and other unfinished text at once or soon", func() {
		w, out := german()
		w.Write([]byte("rm: remove regular empty file 'x'? "))
		Expect(string(out.Contents())).To(Equal("rm: reguläre leere Datei 'x' entfernen? "))
		w.Write([]byte("progress 10%"))
		Expect(string(out.Contents())).To(HaveSuffix("progress 10%"))
		w.Write([]byte("\nrm: cannot remove 'y': Is a dir"))
		// held while it may still become a whole message, then sent as far as it goes
		Consistently(out, 10*time.Millisecond).ShouldNot(gbytes.Say("cannot remove"))
		Eventually(out).Should(gbytes.Say(`\nrm: das Entfernen von 'y' ist nicht möglich: Is a dir$`))
	})
})
